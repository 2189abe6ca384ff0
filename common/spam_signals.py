"""The spam signals of a reader's comment that the moderators see, the same whether the intake
computes them on arrival or the moderation export from a comment file: links, blocked words,
the text that counts as a duplicate. Pure, standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# The site's default for COMMENTS_BLOCKED_WORDS; the build publishes the site's own list in
# comments/articles.json (common.commentable_posts), so the intake flags the same words.
DEFAULT_BLOCKED_WORDS = ("casino", "viagra", "crypto", "bitcoin", "loan", "kredit ohne schufa", "seo services")
_LINK = re.compile(r"https?://|www\.|\]\(|mailto:", re.IGNORECASE)


def blocked_word_list(value) -> tuple[str, ...]:
    """A setting's blocked words as matched: one word or a list of them, case-folded, empty ones
    dropped. ``None`` (not set) gives :data:`DEFAULT_BLOCKED_WORDS`."""
    if value is None:
        return DEFAULT_BLOCKED_WORDS
    words = [value] if isinstance(value, str) or not isinstance(value, Iterable) else value
    return tuple(str(word).casefold() for word in words if str(word).strip())


def normalised_text(text: str) -> str:
    """Lower-case words only: what counts as "the same text" for duplicates."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def link_count(text: str, website: str) -> int:
    """Links in the text, plus one for a website."""
    return len(_LINK.findall(text)) + (1 if website else 0)


def blocked_words_in(text: str, author: str, blocked_words: tuple[str, ...]) -> list[str]:
    """The blocked words found in the text or the name, in the order of *blocked_words*."""
    text, author = text.casefold(), author.casefold()
    return [word for word in blocked_words if word and (word in text or word in author)]
