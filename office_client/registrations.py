"""The office's registrations on the command line: export the intake's registrations to
``moderation/registrations.csv`` and send the ``decision`` column back (confirm, cancel, move;
confirm-overbook confirms beyond the seats on purpose).

It talks to the admin API with ``INTAKE_URL`` and ``INTAKE_ADMIN_TOKEN`` and writes the CSV with
the conventions of the comment moderation (:mod:`office_client.spreadsheet`: UTF-8 BOM, ``;``;
formula-safe cells, :mod:`common.spreadsheet`), so both files open the same way in a spreadsheet. The intake checks all
decisions as a whole: one wrong row (a plain confirm on a full session included) and nothing
changes; its mistakes come back as ``file:line: id: message``.
"""

from __future__ import annotations

import csv
import io
import os

from common.spreadsheet import neutralise, read_cell

from .admin_api import IntakeRefused, OfficeError, access_from, call_admin
from .spreadsheet import CSV_DELIMITER, write_atomically

EXPORT_PATH = os.path.join("moderation", "registrations.csv")
COLUMNS = (
    "id",
    "offer",
    "session",
    "participants",
    "participant_names",  # the people named, in order: "Name <e-mail>; …" (unnamed seats: "-")
    "status",
    "name",
    "company",
    "email",
    "phone",
    "lang",
    "date",
    "billing_address",
    "buyer",  # business or consumer (§ 14 / § 13 BGB)
    "purchase_order",
    "vat_id",
    "terms_version",  # the terms of participation accepted
    "early_start",  # when a consumer asked to start within the withdrawal period
    "message",
    "fingerprint",
    "decision",
    "move_to",
)
DECISIONS = {
    "confirm": "confirm",
    "bestätigen": "confirm",
    "cancel": "cancel",
    "stornieren": "cancel",
    "move": "move",
    "verschieben": "move",
    "confirm-overbook": "confirm-overbook",
    "überbuchen": "confirm-overbook",
}


def participant_names(people: list) -> str:
    """The participants in one cell: ``Anna Berg <anna@example.org>; Ben Kurz; -`` (``-``: a seat
    not named yet)."""
    shown = []
    for person in people:
        person = person if isinstance(person, dict) else {}
        name, email = str(person.get("name") or "-"), str(person.get("email") or "")
        shown.append(f"{name} <{email}>" if email else name)
    return "; ".join(shown)


def registrations_csv(registrations: list[dict]) -> str:
    """The export's text: BOM, ``;``, every cell formula-safe, an empty decision column."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writeheader()
    for registration in registrations:
        row = {**registration, "participant_names": participant_names(registration.get("people") or [])}
        writer.writerow({key: neutralise(row.get(key, "")) for key in COLUMNS})
    return buffer.getvalue()


def export(environ, path: str = EXPORT_PATH) -> int:
    """Write every registration to *path*; how many."""
    answer = call_admin(access_from(environ), "GET", "/admin/registrations")
    registrations = answer.get("registrations") if isinstance(answer, dict) else None
    if not isinstance(registrations, list):
        raise OfficeError("the intake answered GET /admin/registrations without a list of registrations")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    write_atomically(path, registrations_csv(registrations))
    return len(registrations)


def read_decisions(path: str) -> list[dict]:
    """The rows with a decision, as the admin API wants them plus their ``line`` in *path*;
    OfficeError names the line of a mistake."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as error:
        raise OfficeError(f"{path}: cannot be read ({error.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")  # Excel's "CSV" (not "CSV UTF-8")
    header = text.split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=max(";,\t", key=header.count))
    missing = {"id", "decision", "fingerprint"} - set(reader.fieldnames or [])
    if missing:
        raise OfficeError(
            f"{path}:1: the columns {', '.join(sorted(missing))} are missing "
            "(use the file `make registrations-export` wrote)"
        )
    decisions, problems = [], []
    for record in reader:
        word = read_cell(record.get("decision")).lower()
        if not word:
            continue
        if word not in DECISIONS:
            problems.append(
                f"{path}:{reader.line_num}: unknown decision {word!r} (confirm, cancel, move or confirm-overbook)"
            )
            continue
        decision = {
            "id": read_cell(record.get("id")),
            "decision": DECISIONS[word],
            "fingerprint": read_cell(record.get("fingerprint")),
            "line": reader.line_num,
        }
        if decision["decision"] == "move":
            decision["session"] = read_cell(record.get("move_to"))
        decisions.append(decision)
    if problems:
        raise OfficeError("\n".join(problems))
    return decisions


def apply(environ, path: str) -> dict:
    """Send the decisions of *path*; the intake's counts. Nothing changes when one is wrong."""
    decisions = read_decisions(path)
    if not decisions:
        return {"confirm": 0, "cancel": 0, "move": 0, "unchanged": 0}
    lines = {decision["id"]: decision.pop("line") for decision in decisions}
    try:
        answer = call_admin(access_from(environ), "POST", "/admin/registrations/decisions", {"decisions": decisions})
    except IntakeRefused as refused:
        where = [f"{path}:{lines[e['id']]}" if e.get("id") in lines else path for e in refused.errors]
        problems = [
            f"{at}: {e.get('id') or '-'}: {e.get('message')}" for at, e in zip(where, refused.errors, strict=True)
        ]
        raise OfficeError("\n".join([str(refused), *problems])) from None
    return answer
