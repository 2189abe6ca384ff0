"""Site-wide facts and conventions shared by every plugin (not a Pelican plugin itself)."""
