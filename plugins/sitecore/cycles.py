"""Loops in a child -> parent relation: reply loops of comments, parent loops of topics (pure)."""

from __future__ import annotations

from collections.abc import Mapping


def parent_cycles(parent_of: Mapping[str, str]) -> list[list[str]]:
    """Each loop of *parent_of* once, as the chain from its first member (in the mapping's
    order) up to the one whose parent it is; names that only lead into a loop are left out."""
    on_cycle: set[str] = set()
    found = []
    for start in parent_of:
        if start in on_cycle:
            continue
        chain = [start]
        current = parent_of[start]
        while current in parent_of and current not in chain:
            chain.append(current)
            current = parent_of[current]
        if current == start:
            found.append(chain)
            on_cycle.update(chain)
    return found


def on_parent_cycles(parent_of: Mapping[str, str]) -> set[str]:
    """Every name that lies on a loop of *parent_of*."""
    return {name for chain in parent_cycles(parent_of) for name in chain}
