"""Pelican glue: what search engines and link previews read in each page's head.

Templates call ``structured_data(url)`` for JSON-LD; posts get ``share_image`` (a raster
image for Open Graph: the hero when it is not SVG, else the site's default image).
"""

from __future__ import annotations

from functools import partial

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

from contact_page.contact_details import contact_settings
from sitecore.contents import every_content

from . import structured_data as sd

RASTER_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif")


def share_image_of(article, default: str) -> str:
    """The image a link preview should show for *article*."""
    hero = getattr(article, "hero_image", "") or ""
    return hero if hero.lower().endswith(RASTER_SUFFIXES) else default


def one_line_text(html: str) -> str:
    """Text of an HTML fragment on one line."""
    return " ".join(Markup(html or "").striptags().split())


def _organization(settings: dict) -> dict:
    site = settings["SITEURL"]
    options = settings.get("ORGANIZATION", {})
    return sd.organization(
        settings["SITENAME"],
        sd.absolute(site, ""),
        sd.absolute(site, settings["SHARE_IMAGE"]),
        options.get("email", ""),
        options.get("address"),
        telephone=contact_settings(settings).phone,  # checked once, where the contact page reads it
    )


def structured_data_for(context, url: str, settings: dict) -> Markup:
    """JSON-LD of the page being rendered: post, page or home."""
    site = settings["SITEURL"]
    lang = settings["DEFAULT_LANG"]
    home_url = context.get("INDEX_URL", "")
    home = (settings["SITENAME"], sd.absolute(site, home_url))
    article, page = context.get("article"), context.get("page")
    scripts = []
    if article is not None:
        category = getattr(article, "category", None)
        trail = [home] + ([(category.name, sd.absolute(site, category.url))] if category else [])
        keywords = [topic.name for topic in getattr(article, "topics", [])] or [str(tag) for tag in article.tags]
        authors = [article.guest_author] if getattr(article, "guest_author", "") else [str(a) for a in article.authors]
        modified = getattr(article, "modified", None)
        scripts.append(
            sd.blog_posting(
                headline=article.title,
                description=one_line_text(getattr(article, "summary", "")),
                url=sd.absolute(site, article.url),
                language=lang,
                published=article.date.isoformat(),
                modified=modified.isoformat() if modified else "",
                authors=authors,
                image=sd.absolute(site, article.share_image),
                keywords=keywords,
                publisher=_organization(settings),
            )
        )
        scripts.append(sd.breadcrumb_list(trail + [(article.title, sd.absolute(site, article.url))]))
    elif page is not None and getattr(page, "title", None):
        scripts.append(sd.breadcrumb_list([home, (page.title, sd.absolute(site, url))]))
    elif url == home_url:
        scripts.append(_organization(settings))
    return Markup("\n".join(sd.json_ld_script(data) for data in scripts))


def add_template_helpers(generator) -> None:
    """Give templates ``structured_data(url)``."""
    env = getattr(generator, "env", None)
    if env is not None:
        helper = partial(structured_data_for, settings=generator.settings)
        env.globals["structured_data"] = pass_context(lambda context, url: helper(context, url))


def set_share_images(generator) -> None:
    """Give every post the raster image its link previews show."""
    default = generator.settings["SHARE_IMAGE"]
    for article in every_content(generator):
        article.share_image = share_image_of(article, default)


def register() -> None:
    """Connect the handlers to Pelican's signals."""
    signals.generator_init.connect(add_template_helpers)
    signals.article_generator_finalized.connect(set_share_images)
