"""Registrations for training sessions: the form, seats under a per-session lock, the mails with
the session's calendar entry, cancel and accept links, the waiting list, availability and the admin API."""

from ..kinds import FormKind
from ..store import schema
from . import routes, service, texts

KIND = FormKind(
    name="registrations",
    label="registration_site",
    routes=routes.routes,
    texts=texts.TEXTS,
    tables=(schema.registrations,),
    purge=service.purge,
)
