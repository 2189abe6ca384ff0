"""The office's client of the intake: the admin API client, the spreadsheet conventions, the
registrations' export and decisions, and mailing the build's notices. Standard library only; the
site's commands and the comments plugin use it, the intake service never imports it."""
