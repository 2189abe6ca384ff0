"""Old addresses that keep working: redirect pages and server maps from the posts' ``old_urls``
(not a Pelican plugin: the build writes them once for all languages, ``sitebuild.build``)."""
