"""The intake beside the preview (``make devserver``): every form of the built site works on a
fresh clone, with no settings.

The intake runs in a thread of the preview's process on 127.0.0.1 (its own port), so one
Ctrl-C or SIGTERM ends both. It keeps its SQLite file in ``var/`` and writes each mail as an
``.eml`` file into ``var/outbox/`` (no SMTP server), and the preview prints one line per new
mail. It reads the posts and sessions from the preview's own output folder.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from collections.abc import Callable
from email import message_from_binary_file, policy
from pathlib import Path

POLL_SECONDS = 0.5


def preview_intake_settings(site_url: str, intake_url: str, output: str, var_dir: str):
    """The intake's settings for the preview: its development defaults (``INTAKE_*`` from the
    environment still count), the preview as the site, mails as files in *var_dir*/outbox."""
    from intake.rules import LANGUAGES
    from intake.settings import from_environ  # only the preview with forms needs the intake

    settings = from_environ()
    return dataclasses.replace(
        settings,
        database_url=f"sqlite:///{os.path.abspath(var_dir)}/intake.sqlite3",
        smtp_url="",  # mails become .eml files in <var_dir>/outbox/
        site_url=site_url,
        public_url=intake_url,
        articles=os.path.join(os.path.abspath(output), "comments", "articles.json"),
        offers=",".join(  # every language's sessions.json (the first language's at the root)
            os.path.join(
                os.path.abspath(output), *([] if lang == LANGUAGES[0] else [lang]), "trainings", "sessions.json"
            )
            for lang in LANGUAGES
        ),
        look=os.path.abspath(output),  # the page shells of the preview's build
        var_dir=os.path.abspath(var_dir),
        moderators=settings.moderators or ("moderation@localhost",),
        office=settings.office or ("office@localhost",),
    )


def mail_line(path: Path) -> str:
    """One line about a written mail: recipient, subject and file."""
    with path.open("rb") as handle:
        message = message_from_binary_file(handle, policy=policy.default)
    return f"Mail to {message['To']}: {message['Subject']} ({path})"


def watch_outbox(outbox: Path, say: Callable[[str], None], stopped: threading.Event) -> None:
    """Print :func:`mail_line` for each ``.eml`` file that appears in *outbox* until *stopped*."""
    seen = set(outbox.glob("*.eml"))
    while not stopped.wait(POLL_SECONDS):
        for path in sorted(set(outbox.glob("*.eml")) - seen):
            seen.add(path)
            try:
                say(mail_line(path))
            except OSError:  # removed meanwhile by the developer
                continue


def start_intake(settings, port: int, say: Callable[[str], None]) -> Callable[[], None]:
    """Serve the intake with *settings* on 127.0.0.1:*port* in a thread; the function that stops it."""
    import uvicorn

    from intake import create_app

    os.makedirs(settings.var_dir, exist_ok=True)
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, access_log=False, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="intake", daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise OSError(f"make devserver: the intake could not start on 127.0.0.1:{port}")
        time.sleep(0.02)
    stopped = threading.Event()
    outbox = Path(settings.var_dir) / "outbox"
    outbox.mkdir(parents=True, exist_ok=True)
    threading.Thread(target=watch_outbox, args=(outbox, say, stopped), name="outbox", daemon=True).start()
    say(f"Intake on {settings.public_url}/ (mails as files in {outbox})")

    def stop() -> None:
        stopped.set()
        server.should_exit = True
        thread.join(timeout=10)

    return stop
