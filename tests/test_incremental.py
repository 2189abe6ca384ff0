"""The preview's incremental rebuild: what it decides, and that it renders only what changed."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from sitebuild.incremental import Plan, Snapshot, plan, quick_plan, reading_inputs_changed
from sitebuild.kept_site import KeptSites
from sitetest import REPO, build_into, tree_differences, write_content

POSTS = {"/c/de/posts/a.md": ("de", "de/posts/a.md"), "/c/en/posts/b.md": ("en", "en/posts/b.md")}
BEFORE = Snapshot(
    {"/c/de/posts/a.md": [10, 1], "/c/en/posts/b.md": [10, 1], "/c/taxonomy.yml": [5, 1]},
    {"/c/de/posts/a.md": "f1", "/c/en/posts/b.md": "f2"},
)


def changed(files=None, front_matter=None) -> Snapshot:
    return Snapshot({**BEFORE.files, **(files or {})}, {**BEFORE.front_matter, **(front_matter or {})})


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [
        (None, BEFORE, None),
        (BEFORE, BEFORE, {}),
        (BEFORE, changed({"/c/de/posts/a.md": [12, 2]}), {"de": ["de/posts/a.md"]}),
        (BEFORE, changed({"/c/de/posts/a.md": [12, 2]}, {"/c/de/posts/a.md": "f9"}), None),
        (BEFORE, changed({"/c/taxonomy.yml": [6, 2]}), None),
        (BEFORE, Snapshot({**BEFORE.files, "/c/de/posts/new.md": [1, 1]}, BEFORE.front_matter), None),
    ],
    ids=["first build", "nothing changed", "a post's text", "a post's front matter", "the vocabulary", "a new post"],
)
def test_plan(previous, current, expected):
    assert plan(previous, current, POSTS) == Plan(expected)


@pytest.mark.parametrize(
    ("previous", "added", "expected"),
    [
        (None, {"/c/assets/new.svg": [1, 1]}, False),
        (BEFORE, {}, False),
        (BEFORE, {"/c/de/posts/new.md": [1, 1]}, False),
        (BEFORE, {"/c/assets/new.svg": [1, 1]}, True),
    ],
    ids=["no snapshot", "nothing added", "a new post", "a new image"],
)
def test_the_content_cache_goes_when_a_file_a_reader_may_look_for_comes_or_goes(previous, added, expected):
    assert reading_inputs_changed(previous, Snapshot({**BEFORE.files, **added}, BEFORE.front_matter)) is expected


ENTRY_A = ["de/posts/a.md", "post", "de", "a", "a", "A", "published", "f1", 1, 1, ["Jo"], []]


@pytest.mark.parametrize(
    ("heard", "entry_now", "expected"),
    [
        ({"de/posts/a.md"}, ENTRY_A, {"de": ["de/posts/a.md"]}),
        ({"de/posts/a.md", "de/posts/.a.md.swp"}, (*ENTRY_A[:10], ("Jo",), ()), {"de": ["de/posts/a.md"]}),
        ({"de/posts/a.md"}, [*ENTRY_A[:7], "f9", *ENTRY_A[8:]], {"de": ["de/posts/a.md"]}),
        ({"de/posts/a.md"}, [*ENTRY_A[:5], "B", *ENTRY_A[6:7], "f9", *ENTRY_A[8:]], {"de": ["de/posts/a.md"]}),
        ({"de/posts/a.md"}, [*ENTRY_A[:3], "b", *ENTRY_A[4:7], "f9", *ENTRY_A[8:]], None),
        ({"de/posts/a.md"}, [*ENTRY_A[:10], ["Jo", "Ann"], []], None),
        ({"de/posts/a.md", "taxonomy.yml"}, ENTRY_A, None),
        ({"de/posts/new.md"}, ENTRY_A, None),
        ({"de/posts/.a.md.swp"}, ENTRY_A, None),
    ],
    ids=[
        "a post's text",
        "and a swap file",
        "its front matter",
        "its title",
        "its address",
        "its authors",
        "and the vocabulary",
        "a new post",
        "no source",
    ],
)
def test_a_quick_plan_from_what_the_watcher_heard(tmp_path, heard, entry_now, expected):
    for name in ("de/posts/a.md", "de/posts/new.md", "taxonomy.yml"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("a body that changed", encoding="utf-8")
    post, vocabulary = str(tmp_path / "de/posts/a.md"), str(tmp_path / "taxonomy.yml")
    stored = Snapshot({post: [1, 1], vocabulary: [1, 1]}, {post: "f1"}, {post: ENTRY_A})
    quick = quick_plan(stored, {str(tmp_path / name) for name in heard}, lambda path: list(entry_now))
    assert (quick[0].changed_posts if quick else None) == expected
    if quick:  # the snapshot has the post's new stamp and entry, the rest as it was
        assert quick[1].files == {post: [19, os.stat(post).st_mtime_ns], vocabulary: [1, 1]}
        front_matter_changed = entry_now[7] != "f1"
        assert quick[1].entries == {post: list(entry_now) if front_matter_changed else ENTRY_A}
        assert quick[1].front_matter == {post: entry_now[7]}
        assert quick[0].listed == ({"de": {"de/posts/a.md": list(entry_now)}} if front_matter_changed else {})


POST = "Title: {title}\nDate: 2024-05-17 09:30\nTags: Vertrieb\nSlug: eins\n\n{body}\n"


OPENING = " ".join(["Einleitung"] * 120)  # more words than an automatic summary takes


def test_editing_a_post_body_rewrites_only_that_post(tmp_path):
    content = write_content(
        tmp_path,
        {
            "de/posts/eins.md": POST.format(title="Eins", body=f"{OPENING}\n\nErster Schluss."),
            "de/posts/zwei.md": POST.format(title="Zwei", body="Zweiter Text.").replace("Slug: eins", "Slug: zwei"),
        },
    )
    output = tmp_path / "output"
    first = build_into(output, PATH=str(content), INCREMENTAL=True)
    assert first.report.ok and "search index" in first.report.timings
    untouched = {p: p.stat().st_mtime_ns for p in (output / "index.html", output / "blog/zwei/index.html")}
    time.sleep(0.01)
    (content / "de/posts/eins.md").write_text(
        POST.format(title="Eins", body=f"{OPENING}\n\nNeuer Schluss."), encoding="utf-8"
    )
    second = build_into(output, PATH=str(content), INCREMENTAL=True)
    assert second.report.ok
    assert "Neuer Schluss." in second.text("/blog/eins/")
    assert {p: p.stat().st_mtime_ns for p in untouched} == untouched
    assert "search index" in second.report.timings  # its language is indexed again
    # a new title changes listings too: the whole site is built again
    (content / "de/posts/eins.md").write_text(
        POST.format(title="Eins neu", body=f"{OPENING}\n\nNeuer Schluss."), encoding="utf-8"
    )
    third = build_into(output, PATH=str(content), INCREMENTAL=True)
    assert "Eins neu" in third.text("/")
    assert "search index" in third.report.timings


def test_editing_the_opening_of_a_post_without_summary_updates_the_listings(tmp_path):
    content = write_content(tmp_path, {"de/posts/eins.md": POST.format(title="Eins", body="Erster Satz.")})
    output = tmp_path / "output"
    build_into(output, PATH=str(content), INCREMENTAL=True)
    (content / "de/posts/eins.md").write_text(POST.format(title="Eins", body="Ganz neuer Satz."), encoding="utf-8")
    rebuilt = build_into(output, PATH=str(content), INCREMENTAL=True)
    assert "Ganz neuer Satz." in rebuilt.soup("/").select_one(".teaser__summary").get_text()
    assert "search index" in rebuilt.report.timings  # the search index is current, too


def test_a_normal_build_forgets_the_preview_snapshot(tmp_path):
    content = write_content(tmp_path, {"de/posts/eins.md": POST.format(title="Eins", body="Text.")})
    output = tmp_path / "output"
    build_into(output, PATH=str(content), INCREMENTAL=True)
    assert os.path.exists(tmp_path / "cache" / "last-build.json")
    build_into(output, PATH=str(content))
    assert not os.path.exists(tmp_path / "cache" / "last-build.json")


def test_a_settings_change_does_not_serve_posts_from_the_old_content_cache(tmp_path):
    content = write_content(tmp_path, {"de/posts/eins.md": POST.format(title="Eins", body="## Abschnitt\n\nText.")})
    settings = tmp_path / "settings.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(REPO)!r})\nfrom pelicanconf import *\n", encoding="utf-8")
    first = build_into(tmp_path / "output", settings, PATH=str(content), INCREMENTAL=True)
    assert first.report.ok, first.report.errors
    assert first.soup("/blog/eins/").select_one("h2#abschnitt a.headerlink") is None
    time.sleep(0.01)
    with settings.open("a", encoding="utf-8") as handle:  # heading links on: every post's HTML changes
        handle.write(
            'MARKDOWN = {**MARKDOWN, "extension_configs": {**MARKDOWN["extension_configs"],'
            ' "markdown.extensions.toc": {"permalink": True}}}\n'
        )
    second = build_into(tmp_path / "output", settings, PATH=str(content), INCREMENTAL=True)
    assert second.report.ok, second.report.errors
    assert second.soup("/blog/eins/").select_one("h2#abschnitt a.headerlink") is not None


def replace_in(path: Path, old: str, new: str) -> None:
    """Edit *path* as an author would: *old* (which must be there) becomes *new*."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


NEW_COMMENT = """---
article: warum-kommunikationstraining
author: Petra Neu
email: petra@example.org
date: 2026-11-20 10:00:00 +0100
status: approved
---
Ein neuer Kommentar, erst nach dem letzten Build gespeichert.
"""


def edit_text(content: Path, theme: Path) -> None:
    replace_in(content / "de/posts/ki-im-vertrieb.md", "teilweise. Und", "teilweise, sagen wir. Und")


def add_callout_and_image(content: Path, theme: Path) -> None:
    """A text edit that the handlers of a body after reading change: an offer's callout and a
    raster image (its copies)."""
    replace_in(
        content / "de/posts/ki-im-vertrieb.md",
        "wird enttäuscht.",
        "wird enttäuscht.\n\n!!! offer kommunikationstraining-vertrieb\n    Ein Training dazu.\n\n"
        "![Farben](/assets/images/farbflaechen.jpg)",
    )


def edit_english_text(content: Path, theme: Path) -> None:
    replace_in(content / "en/posts/ai-in-sales.md", "will be disappointed.", "will be disappointed, sooner or later.")


def edit_english_text_again(content: Path, theme: Path) -> None:
    replace_in(content / "en/posts/ai-in-sales.md", "sooner or later.", "sooner rather than later.")


def edit_english_title(content: Path, theme: Path) -> None:
    """A front-matter edit of the kept language: a post with a translation gets a new title."""
    replace_in(content / "en/posts/ai-in-sales.md", "Title: Artificial", "Title: Clever artificial")


def move_english_post(content: Path, theme: Path) -> None:
    """Its date moves it past other posts: the listings, archives and neighbours change."""
    replace_in(content / "en/posts/golden-mean-video-calls.md", "Date: 2021-03-18 09:30", "Date: 2020-01-02 09:00")


def edit_english_tags_and_summary(content: Path, theme: Path) -> None:
    """Its topics change (topic pages, counts, related posts) and so does its summary."""
    replace_in(content / "en/posts/ai-in-sales.md", "Tags: Artificial Intelligence, AI, Sales", "Tags: Leadership")
    replace_in(content / "en/posts/ai-in-sales.md", "Summary: Text generators", "Summary: Chat bots")


def edit_front_matter(content: Path, theme: Path) -> None:
    replace_in(content / "de/posts/ki-im-vertrieb.md", "Title: Künstliche", "Title: Neue künstliche")


def add_comment(content: Path, theme: Path) -> None:
    (content / "comments/warum-kommunikationstraining").mkdir(exist_ok=True)
    (content / "comments/warum-kommunikationstraining/2026-11-20-petra.md").write_text(NEW_COMMENT, encoding="utf-8")


def change_offer_date(content: Path, theme: Path) -> None:
    replace_in(content / "de/offers/kommunikationstraining-vertrieb.md", "2027-03-09 09:00", "2027-03-16 09:00")
    replace_in(content / "de/offers/kommunikationstraining-vertrieb.md", "2027-03-10 17:00", "2027-03-17 17:00")


def change_vocabulary(content: Path, theme: Path) -> None:
    replace_in(content / "taxonomy.yml", "face to face and online.", "face to face, online and on the phone.")


def change_template(content: Path, theme: Path) -> None:
    replace_in(theme / "templates/base.html", "</body>", "<!-- changed template --></body>")


def delete_post(content: Path, theme: Path) -> None:
    (content / "de/posts/mensch-und-maschine-im-vertrieb.md").unlink()


def rename_post(content: Path, theme: Path) -> None:
    old = content / "de/posts/persoenlicher-kontakt-unterscheidungsmerkmal.md"
    replace_in(old, "slug: persoenlicher-kontakt-unterscheidungsmerkmal", "slug: persoenlicher-kontakt")
    old.rename(content / "de/posts/persoenlicher-kontakt.md")


def add_named_image(content: Path, theme: Path) -> None:
    shutil.copy(content / "assets/images/ki-vertrieb.svg", content / "assets/images/neu.svg")


EDITS = [
    add_named_image,
    edit_text,
    add_callout_and_image,
    edit_english_text,
    edit_english_text_again,
    edit_english_title,
    move_english_post,
    edit_english_tags_and_summary,
    edit_front_matter,
    add_comment,
    change_offer_date,
    change_vocabulary,
    change_template,
    delete_post,
    rename_post,
]


# Edits of posts (their bodies, or what listings show of them) whose language's site model
# the preview keeps (the language edited last; at first the first language): applied to the
# model, no run of Pelican.
KEPT_MODEL_EDITS = {
    "edit_text",
    "add_callout_and_image",
    "edit_english_text_again",
    "edit_english_title",
    "move_english_post",
    "edit_english_tags_and_summary",
}


def stamps(*roots: Path) -> dict[str, int]:
    """Every file below *roots* and its modification time."""
    return {str(path): path.stat().st_mtime_ns for root in roots for path in root.rglob("*") if path.is_file()}


def test_every_kind_of_edit_gives_the_site_of_a_cold_build(tmp_path):
    """After each kind of edit, the preview's rebuild and a repeated `make html` (over the site
    it replaced, with the readings it kept) leave the very bytes a cold build (empty output, no
    cache) makes of the same sources, file for file; and `make html` says the same warnings.
    The preview keeps a site model and is told which files changed, as ``make devserver`` is by
    its watcher."""
    content, theme = tmp_path / "content", tmp_path / "theme"
    shutil.copytree(REPO / "content", content)
    shutil.copytree(REPO / "theme", theme)
    replace_in(content / "de/posts/ki-im-vertrieb.md", "ki-vertrieb.svg", "neu.svg")  # until add_named_image
    settings = {"PATH": str(content), "THEME": str(theme), "TRAINING_OFFERS_TODAY": "2026-11-22"}
    warnings = {}

    def build(output: Path, **more) -> Path:
        site = build_into(output, CACHE_PATH=str(output.parent / "cache"), **settings, **more)
        assert site.report.ok, site.report.errors
        warnings[output] = sorted(site.report.warnings)
        return output

    preview, repeat = tmp_path / "preview" / "output", tmp_path / "repeat" / "output"
    kept = KeptSites()
    build(preview, INCREMENTAL=True, KEPT=kept)
    assert kept.get("de") is not None  # prepared after the whole build, for the first text edit
    first = warnings[build(repeat)]
    assert any("the image '/assets/images/neu.svg' does not exist" in warning for warning in first)
    assert warnings[build(repeat)] == first  # from now on the site it replaced is recycled, its readings kept
    differences, said, from_kept_model = {}, {}, set()
    for number, edit in enumerate(EDITS):
        time.sleep(0.01)  # a new modification time
        before = stamps(content, theme)
        edit(content, theme)
        after = stamps(content, theme)
        changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
        cold = build(tmp_path / f"cold-{number}" / "output")
        rebuilt = build_into(
            preview, CACHE_PATH=str(preview.parent / "cache"), **settings, INCREMENTAL=True, KEPT=kept, CHANGED=changed
        )
        assert rebuilt.report.ok, rebuilt.report.errors
        differences[edit.__name__] = tree_differences(preview, cold)
        if "kept site" in rebuilt.report.timings:
            from_kept_model.add(edit.__name__)
        differences[f"make html after {edit.__name__}"] = tree_differences(build(repeat), cold)
        said[edit.__name__] = (warnings[repeat], warnings[cold])
        shutil.rmtree(cold.parent)
    assert {edit: paths for edit, paths in differences.items() if paths} == {}
    assert {edit: pair for edit, pair in said.items() if pair[0] != pair[1]} == {}
    assert not any("neu.svg" in warning for warning in warnings[repeat])  # the added image is found
    assert from_kept_model == KEPT_MODEL_EDITS
