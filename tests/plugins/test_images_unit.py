"""Pure parts of the images plugin: which widths, which tags change, which files are unreadable."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from images import responsive


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
