"""A sliding-window counter per key (client hash or article), kept in memory and bounded.

Checked before the request body is read, so a flood is answered 429 without parsing or
touching the store. Each instance counts its own requests: behind several instances the
limit is per instance (a proxy in front can limit globally).
"""

from __future__ import annotations

import math
from collections import OrderedDict, deque

MAX_KEYS = 100_000


class RateLimit:
    """At most *limit* hits per key within *window* seconds; ``limit`` 0 switches it off."""

    def __init__(self, limit: int, window: float = 60.0, max_keys: int = MAX_KEYS) -> None:
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()

    def hit(self, key: str, now: float) -> int:
        """Count one request; 0 when it is allowed, else the seconds to wait (for Retry-After).

        A refused request is not counted, so a client that keeps flooding is let through
        again as soon as its window has room: the answer costs nothing either way.
        """
        if self.limit <= 0:
            return 0
        hits = self._hits.get(key)
        if hits is None:
            hits = self._hits[key] = deque()
            if len(self._hits) > self.max_keys:
                self._hits.popitem(last=False)  # the least recently seen key
        else:
            self._hits.move_to_end(key)
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            return max(1, math.ceil(hits[0] + self.window - now))
        hits.append(now)
        return 0
