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


class RelatedIndex:
    """Ranks related posts on demand: built once per build, asked once per written post.

    The score of a pair is the sum of the weights of the topics both posts have; ties go
    to the newer post, then to the one earlier in *posts* (never to the order of a set).
    Posts of one language with the same topics score alike, so they form one group, and
    candidates come from the index topic -> groups: a post is compared with groups (and the
    newest few posts of each), never with every other post.
    """

    def __init__(self, posts: list[PostTopics], weights: dict, limit: int = 3) -> None:
        self.weights, self.limit = weights, limit
        by_topics: dict[tuple, list[PostTopics]] = defaultdict(list)
        for post in posts:
            by_topics[(post.lang, post.topics)].append(post)
        self.groups: list[list[PostTopics]] = []  # newest first; numbered, so counting hashes ints
        self.index: dict[tuple, list[int]] = defaultdict(list)
        self.position = {id(post): number for number, post in enumerate(posts)}  # the last tie-break
        for number, ((lang, topics), members) in enumerate(by_topics.items()):
            self.groups.append(sorted(members, key=lambda member: -member.timestamp))
            for topic_id in topics:
                self.index[(lang, topic_id)].append(number)

    def related(self, post: PostTopics) -> list:
        """Keys of up to ``limit`` posts related to *post*, best first."""
        scores: Counter = Counter()
        for topic_id in post.topics:  # a group listed *weight* times counts *weight* (counted in C)
            scores.update(self.index[(post.lang, topic_id)] * self.weights.get(topic_id, 1))
        candidates: list = []
        for group, score in scores.most_common():  # best first
            if len(candidates) >= self.limit and score < candidates[self.limit - 1][0]:
                break  # every later group scores lower than enough candidates already found
            newest = [other for other in self.groups[group][: self.limit + 1] if other is not post][: self.limit]
            candidates += [(score, other) for other in newest]
        best = heapq.nsmallest(
            self.limit, candidates, key=lambda item: (-item[0], -item[1].timestamp, self.position[id(item[1])])
        )
        return [other.key for _score, other in best]


def shared_score(post: PostTopics, other: PostTopics, weights: dict) -> int:
    """The score of the pair: the sum of the weights of the topics both posts have."""
    return sum(weights.get(topic_id, 1) for topic_id in post.topics & other.topics)


def may_enter(post: PostTopics, ranked: list[PostTopics], newcomer: PostTopics, weights: dict, limit: int) -> bool:
    """True when *newcomer* (a post whose topics or date changed) may be among the related posts
    of *post*, whose related posts without it were *ranked* (best first). Only then can they
    change: the scores of the other pairs stay, and so does their order. A tie in score and date
    (decided by the posts' order) counts as may."""
    if newcomer is post or newcomer.lang != post.lang:
        return False
    score = shared_score(post, newcomer, weights)
    if not score:
        return False  # never a candidate
    if len(ranked) < limit:
        return True
    worst = ranked[limit - 1]
    return (score, newcomer.timestamp) >= (shared_score(post, worst, weights), worst.timestamp)


class RankingByPosition:
    """Related posts by their positions in *posts* (each post ranked once, on demand).

    The ranking is a function of what *posts* hold (language, date, topics, in order), the
    weights and the limit, not of the keys: ``ranking_by_position`` gives back the last one
    when those are the same, as when the preview's kept site model is ranked again after an
    edit that changed no post's topics or date (a title, a summary)."""

    def __init__(self, posts: list[PostTopics], weights: dict, limit: int) -> None:
        self._index = RelatedIndex(posts, weights, limit)
        self._posts, self._ranked = posts, {}
        self._position = {post.key: number for number, post in enumerate(posts)}

    def related(self, position: int) -> list[int]:
        """Positions of up to ``limit`` posts related to the post at *position*, best first."""
        if position not in self._ranked:
            keys = self._index.related(self._posts[position])
            self._ranked[position] = [self._position[key] for key in keys]
        return self._ranked[position]


_LAST_RANKING: dict = {}


def ranking_by_position(posts: list[PostTopics], weights: dict, limit: int = 3) -> RankingByPosition:
    """The related posts of *posts* by position: the last ranking when its inputs are the same."""
    inputs = ([(post.lang, post.timestamp, post.topics) for post in posts], sorted(weights.items()), limit)
    if _LAST_RANKING.get("inputs") != inputs:
        _LAST_RANKING.update(inputs=inputs, ranking=RankingByPosition(posts, weights, limit))
    return _LAST_RANKING["ranking"]


def forget_last_ranking() -> None:
    """Forget the last ranking (the preview drops its site model: the ranking's records of the
    model's posts, made while the model was read, would keep much of its freed heap in use)."""
    _LAST_RANKING.clear()


def related_posts(posts: list[PostTopics], weights: dict, limit: int = 3) -> dict:
    """Post key -> up to *limit* related post keys of the same language, best first."""
    index = RelatedIndex(posts, weights, limit)
    return {post.key: index.related(post) for post in posts}


class Lazy:
    """A list computed on first use (a post's related posts, only if its page is written)."""

    def __init__(self, compute) -> None:
        self._compute, self._items = compute, None

    def _list(self) -> list:
        if self._items is None:
            self._items = self._compute()
        return self._items

    def __iter__(self):
        return iter(self._list())

    def __len__(self) -> int:
        return len(self._list())

    def __bool__(self) -> bool:
        return bool(self._list())

    def __getitem__(self, position):
        return self._list()[position]

    def __eq__(self, other) -> bool:
        return self._list() == (other._list() if isinstance(other, Lazy) else other)

    __hash__ = None


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
