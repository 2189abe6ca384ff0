"""The shared pieces in ``plugins/sitecore`` (pure): tables of inputs and outputs."""

from __future__ import annotations

import json
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from jinja2 import DictLoader, Environment

from sitecore import shared_keys
from sitecore.cycles import on_parent_cycles, parent_cycles
from sitecore.dates import site_timezone
from sitecore.files import markdown_files
from sitecore.languages import is_first_language_run, languages_from_settings
from sitecore.problems import _display_path
from sitecore.templates import json_ld, rendered_once
from sitecore.urls import LOOSE_WEB_URL
from sitecore.yaml_nodes import NodeReader, invalid_yaml, mapping_value, node_line

LANGUAGES = {"de": {"name": "Deutsch"}, "en": {"name": "English", "paths": {"blog": "blog"}}}


@pytest.mark.parametrize(
    ("parent_of", "cycles"),
    [
        ({}, []),
        ({"a": "b", "b": "c"}, []),  # a chain ending at a name without parent
        ({"a": "a"}, [["a"]]),
        ({"a": "b", "b": "a"}, [["a", "b"]]),
        ({"x": "a", "a": "b", "b": "a"}, [["a", "b"]]),  # x only leads into the loop
        ({"b": "a", "a": "b", "c": "d", "d": "e", "e": "c"}, [["b", "a"], ["c", "d", "e"]]),
        ({"a": "missing"}, []),
    ],
)
def test_parent_cycles_names_each_loop_once_from_its_first_member(parent_of, cycles):
    assert parent_cycles(parent_of) == cycles
    assert on_parent_cycles(parent_of) == {name for cycle in cycles for name in cycle}


def test_markdown_files_are_sorted_and_skip_hidden_and_other_files(tmp_path):
    for name in ("b.md", "a.markdown", ".#a.md", "c.txt", "sub/z.mkd", "sub/y.mdown", "a/x.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [os.path.relpath(path, tmp_path) for path in markdown_files(str(tmp_path))]
    assert found == ["a.markdown", "b.md", "a/x.md", "sub/y.mdown", "sub/z.mkd"]
    assert list(markdown_files(str(tmp_path / "missing"))) == []


def test_languages_are_read_once_per_settings_and_callers_get_their_own_list():
    settings = {"LANGUAGES": LANGUAGES, "DEFAULT_LANG": "en"}
    first = languages_from_settings(settings)
    assert [(lang.code, lang.prefix) for lang in first] == [("de", ""), ("en", "en/")]
    first.pop()
    second = languages_from_settings(settings)
    assert len(second) == 2 and second[0] is first[0]  # the same values, read once
    other = languages_from_settings({"LANGUAGES": {"en": {"name": "English"}}})
    assert [(lang.code, lang.prefix) for lang in other] == [("en", "")]


@pytest.mark.parametrize(("default_lang", "first"), [("de", True), ("en", False)])
def test_only_the_first_languages_run_reports_shared_files(default_lang, first):
    assert is_first_language_run({"LANGUAGES": LANGUAGES, "DEFAULT_LANG": default_lang}) is first


@pytest.mark.parametrize(
    ("settings", "zone"),
    [({"TIMEZONE": "Europe/Berlin"}, "Europe/Berlin"), ({"TIMEZONE": "UTC"}, "UTC"), ({}, "Europe/Berlin")],
)
def test_site_timezone(settings, zone):
    assert site_timezone(settings) == ZoneInfo(zone)


def test_json_ld_sorts_keys_escapes_script_ends_and_indents_only_when_asked():
    data = {"name": "</script><!-- ä & b", "@type": "Event"}
    line, indented = json_ld(data), json_ld(data, indent=2)
    assert "\n" not in line and "\n  " in indented
    assert line.index("@type") < line.index("name")
    for text in (line, indented):
        assert "<" not in text and ">" not in text and "&" not in text and "ä" in text
        assert json.loads(text) == data


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org", True),
        ("HTTP://x", True),
        ("https://a b", False),
        ("ftp://x", False),
        ("https://", False),
    ],
)
def test_loose_web_url(url, ok):
    assert bool(LOOSE_WEB_URL.match(url)) is ok


@pytest.mark.parametrize(
    ("text", "line", "start"),
    [
        ("a: [1,\n", 2, "the file is not valid YAML: expected the node content"),
        ("a: \x07\n", None, "the file is not valid YAML: unacceptable character"),
    ],
)
def test_invalid_yaml_names_the_line_when_yaml_knows_it(text, line, start):
    with pytest.raises(yaml.YAMLError) as raised:
        yaml.compose(text)
    problem = invalid_yaml("data.yml", raised.value, "the file")
    assert (problem.path, problem.line, problem.hint) == ("data.yml", line, "check indentation and colons")
    assert problem.message.startswith(start)


def test_node_reader_keeps_known_fields_and_reports_unknown_ones_at_their_line():
    body = yaml.compose("name: A\nnmae: B\nother: C\n")
    reader = NodeReader("data.yml", ["de"])
    fields = reader.known_fields(body, ("name", "role"), "author 'a'")
    assert list(fields) == ["name"] and node_line(fields["name"]) == 1
    assert [(p.line, p.message, p.hint) for p in reader.problems] == [
        (2, "unknown field 'nmae' in author 'a'", "did you mean 'name'?"),
        (3, "unknown field 'other' in author 'a'", "known fields: name, role"),
    ]
    assert mapping_value(body, "other").value == "C" and mapping_value(body, "role") is None


def test_every_shared_key_is_in_the_architecture_table():
    table = (Path(__file__).resolve().parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = table.split("## Keys between the parts", 1)[1].split("\n## ", 1)[0]
    keys = [value for name, value in vars(shared_keys).items() if name.isupper()]
    assert len(keys) >= 8
    assert [key for key in keys if f"| `{key}` |" not in section] == []


def test_rendered_once_keeps_each_objects_html_until_it_is_forgotten():
    class Post:
        def __init__(self, title):
            self.title = title

    env = Environment(loader=DictLoader({"teaser.html": "<p>{{ post.title }}</p>"}), autoescape=True)
    teaser = env.globals["teaser"] = rendered_once("teaser.html", "post")
    page = env.from_string("{{ teaser(a) }}{{ teaser(b) }}")
    a, b = Post("A"), Post("B")
    assert page.render(a=a, b=b) == "<p>A</p><p>B</p>" and teaser.known(a) == "<p>A</p>"
    a.title, b.title = "A2", "<B2>"
    assert page.render(a=a, b=b) == "<p>A</p><p>B</p>"  # kept: rendered once
    teaser.forget([b, Post("unknown")])
    assert teaser.known(b) is None and teaser.known(a) == "<p>A</p>"
    assert page.render(a=a, b=b) == "<p>A</p><p>&lt;B2&gt;</p>"
    teaser.forget()
    assert page.render(a=a, b=b) == "<p>A2</p><p>&lt;B2&gt;</p>"


@pytest.mark.parametrize(
    ("cwd", "path", "shown"),
    [
        ("/work/site", "/work/site/content/de/posts/a.md", "content/de/posts/a.md"),
        ("/work/site", "content/de/../de/posts/a.md", "content/de/posts/a.md"),  # relative to cwd, normalised
        ("/work/site", "/work/site", "."),
        ("/work/site", "/work/site-2/content/a.md", "/work/site-2/content/a.md"),  # a sibling, not below
        ("/work/site", "/tmp/content/a.md", "/tmp/content/a.md"),
        ("/", "/tmp/content/a.md", "tmp/content/a.md"),
    ],
)
def test_a_file_is_named_from_the_working_folder_as_relpath_would(cwd, path, shown):
    """Problems name a file relative to the working folder when it lies below it, else in full:
    what ``os.path.relpath`` says, without its cost (6,000 names in a build's start at N=2000)."""
    assert _display_path(path, cwd) == shown
    absolute = os.path.normpath(os.path.join(cwd, path))
    relative = os.path.relpath(absolute, cwd)
    assert shown == (absolute if relative.startswith("..") else relative)
