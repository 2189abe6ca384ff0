"""Related posts and related topics from shared topics, through an inverted index.

Pure code, no Pelican: posts are described by :class:`PostTopics` records.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass


@dataclass(frozen=True, eq=False)
class PostTopics:
    """What ranking needs to know about one post (compared by identity)."""

    key: object  # anything hashable that identifies the post (the post itself in the glue)
    lang: str
    timestamp: float  # newer posts have larger values
    topics: frozenset  # topic ids the post is tagged with, ancestors included


def topic_weights(depths: dict) -> dict:
    """Weight per topic id: a specific (deeper) topic counts more than its broad parent."""
    return {topic_id: 1 + depth for topic_id, depth in depths.items()}


def related_posts(posts: list[PostTopics], weights: dict, limit: int = 3) -> dict:
    """Post key -> up to *limit* related post keys of the same language, best first.

    The score of a pair is the sum of the weights of the topics both posts have; ties go
    to the newer post. Candidates come from the index topic -> posts, so posts sharing
    nothing are never compared.
    """
    index: dict[tuple, list[PostTopics]] = defaultdict(list)
    for post in posts:
        for topic_id in post.topics:
            index[(post.lang, topic_id)].append(post)
    result = {}
    for post in posts:
        scores: Counter = Counter()
        for topic_id in post.topics:
            weight = weights.get(topic_id, 1)
            for other in index[(post.lang, topic_id)]:
                if other is not post:
                    scores[other] += weight
        best = heapq.nsmallest(limit, scores.items(), key=lambda item: (-item[1], -item[0].timestamp))
        result[post.key] = [other.key for other, _score in best]
    return result


def related_topics(topic_sets: list[frozenset], limit: int = 5) -> dict:
    """Topic id -> the topic ids most often found on the same posts, most frequent first."""
    together: dict[str, Counter] = defaultdict(Counter)
    for topics in topic_sets:
        for topic_id in topics:
            for other in topics:
                if other != topic_id:
                    together[topic_id][other] += 1
    return {
        topic_id: [other for other, _n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]]
        for topic_id, counts in together.items()
    }
