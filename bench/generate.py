"""Synthetic bilingual content for the benchmark: N posts per language with translations.

Each post has about 1,200 words in 3-6 sections, tags from the topic vocabulary, every
fifth post an offer callout, every third post two approved comments and one pending.
The site's own pages, offers, taxonomy and images are copied from ``content/``, so the
full build has everything a reader gets; every fourth post shows one of PHOTOS small JPEG
photos (made here with Pillow), so resized copies and share cards with a photo are measured
too. Deterministic for a given N (seeded).
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml
from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parent.parent
WORDS = {
    "de": (
        "Vertrieb Kunde Gespräch Vertrauen Angebot Beratung Termin Team Ziel Frage Einwand Nutzen Lösung "
        "Kundeninteraktion Kommunikationstraining Videokonferenz Abschluss Bedarf Haltung Zuhören Wirkung "
        "und der die das mit für im auf zu nicht wie auch wenn Sie wir gute klare neue persönliche digitale"
    ).split(),
    "en": (
        "sales customer conversation trust offer advice meeting team goal question objection benefit solution "
        "interaction training video call closing need attitude listening impact "
        "and the a with for in on to not how also when you we good clear new personal digital"
    ).split(),
}
PHOTOS = 12  # distinct raster images, 960x540, a few KB each
OFFER_IDS = ("kommunikationstraining-vertrieb", "verkaufen-im-videocall")  # both have upcoming sessions


def topic_names(content: Path) -> dict[str, list[str]]:
    """Topic names per language from the vocabulary (the benchmark's pool of tags)."""
    topics = yaml.safe_load((content / "taxonomy.yml").read_text(encoding="utf-8"))["topics"]
    return {lang: [topic["name"][lang] for topic in topics.values()] for lang in ("de", "en")}


def paragraph(rng: random.Random, lang: str, words: int) -> str:
    """A paragraph of *words* pseudo-sentences in *lang*."""
    chosen = [rng.choice(WORDS[lang]) for _ in range(words)]
    sentences, start = [], 0
    while start < len(chosen):
        length = rng.randint(8, 16)
        sentence = " ".join(chosen[start : start + length])
        sentences.append(sentence[:1].upper() + sentence[1:] + ".")
        start += length
    return " ".join(sentences)


def post(rng: random.Random, number: int, lang: str, tags: list[str]) -> str:
    """One post in native ``Key: value`` metadata (bare Pelican reads it too)."""
    title = f"{'Beitrag' if lang == 'de' else 'Post'} {number}: " + " ".join(rng.sample(WORDS[lang][:20], 3))
    day = 1 + number % 28
    lines = [
        f"Title: {title}",
        *([f"Post_Image: /assets/images/bench/photo-{number % PHOTOS}.jpg"] if number % 4 == 0 else []),
        f"Date: {2015 + number % 10}-{1 + number % 12:02d}-{day:02d} {8 + number % 10:02d}:{number % 60:02d}",
        f"Tags: {', '.join(tags)}",
        f"Category: {'Vertrieb' if lang == 'de' else 'Sales'}",
        f"Slug: post-{number}",
        f"Translation_Key: post-{number}",
        f"Lang: {lang}",
        f"Summary: {paragraph(rng, lang, 25)}",
        "",
    ]
    sections = rng.randint(3, 6)
    for section in range(sections):
        lines += [f"## {' '.join(rng.sample(WORDS[lang][:20], 2)).capitalize()} {section + 1}", ""]
        for _ in range(3):
            lines += [paragraph(rng, lang, 1200 // (sections * 3)), ""]
    if number % 5 == 0:
        lines += [f"!!! offer {OFFER_IDS[number % 2]}", f"    {paragraph(rng, lang, 12)}", ""]
    return "\n".join(lines)


def comment(number: int, index: int, lang: str, status: str, reply_to: str = "") -> str:
    """A comment file on post *number*."""
    fields = {
        "article": f"post-{number}",
        "lang": lang,
        "author": f"Leser {index}" if lang == "de" else f"Reader {index}",
        "email": f"reader{index}@example.org",
        "date": f"2025-0{1 + index % 9}-1{index % 10} 10:00:00 +0100",
        "status": status,
    }
    if reply_to:
        fields["reply_to"] = reply_to
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False) + "---\nDanke, sehr hilfreich!\n"


def generate(target: Path, n: int, seed: int = 2026) -> Path:
    """Write a content folder with *n* posts per language into *target*; return it."""
    content = target / "content"
    if content.exists():
        shutil.rmtree(content)
    for part in ("taxonomy.yml", "assets", "de/pages", "en/pages", "de/offers", "en/offers"):
        source = REPO / "content" / part
        destination = content / part
        destination.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy)(source, destination)
    pool = topic_names(content)
    rng = random.Random(seed)
    write_photos(content / "assets" / "images" / "bench", rng)
    for number in range(n):
        picks = rng.sample(range(len(pool["de"])), rng.randint(2, 4))
        for lang in ("de", "en"):
            folder = content / lang / "posts" / f"{number // 500:03d}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"post-{number}.md").write_text(
                post(rng, number, lang, [pool[lang][i] for i in picks]), encoding="utf-8"
            )
        if number % 3 == 0:
            folder = content / "comments" / f"post-{number}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"post-{number}-a.md").write_text(comment(number, 1, "de", "approved"), encoding="utf-8")
            (folder / f"post-{number}-b.md").write_text(
                comment(number, 2, "de", "approved", reply_to=f"post-{number}-a"), encoding="utf-8"
            )
            (folder / f"post-{number}-c.md").write_text(comment(number, 3, "en", "pending"), encoding="utf-8")
    return content


def write_photos(folder: Path, rng: random.Random) -> None:
    """PHOTOS small JPEGs: a colour field with a few discs, each different."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(PHOTOS):
        image = Image.new("RGB", (960, 540), tuple(rng.randrange(256) for _ in range(3)))
        draw = ImageDraw.Draw(image)
        for _ in range(6):
            x, y, r = rng.randrange(960), rng.randrange(540), rng.randrange(40, 160)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
        image.save(folder / f"photo-{number}.jpg", "JPEG", quality=80)


def edit_one_post(content: Path, label: str) -> Path:
    """Change one German post as an author would (a new sentence at the end); its path."""
    post = next((content / "de" / "posts").rglob("post-1.md"))
    with post.open("a", encoding="utf-8") as handle:
        handle.write(f"\nEine Ergänzung, Runde {label}.\n")
    return post


def main() -> None:
    """``python bench/generate.py TARGET --n 500``"""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path)
    parser.add_argument("--n", type=int, default=500)
    args = parser.parse_args()
    print(generate(args.target, args.n))


if __name__ == "__main__":
    main()
