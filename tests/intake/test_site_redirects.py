"""The site's shipped server configurations (deploy/nginx-site.conf, deploy/Caddyfile-site) run for
real on loopback over a built site: an old address answers 301 to its new page, from the
include the build wrote (``_redirects.nginx.conf``, ``_redirects.caddy``); the site's own pages
and its 404 page are served as before."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import httpx
import pytest
from intake_servers import free_port
from test_proxies import need, wait_for

from sitetest import build_into, write_content

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
POST = """\
    Title: Agilität im Kopf
    Date: 2019-10-23 09:00
    Slug: agilitaet-im-kopf
    Old_urls: https://alt.example.de/2019/10/agilitaet-im-kopf/
        /2018/verk%C3%A4ufer
        /blog/alt.html

    Beweglich bleiben.
    """


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    """A one-post site built like `make html`, with its redirect pages and server maps."""
    root = tmp_path_factory.mktemp("site-redirects")
    site = build_into(root / "output", PATH=str(write_content(root, {"de/posts/agilitaet.md": POST})))
    assert site.report.ok, site.report.errors
    return site.root


def nginx_site_config(tmp_path: Path, port: int, site: Path) -> Path:
    """deploy/nginx-site.conf in a minimal nginx.conf, on plain HTTP on loopback, serving *site*."""
    server = DEPLOY.joinpath("nginx-site.conf").read_text()
    server = server[: server.rindex("server {")]  # without the port-80 redirect
    server = "\n".join(
        line for line in server.splitlines() if not line.strip().startswith(("ssl_", "http2", "listen [::]"))
    )
    server = server.replace("listen 443 ssl;", f"listen 127.0.0.1:{port};").replace("/var/www/site", str(site))
    temp = "\n".join(
        f"{kind}_temp_path {tmp_path}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = tmp_path / "nginx.conf"
    config.write_text(
        f"user root;\ndaemon off;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        f"events {{}}\nhttp {{\n{temp}\n{server}\n}}\n"
    )
    return config


def caddy_site_config(tmp_path: Path, port: int, site: Path) -> Path:
    """deploy/Caddyfile-site on plain HTTP on loopback, serving *site*, without its admin endpoint."""
    text = DEPLOY.joinpath("Caddyfile-site").read_text()
    text = text.replace("www.example.com {", f"http://127.0.0.1:{port} {{").replace("/var/www/site", str(site))
    config = tmp_path / "Caddyfile"
    config.write_text("{\n\tadmin off\n\tauto_https off\n}\n\n" + text)
    return config


@pytest.mark.parametrize("server", ["nginx", "caddy"])
def test_an_old_address_answers_301_from_the_servers_include(server, tmp_path, built_site):
    program = need(server)
    port = free_port()
    if server == "nginx":
        command = [program, "-c", str(nginx_site_config(tmp_path, port, built_site))]
    else:
        config = caddy_site_config(tmp_path, port, built_site)
        command = [program, "run", "--adapter", "caddyfile", "--config", str(config)]
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/")
        for old in ("/2019/10/agilitaet-im-kopf/", "/2019/10/agilitaet-im-kopf", "/2018/verkäufer", "/blog/alt.html"):
            answer = httpx.get(url + old)
            assert answer.status_code == 301, (old, answer.status_code)
            assert answer.headers["location"].endswith("/blog/agilitaet-im-kopf/"), (old, answer.headers)
        new = httpx.get(url + "/blog/agilitaet-im-kopf/")
        assert new.status_code == 200 and "Beweglich bleiben." in new.text
        missing = httpx.get(url + "/2019/10/gibt-es-nicht/")
        assert missing.status_code == 404 and '<html lang="de"' in missing.text
    finally:
        process.terminate()
        process.wait(timeout=20)
