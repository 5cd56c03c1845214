"""Watchlist entries and the project's own built-in watchlist (data/watchlist.toml).

Entries may also come from official-list imports or from admins; the matcher takes any
iterable of `WatchlistEntry`, whatever its origin.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from types import MappingProxyType

from .flags import DEFAULT_SEVERITY, FlagCategory, Severity, parse_flag_category

BUILTIN_WATCHLIST_PATH = Path(__file__).with_name("data") / "watchlist.toml"
VOCABULARY_PATH = Path(__file__).with_name("data") / "vocabulary.toml"

_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9:._-]*$")
_RULE_KEYS = frozenset({"acronyms", "ambiguous", "context", "exclude_contexts", "exact_only"})


class WatchlistError(ValueError):
    """A watchlist entry or file that does not follow the format."""


@dataclass(frozen=True, slots=True)
class MatchRules:
    """How to tell a real mention from a coincidence."""

    #: Aliases that count only when written exactly so in the original text ("HIT", not "hit").
    acronyms: tuple[str, ...] = ()
    #: Aliases that count only with a context word nearby (and no sign of another country).
    ambiguous: tuple[str, ...] = ()
    #: Context words for the ambiguous aliases; "@NAME" names a shared set. Empty: the set
    #: named after the entry's country.
    context: tuple[str, ...] = ()
    #: Phrases that cancel any match of the entry nearby ("Fremont", "high-throughput").
    exclude_contexts: tuple[str, ...] = ()
    #: Aliases never matched approximately (short names that sit one typo from a place name).
    exact_only: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class WatchlistEntry:
    id: str
    canonical_name: str
    aliases: tuple[str, ...]
    category: FlagCategory
    severity: Severity
    #: ISO 3166 alpha-2 code of the body's country, "" when unknown.
    country: str
    #: The list and edition, e.g. "Commerce Entity List, Oct 2019".
    source: str
    rules: MatchRules = field(default_factory=MatchRules)
    start_date: date | None = None
    end_date: date | None = None
    #: The listed parent as the list names it ("Parent Name" on 1260H), "" when none.
    parent: str = ""
    #: The list's stated basis for the listing (the 1260H note, the CSL remarks).
    basis: str = ""
    #: Names of known subsidiaries: a mention of one is a mention of this entry, through
    #: its subsidiary ("Shenyang Aircraft Corporation" for AVIC).
    subsidiaries: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.canonical_name, *self.aliases)

    def has_ended(self, on: date) -> bool:
        return self.end_date is not None and self.end_date < on

    def has_started(self, on: date) -> bool:
        return self.start_date is None or self.start_date <= on


@dataclass(frozen=True, slots=True)
class Watchlist:
    version: str
    entries: tuple[WatchlistEntry, ...]
    #: Shared context word sets, by name (country codes, "elsewhere").
    contexts: Mapping[str, tuple[str, ...]]


def _strings(value: object, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise WatchlistError(f"{what} must be a list of strings")
    return tuple(value)


def _optional_date(value: object, what: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise WatchlistError(f"{what} must be a date (YYYY-MM-DD)")


def rules_from_mapping(data: Mapping[str, object], entry_id: str) -> MatchRules:
    unknown = set(data) - _RULE_KEYS
    if unknown:
        raise WatchlistError(f"{entry_id}: unknown rule(s) {sorted(unknown)}")
    return MatchRules(
        **{key: _strings(value, f"{entry_id}: rules.{key}") for key, value in data.items()}
    )


def entry_from_mapping(data: Mapping[str, object]) -> WatchlistEntry:
    """Build and check one entry from its data-file form."""
    entry_id = data.get("id")
    if not isinstance(entry_id, str) or not _ID_PATTERN.match(entry_id):
        raise WatchlistError(f"entry id {entry_id!r} is not a lowercase slug")
    name = data.get("canonical_name")
    if not isinstance(name, str) or not name.strip():
        raise WatchlistError(f"{entry_id}: canonical_name is required")
    try:
        category = parse_flag_category(str(data.get("category")))
        severity = Severity(data.get("severity") or DEFAULT_SEVERITY[category])
    except ValueError as error:
        raise WatchlistError(f"{entry_id}: {error}") from None
    aliases = _strings(data.get("aliases", []), f"{entry_id}: aliases")
    raw_rules = data.get("rules", {})
    if not isinstance(raw_rules, Mapping):
        raise WatchlistError(f"{entry_id}: rules must be a table")
    rules = rules_from_mapping(raw_rules, entry_id)
    names = {name, *aliases}
    for listed in (*rules.acronyms, *rules.ambiguous, *rules.exact_only):
        if listed not in names:
            raise WatchlistError(f"{entry_id}: rule names {listed!r}, which is not an alias")
    return WatchlistEntry(
        id=entry_id,
        canonical_name=name,
        aliases=aliases,
        category=category,
        severity=severity,
        country=str(data.get("country", "")),
        source=str(data.get("source", "")),
        rules=rules,
        start_date=_optional_date(data.get("start_date"), f"{entry_id}: start_date"),
        end_date=_optional_date(data.get("end_date"), f"{entry_id}: end_date"),
        parent=str(data.get("parent", "")),
        basis=str(data.get("basis", "")),
        subsidiaries=_strings(data.get("subsidiaries", []), f"{entry_id}: subsidiaries"),
    )


def parse_watchlist(data: Mapping[str, object]) -> Watchlist:
    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise WatchlistError("the watchlist needs a version string")
    raw_entries = data.get("entries", [])
    if not isinstance(raw_entries, list):
        raise WatchlistError("entries must be an array of tables")
    entries = tuple(entry_from_mapping(item) for item in raw_entries)
    check_unique_ids(entries)
    raw_contexts = data.get("contexts", {})
    if not isinstance(raw_contexts, Mapping):
        raise WatchlistError("contexts must be a table")
    contexts = {name: _strings(words, f"contexts.{name}") for name, words in raw_contexts.items()}
    return Watchlist(version, entries, MappingProxyType(contexts))


def check_unique_ids(entries: Iterable[WatchlistEntry]) -> None:
    seen: set[str] = set()
    for entry in entries:
        if entry.id in seen:
            raise WatchlistError(f"duplicate entry id {entry.id!r}")
        seen.add(entry.id)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Word lists used by the rules (data/vocabulary.toml)."""

    seed_stop_words: frozenset[str]
    generic_name_words: frozenset[str]
    person_titles: frozenset[str]
    surnames: frozenset[str]


def _load_vocabulary() -> Vocabulary:
    with VOCABULARY_PATH.open("rb") as file:
        data = tomllib.load(file)
    return Vocabulary(**{key: frozenset(words) for key, words in data.items()})


VOCABULARY = _load_vocabulary()


@cache
def load_builtin_watchlist() -> Watchlist:
    """The versioned watchlist shipped with Candor (read once per process)."""
    with BUILTIN_WATCHLIST_PATH.open("rb") as file:
        return parse_watchlist(tomllib.load(file))
