"""Map free tags to the topic names of the vocabulary in one language; warn about unknown ones."""

from __future__ import annotations

from sitecore.problems import Problem
from taxonomy.vocabulary import Vocabulary, unknown_tag_problem


def map_tags(
    tags: list[str], vocabulary: Vocabulary | None, lang: str, path: str, line: int | None = None
) -> tuple[list[str], list[Problem]]:
    """The tags written as their topic's name in *lang*; unknown tags kept as written, with a warning."""
    result: list[str] = []
    problems: list[Problem] = []
    for tag in tags:
        topic = vocabulary.match(tag) if vocabulary else None
        name = topic.names.get(lang, tag) if topic else tag
        if topic is None and vocabulary is not None:
            problems.append(unknown_tag_problem(path, line, tag, vocabulary.suggest(tag, lang)))
        if name not in result:
            result.append(name)
    return result, problems
