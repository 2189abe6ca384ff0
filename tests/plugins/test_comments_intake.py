"""The moderation commands with the intake: export, apply and pull against its admin API.

The intake here is a small stand-in that answers the admin API as the contract describes
(docs: /work/brief/intake-contract.md); the whole loop with the real intake is in
tests/browser/test_intake_loop_browser.py.
"""

from __future__ import annotations

import csv
import io
import json
import socket
import textwrap
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from comments.__main__ import main
from comments.comment_files import load_comments
from office_client.admin_api import IntakeAccess, IntakeError
from comments.intake_pull import comment_file, plan_pull, utc_date
from comments.moderation_apply import Decision, plan_intake_decisions
from comments.moderation_export import PostInfo, intake_rows, oldest_first

TOKEN = "admin-secret-token"
SETTINGS = """\
    AUTHOR = "Maren Albrecht"
    SITENAME = "Test"
    SITEURL = ""
    PATH = "content"
    TIMEZONE = "Europe/Berlin"
    LANGUAGES = {"de": {"name": "Deutsch", "locale": "de_DE"}, "en": {"name": "English", "locale": "en_US"}}
    DEFAULT_LANG = "de"
    PLUGINS = []
    COMMENTS_BLOCKED_WORDS = ["casino"]
    """
POST = "Title: Ein Beitrag\nDate: 2024-05-01 10:00\nAuthor: Maren Albrecht\nSlug: beitrag\n\nText.\n"
EN_POST = "Title: A post\nDate: 2024-05-01 10:00\nSlug: a-post\n\nText.\n"
FILE_COMMENT = (
    "---\narticle: beitrag\nauthor: Anna\nemail: anna@example.org\ndate: 2024-05-02 10:00 +0200\n"
    "status: pending\n---\nEin Kommentar aus einer Datei.\n"
)


def intake_comment(id_, **fields) -> dict:
    record = {
        "id": id_,
        "article": "beitrag",
        "lang": "de",
        "author": "Bernd",
        "email": f"{id_}@reader.example",
        "website": "",
        "text": f"Text von {id_}",
        "date": "2024-05-03T08:00:00+00:00",
        "reply_to": None,
        "status": "pending",
        "fingerprint": f"fp-{id_}",
        "signals": {
            "link_count": 0,
            "blocked_words": [],
            "duplicate_text": False,
            "honeypot": False,
            "too_fast": False,
            "no_token": True,
            "unknown_article": False,
        },
    }
    record.update(fields)
    return record


class FakeIntake:
    """The admin API of the contract over a dict of comments (validated as a whole, like the intake)."""

    def __init__(self) -> None:
        self.comments: dict[str, dict] = {}
        self.received: list[list[dict]] = []
        self.refuse_next = False
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add(self, record: dict) -> None:
        self.comments[record["id"]] = record

    def _handler(self):
        intake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def answer(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def allowed(self) -> bool:
                if self.headers.get("Authorization") == f"Bearer {TOKEN}":
                    return True
                self.answer(401, {"error": "missing or wrong admin token"})
                return False

            def do_GET(self):
                if not self.allowed():
                    return
                parts = urlsplit(self.path)
                status = parse_qs(parts.query).get("status", ["pending"])[0]
                shown = []
                for record in intake.comments.values():
                    if record["status"] == status:
                        copy = dict(record)
                        if status != "pending":
                            copy.pop("email", None)
                        shown.append(copy)
                self.answer(200, {"comments": shown})

            def do_POST(self):
                if not self.allowed():
                    return
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                intake.received.append(body["decisions"])
                errors = [
                    {"id": d["id"], "message": "unknown comment id"}
                    for d in body["decisions"]
                    if d["id"] not in intake.comments or intake.comments[d["id"]]["fingerprint"] != d["fingerprint"]
                ]
                if intake.refuse_next:
                    errors.append({"id": None, "message": "refused for the test"})
                if errors:
                    self.answer(400, {"errors": errors})
                    return
                counts = {"approved": 0, "rejected": 0, "spam": 0, "unchanged": 0}
                status_of = {"approve": "approved", "reject": "rejected", "spam": "spam"}
                for decision in body["decisions"]:
                    intake.comments[decision["id"]]["status"] = status_of[decision["decision"]]
                    counts[status_of[decision["decision"]]] += 1
                self.answer(200, counts)

        return Handler


@pytest.fixture
def intake(monkeypatch):
    fake = FakeIntake()
    monkeypatch.setenv("INTAKE_URL", fake.url)
    monkeypatch.setenv("INTAKE_ADMIN_TOKEN", TOKEN)
    yield fake
    fake.server.shutdown()


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A tiny repository: settings, a German and an English post, one pending comment file."""
    files = {
        "pelicanconf.py": textwrap.dedent(SETTINGS),
        "content/de/posts/beitrag.md": POST,
        "content/en/posts/a-post.md": EN_POST,
        "content/comments/beitrag/anna.md": FILE_COMMENT,
    }
    for relative, text in files.items():
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("INTAKE_URL", raising=False)
    monkeypatch.delenv("INTAKE_ADMIN_TOKEN", raising=False)
    return tmp_path


def export_json(repo: Path) -> list[dict]:
    return json.loads((repo / "moderation" / "pending.json").read_text(encoding="utf-8"))


def decide(repo: Path, decisions: dict[str, str], edit=None) -> Path:
    rows = export_json(repo)
    for row in rows:
        row["decision"] = decisions.get(row["id"], "")
        if edit:
            edit(row)
    target = repo / "moderation" / "decided.json"
    target.write_text(json.dumps(rows), encoding="utf-8")
    return target


def snapshot(repo: Path) -> dict[str, str]:
    return {
        str(p.relative_to(repo)): p.read_text(encoding="utf-8") for p in (repo / "content" / "comments").rglob("*.md")
    }


# ---------- pure parts ----------


def test_intake_rows_carry_the_signals_and_the_source():
    posts = {("de", "beitrag"): PostInfo("Ein Beitrag", "/blog/beitrag/", ("Maren Albrecht",))}
    record = intake_comment(
        "c-1",
        author="Maren Albrecht",
        signals={
            "link_count": 3,
            "blocked_words": ["casino", "loan"],
            "duplicate_text": True,
            "honeypot": False,
            "too_fast": True,
            "no_token": False,
            "unknown_article": False,
        },
    )
    (row,) = intake_rows([record], posts)
    assert (row["source"], row["file"], row["email"], row["fingerprint"]) == (
        "intake",
        "",
        "c-1@reader.example",
        "fp-c-1",
    )
    assert (row["article_title"], row["article_url"]) == ("Ein Beitrag", "/blog/beitrag/")
    assert (row["link_count"], row["blocked_words"]) == (3, "casino, loan")
    assert [row[k] for k in ("duplicate_text", "honeypot", "too_fast", "no_token", "unknown_article")] == [
        "yes",
        "no",
        "yes",
        "no",
        "no",
    ]
    assert row["name_of_post_author"] == "yes"  # worked out here: the intake did not send it
    later, earlier = intake_rows([intake_comment("c-2", date="2024-05-04T08:00:00+00:00")], posts)[0], row
    assert [r["id"] for r in oldest_first([later, {**earlier, "date": "2024-05-03T10:00:00+02:00"}])] == ["c-1", "c-2"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (Decision(2, "c-9", "approve", "fp-c-9", "intake"), "the intake has no pending comment 'c-9'"),
        (Decision(2, "c-1", "publish", "fp-c-1", "intake"), "unknown decision 'publish'"),
        (Decision(2, "c-1", "approve", "fp-old", "intake"), "the intake's comment 'c-1' was changed since the export"),
    ],
)
def test_intake_decisions_are_checked_before_anything_is_sent(row, message):
    planned, problems = plan_intake_decisions([row], [intake_comment("c-1")], "x.csv")
    assert planned == [] and len(problems) == 1 and problems[0].startswith(f"x.csv:2: {message}")


def test_intake_decisions_use_the_intake_verbs_and_skip_empty_rows():
    rows = [
        Decision(2, "c-1", "Freigeben", "fp-c-1", "intake"),
        Decision(3, "c-2", "", "whatever", "intake"),
        Decision(4, "c-3", "ablehnen", "fp-c-3", "intake"),
    ]
    planned, problems = plan_intake_decisions(rows, [intake_comment("c-1"), intake_comment("c-3")], "x.csv")
    assert problems == []
    assert planned == [
        {"id": "c-1", "decision": "approve", "fingerprint": "fp-c-1"},
        {"id": "c-3", "decision": "reject", "fingerprint": "fp-c-3"},
    ]


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"INTAKE_URL": "https://i.example"}, "INTAKE_ADMIN_TOKEN is not set"),
        ({"INTAKE_ADMIN_TOKEN": "x"}, "INTAKE_URL is not set"),
        ({"INTAKE_URL": "i.example", "INTAKE_ADMIN_TOKEN": "x"}, "is not an http(s) address"),
    ],
)
def test_half_configured_access_is_a_one_line_error(environ, message):
    with pytest.raises(IntakeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        IntakeAccess.from_environment(environ)
    assert IntakeAccess.from_environment({}) is None
    assert (
        IntakeAccess.from_environment({"INTAKE_URL": "https://i.example/", "INTAKE_ADMIN_TOKEN": "t"}).url
        == "https://i.example"
    )


def test_an_approved_comment_becomes_a_file_the_build_reads_without_its_email():
    record = intake_comment(
        "c-2",
        status="approved",
        reply_to="c-1",
        website="https://b.example",
        author="Eve\r\nstatus: pending",
        text="Zeile 1\r\n---\r\nZeile 2",
        date="2024-05-03T10:00:00+02:00",
    )
    record.pop("email")
    text = comment_file(record, {"c-1": "beitrag", "c-2": "beitrag"}, set())
    loaded = load_comments(
        [("content/comments/beitrag/intake-c-2.md", text)], languages=("de", "en"), timezone=ZoneInfo("Europe/Berlin")
    )
    assert loaded.errors == ()
    (comment,) = loaded.comments
    assert (comment.id, comment.article, comment.lang, comment.status) == ("intake-c-2", "beitrag", "de", "approved")
    assert comment.author == "Eve status: pending" and comment.reply_to == "intake-c-1"
    assert comment.body == "Zeile 1\n---\nZeile 2" and comment.email == "" and comment.website == "https://b.example"
    assert "date: 2024-05-03 08:00:00 +0000" in text and "email" not in text


PRIVATE = [  # (field, typed, what must not reach the file, what the file holds instead)
    ("author", "Eve eve@example.org", "eve@example.org", "author: Eve [E-Mail-Adresse entfernt]"),
    ("author", "Eve eve%40example.org", "eve%40example.org", "author: Eve [E-Mail-Adresse entfernt]"),
    ("website", "https://user:secret@b.example/", "secret", None),
    ("website", "https://b.example/?to=eve%40example.org", "eve", None),
    ("text", "Schreib mir: eve@example.org", "eve@example.org", "Schreib mir: [E-Mail-Adresse entfernt]"),
    ("text", "[Mail](mailto:eve@example.org)", "eve@example.org", "[Mail](mailto:[E-Mail-Adresse entfernt])"),
    ("text", "Siehe https://user:secret@host.example/x", "secret", "Siehe https://host.example/x"),
    ("text", "[hier](https://eve@localhost/)", "eve", "[hier](https://localhost/)"),
    ("text", "<https://bob:pw@b.example>", "pw", "<https://b.example>"),
    ("text", "Link: https://b.example/?mail=eve%40example.org", "eve%40", "[E-Mail-Adresse entfernt]"),
]


@pytest.mark.parametrize(("field", "typed", "private", "kept"), PRIVATE)
def test_a_comment_file_holds_no_address_and_no_user_info(field, typed, private, kept):
    """Issue 29, finding 5: what the page hides never reaches the file that git keeps."""
    fields = {"website": "https://b.example"} if field != "website" else {}
    record = intake_comment("c-9", status="approved", **fields, **{field: typed})
    text = comment_file(record, {"c-9": "beitrag"}, set())
    assert private not in text and "@" not in text.replace("mailto:[E-Mail", "")
    if kept:
        assert kept in text
    loaded = load_comments(
        [("content/comments/beitrag/intake-c-9.md", text)], languages=("de", "en"), timezone=ZoneInfo("Europe/Berlin")
    )
    assert loaded.errors == ()
    if field == "website":
        assert loaded.comments[0].website == ""


def test_pull_plan_skips_what_is_there_and_what_cannot_be_published():
    records = [intake_comment(i, status="approved") for i in ("c-1", "c-2")]
    records += [
        intake_comment("c-3", status="approved", article="../../etc"),
        intake_comment("c-4", status="approved", article="gibt-es-nicht"),
        intake_comment("c-5", status="approved", lang="fr"),
        intake_comment("c/6", status="approved"),
    ]
    plan = plan_pull(records, {"intake-c-1"}, {"de": {"beitrag"}, "en": set()})
    assert sorted(plan.files) == ["beitrag/intake-c-2.md"]
    assert plan.already == 1
    assert len(plan.skipped) == 4 and any("no de post 'gibt-es-nicht'" in s for s in plan.skipped)


@pytest.mark.parametrize(
    ("reply_to", "expected"),
    [
        ("c-1", "intake-c-1"),  # an approved intake comment on the same post
        ("wp-7", "wp-7"),  # a comment file in the repository
        ("c-9", None),  # no approved comment: the reader's field names nothing
        ("c-other", None),
    ],  # an approved comment on another post
)
def test_a_reply_to_names_a_published_comment_of_the_post_or_is_dropped(reply_to, expected):
    records = [
        intake_comment("c-1", status="approved"),
        intake_comment("c-other", status="approved", article="anderer"),
        intake_comment("c-2", status="approved", reply_to=reply_to),
    ]
    plan = plan_pull(records, {"wp-7"}, {"de": {"beitrag", "anderer"}, "en": set()})
    loaded = load_comments(
        [(f"content/comments/{path}", text) for path, text in plan.files.items()],
        languages=("de", "en"),
        timezone=ZoneInfo("Europe/Berlin"),
    )
    (reply,) = [c for c in loaded.comments if c.id == "intake-c-2"]
    assert (reply.reply_to or None) == expected


@pytest.mark.parametrize("value", ["2024-05-03", "gestern", ""])
def test_a_date_without_offset_is_refused(value):
    with pytest.raises(ValueError):
        utc_date(value)


# ---------- the commands against an intake ----------


def test_export_lists_file_and_intake_comments_with_the_same_columns(repo, intake, capsys):
    intake.add(intake_comment("c-1", date="2024-05-01T06:00:00+00:00"))
    intake.add(intake_comment("c-2", text="Casino!", signals={"link_count": 1, "blocked_words": ["casino"]}))
    intake.add(intake_comment("c-3", status="approved"))
    assert main(["export"]) == 0
    rows = export_json(repo)
    assert [(r["id"], r["source"]) for r in rows] == [("c-1", "intake"), ("anna", "file"), ("c-2", "intake")]
    assert rows[2]["blocked_words"] == "casino" and rows[0]["no_token"] == "yes" and rows[1]["no_token"] == ""
    assert rows[0]["article_title"] == "Ein Beitrag"
    text = (repo / "moderation" / "pending.csv").read_text(encoding="utf-8-sig")
    header = next(csv.reader(io.StringIO(text), delimiter=";"))
    assert set(header) == set(rows[0]) and "source" in header
    assert "3 pending comment(s) (1 from comment files, 2 from the intake" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("token", "message"),
    [("wrong", "the intake refused INTAKE_ADMIN_TOKEN (401"), (None, "the intake cannot be reached")],
)
def test_export_fails_in_one_line_when_the_intake_cannot_be_used(repo, intake, monkeypatch, capsys, token, message):
    if token:
        monkeypatch.setenv("INTAKE_ADMIN_TOKEN", token)
    else:
        with socket.socket() as free:
            free.bind(("127.0.0.1", 0))
            port = free.getsockname()[1]
        monkeypatch.setenv("INTAKE_URL", f"http://127.0.0.1:{port}")
    assert main(["export"]) == 1
    err = capsys.readouterr().err
    assert message in err and "nothing was exported" in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
    assert not (repo / "moderation").exists()


def test_apply_sends_the_intake_rows_and_writes_the_file_rows(repo, intake, capsys):
    intake.add(intake_comment("c-1"))
    intake.add(intake_comment("c-2"))
    assert main(["export"]) == 0
    decided = decide(repo, {"c-1": "approve", "c-2": "spam", "anna": "reject"})
    assert main(["apply", str(decided)]) == 0
    assert intake.received == [
        [
            {"id": "c-1", "decision": "approve", "fingerprint": "fp-c-1"},
            {"id": "c-2", "decision": "spam", "fingerprint": "fp-c-2"},
        ]
    ]
    assert (intake.comments["c-1"]["status"], intake.comments["c-2"]["status"]) == ("approved", "spam")
    assert "status: rejected" in (repo / "content/comments/beitrag/anna.md").read_text(encoding="utf-8")
    out = capsys.readouterr().out
    assert "Applied: 1 approved, 1 rejected, 1 spam" in out and "make comments-pull" in out


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("unknown id", "the intake has no pending comment 'c-x'"),
        ("unknown decision", "unknown decision 'veröffentlichen'"),
        ("intake text", "the intake's comment 'c-1' was changed since the export"),
        ("file text", "comments/beitrag/anna.md was changed since the export"),
        ("decided by mail", "the intake has no pending comment 'c-1'"),
    ],
)
def test_apply_changes_nothing_anywhere_when_one_row_is_wrong(repo, intake, capsys, change, message):
    intake.add(intake_comment("c-1"))
    intake.add(intake_comment("c-2"))
    assert main(["export"]) == 0
    decided = decide(repo, {"c-1": "approve", "c-2": "reject", "anna": "reject"})
    rows = json.loads(decided.read_text(encoding="utf-8"))
    first = next(row for row in rows if row["id"] == "c-1")
    if change == "unknown id":
        rows.append({**first, "id": "c-x"})
    elif change == "unknown decision":
        first["decision"] = "veröffentlichen"
    elif change == "intake text":
        intake.comments["c-1"]["fingerprint"] = "fp-new"
    elif change == "file text":
        path = repo / "content/comments/beitrag/anna.md"
        path.write_text(path.read_text(encoding="utf-8") + "Nachtrag\n", encoding="utf-8")
    elif change == "decided by mail":
        intake.comments["c-1"]["status"] = "spam"
    decided.write_text(json.dumps(rows), encoding="utf-8")
    files = snapshot(repo)
    statuses = {k: v["status"] for k, v in intake.comments.items()}
    assert main(["apply", str(decided)]) == 1
    err = capsys.readouterr().err
    assert message in err and "Nothing was changed" in err, err
    assert intake.received == []  # nothing was sent to the intake
    assert snapshot(repo) == files and {k: v["status"] for k, v in intake.comments.items()} == statuses


def test_apply_writes_no_file_when_the_intake_refuses(repo, intake, capsys):
    intake.add(intake_comment("c-1"))
    assert main(["export"]) == 0
    decided = decide(repo, {"c-1": "approve", "anna": "approve"})
    intake.refuse_next = True
    files = snapshot(repo)
    assert main(["apply", str(decided)]) == 1
    err = capsys.readouterr().err
    assert "refused for the test" in err and "no comment file was changed" in err
    assert snapshot(repo) == files


def test_apply_of_intake_rows_without_intake_access_changes_nothing(repo, intake, monkeypatch, capsys):
    intake.add(intake_comment("c-1"))
    assert main(["export"]) == 0
    decided = decide(repo, {"c-1": "approve", "anna": "approve"})
    monkeypatch.delenv("INTAKE_URL")
    monkeypatch.delenv("INTAKE_ADMIN_TOKEN")
    files = snapshot(repo)
    assert main(["apply", str(decided)]) == 1
    assert "set INTAKE_URL and INTAKE_ADMIN_TOKEN" in capsys.readouterr().err
    assert snapshot(repo) == files


def test_without_intake_settings_export_and_apply_work_on_files_only(repo, capsys):
    assert main(["export"]) == 0
    assert [r["source"] for r in export_json(repo)] == ["file"]
    assert main(["apply", str(decide(repo, {"anna": "approve"}))]) == 0
    assert "status: approved" in (repo / "content/comments/beitrag/anna.md").read_text(encoding="utf-8")


def test_pull_writes_each_approved_comment_once_without_email(repo, intake, capsys):
    intake.add(intake_comment("c-1", status="approved", email="geheim@reader.example"))
    intake.add(intake_comment("c-2", status="approved", lang="en", article="a-post"))
    intake.add(intake_comment("c-3"))  # pending: not pulled
    assert main(["pull"]) == 0
    out = capsys.readouterr().out
    written = sorted(str(p.relative_to(repo)) for p in (repo / "content/comments").rglob("intake-*.md"))
    assert written == ["content/comments/a-post/intake-c-2.md", "content/comments/beitrag/intake-c-1.md"]
    assert "wrote content/comments/beitrag/intake-c-1.md" in out and "2 new approved comment(s)" in out
    assert all("reader.example" not in (repo / p).read_text(encoding="utf-8") for p in written)
    before = snapshot(repo)
    assert main(["pull"]) == 0
    assert snapshot(repo) == before
    assert "0 new approved comment(s) from the intake; 2 already in the repository." in capsys.readouterr().out


def test_pull_without_intake_settings_says_what_to_set(repo, capsys):
    assert main(["pull"]) == 1
    assert "set INTAKE_URL and INTAKE_ADMIN_TOKEN" in capsys.readouterr().err
