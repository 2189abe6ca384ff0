"""Each content file is read as few times as the build needs: problems name their line from
what the reader recorded, never by opening the file again (issue 18, items 1 and 3)."""

from __future__ import annotations

import builtins
import os
from collections import Counter

from authoring.check import check_site
from sitebuild.build import load_settings
from sitetest import REPO, write_content

POST = """\
Title: Ein Beitrag
Date: 2024-01-10 10:00
Slug: ein-beitrag
Tags: Vertrieb, Unbekannt
Offer: seminar

Text des Beitrags.

!!! offer seminar
    Mein eigener Satz zum Angebot.
"""

OFFER = """\
---
offer: seminar
title: {title}
slug: {slug}
summary: Kurz gesagt.
format: praesenz
duration: 1 Tag
audience: Alle
goals: [Lernen]
trainer: Maren Albrecht
price: {{amount: 990, currency: EUR, vat: net}}
min_participants: 2
max_participants: 8
registration: https://anmeldung.example/seminar
sessions:
  - start: 2026-03-01 09:00
    end: 2026-03-01 17:00
    location: Bremen
---

Worum es geht.
"""

TAXONOMY = """\
topics:
  vertrieb:
    name: {de: Vertrieb, en: Sales}
"""

COMMENT = """\
---
article: ein-beitrag
author: Anna
date: 2024-01-11 10:00
status: approved
---
Danke für den Beitrag.
"""

FILES = {
    "taxonomy.yml": TAXONOMY,
    "de/posts/ein-beitrag.md": POST,
    "de/offers/seminar.md": OFFER.format(title="Ein Seminar", slug="seminar"),
    "en/offers/seminar.md": OFFER.format(title="A seminar", slug="seminar-en"),
    "comments/ein-beitrag/anna.md": COMMENT,
}


def count_opens(monkeypatch) -> Counter:
    """``{lang/folder/file.md: times opened}`` from now on."""
    opened: Counter = Counter()
    real_open = builtins.open

    def counting_open(file, *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and str(file).endswith(".md"):
            opened["/".join(str(file).split(os.sep)[-3:])] += 1
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)
    return opened


def test_problems_name_their_line_without_reading_the_file_again(build_site, monkeypatch):
    opened = count_opens(monkeypatch)
    site = build_site(FILES, TRAINING_OFFERS_TODAY="2026-07-01")
    assert site.report.ok, site.report.errors
    # the lines come from the reader: the tag's, the front-matter callout's and the inline block's
    assert any("ein-beitrag.md:4: the tag 'Unbekannt' is not a topic" in w for w in site.report.warnings)
    notices = [n for n in site.report.notices if "ein-beitrag.md" in n]
    assert any("ein-beitrag.md:5:" in n for n in notices) and any("ein-beitrag.md:9:" in n for n in notices)
    # a post or an offer: by the content index and by its language's run (never by the other's)
    assert opened["de/posts/ein-beitrag.md"] == 2, opened
    assert opened["de/offers/seminar.md"] == opened["en/offers/seminar.md"] == 2, opened
    # a comment: once for the whole build, by the content index (not by each language's run)
    assert opened["comments/ein-beitrag/anna.md"] == 1, opened
    assert "Danke für den Beitrag." in site.soup("/blog/ein-beitrag/").find(id="comments").get_text()
    # each offer page still links its translation, known from the index
    assert site.soup("/trainings/seminar/").find("link", hreflang="en")["href"] == "/en/trainings/seminar-en/"
    assert site.soup("/en/trainings/seminar-en/").find("link", hreflang="de")["href"] == "/trainings/seminar/"


def test_make_check_reads_each_file_once(tmp_path, monkeypatch):
    content = write_content(tmp_path, FILES)
    opened = count_opens(monkeypatch)
    result = check_site(load_settings(str(REPO / "pelicanconf.py"), {"PATH": str(content)}))
    assert [str(f.problem).split("content/", 1)[1] for f in result.warnings][:1] == [
        "de/posts/ein-beitrag.md:4: the tag 'Unbekannt' is not a topic of the vocabulary "
        "(add it to content/taxonomy.yml as a topic or an alias, or correct the tag)"
    ]
    assert opened == {
        "de/posts/ein-beitrag.md": 1,
        "de/offers/seminar.md": 1,
        "en/offers/seminar.md": 1,
        "comments/ein-beitrag/anna.md": 1,
    }, opened
