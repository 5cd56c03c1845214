"""Screening entry points for the rest of the app: `screen_text` and `screen_fields`.

The active matcher is shared by every request of a process. It is built lazily from the
built-in watchlist; the app replaces it (built-in plus imported and local entries) with
`set_active_matcher` whenever the database watchlist changes. Readers take a reference to
an immutable Matcher, so swapping it needs no lock for them; the lock only keeps two
threads from building the default at once.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

from .flags import Flag
from .matcher import Matcher
from .watchlist import load_builtin_watchlist

_lock = threading.Lock()
_active: Matcher | None = None


def build_builtin_matcher() -> Matcher:
    watchlist = load_builtin_watchlist()
    return Matcher.build(watchlist.entries, watchlist.version, watchlist.contexts)


def active_matcher() -> Matcher:
    """The matcher in use, built from the built-in watchlist on first use."""
    global _active  # one shared matcher per process is the point
    matcher = _active
    if matcher is None:
        with _lock:
            if _active is None:
                _active = build_builtin_matcher()
            matcher = _active
    return matcher


def set_active_matcher(matcher: Matcher | None) -> None:
    """Install `matcher` for every later screening; None goes back to the built-in one."""
    global _active
    with _lock:
        _active = matcher


def screen_text(text: str, matcher: Matcher | None = None) -> list[Flag]:
    """Flags for every watchlist mention in `text` (the active matcher by default)."""
    return (matcher or active_matcher()).screen(text)


def screen_fields(
    fields: Mapping[str, str], matcher: Matcher | None = None
) -> list[tuple[str, Flag]]:
    """Screen each named text field of an item; returns (field name, flag) pairs."""
    matcher = matcher or active_matcher()
    return [
        (name, flag) for name, value in fields.items() if value for flag in matcher.screen(value)
    ]
