"""Hostile text for property-based tests: what a careless paste or an attacker sends.

Surrogates are left out (category Cs): they cannot be encoded as UTF-8, so no browser or
HTTP client can send them. Everything else can arrive, NUL and other controls included.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

#: Deterministic in CI: the same examples on every run, and no example database to replay
#: a failure found on someone's laptop. Function-scoped fixtures (client, db) are shared by
#: the examples of one test, which these tests are written for.
HOSTILE = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

RTL_MARKS = ["\u200f", "\u202e", "\u202b", "\u2066", "\u2069", "\u061c"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060"]
EMOJI = ["👩🏽‍🔬", "🇨🇳", "🏳️‍🌈", "🙂", "\U0001f9ea"]
COMBINING = ["e\u0301", "\u0301\u0301\u0301", "Z\u0351\u0352\u0353\u0354", "\u0e49\u0e49"]
CONTROLS = ["\x00", "\x01", "\x1b[31m", "\x7f", "\x85", "\u2028", "\r\n", "\r", "\t", "\x0b\x0c"]
#: Characters whose folding (NFKC, case folding) changes their length or meaning.
FOLDING = [
    "\ufb01",  # fi ligature
    "ß",
    "İ",
    "\uff28\uff41\uff52\uff42\uff49\uff4e",  # full-width "Harbin"
    "㈱",
    "…",
    "\ufdfa",  # one character, eighteen after NFKC
    "²",
    "①",
    "٣",
]
MARKUP = ["&amp;", "&#0;", "%00", "\\", "'", '"', "<", ">", "&", "{{", "}}", "{%", "${"]
#: Watchlist names, so that screening finds something to flag in hostile surroundings.
WATCHLISTED = ["Thousand Talents Plan", "千人计划", "Harbin Institute of Technology", "NUDT"]
NUMBERS = ["#1", "99999999999999999999", "-1", "0x10", "1e309", "NaN"]

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "</textarea><script>alert(1)</script>",
    "{{7*7}}",
    "${7*7}",
]

FRAGMENTS = [
    *RTL_MARKS,
    *ZERO_WIDTH,
    *EMOJI,
    *COMBINING,
    *CONTROLS,
    *FOLDING,
    *MARKUP,
    *WATCHLISTED,
    *NUMBERS,
    *XSS_PAYLOADS,
    " ",
    "  ",
]

any_character = st.characters(exclude_categories=("Cs",))


def hostile_text(max_pieces: int = 12, min_pieces: int = 0) -> st.SearchStrategy[str]:
    """Arbitrary Unicode mixed with the fragments that break naive code."""
    piece = st.one_of(st.text(any_character, max_size=16), st.sampled_from(FRAGMENTS))
    return st.lists(piece, min_size=min_pieces, max_size=max_pieces).map("".join)


def long_hostile_text(length: int = 10_000) -> st.SearchStrategy[str]:
    """Exactly `length` characters: a hostile piece repeated (Hypothesis draws short)."""
    return (
        hostile_text(min_pieces=1)
        .filter(bool)
        .map(lambda piece: (piece * (length // len(piece) + 1))[:length])
    )


def any_hostile_text() -> st.SearchStrategy[str]:
    """Mostly short texts, sometimes 10,000 characters."""
    return st.one_of(hostile_text(), hostile_text(), long_hostile_text())


def may_be_refused(text: str) -> bool:
    """Control characters other than tab and line breaks: the app may refuse them (and
    PostgreSQL cannot store NUL); every other character must be accepted and kept."""
    return any((ord(ch) < 0x20 and ch not in "\t\n\r") or 0x7F <= ord(ch) <= 0x9F for ch in text)
