"""Build, serve and check the bilingual site (``python -m sitebuild --help``)."""
