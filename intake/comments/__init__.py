"""Comments: the form, moderation by mail link and admin API, reply notifications (double opt-in)."""

from ..kinds import FormKind
from ..store import schema
from . import routes, service, texts

KIND = FormKind(
    name="comments",
    label="site",
    routes=routes.routes,
    texts=texts.TEXTS,
    tables=(schema.comments, schema.subscriptions),
    purge=service.purge,
)
