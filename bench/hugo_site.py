"""A minimal bilingual Hugo site on the benchmark's posts, to compare with Hugo + Pagefind.

    python bench/hugo_site.py CONTENT TARGET

Each post of ``CONTENT/<lang>/posts`` (``Key: value`` metadata, as ``generate.py`` writes
them) becomes a Hugo page with YAML front matter (title, date, tags, category, slug,
translation key, summary) and the same Markdown body; German at ``/``, English at ``/en/``,
as our site. The layouts are the least a reader needs: home, post (its body marked for
Pagefind, a link to its translation), lists and topic pages. Hugo (Debian's ``hugo``
package) is optional: ``hugo_command()`` is None without it, and the benchmark skips it.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import yaml

CONFIG = """\
baseURL = "/"
defaultContentLanguage = "de"
defaultContentLanguageInSubdir = false
disableKinds = ["RSS", "sitemap", "robotsTXT"]
[taxonomies]
tag = "tags"
category = "categories"
[languages.de]
weight = 1
languageName = "Deutsch"
contentDir = "content/de"
[languages.en]
weight = 2
languageName = "English"
contentDir = "content/en"
"""
LAYOUTS = {
    "_default/baseof.html": (
        '<!DOCTYPE html>\n<html lang="{{ .Site.Language.Lang }}">\n<head><meta charset="utf-8">'
        "<title>{{ .Title }}</title></head>\n<body>\n"
        '<nav><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>'
        '{{ range .Translations }} <a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}">{{ .Lang }}</a>{{ end }}'
        '</nav>\n{{ block "main" . }}{{ end }}\n</body>\n</html>\n'
    ),
    "_default/single.html": (
        '{{ define "main" }}<main data-pagefind-body><h1>{{ .Title }}</h1>'
        '<time>{{ .Date.Format "2006-01-02" }}</time>{{ .Content }}'
        '<p>{{ range .Params.tags }}<a href="{{ (urlize .) | printf "tags/%s/" | relLangURL }}">{{ . }}</a> '
        "{{ end }}</p></main>{{ end }}\n"
    ),
    "_default/list.html": (
        '{{ define "main" }}<main><h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}'
        '<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary }}</p></article>'
        "{{ end }}</main>{{ end }}\n"
    ),
    "_default/terms.html": (
        '{{ define "main" }}<main><h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}'
        '<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>'
        "</main>{{ end }}\n"
    ),
    "index.html": (
        '{{ define "main" }}<main><h1>{{ .Site.Title }}</h1>'
        '{{ range (.Paginate (where .Site.RegularPages "Section" "posts")).Pages }}'
        '<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary }}</p></article>'
        "{{ end }}</main>{{ end }}\n"
    ),
}
KEYS = {"title": "title", "slug": "slug", "translation_key": "translationKey", "summary": "summary"}


def hugo_command() -> list[str] | None:
    """Hugo's command, or None when it is not installed."""
    hugo = shutil.which("hugo")
    return [hugo] if hugo else None


def front_matter(metadata: dict[str, str]) -> dict:
    """Hugo's front matter from a post's ``Key: value`` metadata."""
    matter = {KEYS[key]: value for key, value in metadata.items() if key in KEYS}
    day, _, clock = metadata["date"].partition(" ")
    matter["date"] = f"{day}T{clock or '00:00'}:00+01:00"
    matter["tags"] = [tag.strip() for tag in metadata.get("tags", "").split(",") if tag.strip()]
    matter["categories"] = [metadata["category"]] if metadata.get("category") else []
    return matter


def hugo_page(text: str) -> str:
    """A post in ``Key: value`` metadata as a Hugo page (YAML front matter, same body)."""
    head, _, body = text.partition("\n\n")
    metadata = {}
    for line in head.splitlines():
        key, _, value = line.partition(": ")
        metadata[key.strip().lower()] = value.strip()
    matter = yaml.safe_dump(front_matter(metadata), allow_unicode=True, sort_keys=False)
    return f"---\n{matter}---\n\n{body}"


def write_hugo_site(content: Path, target: Path) -> Path:
    """Write the Hugo site of the posts in *content* into *target* (replaced); return it."""
    shutil.rmtree(target, ignore_errors=True)
    (target / "layouts" / "_default").mkdir(parents=True)
    (target / "config.toml").write_text(f'title = "Bench"\n{CONFIG}', encoding="utf-8")
    for name, text in LAYOUTS.items():
        (target / "layouts" / name).write_text(text, encoding="utf-8")
    for lang in ("de", "en"):
        for post in sorted((content / lang / "posts").rglob("*.md")):
            page = target / "content" / lang / "posts" / post.relative_to(content / lang / "posts")
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(hugo_page(post.read_text(encoding="utf-8")), encoding="utf-8")
    return target


def main() -> None:
    """``python bench/hugo_site.py CONTENT TARGET``"""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("content", type=Path)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    print(write_hugo_site(args.content, args.target))


if __name__ == "__main__":
    main()
