"""The withdrawal function: a consumer withdraws from a contract on the site, without logging in
("Vertrag widerrufen" → "Widerruf bestätigen" → a receipt mail with date and time; § 356a BGB as
issue 23 cites it). The legal texts are samples for the client's lawyer."""

from ..kinds import FormKind
from ..store import schema
from . import routes, service, texts

KIND = FormKind(
    name="withdrawals",
    label="withdrawal_site",
    routes=routes.routes,
    texts=texts.TEXTS,
    tables=(schema.withdrawals,),
    purge=service.purge,
)
