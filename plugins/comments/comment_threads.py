"""Order the approved comments of one post into threads: oldest first, replies nested.

Nesting is shown at most ``MAX_DEPTH`` levels deep (``cap_depth``): a page indents each
level, and a 50-reply chain would leave no room for the text on a phone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from sitecore.cycles import on_parent_cycles

MAX_DEPTH = 3  # replies deeper than this are shown at this depth, after the others


@dataclass
class ThreadNode:
    """One comment in a thread, with its replies (each a node) and its nesting depth;
    ``answers`` is the comment it replies to when it is not shown under that one."""

    comment: object
    depth: int = 0
    replies: list = field(default_factory=list)
    answers: object | None = None


def build_threads(comments: list) -> tuple[list[ThreadNode], list]:
    """Return ``(threads, orphans)`` for comments that have ``id``, ``reply_to`` and ``date``.

    A reply whose parent is not among *comments* (not approved, say) becomes a top-level
    comment and is also returned in *orphans*, so the caller can warn. Comments on a reply
    loop are all treated as orphans at top level rather than being lost.
    """
    ordered = sorted(comments, key=lambda c: (c.date, c.id))
    by_id = {c.id: c for c in ordered}
    looped = _on_loop(ordered)
    nodes = {c.id: ThreadNode(c) for c in ordered}
    roots, orphans = [], []
    for comment in ordered:
        parent = comment.reply_to
        if parent and parent in by_id and comment.id not in looped:
            nodes[parent].replies.append(nodes[comment.id])
        else:
            if parent:
                orphans.append(comment)
            roots.append(nodes[comment.id])
    _set_depth(roots, 0)
    return roots, orphans


def cap_depth(threads: list[ThreadNode], max_depth: int = MAX_DEPTH) -> list[ThreadNode]:
    """*threads* nested at most *max_depth* deep: everything below a comment at that depth
    becomes its direct replies, in reading order, each deeper one with ``answers`` set."""
    for node in threads:
        if node.depth < max_depth:
            cap_depth(node.replies, max_depth)
        else:
            node.replies = list(_below(node, node))
    return threads


def _below(shown_under: ThreadNode, node: ThreadNode) -> Iterator[ThreadNode]:
    for reply in node.replies:
        answers = None if node is shown_under else node.comment
        yield ThreadNode(reply.comment, shown_under.depth + 1, answers=answers)
        yield from _below(shown_under, reply)


def count(threads: list[ThreadNode]) -> int:
    """The number of comments in *threads*, replies included."""
    return sum(1 + count(node.replies) for node in threads)


def flatten(threads: list[ThreadNode]) -> list:
    """The comments of *threads* in reading order (depth first)."""
    result = []
    for node in threads:
        result.append(node.comment)
        result += flatten(node.replies)
    return result


def _set_depth(nodes: list[ThreadNode], depth: int) -> None:
    for node in nodes:
        node.depth = depth
        _set_depth(node.replies, depth + 1)


def _on_loop(comments: list) -> set[str]:
    return on_parent_cycles({c.id: c.reply_to for c in comments if c.reply_to})
