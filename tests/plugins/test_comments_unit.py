"""Pure logic of the comments plugin: files, threads, sanitising, export, apply, WXR import."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comments.comment_files import Comment, check_references, fingerprint, load_comments, parse_comment, reply_loops
from comments.moderation_apply import apply_changes, plan_changes, read_decisions, with_status
from comments.moderation_export import PostInfo, export_rows, rows_to_csv, rows_to_json
from comments.sanitise import render_comment, safe_website
from comments.comment_threads import build_threads, cap_depth, count, flatten
from comments.wxr_import import PostRef, WxrError, parse_wxr, plan_import, wordpress_markdown
from sitecore.problems import ContentError

BERLIN = ZoneInfo("Europe/Berlin")
LANGS = ("de", "en")
WXR = Path(__file__).resolve().parent.parent / "data" / "wxr" / "sample-export.xml"


def comment_text(**fields) -> str:
    base = {"article": "post", "author": "Anna", "date": "2024-05-01 10:00 +0200", "status": "approved"}
    base.update(fields)
    body = base.pop("body", "Hallo!")
    front = "".join(f"{k}: {v}\n" for k, v in base.items() if v is not None)
    return f"---\n{front}---\n{body}\n"


def make(id_, reply_to="", minute=0, article="post", lang="de", status="approved", body="Text", **extra):
    return Comment(
        id=id_,
        path=f"content/comments/{id_}.md",
        article=article,
        lang=lang,
        author=extra.get("author", "Anna"),
        date=dt.datetime(2024, 5, 1, 10, minute, tzinfo=BERLIN),
        status=status,
        body=body,
        email=extra.get("email", ""),
        website=extra.get("website", ""),
        reply_to=reply_to,
        fingerprint=fingerprint(body),
        extra=extra.get("signals", {}),
        author_reply=extra.get("author_reply", False),
    )


# ---------- comment files ----------


def test_a_comment_file_is_read_with_defaults():
    comment, warnings = parse_comment(
        comment_text(), "content/comments/post/erster.md", languages=LANGS, timezone=BERLIN
    )
    assert (comment.id, comment.lang, comment.article, comment.status, comment.body) == (
        "erster",
        "de",
        "post",
        "approved",
        "Hallo!",
    )
    assert comment.date == dt.datetime(2024, 5, 1, 10, 0, tzinfo=BERLIN)
    assert warnings == []


@pytest.mark.parametrize(
    ("fields", "line", "message"),
    [
        ({"status": "published"}, 5, "the status 'published' is unknown"),
        ({"status": None}, 1, "the status is missing"),
        ({"author": " "}, 3, "the comment has no author"),
        ({"author": None}, 1, "the comment has no author"),
        ({"date": "05.01.2021"}, 4, "the date '05.01.2021' cannot be read"),
        ({"body": "  "}, 7, "the comment has no text"),
        ({"lang": "fr"}, 6, "the language 'fr' is not one of the site's languages"),
        ({"id": "a b"}, 6, "cannot be used in a link"),
    ],
)
def test_bad_comment_files_name_the_line(fields, line, message):
    with pytest.raises(ContentError) as caught:
        parse_comment(comment_text(**fields), "c.md", languages=LANGS, timezone=BERLIN)
    assert caught.value.problem.line == line
    assert message in caught.value.problem.message


def test_a_website_that_is_not_http_is_dropped_with_a_warning():
    comment, warnings = parse_comment(
        comment_text(website="javascript:alert(1)"), "c.md", languages=LANGS, timezone=BERLIN
    )
    assert comment.website == "" and "not an http(s) address" in warnings[0].message


def test_references_unknown_post_reply_to_nothing_other_post_duplicate_and_loops():
    comments = [
        make("a"),
        make("b", reply_to="a"),
        make("c", reply_to="nobody"),
        make("d", article="missing"),
        make("e", reply_to="f"),
        make("f", reply_to="e"),
        make("g", article="other", reply_to="a"),
        make("a", minute=5),
    ]
    problems = [str(p) for _lang, p in check_references(comments, {"de": {"post", "other"}})]
    assert any("already used" in p for p in problems)
    assert any("reply_to names no comment: 'nobody'" in p for p in problems)
    assert any("no de post with the slug 'missing'" in p for p in problems)
    assert any("a comment on another post" in p for p in problems)
    assert sum("reply loop" in p for p in problems) == 2
    assert not any("content/comments/b.md" in p for p in problems)


def test_reply_loops_find_only_the_cycle():
    comments = [
        make("a"),
        make("b", reply_to="c"),
        make("c", reply_to="d"),
        make("d", reply_to="b"),
        make("e", reply_to="b"),
    ]
    assert [c.id for c in reply_loops(comments)] == ["b", "c", "d"]
    assert reply_loops([make("x", reply_to="x")])[0].id == "x"


def test_problems_carry_the_language_of_their_file_even_when_unreadable():
    loaded = load_comments(
        [
            ("a.md", comment_text(lang="en", status="nope")),
            ("b.md", "---\nbroken: [\n---\nx"),
            ("c.md", comment_text()),
        ],
        languages=LANGS,
        timezone=BERLIN,
    )
    assert [c.id for c in loaded.comments] == ["c"]
    assert [lang for lang, _p in loaded.errors] == ["en", None]


# ---------- threading ----------


def test_threads_are_oldest_first_with_nested_replies():
    comments = [
        make("late", minute=30),
        make("early", minute=1),
        make("reply2", "early", minute=20),
        make("reply1", "early", minute=10),
        make("deep", "reply1", minute=15),
    ]
    threads, orphans = build_threads(comments)
    assert [n.comment.id for n in threads] == ["early", "late"]
    assert [n.comment.id for n in threads[0].replies] == ["reply1", "reply2"]
    assert threads[0].replies[0].replies[0].comment.id == "deep"
    assert threads[0].replies[0].replies[0].depth == 2
    assert [c.id for c in flatten(threads)] == ["early", "reply1", "deep", "reply2", "late"]
    assert count(threads) == 5 and orphans == []


def test_deep_replies_are_shown_at_the_capped_depth_in_reading_order_saying_whom_they_answer():
    chain = [make("c0")] + [make(f"c{n}", f"c{n - 1}", minute=n) for n in range(1, 6)]
    side = make("side", "c3", minute=30)  # a second answer to c3, written later
    threads, _orphans = build_threads([*chain, side])
    reading_order = [c.id for c in flatten(threads)]
    capped = cap_depth(threads, max_depth=2)
    c2 = capped[0].replies[0].replies[0]
    assert c2.comment.id == "c2" and c2.depth == 2
    shown = [(n.comment.id, n.depth, n.answers.id if n.answers else None, n.replies) for n in c2.replies]
    assert shown == [("c3", 3, None, []), ("c4", 3, "c3", []), ("c5", 3, "c4", []), ("side", 3, "c3", [])]
    assert count(capped) == 7 and [c.id for c in flatten(capped)] == reading_order


def test_orphans_and_loops_are_shown_at_top_level_not_lost():
    comments = [make("a", reply_to="gone"), make("b", reply_to="c", minute=1), make("c", reply_to="b", minute=2)]
    threads, orphans = build_threads(comments)
    assert [n.comment.id for n in threads] == ["a", "b", "c"]
    assert {c.id for c in orphans} == {"a", "b", "c"}
    assert count(threads) == 3


# ---------- sanitising (OWASP XSS filter evasion cheat sheet) ----------

HOSTILE = [
    "<script>alert('XSS')</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<img src=x onerror=alert(1)>",
    '<svg/onload=alert("XSS")>',
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<IFRAME SRC="https://evil.example"></IFRAME>',
    '<BODY ONLOAD=alert("XSS")>',
    '<a href="javascript:alert(1)" onmouseover="alert(2)">x</a>',
    "<DIV STYLE=\"width: expression(alert('XSS'));\">x</DIV>",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](jav&#x09;ascript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "[a [nested](javascript:alert(1))](https://ok.example)",
    "![img](javascript:alert(1))",
    "![img](https://tracker.example/pixel.gif)",
    '[x](https://ok.example "title" onclick="alert(1)")',
    '<http://ok.example/" onmouseover="alert(1)>',
    "<!--<script>alert(1)</script>-->",
    "`<script>` and\n\n    <script>alert(1)</script>",
    "<div>\n<script>alert(1)</script>\n</div>",
    "<form action=https://evil.example><input name=q></form>",
]


ALLOWED = {"p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote", "code", "pre"}


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_payloads_leave_nothing_active(payload):
    html = render_comment(payload)
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(True):
        assert element.name in ALLOWED, html  # no script, img, svg, iframe, style, form ...
        allowed_attrs = {"href", "rel"} if element.name == "a" else set()
        assert set(element.attrs) <= allowed_attrs, html  # no on* handler, style, src ...
        if element.has_attr("href"):
            assert re.match(r"^https?:", element["href"]), html
            assert element["rel"] == ["nofollow", "ugc", "noopener"], html
    assert not re.search(r"<\s*(script|img|svg|iframe)", html, re.IGNORECASE), html  # raw text stays escaped


def test_allowed_markdown_is_kept_and_links_get_rel():
    html = render_comment(
        "**fett** *kursiv*\n\n> Zitat\n\n- eins\n- zwei\n\n`code` [Link](https://ok.example/a?b=1) <mailto:x@example.org>"
    )
    for tag in (
        "<strong>fett</strong>",
        "<em>kursiv</em>",
        "<blockquote>",
        "<ul>",
        "<li>eins</li>",
        "<code>code</code>",
    ):
        assert tag in html
    assert '<a href="https://ok.example/a?b=1" rel="nofollow ugc noopener">Link</a>' in html
    assert "x@example.org" not in html  # a commenter's address is private, even in the text


@pytest.mark.parametrize("lang, note", [("de", "[E-Mail-Adresse entfernt]"), ("en", "[e-mail address removed]")])
def test_addresses_typed_into_a_comment_are_replaced_by_a_note(lang, note):
    html = render_comment(
        "Schreib mir: eve.secret+blog@mail.example.org, [direkt](mailto:eve@example.org) oder <eve@example.org>",
        lang=lang,
    )
    assert "@" not in html, html
    assert html.count(note) == 2, html  # the link text "direkt" stays, without its mailto
    assert "mailto" not in html, html


def test_raw_html_is_shown_as_text():
    assert render_comment("a <b>b</b> & c") == "<p>a &lt;b&gt;b&lt;/b&gt; &amp; c</p>"


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://ok.example", "https://ok.example"),
        ("http://ok.example/x", "http://ok.example/x"),
        ("javascript:alert(1)", ""),
        ("JAVASCRIPT:alert(1)", ""),
        ("//evil.example", ""),
        ("data:text/html,x", ""),
        ('https://ok.example" onmouseover="x', ""),
        # an e-mail address in the website field is private, as in the text
        ("https://eve@example.com", ""),
        ("https://example.org/?mail=eve@example.com", ""),
        ("https://example.org/?mail=eve%40example.com", ""),
        ("https://eve:secret@example.org/", ""),
        ("https://example.org/@eve", "https://example.org/@eve"),
    ],  # a handle is no address
)
def test_only_web_addresses_are_linked(url, safe):
    assert safe_website(url) == safe


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/?mail=eve%40example.com",
        "https://eve@example.com/",
        "https://example.org/?mail=eve@example.com",
    ],
)
def test_a_link_in_a_comment_that_carries_an_address_loses_its_target(url):
    html = render_comment(f"[meine Seite]({url}) und [ok](https://ok.example/)", lang="de")
    links = BeautifulSoup(html, "html.parser").find_all("a")
    assert [link.get("href") for link in links] == [None, "https://ok.example/"], html
    assert "eve" not in html, html
    assert links[0].get_text() == "meine Seite"


# ---------- export ----------

POSTS = {("de", "post"): PostInfo("Über Kundengespräche", "/blog/post/", ("Maren Albrecht",))}


def test_export_rows_only_pending_with_signals():
    comments = [
        make("ok", status="approved"),
        make(
            "p1",
            status="pending",
            minute=2,
            body="Günstige Kredite: https://a.example und https://b.example CASINO",
            email="p@example.org",
        ),
        make("p2", status="pending", minute=1, body="Hallo", signals={"honeypot": "filled", "seconds_to_submit": 2}),
        make(
            "p3",
            status="pending",
            minute=3,
            body="hallo!",
            author="Maren Albrecht",
            signals={"honeypot": "", "seconds_to_submit": 40},
        ),
    ]
    rows = export_rows(comments, POSTS, ("casino", "viagra"), 5)
    assert [r["id"] for r in rows] == ["p2", "p1", "p3"]
    p2, p1, p3 = rows
    assert p1["link_count"] == 2 and p1["blocked_words"] == "casino" and p1["email"] == "p@example.org"
    assert p1["article_title"] == "Über Kundengespräche" and p1["article_url"] == "/blog/post/"
    assert (p2["honeypot"], p2["too_fast"], p2["duplicate_text"]) == ("yes", "yes", "yes")
    assert (p3["honeypot"], p3["too_fast"], p3["duplicate_text"], p3["name_of_post_author"]) == (
        "no",
        "no",
        "yes",
        "yes",
    )
    assert (p1["honeypot"], p1["too_fast"]) == ("", "")
    assert all(r["decision"] == "" for r in rows)


@pytest.mark.parametrize(
    ("author", "author_reply", "flagged"),
    [
        ("Maren Albrecht", False, "yes"),
        ("  maren   ALBRECHT ", False, "yes"),  # case and spacing do not hide the name
        ("Maren Albrecht", True, "no"),  # the author's own reply, written as a comment file
        ("Maren", False, "no"),
    ],
)
def test_export_flags_a_reader_signing_with_the_post_authors_name(author, author_reply, flagged):
    comment = make("p", status="pending", author=author, author_reply=author_reply)
    assert export_rows([comment], POSTS)[0]["name_of_post_author"] == flagged


def test_csv_has_bom_semicolons_umlauts_and_no_live_formula():
    rows = export_rows([make("p", status="pending", body="=cmd|' /C calc'!A0\nÄrger über Öl", author="@Jürgen")], POSTS)
    text = rows_to_csv(rows)
    assert text.startswith("\ufeffid;file;")
    record = next(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert record["text"] == "'=cmd|' /C calc'!A0\nÄrger über Öl"
    assert record["author"] == "'@Jürgen"
    assert not any(v.startswith(("=", "+", "-", "@")) for v in record.values())
    assert json.loads(rows_to_json(rows))[0]["author"] == "@Jürgen"


# ---------- apply ----------


def write_comment(folder: Path, name: str, **fields) -> Path:
    path = folder / f"{name}.md"
    fields.setdefault("status", "pending")
    path.write_text(comment_text(**fields), encoding="utf-8")
    return path


def load_folder(folder: Path):
    files = [(str(p), p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.md"))]
    loaded = load_comments(files, languages=LANGS, timezone=BERLIN)
    texts = dict(files)
    return (
        list(loaded.comments),
        {c.id: texts[c.path] for c in loaded.comments},
        {c.id: c.path for c in loaded.comments},
    )


def export_to(folder: Path, comments, kind="csv") -> Path:
    rows = export_rows(comments, POSTS)
    target = folder / f"pending.{kind}"
    target.write_text(rows_to_csv(rows) if kind == "csv" else rows_to_json(rows), encoding="utf-8", newline="")
    return target


def set_decisions(path: Path, decisions: dict[str, str]) -> None:
    if path.suffix == ".json":
        rows = json.loads(path.read_text(encoding="utf-8"))
        for row in rows:
            row["decision"] = decisions.get(row["id"], "")
        path.write_text(json.dumps(rows), encoding="utf-8")
        return
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    for row in rows:
        row["decision"] = decisions.get(row["id"].lstrip("'"), "")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text("\ufeff" + out.getvalue(), encoding="utf-8")


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_apply_sets_statuses_and_keeps_the_rest_of_the_file(tmp_path, kind):
    write_comment(tmp_path, "a", email="a@example.org")
    write_comment(tmp_path, "b")
    write_comment(tmp_path, "c")
    comments, texts, paths = load_folder(tmp_path)
    export = export_to(tmp_path, comments, kind)
    set_decisions(export, {"a": "approve", "b": "SPAM"})
    changes, problems = plan_changes(read_decisions(str(export)), comments, texts, str(export))
    assert problems == []
    assert apply_changes(changes, paths) == {"approved": 1, "rejected": 0, "spam": 1}
    after, _texts, _paths = load_folder(tmp_path)
    assert {c.id: c.status for c in after} == {"a": "approved", "b": "spam", "c": "pending"}
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == texts["a"].replace("status: pending", "status: approved")
    assert not list(tmp_path.glob(".comment-*"))


def test_the_summary_counts_the_comments_left_pending_not_the_rows(tmp_path, capsys):
    from comments.__main__ import main

    folder = tmp_path / "content" / "comments"
    folder.mkdir(parents=True)
    for name in ("a", "b", "c", "d"):
        write_comment(folder, name)
    export = export_to(tmp_path, load_folder(folder)[0], "json")
    rows = [row for row in json.loads(export.read_text(encoding="utf-8")) if row["id"] in ("a", "b")]
    rows[0]["decision"] = "approve"  # b stays undecided; c and d were deleted from the sheet
    export.write_text(json.dumps(rows), encoding="utf-8")
    settings = tmp_path / "siteconf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(Path(__file__).parents[2])!r})\n"
        f"from pelicanconf import *\nPATH = {str(tmp_path / 'content')!r}\n",
        encoding="utf-8",
    )
    assert main(["--settings", str(settings), "apply", str(export)]) == 0
    assert "Applied: 1 approved, 0 rejected, 0 spam; 3 left pending." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("decisions", "edit", "message"),
    [
        ({"a": "approve", "zzz": "approve"}, None, "unknown comment id 'zzz'"),
        ({"a": "approve", "b": "publish"}, None, "unknown decision 'publish'"),
        ({"a": "approve", "b": "reject"}, "b", "was changed since the export"),
    ],
)
def test_apply_changes_nothing_when_any_row_is_wrong(tmp_path, decisions, edit, message):
    write_comment(tmp_path, "a")
    write_comment(tmp_path, "b")
    comments, texts, _paths = load_folder(tmp_path)
    export = export_to(tmp_path, comments, "json")
    rows = json.loads(export.read_text(encoding="utf-8"))
    if "zzz" in decisions:
        rows.append({"id": "zzz", "fingerprint": "0", "decision": "approve"})
    for row in rows:
        row["decision"] = decisions.get(row["id"], "")
    export.write_text(json.dumps(rows), encoding="utf-8")
    if edit:
        (tmp_path / f"{edit}.md").write_text(texts[edit] + "Nachtrag\n", encoding="utf-8")
    before = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.md")}
    comments, texts, _paths = load_folder(tmp_path)
    changes, problems = plan_changes(read_decisions(str(export)), comments, texts, str(export))
    assert any(message in p for p in problems), problems
    assert problems[0].startswith(f"{export}:")
    # the command applies nothing when there are problems; the files are as before
    assert {p.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*.md")} == before


def test_with_status_works_for_both_front_matter_styles():
    assert (
        with_status("---\nstatus: pending\n---\nstatus: pending\n", "spam")
        == "---\nstatus: spam\n---\nstatus: pending\n"
    )
    assert with_status("Status: pending\r\nAuthor: A\r\n\r\nx", "approved") == "Status: approved\r\nAuthor: A\r\n\r\nx"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    decisions=st.lists(st.sampled_from(["", "approve", "reject", "spam", "Approve", " spam "]), min_size=1, max_size=8),
    kind=st.sampled_from(["csv", "json"]),
)
def test_round_trip_loses_and_duplicates_nothing(tmp_path_factory, decisions, kind):
    folder = tmp_path_factory.mktemp("roundtrip")
    for number in range(len(decisions)):
        write_comment(folder, f"c{number}", body=f"=Text {number} mit Ümlaut", author=f"-Autor {number}")
    write_comment(folder, "already", status="approved")
    comments, texts, paths = load_folder(folder)
    export = export_to(folder, comments, kind)
    wanted = {f"c{n}": d for n, d in enumerate(decisions)}
    set_decisions(export, wanted)
    changes, problems = plan_changes(read_decisions(str(export)), comments, texts, str(export))
    assert problems == []
    apply_changes(changes, paths)
    after, after_texts, _paths = load_folder(folder)
    assert sorted(c.id for c in after) == sorted(c.id for c in comments)  # nothing lost, nothing added
    expected = {"": "pending", "approve": "approved", "reject": "rejected", "spam": "spam"}
    for comment in after:
        if comment.id in wanted:
            assert comment.status == expected[wanted[comment.id].strip().lower()]
            assert comment.body == f"=Text {comment.id[1:]} mit Ümlaut"
            assert comment.author == f"-Autor {comment.id[1:]}"
    assert next(c for c in after if c.id == "already").status == "approved"
    assert len(list(folder.glob("*.md"))) == len(decisions) + 1


# ---------- WordPress import ----------

SITE_POSTS = [
    PostRef("de", "persoenlicher-kontakt-unterscheidungsmerkmal", "Der persönliche Kontakt als Unterscheidungsmerkmal"),
    PostRef("de", "warum-kommunikationstraining", "Warum Kommunikationstraining für Vertriebsteams unverzichtbar ist"),
    PostRef("en", "ai-in-sales", "AI in Sales"),
]


def test_wxr_maps_statuses_parents_and_skips_pingbacks_and_trash():
    plan = plan_import(parse_wxr(WXR.read_text(encoding="utf-8")), SITE_POSTS, set(), BERLIN)
    assert sorted(plan.files) == [
        "persoenlicher-kontakt-unterscheidungsmerkmal/wp-501.md",
        "persoenlicher-kontakt-unterscheidungsmerkmal/wp-502.md",
        "persoenlicher-kontakt-unterscheidungsmerkmal/wp-503.md",
        "persoenlicher-kontakt-unterscheidungsmerkmal/wp-504.md",
        "warum-kommunikationstraining/wp-601.md",
    ]
    assert plan.counts == {"approved": 3, "pending": 1, "spam": 1}
    assert plan.skipped == {"pingback": 1, "trash": 1}
    assert plan.unmatched == [("alter-beitrag-2014", "Ein Beitrag, den es nicht mehr gibt", 1)]
    loaded = load_comments(
        [(f"content/comments/{k}", v) for k, v in plan.files.items()], languages=LANGS, timezone=BERLIN
    )
    assert loaded.errors == ()
    by_id = {c.id: c for c in loaded.comments}
    assert by_id["wp-502"].reply_to == "wp-501"
    assert by_id["wp-501"].website == "https://lindner-consulting.example"
    assert (
        by_id["wp-501"].body
        == "Sehr **treffend** beschrieben! Mehr bei [mir](https://lindner-consulting.example/blog)."
    )
    assert by_id["wp-501"].date == dt.datetime(2021, 1, 6, 9, 15, tzinfo=BERLIN)
    assert by_id["wp-503"].date == dt.datetime(2021, 1, 7, 10, 0, tzinfo=BERLIN)  # no GMT date: local time
    assert (by_id["wp-503"].status, by_id["wp-504"].status) == ("pending", "spam")
    assert by_id["wp-601"].article == "warum-kommunikationstraining"  # matched by title
    assert "<script>" not in render_comment(by_id["wp-503"].body)
    assert check_references(loaded.comments, {"de": {p.slug for p in SITE_POSTS}}) == []


def test_wxr_second_run_creates_no_duplicates():
    posts = parse_wxr(WXR.read_text(encoding="utf-8"))
    first = plan_import(posts, SITE_POSTS, set(), BERLIN)
    existing = {Path(name).stem for name in first.files}
    second = plan_import(posts, SITE_POSTS, existing, BERLIN)
    assert second.files == {}
    assert second.skipped["already imported"] == 5


def test_wxr_refuses_entities_and_non_xml():
    with pytest.raises(WxrError):
        parse_wxr('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel/></rss>')
    with pytest.raises(WxrError):
        parse_wxr("<rss><channel>")


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        ("a<br />b", "a  \nb"),
        ("<em>x</em> <b>y</b>", "*x* **y**"),
        ('<a href="javascript:x">t</a>', "t"),
        ("<blockquote>q</blockquote>\n\nok", "> q\n\nok"),
        ("&lt;script&gt; &amp;", "&lt;script> &"),
        # WordPress's line breaks: a single newline is <br>, a blank line a new paragraph
        ("erste Zeile\nzweite Zeile", "erste Zeile  \nzweite Zeile"),
        ("Absatz\n\nnoch einer", "Absatz\n\nnoch einer"),
        ("\tMit Tab eingerückt\n\tund weiter", "Mit Tab eingerückt  \nund weiter"),
        ('<blockquote cite="https://x.example/"><p>Zitat</p></blockquote>\nAntwort', "> Zitat\n\nAntwort"),
        (
            "<ul>\n\t<li>eins\n<ul>\n\t<li>unter</li>\n</ul>\n</li>\n\t<li>zwei</li>\n</ul>",
            "-   eins\n    -   unter\n-   zwei",
        ),
        ("# kein Titel\n1. keine Liste *kein* [Link]", "\\# kein Titel  \n1\\. keine Liste \\*kein\\* \\[Link\\]"),
    ],
)
def test_wordpress_html_becomes_markdown(html, markdown):
    assert wordpress_markdown(html) == markdown


def test_wxr_lists_every_comment_it_leaves_out_with_the_reason():
    plan = plan_import(parse_wxr(WXR.read_text(encoding="utf-8")), SITE_POSTS, set(), BERLIN)
    reasons = {item.comments: item.reason for item in plan.left_out}
    assert reasons[("505",)] == "in the WordPress trash"
    assert reasons[("506",)] == "a pingback, not a comment"
    assert "no post of the site" in reasons[("701",)]
    assert reasons[("801",)] == "on a WordPress page, and this site has comments on posts only"
    assert len(plan.left_out) == 4


def test_wxr_a_slug_in_both_languages_is_ambiguous_unless_a_language_is_chosen():
    both = [*SITE_POSTS, PostRef("en", "persoenlicher-kontakt-unterscheidungsmerkmal", "Personal contact")]
    posts = parse_wxr(WXR.read_text(encoding="utf-8"))
    plan = plan_import(posts, both, set(), BERLIN)
    assert not any(name.startswith("persoenlicher-kontakt") for name in plan.files)
    ambiguous = next(item for item in plan.left_out if item.slug == "persoenlicher-kontakt-unterscheidungsmerkmal")
    assert ambiguous.comments == ("501", "502", "503", "504", "505", "506")
    assert "de, en" in ambiguous.reason and "--lang de or --lang en" in ambiguous.reason
    for lang in ("de", "en"):
        chosen = plan_import(posts, both, set(), BERLIN, lang=lang)
        loaded = load_comments(
            [(f"content/comments/{k}", v) for k, v in chosen.files.items()], languages=LANGS, timezone=BERLIN
        )
        assert {c.lang for c in loaded.comments if c.article.startswith("persoenlicher")} == {lang}
