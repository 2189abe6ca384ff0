"""The people of the site as data: ``authors.yml`` (who writes) and ``testimonials.yml``
(what clients say). Parse and validate both; every problem names its file and line.

Pure code, no Pelican: text in, records and :class:`Problem` values out. YAML is read
through ``yaml.compose`` nodes (as ``taxonomy.vocabulary`` does), so each mistake knows its line.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import yaml

from sitecore.problems import Problem
from sitecore.slugs import slugify
from sitecore.yaml_nodes import NodeReader, invalid_yaml, node_line

AUTHOR_FIELDS = ("name", "role", "bio", "photo")
TESTIMONIAL_FIELDS = ("quote", "name", "role", "company", "offer")
AUTHORS_EXAMPLE = "authors:\\n  maren-albrecht:\\n    name: Maren Albrecht\\n    role: {de: Trainerin, en: Trainer}"
TESTIMONIALS_EXAMPLE = (
    "testimonials:\\n  - quote: {de: „…“, en: “…”}\\n    name: Anna Beispiel\\n    company: Beispiel GmbH"
)


@dataclass(frozen=True)
class AuthorProfile:
    """One author of the site; texts are per language (``{"de": …, "en": …}``)."""

    id: str
    name: str
    roles: dict = field(default_factory=dict)
    bios: dict = field(default_factory=dict)
    photo: str = ""  # root-relative address below the site, without the leading slash
    line: int | None = None

    def in_language(self, lang: str) -> AuthorView:
        """What a page in *lang* shows of this author."""
        return AuthorView(self.id, self.name, self.roles.get(lang, ""), self.bios.get(lang, ""), self.photo)


@dataclass(frozen=True)
class AuthorView:
    """An author as one language shows it (the theme's author box)."""

    id: str
    name: str
    role: str
    bio: str
    photo: str


@dataclass(frozen=True)
class Testimonial:
    """What a client said, in the languages it was given in."""

    quotes: dict  # language code -> quote
    name: str
    roles: dict = field(default_factory=dict)
    company: str = ""
    offer: str = ""  # offer id, optional
    line: int | None = None
    offer_line: int | None = None

    def in_language(self, lang: str) -> TestimonialView | None:
        """The testimonial as a page in *lang* shows it; ``None`` without a quote in *lang*."""
        quote = self.quotes.get(lang)
        if not quote:
            return None
        return TestimonialView(quote, self.name, self.roles.get(lang, ""), self.company, self.offer)


@dataclass(frozen=True)
class TestimonialView:
    """A testimonial in one language."""

    quote: str
    name: str
    role: str
    company: str
    offer: str


def author_key(name: str) -> str:
    """The form in which a post's ``Author`` is matched to a profile: case and accents do not count."""
    return slugify(name)


def parse_authors(text: str, path: str, languages: list[str]) -> tuple[list[AuthorProfile], list[Problem]]:
    """Read ``authors.yml`` *text*: ``authors:`` maps ids to name, role, bio and photo."""
    reader = _Reader(path, languages)
    root = reader.compose(text, "authors", AUTHORS_EXAMPLE, yaml.MappingNode)
    if root is None:
        return [], reader.problems
    authors: list[AuthorProfile] = []
    seen: dict[str, int] = {}
    for id_node, body in root.value:
        author_id = str(id_node.value).strip() if isinstance(id_node, yaml.ScalarNode) else ""
        if not author_id:
            reader.problem(id_node, "an author id must be a plain word", "e.g. maren-albrecht:")
            continue
        fields = reader.fields(body, id_node, AUTHOR_FIELDS, f"author {author_id!r}", AUTHORS_EXAMPLE)
        if fields is None:
            continue
        name = reader.text(fields.get("name"), f"the name of author {author_id!r}")
        if not name:
            reader.problem(
                fields.get("name") or id_node,
                f"the author {author_id!r} has no name",
                "add `name: …` as the posts write it in `Author:`",
            )
            continue
        key = author_key(name)
        if key in seen:
            reader.problem(
                fields["name"],
                f"the author name {name!r} is used twice (first on line {seen[key]})",
                "give each author one entry",
            )
            continue
        seen[key] = node_line(id_node)
        photo = reader.text(fields.get("photo"), f"the photo of author {author_id!r}")
        if photo and not photo.startswith("/"):
            reader.problem(
                fields["photo"],
                f"the photo of author {author_id!r} must be an address on this site",
                "e.g. photo: /assets/images/authors/maren-albrecht.svg",
            )
            photo = ""
        authors.append(
            AuthorProfile(
                id=author_id,
                name=name,
                roles=reader.per_language(fields.get("role"), f"the role of author {author_id!r}"),
                bios=reader.per_language(fields.get("bio"), f"the bio of author {author_id!r}"),
                photo=photo.lstrip("/"),
                line=node_line(id_node),
            )
        )
    return authors, reader.problems


def parse_testimonials(text: str, path: str, languages: list[str]) -> tuple[list[Testimonial], list[Problem]]:
    """Read ``testimonials.yml`` *text*: ``testimonials:`` is a list of quotes with who said them."""
    reader = _Reader(path, languages)
    root = reader.compose(text, "testimonials", TESTIMONIALS_EXAMPLE, yaml.SequenceNode)
    if root is None:
        return [], reader.problems
    testimonials = []
    for position, item in enumerate(root.value, start=1):
        what = f"testimonial {position}"
        fields = reader.fields(item, item, TESTIMONIAL_FIELDS, what, TESTIMONIALS_EXAMPLE)
        if fields is None:
            continue
        quotes = reader.per_language(fields.get("quote"), f"the quote of {what}")
        name = reader.text(fields.get("name"), f"the name of {what}")
        if not quotes or not name:
            missing = "quote" if not quotes else "name"
            reader.problem(item, f"{what} has no {missing}", f"e.g. {TESTIMONIALS_EXAMPLE}")
            continue
        testimonials.append(
            Testimonial(
                quotes=quotes,
                name=name,
                roles=reader.per_language(fields.get("role"), f"the role of {what}"),
                company=reader.text(fields.get("company"), f"the company of {what}"),
                offer=reader.text(fields.get("offer"), f"the offer of {what}"),
                line=node_line(item),
                offer_line=node_line(fields["offer"]) if "offer" in fields else None,
            )
        )
    return testimonials, reader.problems


def unknown_offer_problems(path: str, testimonials: list[Testimonial], known_offers) -> list[Problem]:
    """Testimonials that name an offer id no offer has (in any language)."""
    known = sorted(known_offers)
    problems = []
    for testimonial in testimonials:
        if testimonial.offer and testimonial.offer not in known:
            close = difflib.get_close_matches(testimonial.offer, known, n=1, cutoff=0.4)
            hint = f"did you mean {close[0]!r}?" if close else f"known offers: {', '.join(known) or 'none'}"
            problems.append(
                Problem(
                    path, testimonial.offer_line, f"the testimonial names the unknown offer {testimonial.offer!r}", hint
                )
            )
    return problems


class _Reader(NodeReader):
    """The node helpers of the people files: each collects problems instead of raising."""

    def compose(self, text: str, key: str, example: str, kind):
        """The node under the top-level *key*, or ``None`` (with a problem when the file is wrong)."""
        try:
            root = yaml.compose(text)
        except yaml.YAMLError as error:
            self.problems.append(invalid_yaml(self.path, error, "the file"))
            return None
        if root is None:
            return None
        node = None
        if isinstance(root, yaml.MappingNode):
            for key_node, value in root.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                    node = value
                else:
                    self.problem(
                        key_node, f"unknown top-level key {key_node.value!r}", f"the file has one key, `{key}:`"
                    )
        if not isinstance(node, kind):
            shape = "a mapping" if kind is yaml.MappingNode else "a list"
            self.problem(node if node is not None else root, f"`{key}:` must be {shape}", f"e.g. {example}")
            return None
        return node

    def fields(self, body, where, known: tuple, what: str, example: str) -> dict | None:
        """Field name -> value node of one record; unknown fields are problems."""
        if not isinstance(body, yaml.MappingNode):
            self.problem(where, f"{what} needs fields ({', '.join(known)})", f"e.g. {example}")
            return None
        return self.known_fields(body, known, what)

    def text(self, node, what: str) -> str:
        """A plain text value ('' when absent or not text)."""
        if node is None:
            return ""
        if isinstance(node, yaml.ScalarNode):
            return str(node.value).strip()
        self.problem(node, f"{what} must be text")
        return ""

    def per_language(self, node, what: str) -> dict:
        """``{de: …, en: …}``; a plain text counts for every language."""
        if node is None:
            return {}
        if isinstance(node, yaml.ScalarNode):
            value = str(node.value).strip()
            return dict.fromkeys(self.languages, value) if value else {}
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"{what} must be text per language", "e.g. {de: …, en: …}")
            return {}
        values = {}
        for lang_node, value in node.value:
            lang = str(lang_node.value)
            if lang not in self.languages:
                self.problem(
                    lang_node, f"{lang!r} is not a language of the site", f"use one of {', '.join(self.languages)}"
                )
            elif isinstance(value, yaml.ScalarNode) and str(value.value).strip():
                values[lang] = str(value.value).strip()
            else:
                self.problem(value, f"{what} in {lang!r} must be text")
        return values
