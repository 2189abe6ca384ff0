"""Real servers for the intake tests and the benchmark: a throwaway PostgreSQL cluster, the
intake on uvicorn in a thread or in a process of its own, and an SMTP server (aiosmtpd) that
keeps what it receives."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import httpx
import uvicorn
from aiosmtpd.controller import Controller

REPO = Path(__file__).resolve().parents[2]
POSTGRES_HINT = "PostgreSQL is missing: apt-get install postgresql (tests against it are skipped)"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def initdb_path() -> str | None:
    """Debian's initdb, newest version first, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return found[0] if found else None


class PostgresCluster:
    """A cluster in a temporary folder, run as the ``postgres`` user on 127.0.0.1 (it refuses root)."""

    def __init__(self) -> None:
        initdb = initdb_path()
        if initdb is None:
            raise FileNotFoundError(POSTGRES_HINT)
        self.bin = os.path.dirname(initdb)
        self.folder = tempfile.mkdtemp(prefix="intake-pg-")
        self.port = free_port()
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run(f"{self.bin}/initdb -D {self.folder}/data -A trust -U postgres")
        self._run(
            f"{self.bin}/pg_ctl -D {self.folder}/data -o '-k {self.folder} -p {self.port} "
            f"-c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=200' -l {self.folder}/log -w start"
        )
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self._databases = 0

    def _run(self, command: str) -> None:
        argv = ["su", "postgres", "-c", command] if self._as_postgres else ["sh", "-c", command]
        subprocess.run(argv, check=True, capture_output=True, timeout=120)

    def new_database(self) -> str:
        """A fresh, empty database; its URL."""
        import psycopg

        self._databases += 1
        name = f"intake_{os.getpid()}_{self._databases}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + "/" + name

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        with contextlib.suppress(subprocess.SubprocessError):
            self._run(f"{self.bin}/pg_ctl -D {self.folder}/data -m immediate -w stop")
        shutil.rmtree(self.folder, ignore_errors=True)


class Mailbox:
    """aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, _server, _session, envelope) -> str:  # noqa: N802 - aiosmtpd's hook name
        with self._lock:
            self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 15) -> list[EmailMessage]:
        """The first *count* messages, waiting for them to arrive."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.05)
        raise AssertionError(f"expected {count} mails, got {len(self.messages)}")

    def to(self, address: str) -> list[EmailMessage]:
        """Messages whose To is *address*."""
        with self._lock:
            return [m for m in self.messages if m["To"] == address]


@contextlib.contextmanager
def smtp_server():
    """A real SMTP server on 127.0.0.1 (a real free port: port 0 breaks Controller's start-up probe)."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield mailbox, f"smtp://127.0.0.1:{port}"
    finally:
        controller.stop()


@contextlib.contextmanager
def serve(app, port: int):
    """Run *app* on uvicorn in a thread on 127.0.0.1:*port* until the block ends."""
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        access_log=False,
        log_level="warning",
        lifespan="on",
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the intake did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


class IntakeProcess:
    """``python -m intake serve`` in its own process (the fault tests and the benchmark): started
    until ``/health`` answers, stopped with SIGINT or killed with SIGKILL."""

    def __init__(self, env: dict, log: Path, options: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.options = options  # e.g. ("--loop", "asyncio", "--http", "h11")
        self.env = {**os.environ, **env, "INTAKE_PUBLIC_URL": f"http://127.0.0.1:{self.port}"}
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "intake", "serve", "--port", str(self.port), *self.options],
                cwd=REPO,
                env=self.env,
                stdout=log,
                stderr=log,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError(f"the intake did not start; see {self.log}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def memory_kb(self) -> dict:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return {
            k: int(line.split()[1])
            for line in status.splitlines()
            for k in ("VmRSS", "VmHWM")
            if line.startswith(k + ":")
        }

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process so far (all its threads)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=30)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
