"""Screening: find mentions of watchlisted programs and entities in disclosure text.

The core here is pure (no Flask, no database); `screen_item` for stored items lives with
the models.
"""

from .flags import Category, Flag, InfoKind, Severity
from .matcher import Matcher
from .screen import active_matcher, screen_fields, screen_text, set_active_matcher
from .watchlist import Watchlist, WatchlistEntry, load_builtin_watchlist

__all__ = [
    "Category",
    "Flag",
    "InfoKind",
    "Matcher",
    "Severity",
    "Watchlist",
    "WatchlistEntry",
    "active_matcher",
    "load_builtin_watchlist",
    "screen_fields",
    "screen_text",
    "set_active_matcher",
]
