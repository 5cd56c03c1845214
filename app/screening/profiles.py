"""Entity profiles: who a partner is, in words for a PI.

A profile gathers every entry of every list that names one organisation (see `entities`):
the lists with their editions, dates and stated basis, its names in every script, its
listed parent and known subsidiaries, and the editorial text of `data/profiles.toml` (the
supervising body, why it matters, the university's rule). Pure: a Matcher in, a Profile out.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from opencc import OpenCC

from .flags import Category, FlagCategory, InfoKind, Severity
from .matcher import Matcher
from .normalize import is_cjk
from .watchlist import WatchlistEntry

PROFILES_PATH = Path(__file__).with_name("data") / "profiles.toml"
_to_simplified = OpenCC("t2s").convert


class UniversityRule(StrEnum):
    """What the university asks of a PI before working with an organisation."""

    RED_LINE = "red_line"
    REVIEW = "review"
    CAUTION = "caution"

    @property
    def label(self) -> str:
        return editorial().rules[self][0]

    @property
    def text(self) -> str:
        return editorial().rules[self][1]


@dataclass(frozen=True)
class Editorial:
    """The editorial data file, read once."""

    watchlist_version: str
    rules: MappingProxyType[UniversityRule, tuple[str, str]]
    #: Category -> (rule, why it matters).
    categories: MappingProxyType[Category, tuple[UniversityRule, str]]
    #: Entity id -> its profile's fields.
    profiles: MappingProxyType[str, dict[str, Any]]


@cache
def editorial() -> Editorial:
    with PROFILES_PATH.open("rb") as file:
        data = tomllib.load(file)
    rules = {
        UniversityRule(name): (value["label"], value["text"])
        for name, value in data["rules"].items()
    }
    categories = {
        Category(name): (UniversityRule(value["rule"]), value["why"])
        for name, value in data["categories"].items()
    }
    profiles = {item["entity"]: item for item in data.get("profiles", [])}
    return Editorial(
        data["watchlist_version"],
        MappingProxyType(rules),
        MappingProxyType(categories),
        MappingProxyType(profiles),
    )


@dataclass(frozen=True)
class Listing:
    """One list's entry for the organisation."""

    entry_id: str
    name: str
    source: str
    start_date: date | None
    end_date: date | None
    #: The list's stated basis (the 1260H note), "" when it gives none.
    basis: str
    category: FlagCategory
    ended: bool


@dataclass(frozen=True)
class Related:
    """A parent or subsidiary: its name, and its entity id when it is listed itself."""

    name: str
    entity_id: str | None


@dataclass(frozen=True)
class Profile:
    entity_id: str
    name: str
    category: FlagCategory
    severity: Severity
    country: str
    listings: tuple[Listing, ...]
    #: Script label -> names written in it ("Latin", "Chinese (simplified)", ...).
    names_by_script: tuple[tuple[str, tuple[str, ...]], ...]
    parents: tuple[Related, ...]
    subsidiaries: tuple[Related, ...]
    supervising_body: str
    why: str
    rule: UniversityRule
    sources: tuple[str, ...]
    #: True when the editorial file has text written for this organisation.
    has_editorial: bool

    @property
    def currently_listed(self) -> bool:
        return any(not listing.ended for listing in self.listings)


def script_of(name: str) -> str:
    """The script a name is written in, in words."""
    if any(is_cjk(char) for char in name):
        return "Chinese (traditional)" if _to_simplified(name) != name else "Chinese"
    scripts = {unicodedata.name(char, "").split(" ")[0] for char in name if char.isalpha()}
    if "CYRILLIC" in scripts:
        return "Cyrillic"
    if "ARABIC" in scripts:
        return "Arabic script"
    return "Latin"


def build_profile(matcher: Matcher, entity_id: str, on: date) -> Profile | None:
    """The profile of the organisation `entity_id` names, None when no entry names it."""
    entity_id = matcher.entity_of(entity_id)
    by_id = {entry.id: entry for entry in matcher.entries}
    member_ids = matcher.groups.members.get(entity_id) or (
        (entity_id,) if entity_id in by_id else ()
    )
    members = [by_id[member] for member in member_ids if member in by_id]
    if not members:
        return None
    lead = members[0]
    current = [member for member in members if not member.has_ended(on)]
    strongest = min(current or members, key=lambda member: member.severity.rank)
    category = strongest.category
    text = editorial().profiles.get(entity_id, {})
    rule, why = _rule_and_why(category, strongest.severity)
    if text.get("rule"):
        rule = UniversityRule(text["rule"])
    if not current:
        rule = UniversityRule.CAUTION  # every listing ended: disclose, the office reviews
    return Profile(
        entity_id=entity_id,
        name=lead.canonical_name,
        category=category,
        severity=strongest.severity,
        country=lead.country,
        listings=tuple(_listing(member, on) for member in members),
        names_by_script=_names_by_script(members),
        parents=_parents(matcher, members),
        subsidiaries=_subsidiaries(matcher, entity_id, members),
        supervising_body=text.get("supervising_body", ""),
        why=text.get("why", why),
        rule=rule,
        sources=tuple(text.get("sources", ())),
        has_editorial=bool(text),
    )


def _rule_and_why(category: FlagCategory, severity: Severity) -> tuple[UniversityRule, str]:
    if isinstance(category, InfoKind):
        return UniversityRule.CAUTION, ""
    rule, why = editorial().categories[category]
    if category is Category.DEFENSE_INSTITUTION and severity is not Severity.CRITICAL:
        rule = UniversityRule.REVIEW  # a listed civilian university, not a defense one
    return rule, why


def _listing(entry: WatchlistEntry, on: date) -> Listing:
    return Listing(
        entry.id,
        entry.canonical_name,
        entry.source,
        entry.start_date,
        entry.end_date,
        entry.basis,
        entry.category,
        entry.has_ended(on),
    )


def _names_by_script(members: list[WatchlistEntry]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    grouped: dict[str, dict[str, None]] = {}
    for member in members:
        for name in member.names:
            grouped.setdefault(script_of(name), {})[name] = None
    order = ["Latin", "Chinese", "Chinese (traditional)", "Cyrillic", "Arabic script"]
    return tuple((script, tuple(grouped[script])) for script in order if script in grouped)


def _parents(matcher: Matcher, members: list[WatchlistEntry]) -> tuple[Related, ...]:
    found: dict[str, Related] = {}
    for member in members:
        parent = matcher.parent_of(member)
        if parent is not None:
            found.setdefault(
                parent.canonical_name, Related(parent.canonical_name, matcher.entity_of(parent.id))
            )
        elif member.parent:
            found.setdefault(member.parent, Related(member.parent, None))
    return tuple(found.values())


def _subsidiaries(
    matcher: Matcher, entity_id: str, members: list[WatchlistEntry]
) -> tuple[Related, ...]:
    found: dict[str, Related] = {}
    for entry in matcher.entries:
        parent = matcher.parent_of(entry)
        if parent is not None and matcher.entity_of(parent.id) == entity_id:
            child = matcher.entity_of(entry.id)
            found.setdefault(child, Related(entry.canonical_name, child))
    names = {related.name for related in found.values()}
    for member in members:
        for name in member.subsidiaries:
            if name not in names and script_of(name) == "Latin":
                names.add(name)
                found[f"name:{name}"] = Related(name, None)
    return tuple(sorted(found.values(), key=lambda related: related.name.casefold()))
