"""The shipped proxy configurations (deploy/nginx.conf, deploy/Caddyfile) run for real in front of
the real intake, on loopback: every answer carries the intake's security headers exactly once,
the errors the proxy makes itself (413 too large, 429 too many, 502 intake down) included."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from conftest import SITE
from intake_servers import free_port, serve

from intake import create_app
from intake.settings import Settings
from intake.web import SECURITY_HEADERS

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
EXPECTED = {name.decode(): value.decode() for name, value in SECURITY_HEADERS} | {
    "strict-transport-security": "max-age=31536000"
}


def need(program: str) -> str:
    """The program's path; skipped with a hint when missing, a failure under CI=true."""
    path = shutil.which(program) or next(
        (p for p in (f"/usr/sbin/{program}", f"/usr/bin/{program}") if os.path.exists(p)), None
    )
    if path is None:
        hint = f"{program} is missing: apt-get install {'nginx-light' if program == 'nginx' else program}"
        if os.environ.get("CI") == "true":
            pytest.fail(hint + " (.ci/run installs it)")
        pytest.skip(hint)
    return path


def assert_headers_once(answer: httpx.Response) -> None:
    for name, value in EXPECTED.items():
        assert answer.headers.get_list(name) == [value], (answer.status_code, name, answer.headers.get_list(name))


@pytest.fixture
def intake_port(tmp_path):
    """The real intake on SQLite (rate limits off: the proxy's own are under test)."""
    port = free_port()
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'intake.sqlite3'}",
        secret="s" * 40,
        site_url=SITE,
        public_url=f"http://127.0.0.1:{port}",
        var_dir=str(tmp_path / "var"),
        rate_limit=0,
    )
    with serve(create_app(settings), port):
        yield port


def wait_for(url: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer")


def nginx_config(tmp_path: Path, port: int, name: str, replacements: dict[str, str]) -> Path:
    """deploy/*name* in a minimal nginx.conf, on plain HTTP on loopback (no certificates here),
    with *replacements* made (the upstream's port, the site's folder)."""
    server = DEPLOY.joinpath(name).read_text()
    server = server[: server.rindex("server {")]  # without the port-80 redirect
    server = re.sub(r"^\s*(ssl_\w+|http2|listen \[::\]).*\n", "", server, flags=re.MULTILINE)
    server = server.replace("listen 443 ssl;", f"listen 127.0.0.1:{port};")
    for old, new in replacements.items():
        server = server.replace(old, new)
    temp = "\n".join(
        f"{kind}_temp_path {tmp_path}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = tmp_path / "nginx.conf"
    config.write_text(
        f"user root;\ndaemon off;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        f"events {{}}\nhttp {{\n{temp}\n{server}\n}}\n"
    )
    return config


def caddy_config(tmp_path: Path, port: int, name: str, host: str, replacements: dict[str, str]) -> Path:
    """deploy/*name* on plain HTTP on loopback instead of *host*, without its admin endpoint."""
    text = DEPLOY.joinpath(name).read_text().replace(f"{host} {{", f"http://127.0.0.1:{port} {{")
    for old, new in replacements.items():
        text = text.replace(old, new)
    config = tmp_path / "Caddyfile"
    config.write_text("{\n\tadmin off\n\tauto_https off\n}\n\n" + text)
    return config


def stop(process: subprocess.Popen, server: str) -> None:
    """Stop nginx or Caddy at once: Caddy is killed (its graceful stop waits seconds for idle
    connections; it is one process); nginx's master ends its workers on SIGTERM."""
    if server == "caddy":
        process.kill()
    else:
        process.terminate()
    process.wait(timeout=20)


@contextlib.contextmanager
def proxy_in_front(proxy: str, tmp_path: Path, port: int, upstream: int):
    """nginx or Caddy with the shipped configuration on *port*, in front of *upstream*."""
    program = need(proxy)
    if proxy == "nginx":
        command = [
            program,
            "-c",
            str(nginx_config(tmp_path, port, "nginx.conf", {"127.0.0.1:8081": f"127.0.0.1:{upstream}"})),
        ]
    else:
        config = caddy_config(
            tmp_path, port, "Caddyfile", "comments.example.com", {"127.0.0.1:8081": f"127.0.0.1:{upstream}"}
        )
        command = [program, "run", "--adapter", "caddyfile", "--config", str(config)]
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/health")
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process, proxy)


@pytest.mark.parametrize("proxy", ["nginx", "caddy"])
def test_every_answer_of_the_proxy_has_the_security_headers_once(proxy, tmp_path, intake_port):
    port = free_port()
    with proxy_in_front(proxy, tmp_path, port, intake_port) as url:
        health = httpx.get(url + "/health")
        assert health.status_code == 200
        assert_headers_once(health)
        form = {"Content-Type": "application/x-www-form-urlencoded"}
        too_large = httpx.post(url + "/comments", content=b"x" * 70_000, headers=form)
        # Caddy 2.6 (Debian 12) answers a body over request_body's max_size with 502, later ones with 413
        assert too_large.status_code == 413 or (proxy == "caddy" and too_large.status_code == 502)
        assert_headers_once(too_large)
        if proxy == "nginx":  # Caddy ships no rate limit; the intake's own holds behind it
            refused = [a for a in (httpx.get(url + "/health") for _ in range(20)) if a.status_code == 429]
            assert refused
            assert_headers_once(refused[0])
    with proxy_in_front(proxy, tmp_path, port, free_port()) as url:  # the intake is not running
        gone = httpx.get(url + "/health")
        assert gone.status_code == 502
        assert_headers_once(gone)
