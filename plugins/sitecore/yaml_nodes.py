"""Reading a YAML data file through ``yaml.compose`` nodes, so every problem knows its line (pure).

``taxonomy.vocabulary`` and ``people.people_data`` read their files with a reader built on
:class:`NodeReader`; what differs between them (the shape of their records, what an empty
value means) stays in their own modules.
"""

from __future__ import annotations

import difflib

import yaml

from .problems import Problem


def node_line(node) -> int | None:
    """The 1-based line a node starts on (``None`` without a node)."""
    return node.start_mark.line + 1 if node is not None else None


def invalid_yaml(path: str, error: yaml.YAMLError, what: str) -> Problem:
    """The problem for a file YAML cannot read: *what* (``the file``) is not valid YAML.

    A reader error (a character YAML refuses) has neither a mark nor a ``problem``: it
    names its position in its own text.
    """
    mark = getattr(error, "problem_mark", None)
    return Problem(
        path,
        mark.line + 1 if mark else None,
        f"{what} is not valid YAML: {getattr(error, 'problem', error)}",
        "check indentation and colons",
    )


def mapping_value(node: yaml.MappingNode, key: str):
    """The value node under *key* in a mapping node, or ``None``."""
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return value_node
    return None


class NodeReader:
    """Collects problems of one file (*path*) instead of raising."""

    def __init__(self, path: str, languages: list[str]) -> None:
        self.path = path
        self.languages = languages
        self.problems: list[Problem] = []

    def problem(self, node, message: str, hint: str = "") -> None:
        """Record a problem at the line of *node*."""
        self.problems.append(Problem(self.path, node_line(node), message, hint))

    def known_fields(self, body: yaml.MappingNode, known: tuple, what: str) -> dict:
        """Field name -> value node of the record *body*; an unknown field is a problem
        (``unknown field 'x' in <what>``, with the closest known one as hint)."""
        fields = {}
        for key_node, value in body.value:
            key = str(key_node.value)
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"known fields: {', '.join(known)}"
                self.problem(key_node, f"unknown field {key!r} in {what}", hint)
                continue
            fields[key] = value
        return fields
