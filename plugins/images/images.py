"""Pelican glue: share cards for posts and offers, responsive copies of raster images.

Every post and offer gets ``share_image`` (a 1200x630 card, ``images/share/<hash>.jpg``) and
``share_image_alt``. Templates get ``responsive_image(path, alt, css_class, sizes, lead)``,
which writes ``srcset``/``sizes``/``width``/``height`` for a raster image and its copies
(``images/<name>-<hash>-<width>.webp``), and the filter ``lead_image`` for the one image that
is a page's largest paint. Cards and copies are kept in ``IMAGES_CACHE_PATH`` under a hash of
what they are made from: a rebuild copies them into the output without calling Pillow.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from functools import partial

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals
from PIL import Image, UnidentifiedImageError

from sitebuild.staging import write_if_changed
from sitecore.contents import articles_generator, every_content, pages_generator
from sitecore.shared_keys import TRAINING_OFFER_PAGES
from sitecore.languages import is_first_language_run
from sitecore.pelican_compat import body_html, replace_body_html
from sitecore.problems import Problem, display_path, log_problem

from . import responsive, share_card

logger = logging.getLogger(__name__)
DEJAVU = "/usr/share/fonts/truetype/dejavu/"
BODY_SIZES = "(min-width: 48rem) 46rem, 100vw"  # the column of a post's text
FONT_HINT = "install Debian's fonts-dejavu-core (apt-get install fonts-dejavu-core) or set IMAGES_FONTS"


@dataclass(frozen=True)
class ImageSettings:
    """The plugin's settings, read once."""

    widths: tuple[int, ...]
    quality: int
    cache_path: str
    fonts: share_card.CardFonts
    content_path: str
    output_path: str
    site_name: str
    tagline: str


def image_settings(settings: dict) -> ImageSettings:
    """Read the ``IMAGES_*`` settings (with their defaults) and the brand the cards show."""
    fonts = settings.get("IMAGES_FONTS") or {
        "regular": DEJAVU + "DejaVuSans.ttf",
        "bold": DEJAVU + "DejaVuSans-Bold.ttf",
    }
    tagline = settings.get("SITE_TAGLINE", "")
    if isinstance(tagline, dict):
        tagline = tagline.get(settings.get("DEFAULT_LANG", ""), "")
    return ImageSettings(
        widths=tuple(sorted(settings.get("IMAGES_WIDTHS", (480, 800, 1200)))),
        quality=int(settings.get("IMAGES_QUALITY", 80)),
        cache_path=settings.get("IMAGES_CACHE_PATH") or os.path.join(settings.get("CACHE_PATH", "cache"), "images"),
        fonts=share_card.CardFonts(fonts["regular"], fonts["bold"]),
        content_path=settings["PATH"],
        output_path=settings["OUTPUT_PATH"],
        site_name=settings.get("SITENAME", ""),
        tagline=tagline,
    )


def _publish(config: ImageSettings, relative: str, data: bytes) -> None:
    """Put *data* at *relative* in the output (only touched when it is there already)."""
    target = os.path.join(config.output_path, relative)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    write_if_changed(target, data)


def _read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def _keep(path: str, data: bytes) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    partial = f"{path}.{os.getpid()}.tmp"  # two language processes may make the same file
    with open(partial, "wb") as handle:
        handle.write(data)
    os.replace(partial, path)


def _source_bytes(config: ImageSettings, image: str) -> bytes | None:
    """The bytes of a content image (``assets/images/x.jpg``), None if it is not a raster file."""
    if not image or not responsive.is_raster(image):
        return None
    return _read(os.path.join(config.content_path, image.lstrip("/")))


def share_image(config: ImageSettings, title: str, photo: bytes | None) -> str:
    """The card for *title* (with *photo*): made once, then taken from the cache."""
    text = share_card.CardText(title, config.site_name, config.tagline)
    key = share_card.card_key(text, config.fonts, photo)
    cached = os.path.join(config.cache_path, "share", f"{key}.jpg")
    data = _read(cached)
    if data is None:
        data = share_card.render_card(text, config.fonts, photo)
        _keep(cached, data)
    relative = f"images/share/{key[:20]}.jpg"
    _publish(config, relative, data)
    return relative


def _line(content, key: str) -> int | None:
    return (getattr(content, "metadata", {}).get("front_matter_lines") or {}).get(key)


def set_share_images(generators) -> None:
    """Give every post and offer page its share card (``share_image``, ``share_image_alt``)."""
    articles = articles_generator(generators)
    if articles is None:
        return
    config = image_settings(articles.settings)
    for font in (config.fonts.regular, config.fonts.bold):
        if not os.path.isfile(font):
            if is_first_language_run(articles.settings):
                # one setting, one error: the other languages' runs say nothing
                log_problem(logger, Problem("IMAGES_FONTS", None, f"the font {font!r} is not installed", FONT_HINT))
            return
    offers = list(articles.context.get(TRAINING_OFFER_PAGES, {}).values())
    for item in every_content(articles) + offers:
        image = getattr(item, "hero_image", "") or ""
        photo = _source_bytes(config, image)
        if photo is not None:
            key = "header_image" if getattr(item, "header_image", "") == image else "post_image"
            problem = responsive.image_problem(
                display_path(getattr(item, "source_path", "")), _line(item, key), getattr(item, key, image), photo
            )
            if problem:
                log_problem(logger, problem)
                photo = None
        item.share_image = share_image(config, item.title, photo)
        item.share_image_alt = f"{item.title} – {config.site_name}"


class ResponsiveImages:
    """``responsive_image(...)`` for one Jinja environment: copies made once per source."""

    def __init__(self, config: ImageSettings) -> None:
        self.config = config
        self.known: dict[str, tuple[int, int, list, str] | None] = {}  # content path -> sizes, srcset, fallback

    def copies(self, image: str):
        """(width, height, webp entries, fallback url) for a raster content image, else None."""
        if image not in self.known:
            self.known[image] = self._copies(image)
        return self.known[image]

    def _copies(self, image: str):
        data = _source_bytes(self.config, image)
        if data is None:
            return None
        key = responsive.source_key(data, self.config.widths)
        folder = os.path.join(self.config.cache_path, "resized")
        manifest_file = os.path.join(folder, f"{key}.json")
        manifest = _read(manifest_file)
        variants = [responsive.Variant(**v) for v in json.loads(manifest)] if manifest else None
        blobs = {v: _read(os.path.join(folder, f"{key}-{v.width}.{v.suffix}")) for v in variants or ()}
        if not variants or None in blobs.values():
            try:
                made = responsive.make_variants(data, self.config.widths, self.config.quality)
            except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
                return None  # the share card of the post reports it with the line
            blobs = dict(made)
            variants = list(blobs)
            for variant, blob in made:
                _keep(os.path.join(folder, f"{key}-{variant.width}.{variant.suffix}"), blob)
            _keep(manifest_file, json.dumps([v.__dict__ for v in variants]).encode())
        stem = os.path.splitext(os.path.basename(image))[0]
        entries, fallback = [], image  # a JPEG or PNG no wider than the widths is its own fallback
        for variant in variants:
            relative = f"images/{stem}-{key[:10]}-{variant.width}.{variant.suffix}"
            _publish(self.config, relative, blobs[variant])
            if variant.format == "webp":
                entries.append((relative, variant.width))
            else:
                fallback = relative
        largest = variants[-1]
        return largest.width, largest.height, entries, fallback.lstrip("/")


def body_image_copies(images: ResponsiveImages, site_url: str, src: str):
    """For an image of a post body: (fallback URL, srcset, width, height) if it is one of the
    site's raster images (``/assets/…`` or ``{SITEURL}/assets/…``), else None."""
    if site_url and src.startswith(site_url + "/"):
        src = src[len(site_url) :]
    if not src.startswith("/") or src.startswith("//"):
        return None
    found = images.copies(src.lstrip("/"))
    if found is None:
        return None
    width, height, entries, fallback = found
    return (
        f"{site_url}/{fallback}",
        responsive.srcset([(f"{site_url}/{url}", w) for url, w in entries]),
        width,
        height,
    )


def make_body_images_responsive(generators) -> None:
    """Point the raster images of post and page bodies at their copies (srcset, lazy)."""
    articles = articles_generator(generators)
    pages = pages_generator(generators)
    if articles is None:
        return
    images = ResponsiveImages(image_settings(articles.settings))
    copies = partial(body_image_copies, images, articles.settings.get("SITEURL", ""))
    for content in every_content(articles) + (every_content(pages) if pages is not None else []):
        html = body_html(content)
        if "<img" not in html:
            continue
        changed = responsive.add_srcset(html, copies, BODY_SIZES)
        if changed != html:
            replace_body_html(content, changed)


def image_tag(copies, src: str, alt: str, css_class: str, sizes: str, lead: bool, site_url: str) -> Markup:
    """The ``<img>`` for an image: with its copies if it has them, eager when it is the lead."""
    loading = ' fetchpriority="high"' if lead else ' loading="lazy" decoding="async"'
    if copies is None:  # SVG: scales itself; the theme's images are drawn at 1200x630
        return Markup('<img class="{}" src="{}/{}" alt="{}" width="1200" height="630"{}>').format(
            css_class, site_url, src.lstrip("/"), alt, Markup(loading)
        )
    width, height, entries, fallback = copies
    return Markup('<img class="{}" src="{}/{}" srcset="{}" sizes="{}" alt="{}" width="{}" height="{}"{}>').format(
        css_class,
        site_url,
        fallback,
        responsive.srcset([(f"{site_url}/{url}", w) for url, w in entries]),
        sizes,
        alt,
        width,
        height,
        Markup(loading),
    )


def lead_image(html: str) -> Markup:
    """*html* (a rendered teaser) with its image loaded first: not lazy, high priority."""
    return Markup(str(html).replace(' loading="lazy" decoding="async"', ' fetchpriority="high"', 1))


def add_template_helpers(generator) -> None:
    """Give templates ``responsive_image(...)`` and the ``lead_image`` filter."""
    env = getattr(generator, "env", None)
    if env is None or "responsive_image" in env.globals:
        return
    images = ResponsiveImages(image_settings(generator.settings))

    @pass_context
    def responsive_image(context, src, alt="", css_class="", sizes="100vw", lead=False) -> Markup:
        return image_tag(
            images.copies(str(src).lstrip("/")), str(src), alt or "", css_class, sizes, lead, context.get("SITEURL", "")
        )

    env.globals["responsive_image"] = responsive_image
    env.filters["lead_image"] = lead_image


def register() -> None:
    """Connect the handlers to Pelican's signals."""
    signals.generator_init.connect(add_template_helpers)
    signals.all_generators_finalized.connect(set_share_images)
    signals.all_generators_finalized.connect(make_body_images_responsive)
