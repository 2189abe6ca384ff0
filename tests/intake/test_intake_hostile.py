"""A corpus of hostile requests: each gets a 4xx, none a 5xx, and nothing is stored twice."""

from __future__ import annotations

import socket
import time

import httpx
import pytest
from conftest import ADMIN
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from test_intake_api import comment_form, post

from intake import store

FORM = "application/x-www-form-urlencoded"


def raw(intake, body: bytes, content_type: str | None = FORM, **headers) -> httpx.Response:
    all_headers = {"X-Forwarded-For": "10.7.0.1", **headers}
    if content_type:
        all_headers["Content-Type"] = content_type
    return httpx.post(intake.url + "/comments", content=body, headers=all_headers, timeout=60)


class SocketAnswer:
    """The status and headers of an answer read from a raw socket."""

    def __init__(self, data: bytes) -> None:
        head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        self.status_code = int(head[0].split()[1])
        self.headers = httpx.Headers([tuple(line.split(": ", 1)) for line in head[1:]])
        self.text = data.decode("latin-1")


def by_socket(intake, request: bytes) -> SocketAnswer:
    """Send bytes no HTTP client would send."""
    host, port = intake.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            data += sock.recv(65536)
    return SocketAnswer(data)


def chunks(total: int):
    sent = 0
    yield b"comment="
    while sent < total:
        yield b"x" * 65536
        sent += 65536


CORPUS = {
    "sql in the slug": lambda i: post(i, comment_form(article="x' OR '1'='1'; DROP TABLE comments; --")),
    "sql in the e-mail": lambda i: post(i, comment_form(email="a@b.de'; DELETE FROM comments; --")),
    "sql in the language": lambda i: post(i, comment_form(lang="de' OR 1=1 --")),
    "sql in reply_to": lambda i: post(i, comment_form(reply_to="1 UNION SELECT email FROM comments")),
    "CRLF in the name": lambda i: post(i, comment_form(author="Eve\r\nBcc: all@example.org")),
    "LF in the e-mail": lambda i: post(i, comment_form(email="eve@example.org\nBcc: all@example.org")),
    "NUL in the text": lambda i: post(i, comment_form(comment="a\x00b")),
    "javascript website": lambda i: post(i, comment_form(website="javascript:alert(1)")),
    "field too long": lambda i: post(i, comment_form(comment="x" * 5001)),
    "invalid UTF-8 raw": lambda i: raw(
        i, b"article=gute-fragen&lang=de&author=\xff\xfe&email=a%40b.de&comment=x&consent=yes"
    ),
    "invalid UTF-8 escaped": lambda i: raw(
        i, b"article=gute-fragen&lang=de&author=%C3%28&email=a%40b.de&comment=x&consent=yes"
    ),
    "invalid UTF-8 multipart": lambda i: raw(
        i,
        b'--b\r\nContent-Disposition: form-data; name="author"\r\n\r\n\xc3\x28\r\n--b--\r\n',
        "multipart/form-data; boundary=b",
    ),
    "broken multipart": lambda i: raw(i, b"--nope", "multipart/form-data; boundary=b"),
    "a file upload": lambda i: httpx.post(
        i.url + "/comments", data=comment_form(), files={"f": ("a.txt", b"x")}, headers={"X-Forwarded-For": "10.7.0.2"}
    ),
    "10 MB with length": lambda i: raw(i, b"comment=" + b"x" * 10_000_000),
    "10 MB chunked": lambda i: httpx.post(
        i.url + "/comments",
        content=chunks(10_000_000),
        headers={"Content-Type": FORM, "X-Forwarded-For": "10.7.0.3"},
        timeout=60,
    ),
    "lying content length": lambda i: by_socket(
        i,
        b"POST /comments HTTP/1.1\r\nHost: x\r\nContent-Type: "
        b"application/x-www-form-urlencoded\r\nContent-Length: 99999999999\r\n\r\nx",
    ),
    "text/plain": lambda i: raw(i, b"comment=x", "text/plain"),
    "json": lambda i: raw(i, b'{"comment": "x"}', "application/json"),
    "no content type": lambda i: raw(i, b"comment=x", None),
    "xml": lambda i: raw(i, b"<comment/>", "application/xml"),
    "thousands of fields": lambda i: raw(i, b"&".join(b"f%d=x" % n for n in range(5000))),
    "foreign origin": lambda i: post(i, headers={"Origin": "https://evil.example"}),
    "null origin": lambda i: post(i, headers={"Origin": "null"}),
    "GET on the form endpoint": lambda i: httpx.get(i.url + "/comments"),
    "unknown path": lambda i: httpx.get(i.url + "/../../etc/passwd"),
    "admin without token": lambda i: httpx.get(i.url + "/admin/comments"),
    "admin with a prefix of the token": lambda i: httpx.get(
        i.url + "/admin/comments", headers={"Authorization": f"Bearer {ADMIN[:-1]}"}
    ),
    "admin garbage": lambda i: httpx.post(
        i.url + "/admin/comments/decisions",
        content=b"\xff{",
        headers={"Authorization": f"Bearer {ADMIN}", "Content-Type": "application/json"},
    ),
    "admin wrong shape": lambda i: httpx.post(
        i.url + "/admin/comments/decisions", json={"decisions": "all"}, headers={"Authorization": f"Bearer {ADMIN}"}
    ),
    "admin unknown id": lambda i: httpx.post(
        i.url + "/admin/comments/decisions",
        headers={"Authorization": f"Bearer {ADMIN}"},
        json={"decisions": [{"id": "c-x' OR 1=1", "decision": "approve", "fingerprint": ""}]},
    ),
    "admin 10 MB": lambda i: httpx.post(
        i.url + "/admin/comments/decisions",
        content=b"[" * 10_000_000,
        timeout=60,
        headers={"Authorization": f"Bearer {ADMIN}", "Content-Type": "application/json"},
    ),
    "admin bad status": lambda i: httpx.get(
        i.url + "/admin/comments?status=' OR 1=1", headers={"Authorization": f"Bearer {ADMIN}"}
    ),
    "forged moderation link": lambda i: httpx.post(i.url + "/moderate/eyJjIjoiYy14IiwicyI6ImFwcHJvdmVkIn0.AAAA.BBBB"),
    "forged confirm link": lambda i: httpx.post(i.url + "/subscriptions/confirm/abc.def.ghi"),
    "forged unsubscribe link": lambda i: httpx.get(i.url + "/subscriptions/unsubscribe/" + "x" * 5000),
    "thanks page with script": lambda i: httpx.get(i.url + "/comments/thanks?lang=<script>&article=<script>"),
}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_hostile_request_gets_a_4xx_and_stores_nothing(intake, name):
    answer = CORPUS[name](intake)
    if name == "thanks page with script":  # a harmless page: the input is not shown
        assert answer.status_code == 200 and "<script>" not in answer.text
    else:
        assert 400 <= answer.status_code < 500, (answer.status_code, answer.text[:300])
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert intake.rows() == []


def test_sql_in_the_text_is_just_text_stored_once(intake):
    text = "'); DROP TABLE comments; -- \" OR 1=1"
    assert post(intake, comment_form(comment=text)).status_code == 303
    assert [r["text"] for r in intake.rows()] == [text]


def moderation_token(intake, comment_id: str, status: str, age_seconds: int = 0) -> str:
    """A genuine moderation token, made *age_seconds* ago."""

    class EarlierSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - age_seconds

    serializer = URLSafeTimedSerializer(intake.settings.secret, salt="intake-moderate", signer=EarlierSigner)
    return serializer.dumps({"c": comment_id, "s": status})


def test_expired_forged_and_replayed_moderation_links(intake):
    assert post(intake).status_code == 303
    [row] = intake.rows()
    expired = moderation_token(intake, row["id"], "approved", age_seconds=intake.settings.link_days * 86400 + 60)
    assert httpx.get(f"{intake.url}/moderate/{expired}").status_code == 400
    assert httpx.post(f"{intake.url}/moderate/{expired}").status_code == 400
    other_secret = URLSafeTimedSerializer("another secret " * 3, salt="intake-moderate").dumps(
        {"c": row["id"], "s": "approved"}
    )
    assert httpx.post(f"{intake.url}/moderate/{other_secret}").status_code == 400
    wrong_purpose = URLSafeTimedSerializer(intake.settings.secret, salt="intake-unsubscribe").dumps(
        {"c": row["id"], "s": "approved"}
    )
    assert httpx.post(f"{intake.url}/moderate/{wrong_purpose}").status_code == 400
    assert intake.rows()[0]["status"] == "pending"
    fresh = moderation_token(intake, row["id"], "spam")
    for _ in range(3):  # replayed: the same decision, logged once
        assert httpx.post(f"{intake.url}/moderate/{fresh}").status_code == 200
    assert intake.rows()[0]["status"] == "spam"
    with store.reading(intake.engine) as conn:
        assert len(conn.execute(store.decisions.select()).all()) == 1
