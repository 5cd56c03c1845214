"""An acronym the text itself defines: "cerebellar granule neurons (CGN)".

Writers define an acronym by putting it in parentheses after the words it abbreviates.
When those words are not a name of the listed body the acronym belongs to, the text means
something else by it ("Canadian Association of Emergency Physicians (CAEP)" is not CAEP
the Chinese Academy of Engineering Physics), and a match on the bare acronym is dropped.
"""

from __future__ import annotations

import re

from .normalize import normalize_phrase

#: Small words writers skip when forming an acronym.
_SKIPPED = frozenset({"of", "and", "the", "for", "on", "in", "at", "de", "du", "la", "to"})
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")
#: How far before the parenthesis the expansion may start.
_LOOKBACK = 160


def local_expansion(text: str, start: int, end: int) -> str | None:
    """The folded words text[start:end] abbreviates, when the text defines it as
    "words (ACRONYM)"; None otherwise."""
    before = text[max(0, start - _LOOKBACK) : start].rstrip()
    after = text[end : end + 2].lstrip()
    if not before.endswith("(") or not after.startswith(")"):
        return None
    letters = [char.casefold() for char in text[start:end] if char.isalpha()]
    if not letters:
        return None
    words = _WORD.findall(before[:-1])
    needed = len(letters)
    taken: list[str] = []
    for word in reversed(words):
        if word.casefold() in _SKIPPED and taken:
            taken.append(word)
            continue
        taken.append(word)
        needed -= 1
        if needed == 0:
            break
    if needed:
        return None
    expansion = list(reversed(taken))
    initials = [word[0].casefold() for word in expansion if word.casefold() not in _SKIPPED]
    if initials != letters:
        return None
    return normalize_phrase(" ".join(expansion))
