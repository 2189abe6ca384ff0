"""The topic vocabulary: parse and validate ``taxonomy.yml``, match tags, walk the hierarchy.

Pure code, no Pelican: text in, a :class:`Vocabulary` and :class:`Problem` values out.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import yaml

from sitecore.cycles import parent_cycles
from sitecore.problems import Problem
from sitecore.slugs import slugify
from sitecore.yaml_nodes import NodeReader, invalid_yaml, mapping_value, node_line

TOPIC_FIELDS = ("name", "slug", "aliases", "parent", "description")
EXAMPLE = "topics:\\n  vertrieb:\\n    name: {de: Vertrieb, en: Sales}"


def match_key(spelling: str) -> str:
    """The form in which tags and topic names are compared.

    Case, whitespace, hyphens and punctuation do not count, and umlauts equal their
    transliteration: ``Online-Training``, ``online training`` and ``OnlineTraining`` are one.
    """
    return slugify(spelling).replace("-", "")


def unknown_tag_problem(path: str, line: int | None, tag: str, suggestions: list[str]) -> Problem:
    """``the tag 'x' is not a topic of the vocabulary (did you mean …?)``: one message for build and check."""
    hint = "add it to content/taxonomy.yml as a topic or an alias, or correct the tag"
    if suggestions:
        hint = "did you mean " + " or ".join(repr(name) for name in suggestions) + "? Otherwise " + hint
    return Problem(path, line, f"the tag {tag!r} is not a topic of the vocabulary", hint)


def tag_topics(path: str, tags, line: int | None, lang: str, vocabulary: Vocabulary) -> tuple[list[str], list[Problem]]:
    """Topic ids of a post's *tags* in tag order (duplicates collapsed), and one problem per tag
    that names no topic, with the closest topic names in *lang*: the rule for build and check."""
    topic_ids: list[str] = []
    problems = []
    for tag in tags:
        topic = vocabulary.match(str(tag))
        if topic is None:
            problems.append(unknown_tag_problem(path, line, str(tag), vocabulary.suggest(str(tag), lang)))
        elif topic.id not in topic_ids:
            topic_ids.append(topic.id)
    return topic_ids, problems


@dataclass(frozen=True)
class Topic:
    """One topic of the vocabulary."""

    id: str
    names: dict  # language code -> name
    slugs: dict  # language code -> slug
    aliases: tuple = ()
    parent: str | None = None
    descriptions: dict = field(default_factory=dict)
    line: int | None = None

    def spellings(self) -> list[str]:
        """Every name and alias that leads to this topic."""
        return [self.id, *self.names.values(), *self.aliases]


@dataclass
class Vocabulary:
    """All topics in file order, with lookups by spelling and by parent."""

    topics: dict = field(default_factory=dict)  # id -> Topic
    keys: dict = field(default_factory=dict)  # match key -> topic id
    children: dict = field(default_factory=dict)  # id -> [child ids] in file order

    @classmethod
    def of(cls, topics: list[Topic]) -> Vocabulary:
        """A vocabulary of already validated *topics*."""
        vocabulary = cls()
        for topic in topics:
            vocabulary.topics[topic.id] = topic
            vocabulary.children.setdefault(topic.id, [])
            for spelling in topic.spellings():
                vocabulary.keys.setdefault(match_key(spelling), topic.id)
        for topic in topics:
            if topic.parent:
                vocabulary.children[topic.parent].append(topic.id)
        return vocabulary

    def match(self, tag: str) -> Topic | None:
        """The topic *tag* names (by name in any language, alias or id), if any."""
        topic_id = self.keys.get(match_key(tag))
        return self.topics[topic_id] if topic_id else None

    def suggest(self, tag: str, lang: str, limit: int = 2) -> list[str]:
        """Names (in *lang*) of the topics whose spellings come closest to *tag*."""
        close = difflib.get_close_matches(match_key(tag), list(self.keys), n=limit * 3, cutoff=0.75)
        names: list[str] = []
        for key in close:
            name = self.topics[self.keys[key]].names.get(lang)
            if name and name not in names:
                names.append(name)
        return names[:limit]

    def ancestors(self, topic_id: str) -> list[str]:
        """The parent, its parent … up to the root (nearest first)."""
        chain = []
        parent = self.topics[topic_id].parent
        while parent and parent not in chain:
            chain.append(parent)
            parent = self.topics[parent].parent
        return chain

    def descendants(self, topic_id: str) -> list[str]:
        """Children, grandchildren … depth first in file order."""
        result = []
        for child in self.children.get(topic_id, []):
            result.append(child)
            result.extend(self.descendants(child))
        return result

    def depth(self, topic_id: str) -> int:
        """0 for a root topic, 1 for its children …"""
        return len(self.ancestors(topic_id))

    def roots(self) -> list[str]:
        """Topics without a parent, in file order."""
        return [topic.id for topic in self.topics.values() if not topic.parent]


def parse_vocabulary(text: str, path: str, languages: list[str]) -> tuple[Vocabulary, list[Problem]]:
    """Read ``taxonomy.yml`` *text*; every problem names *path* and its line.

    When problems are returned the vocabulary holds only the topics that were valid.
    """
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        return Vocabulary(), [invalid_yaml(path, error, "the topic file")]
    if root is None:
        return Vocabulary(), []
    topics_node = mapping_value(root, "topics") if isinstance(root, yaml.MappingNode) else None
    if not isinstance(topics_node, yaml.MappingNode):
        line = root.start_mark.line + 1
        return Vocabulary(), [
            Problem(path, line, "the topic file must have a mapping `topics:` of topic ids", f"e.g. {EXAMPLE}")
        ]
    reader = _TopicReader(path, languages)
    topics = reader.read(topics_node)
    reader.check_hierarchy(topics)
    valid = [topic for topic in topics if topic.id not in reader.broken]
    # a topic whose parent was dropped must not point into the void
    known = {topic.id for topic in valid}
    valid = [topic if topic.parent in known or not topic.parent else _orphan(topic) for topic in valid]
    return Vocabulary.of(valid), reader.problems


def _orphan(topic: Topic) -> Topic:
    return Topic(topic.id, topic.names, topic.slugs, topic.aliases, None, topic.descriptions, topic.line)


class _TopicReader(NodeReader):
    """Turns the composed ``topics:`` mapping into topics and collects problems."""

    def __init__(self, path: str, languages: list[str]) -> None:
        super().__init__(path, languages)
        self.broken: set[str] = set()
        self.parent_lines: dict[str, int] = {}

    def read(self, topics_node: yaml.MappingNode) -> list[Topic]:
        topics: list[Topic] = []
        seen_ids: dict[str, int] = {}
        claimed: dict[str, tuple[str, str]] = {}  # match key -> (topic id, spelling)
        slugs: dict[tuple[str, str], str] = {}
        for id_node, body in topics_node.value:
            topic_id = str(id_node.value).strip() if isinstance(id_node, yaml.ScalarNode) else ""
            if not topic_id:
                self.problem(id_node, "a topic id must be a plain word", "e.g. vertrieb:")
                continue
            if topic_id in seen_ids:
                self.problem(
                    id_node,
                    f"the topic id {topic_id!r} is used twice (first on line {seen_ids[topic_id]})",
                    "give each topic its own id",
                )
                continue
            seen_ids[topic_id] = node_line(id_node)
            topic = self.read_topic(topic_id, id_node, body)
            if topic is None:
                self.broken.add(topic_id)
                continue
            self.claim(topic, body, claimed)
            self.check_slugs(topic, body, slugs)
            topics.append(topic)
        return topics

    def read_topic(self, topic_id: str, id_node, body) -> Topic | None:
        if not isinstance(body, yaml.MappingNode):
            self.problem(id_node, f"the topic {topic_id!r} needs fields (name, …)", f"e.g. {EXAMPLE}")
            return None
        fields = self.known_fields(body, TOPIC_FIELDS, f"topic {topic_id!r}")
        ok = True
        names = self.per_language(topic_id, fields.get("name"), "name")
        if names is None:
            return None
        for lang in self.languages:
            if not names.get(lang):
                ok = False
                where = fields.get("name") or id_node
                self.problem(where, f"the topic {topic_id!r} has no {lang!r} name", f"add `{lang}: …` under name:")
        slugs = self.per_language(topic_id, fields.get("slug"), "slug") or {}
        descriptions = self.per_language(topic_id, fields.get("description"), "description") or {}
        aliases = self.aliases(topic_id, fields.get("aliases"))
        parent = None
        if "parent" in fields:
            node = fields["parent"]
            if isinstance(node, yaml.ScalarNode) and str(node.value).strip():
                parent = str(node.value).strip()
                self.parent_lines[topic_id] = node_line(node)
            else:
                self.problem(node, f"the parent of topic {topic_id!r} must be one topic id", "e.g. parent: vertrieb")
        if not ok:
            return None
        all_slugs = {lang: slugs.get(lang) or slugify(names[lang]) for lang in self.languages}
        return Topic(topic_id, names, all_slugs, tuple(aliases), parent, descriptions, node_line(id_node))

    def per_language(self, topic_id: str, node, what: str) -> dict | None:
        """``{de: …, en: …}``; a plain string counts for every language."""
        if node is None:
            return {}
        if isinstance(node, yaml.ScalarNode):
            return {lang: str(node.value).strip() for lang in self.languages}
        if not isinstance(node, yaml.MappingNode):
            self.problem(
                node, f"the {what} of topic {topic_id!r} must be text per language", f"e.g. {what}: {{de: …, en: …}}"
            )
            return None
        values = {}
        for lang_node, value in node.value:
            lang = str(lang_node.value)
            if lang not in self.languages:
                self.problem(
                    lang_node, f"{lang!r} is not a language of the site", f"use one of {', '.join(self.languages)}"
                )
            elif isinstance(value, yaml.ScalarNode):
                values[lang] = str(value.value).strip()
            else:
                self.problem(value, f"the {what} of topic {topic_id!r} in {lang!r} must be text")
        return values

    def aliases(self, topic_id: str, node) -> list[str]:
        if node is None:
            return []
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        aliases = []
        for item in items:
            if isinstance(item, yaml.ScalarNode) and str(item.value).strip():
                aliases.append(str(item.value).strip())
            else:
                self.problem(
                    item,
                    f"the aliases of topic {topic_id!r} must be a list of words",
                    "e.g. aliases: [Verkauf, Selling]",
                )
        return aliases

    def claim(self, topic: Topic, body: yaml.MappingNode, claimed: dict) -> None:
        """Every name and alias may lead to one topic only."""
        nodes = _spelling_nodes(body)
        for spelling in topic.spellings():
            key = match_key(spelling)
            if not key:
                continue
            owner = claimed.get(key)
            if owner is None:
                claimed[key] = (topic.id, spelling)
            elif owner[0] != topic.id:
                node = nodes.get(spelling, body)
                self.problem(
                    node,
                    f"{spelling!r} of topic {topic.id!r} is already claimed by topic {owner[0]!r} ({owner[1]!r})",
                    "a name or alias may belong to one topic only",
                )

    def check_slugs(self, topic: Topic, body, slugs: dict) -> None:
        for lang, slug in topic.slugs.items():
            owner = slugs.setdefault((lang, slug), topic.id)
            if owner != topic.id:
                self.problem(
                    body,
                    f"the {lang!r} slug {slug!r} of topic {topic.id!r} is used by topic {owner!r}",
                    "set another slug: {…}",
                )

    def check_hierarchy(self, topics: list[Topic]) -> None:
        known = {topic.id for topic in topics} | self.broken
        parents = {topic.id: topic.parent for topic in topics if topic.parent}
        for topic in topics:
            if topic.parent and topic.parent not in known:
                close = difflib.get_close_matches(topic.parent, sorted(known), n=1)
                hint = f"did you mean {close[0]!r}?" if close else "name the id of another topic"
                self.problems.append(
                    Problem(
                        self.path,
                        self.parent_lines.get(topic.id),
                        f"the parent {topic.parent!r} of topic {topic.id!r} does not exist",
                        hint,
                    )
                )
                self.broken.add(topic.id)
        for chain in parent_cycles(parents):
            self.broken.update(chain)
            loop = " -> ".join([*chain, chain[0]])
            self.problems.append(
                Problem(
                    self.path,
                    self.parent_lines.get(chain[0]),
                    f"the parents of topic {chain[0]!r} form a loop: {loop}",
                    "one topic of the loop must have no parent or another one",
                )
            )


def _spelling_nodes(body: yaml.MappingNode) -> dict:
    """Spelling -> the node it is written at, for precise line numbers."""
    nodes = {}
    for key_node, value in body.value:
        if key_node.value not in ("name", "aliases"):
            continue
        children = []
        if isinstance(value, yaml.MappingNode):
            children = [v for _k, v in value.value]
        elif isinstance(value, yaml.SequenceNode):
            children = value.value
        elif isinstance(value, yaml.ScalarNode):
            children = [value]
        for child in children:
            if isinstance(child, yaml.ScalarNode):
                nodes.setdefault(str(child.value).strip(), child)
    return nodes
