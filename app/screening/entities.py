"""Entities: the organisations behind watchlist entries, whatever list each entry came from.

The built-in watchlist, the 1260H and 1286 lists and the Consolidated Screening List may
each carry an entry for the same organisation (Beihang University is on the built-in list
and on the 1286 list). The protections written for one of them (exclusions such as
"Fremont" for Northwestern Polytechnical University, aliases that need a context, acronyms
that count only in capitals) belong to the organisation, so `link_entities` groups entries
that share a distinctive name and gives every member the group's rules. Importing a list
then never removes a protection.

Homonyms: a publicly traded US or EU company may share its name with a listed Chinese one
(CoStar Group, the US real-estate data company, and Costar Group Co., Ltd. on the 1260H
list). `data/homonyms.toml` names such companies; a Chinese entry's alias that is one of
their names only counts with a Chinese context nearby.

Pure: entries in, entries and groups out.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from .normalize import normalize_phrase
from .watchlist import MatchRules, WatchlistEntry

HOMONYMS_PATH = Path(__file__).with_name("data") / "homonyms.toml"

#: Legal forms dropped before names are compared ("Co., Ltd." against "Inc.").
_LEGAL_FORMS = frozenset(
    {"co", "corp", "corporation", "company", "inc", "incorporated", "llc", "ltd", "limited"}
    | {"plc", "jsc", "sa", "ag", "se", "nv"}
)
_TRAILING_PARENTHESES = re.compile(r"\s*\([^()]*\)\s*$")
#: Folded names shorter than this are too weak to say two entries are one organisation.
_MIN_KEY_LENGTH = 6


def name_key(name: str) -> str:
    """A name folded, without a trailing parenthesis and trailing legal forms."""
    words = normalize_phrase(_TRAILING_PARENTHESES.sub("", name) or name).split()
    while len(words) > 1 and words[-1] in _LEGAL_FORMS:
        words.pop()
    return " ".join(words)


def identifying_keys(entry: WatchlistEntry) -> set[str]:
    """Name keys that identify the entry's organisation: acronyms and names that need a
    context say too little on their own."""
    weak = {*entry.rules.acronyms, *entry.rules.ambiguous}
    keys = {name_key(name) for name in entry.names if name not in weak}
    return {key for key in keys if len(key.replace(" ", "")) >= _MIN_KEY_LENGTH}


@dataclass(frozen=True, slots=True)
class Homonym:
    """A publicly traded company outside China whose name a listed Chinese body shares."""

    name: str
    aliases: tuple[str, ...]
    #: Where it is traded, e.g. "Nasdaq: CSGP".
    listing: str
    country: str
    source: str

    @property
    def keys(self) -> set[str]:
        return {name_key(name) for name in (self.name, *self.aliases)}


@cache
def load_homonyms() -> tuple[Homonym, ...]:
    with HOMONYMS_PATH.open("rb") as file:
        data = tomllib.load(file)
    return tuple(
        Homonym(
            name=item["name"],
            aliases=tuple(item.get("aliases", ())),
            listing=item["listing"],
            country=item["country"],
            source=item["source"],
        )
        for item in data.get("companies", [])
    )


@dataclass(frozen=True, slots=True)
class EntityGroups:
    """Which entries name the same organisation."""

    #: Entry id -> the id of its entity (the first entry of its group, in input order, so
    #: the built-in entry when the built-in list comes first).
    entity_of: dict[str, str]
    #: Entity id -> the ids of its entries, in input order.
    members: dict[str, tuple[str, ...]]


def group_entries(entries: Sequence[WatchlistEntry]) -> EntityGroups:
    """Group entries that share an identifying name key (union-find over the keys)."""
    parent = list(range(len(entries)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    owner: dict[str, int] = {}
    for index, entry in enumerate(entries):
        for key in identifying_keys(entry):
            if key in owner:
                first, second = sorted((root(index), root(owner[key])))
                parent[second] = first
            else:
                owner[key] = index
    members: dict[str, list[str]] = {}
    entity_of: dict[str, str] = {}
    for index, entry in enumerate(entries):
        entity = entries[root(index)].id
        entity_of[entry.id] = entity
        members.setdefault(entity, []).append(entry.id)
    return EntityGroups(entity_of, {key: tuple(ids) for key, ids in members.items()})


def link_entities(
    entries: Sequence[WatchlistEntry], homonyms: Iterable[Homonym] | None = None
) -> tuple[tuple[WatchlistEntry, ...], EntityGroups]:
    """Entries with their group's protections (and homonym protection), and the groups."""
    groups = group_entries(entries)
    by_id = {entry.id: entry for entry in entries}
    homonym_keys = {
        key
        for homonym in (load_homonyms() if homonyms is None else homonyms)
        for key in homonym.keys
    }
    linked = []
    for entry in entries:
        group = [by_id[member] for member in groups.members[groups.entity_of[entry.id]]]
        linked.append(_with_group_rules(entry, group, homonym_keys))
    return tuple(linked), groups


def _with_group_rules(
    entry: WatchlistEntry, group: list[WatchlistEntry], homonym_keys: set[str]
) -> WatchlistEntry:
    """The entry with its group's exclusions, and each of its names treated as the group's
    first entry naming it treats it (the built-in entry, whose rules were written by hand,
    when the built-in list comes first); a homonym's name needs a Chinese context."""
    excludes = list(entry.rules.exclude_contexts)
    for member in group:
        excludes += [phrase for phrase in member.rules.exclude_contexts if phrase not in excludes]
    acronyms, ambiguous = set(entry.rules.acronyms), set(entry.rules.ambiguous)
    exact_only = set(entry.rules.exact_only)
    context = list(entry.rules.context)
    decided_by = _first_naming(group)
    for name in entry.names:
        owner, owner_name = decided_by[normalize_phrase(name)]
        if owner is not entry:
            _adopt(name, owner_name, owner, acronyms, ambiguous, exact_only)
            if owner_name in owner.rules.ambiguous:
                context += [word for word in _context_of(owner) if word not in context]
        if entry.country == "CN" and name_key(name) in homonym_keys and name not in ambiguous:
            ambiguous.add(name)  # a company elsewhere has this name: need China nearby
            exact_only.add(name)
            if entry.rules.context and f"@{entry.country}" not in context:
                context.append(f"@{entry.country}")
    if context and not entry.rules.context and ambiguous - set(entry.rules.ambiguous):
        # The entry's own ambiguous names keep their default context (its country's set).
        context = [f"@{entry.country}", *(word for word in context if word != f"@{entry.country}")]
    rules = MatchRules(
        acronyms=_in_order(entry.names, acronyms),
        ambiguous=_in_order(entry.names, ambiguous),
        context=tuple(context),
        exclude_contexts=tuple(excludes),
        exact_only=_in_order(entry.names, exact_only),
    )
    return entry if rules == entry.rules else replace(entry, rules=rules)


def _first_naming(group: list[WatchlistEntry]) -> dict[str, tuple[WatchlistEntry, str]]:
    """For each folded name of the group: the first member naming it, and its spelling."""
    decided: dict[str, tuple[WatchlistEntry, str]] = {}
    for member in group:
        for name in member.names:
            decided.setdefault(normalize_phrase(name), (member, name))
    return decided


def _adopt(
    name: str,
    owner_name: str,
    owner: WatchlistEntry,
    acronyms: set[str],
    ambiguous: set[str],
    exact_only: set[str],
) -> None:
    """Treat `name` as `owner` treats its spelling `owner_name` of the same name."""
    for rule, names in (
        (owner.rules.acronyms, acronyms),
        (owner.rules.ambiguous, ambiguous),
        (owner.rules.exact_only, exact_only),
    ):
        if owner_name in rule:
            names.add(name)
        else:
            names.discard(name)


def _in_order(names: tuple[str, ...], chosen: set[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for name in names if name in chosen))


def _context_of(entry: WatchlistEntry) -> tuple[str, ...]:
    return entry.rules.context or (f"@{entry.country}",)
