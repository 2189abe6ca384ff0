"""Messages from the site's contact form: the form, its thank-you page, the mail to the office."""

from ..kinds import FormKind
from ..store import schema
from . import routes, service, texts

KIND = FormKind(
    name="contact",
    label="contact_site",
    routes=routes.routes,
    texts=texts.TEXTS,
    tables=(schema.contact_messages,),
    purge=service.purge,
)
