"""The documentation by audience: a short README that names every make target, links that lead
somewhere, and the author guide that the front-matter error hint points to."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from content_reader.metadata import NATIVE_KEYS

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)|(?:src|href)=\"([^\"]+)\"")


def make_targets() -> set[str]:
    """Every target of the Makefile's .PHONY lines: the commands a user runs."""
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return {name for line in re.findall(r"^\.PHONY:(.*)$", text, re.M) for name in line.split()}


def anchors(path: Path) -> set[str]:
    """The heading anchors GitHub makes: lower case, punctuation out, spaces to hyphens."""
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    headings = re.findall(r"^#{1,6} (.+)$", text, re.M)
    return {re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-") for heading in headings}


def test_the_readme_is_short_and_its_command_table_names_every_make_target():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode()) < 8_000
    table = "\n".join(line for line in readme.splitlines() if line.startswith("| `make "))
    named = set(re.findall(r"`make ([a-z-]+)", table))
    assert make_targets() - named == set()  # a target added to the Makefile needs its line
    assert named - make_targets() == set()


@pytest.mark.parametrize("doc", DOCS, ids=lambda path: path.name)
def test_relative_links_lead_to_files_and_headings_that_exist(doc):
    text = doc.read_text(encoding="utf-8")
    for link in [a or b for a, b in LINK.findall(text)]:
        if re.match(r"[a-z]+:|//", link) or link.startswith("/"):
            continue  # web addresses and paths of the built site
        target, _, anchor = link.partition("#")
        path = (doc.parent / target).resolve() if target else doc
        assert path.exists(), (doc.name, link)
        if anchor and path.suffix == ".md":
            assert anchor in anchors(path), (doc.name, link)


def test_the_author_guide_names_every_front_matter_key_the_error_hint_points_to():
    guide = (ROOT / "docs" / "autorinnen.md").read_text(encoding="utf-8")
    missing = sorted(key for key in NATIVE_KEYS if f"`{key}`" not in guide)
    assert missing == []


def parts_rows() -> list[str]:
    """The first cells of the "Parts and owners" table of docs/architecture.md."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Parts and owners", 1)[1].split("\n## ", 1)[0]
    lines = section.splitlines()
    stray = [line for line in lines if line.strip() and not line.startswith(("|", "<!--"))]
    assert stray[1:] == [], f"the table is broken by prose: {stray[1:3]}"  # stray[0]: the line before the table
    return [line.split("|")[1].strip() for line in lines if line.startswith("| ")]


def test_the_architecture_page_has_a_row_for_every_plugin_and_every_package():
    rows = parts_rows()
    plugins = {path.parent.name for path in (ROOT / "plugins").glob("*/__init__.py")}
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")}
    missing = [f"plugins/{name}/" for name in sorted(plugins) if not any(f"`plugins/{name}/`" in row for row in rows)]
    missing += [f"{name}/" for name in sorted(packages) if not any(row.startswith(f"`{name}/`") for row in rows)]
    assert missing == [], "docs/architecture.md, Parts and owners: no row for " + ", ".join(missing)


def test_the_architecture_page_names_every_module_and_room_of_the_intake_in_its_rows():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = "\n".join(line for line in text.splitlines() if line.startswith("| `intake/"))
    modules = sorted(path.name for path in (ROOT / "intake").glob("*.py") if path.name != "__init__.py")
    assert [name for name in modules if f"`{name}`" not in rows] == []
    rooms = sorted(path.parent.name for path in (ROOT / "intake").glob("*/__init__.py"))
    assert rooms and [room for room in rooms if f"| `intake/{room}/` |" not in text] == []
