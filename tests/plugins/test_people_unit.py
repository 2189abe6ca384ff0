"""People data without Pelican: authors.yml and testimonials.yml, each mistake with its line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from people.people_data import author_key, parse_authors, parse_testimonials, unknown_offer_problems

REPO = Path(__file__).resolve().parents[2]
LANGS = ["de", "en"]


def read_authors(text: str):
    return parse_authors(textwrap.dedent(text).lstrip("\n"), "content/authors.yml", LANGS)


def read_testimonials(text: str):
    return parse_testimonials(textwrap.dedent(text).lstrip("\n"), "content/testimonials.yml", LANGS)


def test_the_sample_files_are_valid():
    found, problems = parse_authors(
        (REPO / "content/authors.yml").read_text(encoding="utf-8"), "content/authors.yml", LANGS
    )
    assert problems == [] and [a.name for a in found] == ["Maren Albrecht", "Jonas Weber"]
    assert all(a.roles.keys() == a.bios.keys() == {"de", "en"} and a.photo for a in found)
    quotes, problems = parse_testimonials(
        (REPO / "content/testimonials.yml").read_text(encoding="utf-8"), "content/testimonials.yml", LANGS
    )
    assert problems == [] and len(quotes) >= 3
    assert all(q.quotes.keys() == {"de", "en"} for q in quotes)


def test_an_author_in_each_language():
    (author,), problems = read_authors("""
        authors:
          maren:
            name: Maren Albrecht
            role: {de: Trainerin, en: Trainer}
            bio: {de: Kurz., en: Short.}
            photo: /assets/images/maren.svg
        """)
    assert problems == []
    german, english = author.in_language("de"), author.in_language("en")
    assert (german.name, german.role, german.bio, german.photo) == (
        "Maren Albrecht",
        "Trainerin",
        "Kurz.",
        "assets/images/maren.svg",
    )
    assert (english.role, english.bio) == ("Trainer", "Short.")


def test_author_names_match_regardless_of_case_and_accents():
    assert author_key("Maren Albrecht") == author_key("maren  albrecht")
    assert author_key("Selin Aydın") == author_key("Selin Aydin")
    assert author_key("Jonas Weber") != author_key("Jonas Webber")


AUTHOR_MISTAKES = [
    (
        "authors:\n  maren:\n    name: Maren\n    rolle: Trainerin\n",
        "content/authors.yml:4: unknown field 'rolle' in author 'maren' (did you mean 'role'?)",
    ),
    (
        "authors:\n  maren:\n    role: Trainerin\n",
        "content/authors.yml:2: the author 'maren' has no name (add `name: …` as the posts write it in `Author:`)",
    ),
    (
        "authors:\n  maren:\n    name: Maren\n    bio: {de: Kurz., fr: Court.}\n",
        "content/authors.yml:4: 'fr' is not a language of the site (use one of de, en)",
    ),
    (
        "authors:\n  a:\n    name: Maren\n  b:\n    name: maren\n",
        "content/authors.yml:5: the author name 'maren' is used twice (first on line 2) (give each author one entry)",
    ),
    (
        "authors:\n  maren:\n    name: Maren\n    photo: maren.svg\n",
        "content/authors.yml:4: the photo of author 'maren' must be an address on this site (e.g. photo: /assets/images/authors/maren-albrecht.svg)",
    ),
    ("authors:\n  maren: [Maren]\n", "content/authors.yml:2: author 'maren' needs fields (name, role, bio, photo)"),
    ("authors:\n  maren:\n    name: Maren\n   role: x\n", "content/authors.yml:4: the file is not valid YAML"),
    (
        "autoren:\n  maren:\n    name: Maren\n",
        "content/authors.yml:1: unknown top-level key 'autoren' (the file has one key, `authors:`)",
    ),
]


@pytest.mark.parametrize(("text", "message"), AUTHOR_MISTAKES)
def test_author_mistakes_name_their_line(text, message):
    _found, problems = parse_authors(text, "content/authors.yml", LANGS)
    assert any(str(problem).startswith(message) for problem in problems), [str(p) for p in problems]


def test_testimonials_in_the_languages_they_were_given_in():
    (both, german_only), problems = read_testimonials("""
        testimonials:
          - quote: {de: Sehr gut., en: Very good.}
            name: Anna
            role: {de: Leiterin, en: Head}
            company: Beispiel GmbH
            offer: seminar
          - quote: {de: Nur deutsch.}
            name: Ben
        """)
    assert problems == []
    assert both.in_language("en").quote == "Very good." and both.in_language("en").role == "Head"
    assert both.in_language("de").company == "Beispiel GmbH" and both.offer == "seminar" and both.offer_line == 6
    assert german_only.in_language("de").quote == "Nur deutsch." and german_only.in_language("en") is None


TESTIMONIAL_MISTAKES = [
    (
        "testimonials:\n  - quote: Gut.\n    name: Anna\n    firma: X\n",
        "content/testimonials.yml:4: unknown field 'firma' in testimonial 1 (known fields: quote, name, role, company, offer)",
    ),
    ("testimonials:\n  - name: Anna\n", "content/testimonials.yml:2: testimonial 1 has no quote"),
    ("testimonials:\n  - quote: Gut.\n", "content/testimonials.yml:2: testimonial 1 has no name"),
    ("testimonials:\n  quote: Gut.\n", "content/testimonials.yml:2: `testimonials:` must be a list"),
    (
        "testimonials:\n  - quote: [Gut]\n    name: Anna\n",
        "content/testimonials.yml:2: the quote of testimonial 1 must be text per language",
    ),
]


@pytest.mark.parametrize(("text", "message"), TESTIMONIAL_MISTAKES)
def test_testimonial_mistakes_name_their_line(text, message):
    _found, problems = parse_testimonials(text, "content/testimonials.yml", LANGS)
    assert any(str(problem).startswith(message) for problem in problems), [str(p) for p in problems]


def test_an_unknown_offer_is_reported_at_its_line_with_the_closest_id():
    found, _problems = read_testimonials("""
        testimonials:
          - quote: Gut.
            name: Anna
          - quote: Gut.
            name: Ben
            offer: seminr
        """)
    problems = unknown_offer_problems("content/testimonials.yml", found, {"seminar", "workshop"})
    assert [str(p) for p in problems] == [
        "content/testimonials.yml:6: the testimonial names the unknown offer 'seminr' (did you mean 'seminar'?)"
    ]
    assert unknown_offer_problems("content/testimonials.yml", found, {"seminr"}) == []


def test_no_files_no_people():
    assert parse_authors("", "content/authors.yml", LANGS) == ([], [])
    assert parse_testimonials("", "content/testimonials.yml", LANGS) == ([], [])
