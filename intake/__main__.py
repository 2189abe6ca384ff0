"""The intake's command line: serve, migrate, purge, and an address's export or deletion.

python -m intake serve [--host 127.0.0.1] [--port 8081] [--loop auto|asyncio|uvloop] [--http auto|h11|httptools]
python -m intake migrate | purge
python -m intake export EMAIL     # prints JSON: everything stored about EMAIL
python -m intake forget EMAIL     # deletes it and says what was deleted
python -m intake registrations-export [--out moderation/registrations.csv]   # via the admin API
python -m intake registrations-apply FILE                                    # the decision column
python -m intake notices-mail [FILE] [--link URL]  # mail build-notices.md to the office via the intake
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from . import privacy, store
from .settings import SettingsError, from_environ


def main(argv: list[str] | None = None) -> int:
    """Run one command; a settings mistake is one line on stderr and exit status 2."""
    parser = argparse.ArgumentParser(prog="python -m intake")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the service (migrations applied first)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=int(os.environ.get("INTAKE_PORT") or 8081))
    # auto: uvloop and httptools (requirements.txt) when installed; the others to compare (make bench-intake)
    serve.add_argument("--loop", choices=("auto", "asyncio", "uvloop"), default="auto")
    serve.add_argument("--http", choices=("auto", "h11", "httptools"), default="auto")
    commands.add_parser("migrate", help="bring the store's schema up to date")
    commands.add_parser("purge", help="delete expired e-mail addresses now")
    for name, text in (("export", "print everything stored about an address"), ("forget", "delete it")):
        command = commands.add_parser(name, help=text)
        command.add_argument("email")
    export_registrations = commands.add_parser("registrations-export", help="write the registrations to a CSV file")
    export_registrations.add_argument("--out", default=os.path.join("moderation", "registrations.csv"))
    commands.add_parser("registrations-apply", help="send the CSV's decisions to the intake").add_argument("file")
    notices = commands.add_parser("notices-mail", help="mail the build's notices to the office through the intake")
    notices.add_argument("file", nargs="?", default=os.environ.get("BUILD_NOTICES_FILE") or "build-notices.md")
    notices.add_argument("--link", default="", help="the build's address, named in the mail")
    args = parser.parse_args(argv)
    if args.command.startswith("registrations-") or args.command == "notices-mail":
        return _office(args)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        settings = from_environ()
    except SettingsError as error:
        print(f"intake: {error}", file=sys.stderr)
        return 2
    if args.command == "serve":
        import uvicorn

        from .app import create_app

        forwarded = os.environ.get("INTAKE_FORWARDED_ALLOW_IPS", "127.0.0.1")
        uvicorn.run(
            create_app(settings),
            host=args.host,
            port=args.port,
            access_log=False,
            log_level="info",
            proxy_headers=bool(forwarded),
            forwarded_allow_ips=forwarded or None,
            server_header=False,
            loop=args.loop,
            http=args.http,
        )
        return 0
    engine = store.make_engine(settings.database_url)
    store.upgrade(engine)
    if args.command == "purge":
        print(privacy.purge(engine, settings))
    elif args.command == "export":
        print(privacy.export(engine, args.email.strip()))
    elif args.command == "forget":
        print("\n".join(privacy.forget(engine, args.email.strip())))
    return 0


def _office(args) -> int:
    """The office's commands talk to a running intake (INTAKE_URL, INTAKE_ADMIN_TOKEN), not to its store."""
    from comments.intake_client import IntakeError

    from . import office

    try:
        if args.command == "notices-mail":
            answer = office.mail_notices(os.environ, args.file, args.link)
            if answer["notices"]:
                print(f"mailed {answer['notices']} build notice(s) to {answer['mailed']} office address(es)")
            else:
                print(f"no build notices in {args.file}: nothing mailed")
        elif args.command == "registrations-export":
            print(
                f"wrote {office.export(os.environ, args.out)} registration(s) to {args.out}; "
                "fill in the decision column (confirm, cancel, move + move_to), then make registrations-apply"
            )
        else:
            counts = office.apply(os.environ, args.file)
            print(", ".join(f"{name}: {count}" for name, count in counts.items()))
    except (office.OfficeError, IntakeError) as error:
        print(f"intake: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
