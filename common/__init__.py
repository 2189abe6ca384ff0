"""What the site build and the intake service both mean, written once: a training session and its
JSON, the commentable posts and the site's blocked words, the spam signals, spreadsheet formula
safety and the setting checks. Pure, standard library only; owned by neither side, imported by both."""
