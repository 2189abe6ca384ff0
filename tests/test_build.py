"""The build as authors and CI meet it: tiny sites, bad input, strict builds, the CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from bs4 import BeautifulSoup

from sitetest import REPO, tree_differences, write_content

POST = """\
Title: Vertrieb heute
Date: 2024-05-17 09:30
Tags: Vertrieb, Kommunikation
Translation_Key: sales-today

Text des Beitrags.
"""
POST_EN = """\
---
title: "Selling today"
date: 2024-05-18 10:00:00 +0100
tags: Sales Communication
translation_key: sales-today
slug: selling-today
---
Text of the post.
"""


def test_tiny_bilingual_site_links_translations_with_different_slugs(build_site):
    site = build_site({"de/posts/vertrieb.md": POST, "en/posts/selling.md": POST_EN})
    assert site.report.ok, site.report.errors
    german = site.soup("/blog/vertrieb-heute/")
    assert german.select_one(".lang-switch a")["href"] == "/en/blog/selling-today/"
    assert site.soup("/en/blog/selling-today/").select_one(".lang-switch a")["href"] == "/blog/vertrieb-heute/"
    assert [a.get_text() for a in site.soup("/en/blog/selling-today/").select(".tags a")] == ["Sales", "Communication"]


def test_lang_in_front_matter_overrides_the_folder(build_site):
    moved = POST_EN.replace("slug: selling-today", "slug: selling-today\nlang: en")
    site = build_site({"de/posts/vertrieb.md": POST, "de/posts/english.md": moved})
    assert site.report.ok, site.report.errors
    assert site.soup("/en/blog/selling-today/").html["lang"] == "en"
    assert not site.exists("/blog/selling-today/")


def test_broken_front_matter_fails_naming_file_and_line(build_site, tmp_path):
    broken = "---\ntitle: Kaputt\ndate: 05.01.2021\n---\nText\n"
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "keep.txt").write_text("previous good build")
    site = build_site({"de/posts/ok.md": POST, "de/posts/kaputt.md": broken})
    assert not site.report.ok
    assert any("content/de/posts/kaputt.md:3: the date '05.01.2021' cannot be read" in e for e in site.report.errors)
    # the previous output stays untouched, nothing half-written appears
    assert (tmp_path / "output" / "keep.txt").read_text() == "previous good build"
    assert not (tmp_path / "output.partial").exists()


def test_duplicate_slugs_in_one_language_fail(build_site):
    site = build_site({"de/posts/a.md": POST, "de/posts/b.md": POST.replace("sales-today", "other")})
    assert any(
        "de/posts/b.md:1: the slug 'vertrieb-heute' is already used by" in e
        and e.endswith("de/posts/a.md (give one of them another `slug:`)")
        for e in site.report.errors
    ), site.report.errors


def test_missing_image_warns_in_html_and_fails_a_strict_build(build_site):
    post = POST.replace("Tags:", "Post_Image: /assets/images/fehlt.jpg\nTags:")
    site = build_site({"de/posts/a.md": post})
    assert site.report.ok
    assert any("a.md:3: the image '/assets/images/fehlt.jpg' does not exist" in w for w in site.report.warnings)
    strict = build_site({"de/posts/a.md": post}, STRICT=True)
    assert not strict.report.ok


def json_ld(soup, kind: str) -> dict:
    return next(
        d
        for d in (json.loads(s.string) for s in soup.find_all("script", type="application/ld+json"))
        if d["@type"] == kind
    )


def test_a_post_without_category_has_none_and_no_folder_category(build_site):
    uncategorised = "---\ntitle: Gute Fragen\ndate: 2024-05-19 09:00\n---\nText.\n\n## Die Veränderung\n\nMehr.\n"
    categorised = POST.replace("Tags:", "Category: Digitalisierung\nTags:")
    site = build_site(
        {
            "de/posts/gute-fragen.md": uncategorised,
            "de/posts/vertrieb.md": categorised,
            "de/posts/2024/alt.md": POST.replace("Vertrieb heute", "Alt").replace("sales-today", "alt"),
        },
        SITEURL="https://www.example.org",
    )
    assert site.report.ok, site.report.errors
    post = site.soup("/blog/gute-fragen/")
    assert post.select_one(".post__categories") is None
    crumbs = [item["name"] for item in json_ld(post, "BreadcrumbList")["itemListElement"]]
    assert crumbs == ["Albrecht Kommunikationsberatung", "Gute Fragen"]
    assert (
        not site.exists("/kategorie/posts/")
        and not site.exists("/kategorie/2024/")
        and not site.exists("/kategorie/misc/")
    )
    assert [a.get_text() for a in site.soup("/kategorie/").select("main li a")] == ["Digitalisierung"]
    assert [a.get_text() for a in site.soup("/blog/vertrieb-heute/").select(".post__categories a")] == [
        "Digitalisierung"
    ]
    assert [item["name"] for item in json_ld(site.soup("/blog/vertrieb-heute/"), "BreadcrumbList")["itemListElement"]][
        1
    ] == "Digitalisierung"
    assert {a["href"] for a in site.soup("/").select("main a")} >= {
        "https://www.example.org/blog/gute-fragen/",
        "https://www.example.org/blog/alt/",
    }
    # heading anchors follow the site's slug rule, umlauts and all
    assert post.find("h2", id="die-veraenderung") is not None


def run_cli(tmp_path, *args, env=None):
    settings = tmp_path / "siteconf.py"
    settings.write_text(
        textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(REPO)!r})
        from pelicanconf import *
        PATH = {str(tmp_path / "content")!r}
        THEME = {str(REPO / "theme")!r}
        PLUGIN_PATHS = [{str(REPO / "plugins")!r}]
        """)
    )
    environment = dict(os.environ, **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "sitebuild", "--settings", str(settings), "--output", str(tmp_path / "out"), *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        check=False,
    )


def test_cli_reports_bad_yaml_without_traceback(tmp_path):
    write_content(
        tmp_path, {"de/posts/tab.md": "---\ntitle: A\n\tdate: 2021-01-05\n---\nText\n", "de/posts/ok.md": POST}
    )
    result = run_cli(tmp_path)
    assert result.returncode == 1
    assert "content/de/posts/tab.md:3: the YAML front matter cannot be read (YAML does not allow tab" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Build failed: 1 error(s)" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        ('THEME = "/nonexistent/theme"\n', "siteconf.py: Could not find the theme /nonexistent/theme"),
        ('PATH = "content"\nTHEME = (\n', "siteconf.py:2: '(' was never closed"),
        (None, "siteconf.py: [Errno 2] No such file or directory"),
    ],
)
def test_settings_that_cannot_be_read_are_one_line_naming_the_file(tmp_path, settings, said):
    if settings is not None:
        (tmp_path / "siteconf.py").write_text(settings)
    result = subprocess.run(
        [sys.executable, "-m", "sitebuild", "--settings", "siteconf.py", "--output", "out"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"Build not started: {said}")
    assert not (tmp_path / "out").exists()


def test_publish_without_siteurl_is_a_clear_error():
    env = {key: value for key, value in os.environ.items() if key != "SITEURL"}
    result = subprocess.run(
        ["make", "-s", "publish", "OUTPUT=/nonexistent/never"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "set SITEURL" in result.stderr
    assert "Traceback" not in result.stderr


def test_posts_of_the_same_day_keep_their_order_whatever_the_hash_seed(tmp_path):
    """Pelican reads files in set order, which changes with the hash seed: posts with the
    same date must still be ordered alike in every build (newest first, then by slug)."""
    day = "---\ntitle: {title}\ndate: 2021-01-05\ntags: {tags}\n---\nText über {title}.\n"
    tags = {
        "delta": "Vertrieb Kommunikation",
        "alpha": "Vertrieb Kommunikation Führung",
        "charlie": "Vertrieb Führung",
        "bravo": "Kommunikation Führung",
        "echo": "Vertrieb",
    }  # related posts tie, too
    write_content(
        tmp_path, {f"de/posts/{name}.md": day.format(title=name.capitalize(), tags=tags[name]) for name in tags}
    )
    assert run_cli(tmp_path, env={"PYTHONHASHSEED": "1"}).returncode == 0
    shutil.copytree(tmp_path / "out", tmp_path / "first")
    assert run_cli(tmp_path, env={"PYTHONHASHSEED": "2"}).returncode == 0
    assert tree_differences(tmp_path / "first", tmp_path / "out") == []
    blog = BeautifulSoup((tmp_path / "out" / "blog" / "index.html").read_text(encoding="utf-8"), "html.parser")
    titles = [a.get_text(strip=True) for a in blog.select("main h2 a")]
    assert titles == ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]


def test_templates_translate_as_jinjas_own_new_style_gettext_does():
    from functools import partial

    from jinja2 import Environment

    from bilingual.bilingual import _translate
    from bilingual.catalogs import translations_for

    catalogs = [str(REPO / "theme" / "translations"), str(REPO / "plugins" / "comments" / "translations")]
    translations = translations_for(catalogs, "de")
    env = Environment(extensions=["jinja2.ext.i18n"], autoescape=True)  # as bilingual sets it up
    env.install_gettext_translations(translations, newstyle=True)
    mailto = (
        'To comment on this post, write to us at <a href="mailto:%(email)s">%(email)s</a>; '
        "we will publish your comment here after moderation."
    )
    source = (
        '{{ _("Page %(number)d of %(total)d", number=2, total=5) }}|{{ _("Read more") }}|'
        '{{ _("100%% sure") }}|{{ _("Guest post by %(name)s", name="<Ana & Bo>") }}|'
        "{{ _(mailto, email=email) }}"
    )
    jinja = env.from_string(source).render(mailto=mailto, email='a"b@example.org')
    env.globals["_"] = partial(_translate, translations.gettext)
    assert env.from_string(source).render(mailto=mailto, email='a"b@example.org') == jinja
    assert jinja.startswith("Seite 2 von 5|")
    assert "Gastbeitrag von &lt;Ana &amp; Bo&gt;|" in jinja  # values are escaped into the message
    assert '<a href="mailto:a&#34;b@example.org">a&#34;b@example.org</a>' in jinja  # the message's markup stays
