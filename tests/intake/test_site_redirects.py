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
from test_proxies import caddy_config, need, nginx_config, stop, wait_for

from sitetest import build_into, write_content

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


@pytest.mark.parametrize("server", ["nginx", "caddy"])
def test_an_old_address_answers_301_from_the_servers_include(server, tmp_path, built_site):
    program = need(server)
    port = free_port()
    if server == "nginx":
        command = [
            program,
            "-c",
            str(nginx_config(tmp_path, port, "nginx-site.conf", {"/var/www/site": str(built_site)})),
        ]
    else:
        config = caddy_config(tmp_path, port, "Caddyfile-site", "www.example.com", {"/var/www/site": str(built_site)})
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
        stop(process, server)
