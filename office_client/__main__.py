"""The office's commands against a running intake (INTAKE_URL, INTAKE_ADMIN_TOKEN), not its store.

python -m office_client registrations-export [--out moderation/registrations.csv]   # via the admin API
python -m office_client registrations-apply FILE                                    # the decision column
python -m office_client notices-mail [FILE] [--link URL]  # mail build-notices.md to the office via the intake
python -m office_client attendance-list OFFER SESSION [--lang en]   # the session's attendance list (PDF)
python -m office_client attendance OFFER SESSION ID…                # mark who attended
python -m office_client certificates OFFER SESSION [--mail]         # a certificate (PDF) per participant who attended
python -m office_client session-mail OFFER SESSION FILE [--subject S]  # the text of FILE to every confirmed participant
"""

from __future__ import annotations

import argparse
import os
import sys

from . import attendance, notices, registrations
from .admin_api import IntakeError, OfficeError


ATTENDANCE_COMMANDS = {
    "attendance-list": lambda args: (
        "wrote " + attendance.attendance_list(os.environ, args.offer, args.session, args.lang)
    ),
    "attendance": lambda args: "attended: {attended}, newly marked: {marked}".format(
        **attendance.mark_attended(os.environ, args.offer, args.session, args.ids)
    ),
    "certificates": lambda args: (
        f"mailed {attendance.mail_certificates(os.environ, args.offer, args.session)} certificate(s) through the intake"
        if args.mail
        else "wrote " + ", ".join(attendance.certificates(os.environ, args.offer, args.session))
    ),
    "session-mail": lambda args: "mailed {} confirmed participant(s) through the intake".format(
        attendance.mail_participants(os.environ, args.offer, args.session, args.file, args.subject)
    ),
}


def _attendance_commands(commands) -> None:
    """The commands of a session's documents (office_client.attendance)."""
    listing = commands.add_parser("attendance-list", help="download a session's attendance list (PDF)")
    marking = commands.add_parser("attendance", help="mark who attended a session")
    certifying = commands.add_parser("certificates", help="download the certificates of a session's attendees")
    mailing = commands.add_parser("session-mail", help="mail a text to every confirmed participant of a session")
    for command in (listing, marking, certifying, mailing):
        command.add_argument("offer")
        command.add_argument("session", help="its start, e.g. 2027-03-09T09:00")
    listing.add_argument("--lang", choices=("de", "en"), default="de")
    marking.add_argument("ids", nargs="*", help="registration ids (r-…)")
    certifying.add_argument("--mail", action="store_true", help="mail them to the participants instead")
    mailing.add_argument("file", help="the text, UTF-8")
    mailing.add_argument("--subject", default="", help="else: the offer's title and date")


def main(argv: list[str] | None = None) -> int:
    """Run one command; a mistake is one line (or one per row) on stderr and exit status 1."""
    parser = argparse.ArgumentParser(prog="python -m office_client")
    commands = parser.add_subparsers(dest="command", required=True)
    export_registrations = commands.add_parser("registrations-export", help="write the registrations to a CSV file")
    export_registrations.add_argument("--out", default=registrations.EXPORT_PATH)
    commands.add_parser("registrations-apply", help="send the CSV's decisions to the intake").add_argument("file")
    mail = commands.add_parser("notices-mail", help="mail the build's notices to the office through the intake")
    mail.add_argument("file", nargs="?", default=os.environ.get("BUILD_NOTICES_FILE") or notices.NOTICES_PATH)
    mail.add_argument("--link", default="", help="the build's address, named in the mail")
    _attendance_commands(commands)
    args = parser.parse_args(argv)
    try:
        if args.command in ATTENDANCE_COMMANDS:
            print(ATTENDANCE_COMMANDS[args.command](args))
        elif args.command == "notices-mail":
            answer = notices.mail_notices(os.environ, args.file, args.link)
            if answer["notices"]:
                print(f"mailed {answer['notices']} build notice(s) to {answer['mailed']} office address(es)")
            else:
                print(f"no build notices in {args.file}: nothing mailed")
        elif args.command == "registrations-export":
            print(
                f"wrote {registrations.export(os.environ, args.out)} registration(s) to {args.out}; "
                "fill in the decision column (confirm, cancel, move + move_to), then make registrations-apply"
            )
        else:
            counts = registrations.apply(os.environ, args.file)
            print(", ".join(f"{name}: {count}" for name, count in counts.items()))
    except (OfficeError, IntakeError) as error:
        print(f"intake: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
