"""What happens to a withdrawal, without a request: stored with the moment it was confirmed, the
receipt mailed to the consumer (date and time, Europe/Berlin) and the office told, deleted when
its keeping time ends."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Connection

from .. import mail, store
from ..settings import Settings
from ..texts import written_date
from ..web import Intake, utcnow
from . import rules

logger = logging.getLogger("intake")
BERLIN = ZoneInfo("Europe/Berlin")
KEEP_DAYS = 3 * 365  # proof of a withdrawal is kept about as long as claims from the contract (the lawyer confirms)


def received_at(moment: datetime, lang: str) -> tuple[str, str]:
    """The day and time of *moment* (UTC, naive) in Berlin as the receipt writes them."""
    local = moment.replace(tzinfo=UTC).astimezone(BERLIN)
    return written_date(local, lang), local.strftime("%H:%M")


async def store_withdrawal(intake: Intake, withdrawal: rules.WithdrawalInput, signals: dict) -> dict:
    """Store the withdrawal, the receipt to the consumer and the office's mail in one transaction."""
    now = utcnow()
    row = {
        "id": rules.new_withdrawal_id(),
        "lang": withdrawal.lang,
        "name": withdrawal.name,
        "email": withdrawal.email,
        "contract": withdrawal.contract,
        "message": withdrawal.message,
        "created_at": now,
        "keep_until": now + timedelta(days=KEEP_DAYS),
        "signals": signals,
    }

    def store_it(conn: Connection) -> dict:
        store.insert_withdrawal(conn, row)
        _queue_mails(intake, conn, row)
        return row

    stored = await intake.write(store_it)
    logger.info("withdrawal %s stored", stored["id"])
    return stored


def _queue_mails(intake: Intake, conn: Connection, row: dict) -> None:
    settings = intake.settings
    date, time = received_at(row["created_at"], row["lang"])
    subject, body = intake.mail_text(f"withdrawal_receipt.{row['lang']}.txt", w=row, date=date, time=time)
    store.enqueue(conn, "mail", row["email"], mail.queued_mail(row["email"], subject, body), row["created_at"])
    lang = settings.office_lang  # the office's mail, in the office's language (INTAKE_OFFICE_LANG)
    date, time = received_at(row["created_at"], lang)
    subject, body = intake.mail_text(f"withdrawal_office.{lang}.txt", w=row, date=date, time=time)
    intake.mail_office(
        conn, subject, body, row["created_at"], about=(row["id"], row["email"]), reply_to=(row["name"], row["email"])
    )


def purge(conn: Connection, _settings: Settings, now: datetime) -> dict[str, int]:
    """Withdrawals go when their keeping time is over."""
    return store.purge_withdrawals(conn, now)
