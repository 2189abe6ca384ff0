"""The office's desk: a signed-in back office at ``/office/`` for comments, trainings, contact
messages, privacy requests and the audit log. Not a form kind (readers send nothing here): a
room of its own, calling the rooms' services, never their routes."""

from .routes import routes

__all__ = ["routes"]
