"""One minified stylesheet instead of four: every rule of every source kept, linked once,
named by its content; and the article page stays light."""

from __future__ import annotations

import re

import pytest

from sitetest import REPO
from stylesheets.minify import minify

SOURCES = ("site", "training_offers", "comments", "taxonomy", "contact_page")


@pytest.mark.parametrize(
    ("css", "expected"),
    [
        ("a { color: red; }", "a{color:red}"),
        ("/* note */ a {\n  margin: 0 auto ;\n}\n", "a{margin:0 auto}"),
        (".a :hover { x: 1 }", ".a :hover{x:1}"),  # a descendant's :hover is not .a:hover
        ("a { width: calc(1rem + 2px); }", "a{width:calc(1rem + 2px)}"),
        ('a::before { content: "/* not a comment */  ; }"; }', 'a::before{content:"/* not a comment */  ; }"}'),
        ("@media (min-width: 40rem) { .a, .b { c: d } }", "@media (min-width:40rem){.a,.b{c:d}}"),
    ],
)
def test_minify_drops_only_comments_and_spaces(css, expected):
    assert minify(css) == expected


def test_pages_link_one_bundle_with_every_rule(sample_site):
    soup = sample_site.soup("/")
    sheets = [link["href"] for link in soup.find_all("link", rel="stylesheet") if link.get("media") != "print"]
    assert len(sheets) == 1 and re.fullmatch(r"/theme/css/bundle-[0-9a-f]{12}\.css", sheets[0])
    bundle = sample_site.text(sheets[0])
    for name in SOURCES:
        source = (REPO / "theme" / "static" / "css" / f"{name}.css").read_text(encoding="utf-8")
        assert minify(source) in bundle, name
    assert bundle.count("{") == sum(
        minify((REPO / "theme" / "static" / "css" / f"{name}.css").read_text(encoding="utf-8")).count("{")
        for name in SOURCES
    )
    assert "/*" not in bundle.replace('"/*', "")
    english = sample_site.soup("/en/").find("link", rel="stylesheet")["href"]
    assert english == sheets[0]


def test_the_longest_post_weighs_under_50_kb_with_its_css_and_scripts(sample_site):
    posts = [path for path in sample_site.root.glob("**/blog/*/index.html")]
    longest = max(posts, key=lambda path: path.stat().st_size)
    url = "/" + str(longest.relative_to(sample_site.root))
    soup = sample_site.soup(url)
    total = len(sample_site.path(url).read_bytes())
    for link in soup.find_all("link", rel="stylesheet"):
        if link.get("media") != "print":
            total += len(sample_site.path(link["href"]).read_bytes())
    for script in soup.find_all("script", src=True):
        total += len(sample_site.path(script["src"]).read_bytes())
    assert total < 50_000, (url, total)
