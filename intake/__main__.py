"""The intake's command line: serve, migrate, purge, and an address's export or deletion.

python -m intake serve [--host 127.0.0.1] [--port 8081] [--loop auto|asyncio|uvloop] [--http auto|h11|httptools]
python -m intake migrate | purge
python -m intake export EMAIL     # prints JSON: everything stored about EMAIL
python -m intake forget EMAIL     # deletes it and says what was deleted
python -m intake office-user EMAIL moderator|office   # an office account (password asked twice or OFFICE_PASSWORD)
python -m intake office-user EMAIL --disable|--enable|--delete   # its sessions end at once (not --enable)

The office's commands against a running intake (registrations, build notices) are
``python -m office_client``: a client of the service, not part of it.
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
    # auto: uvloop and httptools (the intake's group in pyproject.toml) when installed; the others to compare (make bench-intake)
    serve.add_argument("--loop", choices=("auto", "asyncio", "uvloop"), default="auto")
    serve.add_argument("--http", choices=("auto", "h11", "httptools"), default="auto")
    commands.add_parser("migrate", help="bring the store's schema up to date")
    commands.add_parser("purge", help="delete expired e-mail addresses now")
    for name, text in (("export", "print everything stored about an address"), ("forget", "delete it")):
        command = commands.add_parser(name, help=text)
        command.add_argument("email")
    office_user = commands.add_parser(
        "office-user", help="create an office account or set its role and password; or disable, enable, delete it"
    )
    office_user.add_argument("email")
    office_user.add_argument("role", nargs="?", choices=("moderator", "office"))
    change = office_user.add_mutually_exclusive_group()
    for action in ("disable", "enable", "delete"):
        change.add_argument(f"--{action}", dest="change", action="store_const", const=action)
    args = parser.parse_args(argv)
    if args.command == "office-user" and bool(args.role) == bool(args.change):
        office_user.error(
            "name a role (moderator or office) to create or update, or one of --disable, --enable, --delete"
        )
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
    elif args.command == "office-user":
        return _office_user(engine, args.email, args.role, args.change)
    return 0


def _office_user(engine, email: str, role: str | None, change: str | None) -> int:
    from .office import accounts

    try:
        if change:
            print(accounts.change_account(engine, email, change))
        else:
            print(accounts.create_account(engine, email, role, accounts.password_from_user()))
    except ValueError as error:
        print(f"intake office-user: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
