"""Pure parts of the images plugin: which widths, which tags change, which files are unreadable,
what share cards draw once per site."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image, ImageDraw, ImageFont

from images import responsive, share_card


def png(size=(100, 50)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (1, 2, 3)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (2400, [480, 800, 1200]),
        (1200, [480, 800, 1200]),
        (1000, [480, 800, 1000]),
        (480, [480]),
        (300, [300]),
    ],
)
def test_plan_widths_never_upscales(width, expected):
    assert responsive.plan_widths(width, (480, 800, 1200)) == expected


def test_image_problem_names_file_and_line(monkeypatch):
    assert responsive.image_problem("p.md", 4, "a.png", png()) is None
    assert str(responsive.image_problem("p.md", 4, "a.png", b"GIF89a broken")) == (
        "p.md:4: the image 'a.png' cannot be read (save it again as JPEG, PNG or WebP)"
    )
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    assert "too many pixels" in str(responsive.image_problem("p.md", 4, "a.png", png()))


def test_add_srcset_changes_only_images_with_copies():
    copies = {"/assets/a.jpg": ("/images/a-1200.jpg", "/images/a-480.webp 480w", 1200, 675)}.get
    html = (
        '<p><img alt="A &amp; B" src="/assets/a.jpg" title="t"></p>'
        '<img src="/assets/b.jpg" alt="">'
        '<img src="/assets/a.jpg" srcset="x 1w" alt="">'
        '<img src="/assets/a.jpg" width="10" height="5" loading="eager" alt="">'
    )
    changed = responsive.add_srcset(html, copies, "100vw")
    first, untouched, own, sized = changed.split("<img")[1:]
    assert first == (
        ' alt="A &amp; B" src="/images/a-1200.jpg" srcset="/images/a-480.webp 480w" sizes="100vw"'
        ' width="1200" height="675" loading="lazy" decoding="async" title="t"></p>'
    )
    assert untouched == ' src="/assets/b.jpg" alt="">' and own == ' src="/assets/a.jpg" srcset="x 1w" alt="">'
    assert 'width="10" height="5" loading="eager"' in sized and "lazy" not in sized and "1200" in sized


def test_copies_are_webp_at_each_width_and_a_fallback_only_when_needed():
    made = responsive.make_variants(png((1600, 800)), (480, 800, 1200))
    assert [(v.width, v.format) for v, _ in made] == [(480, "webp"), (800, "webp"), (1200, "webp"), (1200, "png")]
    small = responsive.make_variants(png((600, 300)), (480, 800, 1200))
    assert [(v.width, v.height, v.format) for v, _ in small] == [(480, 240, "webp"), (600, 300, "webp")]


FONTS = share_card.CardFonts(
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
)


def jpeg(colour=(200, 120, 40), size=(960, 540)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def test_cards_of_one_site_draw_the_brand_fit_a_shared_photo_and_render_each_glyph_once(monkeypatch):
    opened, drawn = [], []
    real_open, real_text = Image.open, ImageDraw.ImageDraw.text

    def counting_open(*args, **kwargs):
        opened.append(args)
        return real_open(*args, **kwargs)

    def counting_text(self, xy, text, *args, **kwargs):
        drawn.append(text)
        return real_text(self, xy, text, *args, **kwargs)

    monkeypatch.setattr(Image, "open", counting_open)
    monkeypatch.setattr(ImageDraw.ImageDraw, "text", counting_text)
    share_card.glyph_font.cache_clear()  # glyphs kept by another test of this process (a site's cards)
    photo = jpeg((17, 99, 3))  # a photo no other test uses
    titles = ("Qkqj", "jkQ", "qQkj")  # glyphs and pairs drawn once each, all at the largest size
    cards = [
        share_card.render_card(share_card.CardText(title, "Brandhaus Einmal", "Nur einmal gezeichnet"), FONTS, photo)
        for title in titles
    ]
    assert len(set(cards)) == 3
    assert len(opened) == 1
    assert drawn.count("Brandhaus Einmal") == 1 and drawn.count("Nur einmal gezeichnet") == 1
    assert not [text for text in drawn if text in titles]  # no title is drawn whole by Pillow
    glyphs = [text for text in drawn if len(text) == 1]
    assert sorted(glyphs) == sorted(set("Qkqj"))  # each glyph once at the title's size
    assert all(len(set(text)) == len(text) for text in drawn if len(text) == 2)  # pairs, each tried once
    assert len([text for text in drawn if len(text) == 2]) == len({text for text in drawn if len(text) == 2})


@pytest.mark.parametrize("with_photo", [False, True])
def test_a_card_on_the_shared_background_is_the_card_drawn_afresh(with_photo):
    text = share_card.CardText(
        "Gute Fragen im Vertrieb", "Albrecht Kommunikationsberatung", "Vertrieb und Kommunikation"
    )
    photo = jpeg((40, 80, 160)) if with_photo else None
    first = share_card.render_card(text, FONTS, photo)
    share_card.render_card(share_card.CardText("Ein anderer Titel", text.site_name, text.tagline), FONTS, photo)
    share_card._background.cache_clear()  # noqa: SLF001
    share_card._fitted_photo.cache_clear()  # noqa: SLF001
    share_card._shared.cache_clear()  # noqa: SLF001
    assert share_card.render_card(text, FONTS, photo) == first


CARD_TITLES = (
    "Ä",  # one line at the largest size: the rows above and below come from the shared picture
    "Gute Fragen: „Qualität“ gjpqy ÅÖÜ",  # accents above, descenders below the line
    "Beitrag 12: Kundeninteraktion im Vertrieb und die Frage nach dem Bedarf",
    "Überzeugende Kommunikationstrainingsangebote für Vertriebsmitarbeiterinnen " * 4,  # smallest size, cut
)


def pillow_drawn(title: str) -> Image.Image:
    """The card's background with the title's lines drawn by Pillow, line by line, as cards were drawn before
    they kept glyphs."""
    laid = share_card._title(title, FONTS, 1072)  # noqa: SLF001
    card = share_card._background(*BRAND, FONTS, 1072).copy()  # noqa: SLF001
    draw = ImageDraw.Draw(card)
    for top, line in laid.placed:
        draw.text((share_card.MARGIN, top), line, font=ImageFont.truetype(FONTS.bold, laid.font.size), fill=(255,) * 3)
    return card


BRAND = ("Albrecht Kommunikationsberatung", "Vertrieb und Kommunikation")
ODD_CHARACTERS = "".join(
    chr(code) for code in (*range(0x21, 0x7F), *range(0xA1, 0x180), 0x2013, 0x201E, 0x201C, 0x20AC)
)


def test_a_title_drawn_from_kept_glyphs_is_pixel_for_pixel_the_title_pillow_draws():
    rng = random.Random(27)
    usual = [
        *CARD_TITLES,
        "Offene Angebote: Treffen, Begriffe, Schifffahrt, fluffig, effizient, official, AV To Te Ty Wa Yo",
    ]
    odd = [" ".join("".join(rng.choices(ODD_CHARACTERS, k=rng.randint(1, 11))) for _ in range(9)) for _ in range(40)]
    drawn_from_glyphs = set()
    for title in usual + odd:
        laid = share_card._title(title, FONTS, 1072)  # noqa: SLF001
        card = share_card._background(*BRAND, FONTS, 1072).copy()  # noqa: SLF001
        share_card._draw_title(card, laid, 0, share_card._plain(*BRAND, FONTS, 1072))  # noqa: SLF001
        if laid.glyphs is not None:
            drawn_from_glyphs.add(title)
        assert card.tobytes() == pillow_drawn(title).tobytes(), title
        pillow_lines = share_card.fit_title(title, FONTS.bold, 1072, glyphs=False)[1]
        assert [line for _top, line in laid.placed] == pillow_lines, title
    assert drawn_from_glyphs.issuperset(usual)
    assert len(drawn_from_glyphs) > len(odd) / 2  # the rest: lines whose accents meet the line above


def test_a_title_of_marks_or_right_to_left_script_is_drawn_by_pillow():
    for title in ("Cafe\u0301 im Vertrieb", "שיחת מכירה", "Kom\u00admunikation"):
        assert share_card._title(title, FONTS, 1072).glyphs is None  # noqa: SLF001


def test_a_card_encoded_by_its_title_rows_is_byte_for_byte_the_whole_card_encoded():
    for title in CARD_TITLES:
        text = share_card.CardText(title, "Albrecht Kommunikationsberatung", "Vertrieb und Kommunikation")
        card = share_card.render_card(text, FONTS)
        assert card == share_card.whole_card(text, FONTS), title
        header, rows = share_card.jpeg_rows(card)
        assert len(rows) == -(-share_card.HEIGHT // share_card.BLOCK_ROW)
        with Image.open(io.BytesIO(card)) as image:
            assert image.size == (1200, 630)
            image.load()


def test_cards_sharing_a_photo_are_encoded_by_their_title_rows_byte_for_byte_as_whole_cards():
    photo, own = jpeg((12, 140, 90)), jpeg((141, 13, 91))  # photos no other test uses
    made = share_card._shared_with_photo.cache_info().misses  # noqa: SLF001
    brand = ("Albrecht Kommunikationsberatung", "Vertrieb und Kommunikation")
    share_card.render_card(share_card.CardText("Der eigene", *brand), FONTS, own)
    assert share_card._shared_with_photo.cache_info().misses == made  # noqa: SLF001 (a photo seen once: encoded whole)
    for title in (*CARD_TITLES, *CARD_TITLES):
        text = share_card.CardText(title, *brand)
        card = share_card.render_card(text, FONTS, photo)
        assert card == share_card.whole_card(text, FONTS, photo), title
        with Image.open(io.BytesIO(card)) as image:
            image.load()
            assert image.getpixel((1199, 629)) != image.getpixel((600, 629))  # the photo is on the card
    assert share_card._shared_with_photo.cache_info().misses == made + 1  # noqa: SLF001 (its rows made once)
    assert share_card._shared_with_photo.cache_info().hits >= 2 * len(CARD_TITLES) - 2  # noqa: SLF001
