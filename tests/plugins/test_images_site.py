"""Share cards and responsive images on built sites: sizes, per-post cards, the cache, the
attributes the browser needs, and which image loads first."""

from __future__ import annotations

import io
import os

from PIL import Image

from authoring.check import check_site
from images import share_card
from sitebuild.build import load_settings
from sitetest import REPO

PHOTO_POST = """\
Title: Gespräche führen – Überzeugen ohne Druck
Date: 2024-03-01 10:00
Slug: gespraeche
Post_Image: /assets/images/foto.jpg
Hero_Image_Alt: Ein Foto

Text.
"""
PLAIN_POST = """\
Title: Ein zweiter Beitrag
Date: 2024-02-01 10:00
Slug: zweiter

Text.
"""


def photo(tmp_path, size=(1600, 900)) -> None:
    target = tmp_path / "content" / "assets" / "images" / "foto.jpg"
    target.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, (200, 120, 40)).save(target, "JPEG")


def meta(soup, key):
    tag = soup.find("meta", property=key) or soup.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def test_every_post_gets_its_own_1200x630_card(build_site, tmp_path):
    photo(tmp_path)
    site = build_site({"de/posts/a.md": PHOTO_POST, "de/posts/b.md": PLAIN_POST})
    assert site.report.ok, site.report.errors
    cards = []
    for url in ("/blog/gespraeche/", "/blog/zweiter/"):
        soup = site.soup(url)
        card = meta(soup, "og:image")
        assert card.startswith("/images/share/") and card == meta(soup, "twitter:image")
        assert (meta(soup, "og:image:width"), meta(soup, "og:image:height")) == ("1200", "630")
        with Image.open(site.path(card)) as image:
            assert image.size == (1200, 630) and image.format == "JPEG"
        cards.append(site.path(card).read_bytes())
    assert cards[0] != cards[1]
    assert meta(site.soup("/blog/gespraeche/"), "og:image:alt") == (
        "Gespräche führen – Überzeugen ohne Druck – Albrecht Kommunikationsberatung"
    )


def test_a_rebuild_takes_cards_and_copies_from_the_cache(build_site, tmp_path, monkeypatch):
    from images import responsive

    photo(tmp_path)
    files = {"de/posts/a.md": PHOTO_POST, "de/posts/b.md": PLAIN_POST}
    site = build_site(files)
    card = site.path(meta(site.soup("/blog/gespraeche/"), "og:image"))
    cached = sorted((tmp_path / "cache" / "images").rglob("*.*"))
    made = {path: os.stat(path).st_mtime_ns for path in cached}
    assert any(path.suffix == ".webp" for path in cached)

    def no_pillow(*args, **kwargs):
        raise AssertionError("Pillow was called again for an unchanged image")

    monkeypatch.setattr(share_card, "render_card", no_pillow)
    monkeypatch.setattr(responsive, "make_variants", no_pillow)
    again = build_site(files)
    assert again.report.ok, again.report.errors
    assert again.path(meta(again.soup("/blog/gespraeche/"), "og:image")) == card and card.is_file()
    assert {path: os.stat(path).st_mtime_ns for path in cached} == made


def test_a_changed_title_makes_a_new_card(build_site, tmp_path):
    site = build_site({"de/posts/b.md": PLAIN_POST})
    first = meta(site.soup("/blog/zweiter/"), "og:image")
    site = build_site({"de/posts/b.md": PLAIN_POST.replace("Ein zweiter", "Ein anderer")})
    assert meta(site.soup("/blog/zweiter/"), "og:image") != first
    assert not site.exists(first)  # the old card was not written by this build: pruned


def test_hero_and_teasers_have_srcset_sizes_and_dimensions(build_site, tmp_path):
    photo(tmp_path)
    site = build_site({"de/posts/a.md": PHOTO_POST, "de/posts/b.md": PLAIN_POST})
    hero = site.soup("/blog/gespraeche/").select_one("img.post__hero")
    assert (hero["width"], hero["height"]) == ("1200", "675")
    assert hero["alt"] == "Ein Foto" and hero["sizes"]
    widths = [entry.split()[1] for entry in hero["srcset"].split(", ")]
    assert widths == ["480w", "800w", "1200w"]
    for entry in hero["srcset"].split(", "):
        url, width = entry.split()
        assert url.endswith(".webp")
        with Image.open(site.path(url)) as image:
            assert image.format == "WEBP" and image.width == int(width[:-1])
    assert hero["fetchpriority"] == "high" and not hero.get("loading")
    with Image.open(site.path(hero["src"])) as fallback:
        assert fallback.format == "JPEG" and fallback.size == (1200, 675)


def test_small_images_are_never_made_larger(build_site, tmp_path):
    photo(tmp_path, size=(640, 360))
    site = build_site({"de/posts/a.md": PHOTO_POST})
    hero = site.soup("/blog/gespraeche/").select_one("img.post__hero")
    assert [entry.split()[1] for entry in hero["srcset"].split(", ")] == ["480w", "640w"]
    assert (hero["width"], hero["height"]) == ("640", "360")


def test_only_the_first_teaser_image_of_a_listing_loads_first(build_site, tmp_path):
    photo(tmp_path)
    later = PHOTO_POST.replace("2024-03-01", "2023-03-01").replace("Slug: gespraeche", "Slug: frueher")
    site = build_site({"de/posts/a.md": PHOTO_POST, "de/posts/c.md": later})
    first, second = site.soup("/blog/").select("img.teaser__image")  # the list of posts
    assert first["fetchpriority"] == "high" and not first.get("loading")
    assert second["loading"] == "lazy" and second["decoding"] == "async" and not second.get("fetchpriority")
    assert first["srcset"] == second["srcset"]  # the same copies serve both
    home = site.soup("/").select("img.teaser__image")  # below the intro, trainings and testimonials
    assert home and all(image["loading"] == "lazy" and not image.get("fetchpriority") for image in home)


def test_an_svg_card_is_branded_without_the_picture(build_site):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    site = build_site(
        {
            "assets/images/x.svg": svg,
            "de/posts/b.md": PLAIN_POST.replace("Slug: zweiter", "Slug: zweiter\nPost_Image: /assets/images/x.svg"),
        }
    )
    assert site.report.ok, site.report.errors
    soup = site.soup("/blog/zweiter/")
    with Image.open(site.path(meta(soup, "og:image"))) as card:
        assert card.size == (1200, 630)
    hero = soup.select_one("img.post__hero")
    assert hero["src"] == "/assets/images/x.svg" and not hero.get("srcset")


def test_an_unreadable_image_is_named_with_its_line(build_site, tmp_path):
    broken = tmp_path / "content" / "assets" / "images" / "foto.jpg"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"not a jpeg")
    site = build_site({"de/posts/a.md": PHOTO_POST})
    built = [message for message in site.report.errors if "a.md:4: the image" in message]
    assert built and "cannot be read (save it again as JPEG, PNG or WebP)" in built[0]
    checked = check_site(load_settings(str(REPO / "pelicanconf.py"), {"PATH": str(tmp_path / "content")}))
    assert [str(f.problem) for f in checked.findings if "the image" in str(f.problem)] == built


def test_long_german_titles_shrink_and_wrap_inside_the_card():
    fonts = share_card.CardFonts(
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
    )
    short_font, short_lines = share_card.fit_title("Gute Fragen", fonts.bold, 1072)
    long_title = "Überzeugende Kommunikationstrainingsangebote für Vertriebsmitarbeiterinnen " * 4
    long_font, long_lines = share_card.fit_title(long_title, fonts.bold, 1072)
    assert short_lines == ["Gute Fragen"] and long_font.size < short_font.size
    assert len(long_lines) == share_card.TITLE_LINES and long_lines[-1].endswith("…")
    assert all(long_font.getlength(line) <= 1072 for line in long_lines)
    card = share_card.render_card(share_card.CardText(long_title, "Ä Ö Ü ß", "ä"), fonts)
    with Image.open(io.BytesIO(card)) as image:
        assert image.size == (1200, 630)


def test_raster_images_in_a_post_body_get_their_copies_and_load_lazily(build_site, tmp_path):
    photo(tmp_path)
    body = PLAIN_POST.replace(
        "Text.", 'Text.\n\n![Ein <Bild> "mit" Text](/assets/images/foto.jpg)\n\n![Fremd](https://example.org/x.jpg)'
    )
    site = build_site({"de/posts/b.md": body})
    own, other = site.soup("/blog/zweiter/").select(".post__body img")
    assert own["alt"] == 'Ein <Bild> "mit" Text'
    assert own["src"].endswith("-1200.jpg") and own["srcset"].count(".webp") == 3
    assert (own["width"], own["height"], own["loading"], own["decoding"]) == ("1200", "675", "lazy", "async")
    assert site.exists(own["src"])
    assert other["src"] == "https://example.org/x.jpg" and not other.get("srcset")


def test_a_photo_no_wider_than_the_widths_is_its_own_fallback(build_site, tmp_path):
    photo(tmp_path, size=(1000, 500))
    site = build_site({"de/posts/a.md": PHOTO_POST})
    hero = site.soup("/blog/gespraeche/").select_one("img.post__hero")
    assert hero["src"] == "/assets/images/foto.jpg"  # no second JPEG made of it
    assert [entry.split()[1] for entry in hero["srcset"].split(", ")] == ["480w", "800w", "1000w"]


def test_a_missing_font_is_one_error_with_the_package_to_install(build_site):
    site = build_site(
        {"de/posts/b.md": PLAIN_POST}, IMAGES_FONTS={"regular": "/nowhere/Sans.ttf", "bold": "/nowhere/Sans-Bold.ttf"}
    )
    assert [message for message in site.report.errors if "font" in message] == [
        "IMAGES_FONTS: the font '/nowhere/Sans.ttf' is not installed (install Debian's fonts-dejavu-core "
        "(apt-get install fonts-dejavu-core) or set IMAGES_FONTS)"
    ]
