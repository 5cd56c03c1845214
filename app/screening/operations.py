"""Screening stored items and keeping their flags current.

`screen_item` reads an item (its free text, its organisation and its contract) and
returns what the active watchlist finds; `refresh_item_flags` stores new findings and
clears the ones that no longer apply, never deleting a flag.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from app.database import utcnow
from app.extensions import db
from app.screening.flags import Flag, InfoKind, Severity
from app.screening.models import FlagFields, ItemFlag
from app.screening.queries import open_flags_for
from app.screening.screen import active_matcher, screen_fields
from app.screening.stored import sync_active_matcher

#: Countries of concern under the CHIPS and Science Act (ISO 3166 alpha-2), plus the
#: special administrative regions of China.
COUNTRIES_OF_CONCERN = {
    "CN": "China",
    "HK": "Hong Kong (China)",
    "MO": "Macao (China)",
    "RU": "Russia",
    "IR": "Iran",
    "KP": "North Korea",
}


def item_texts(item: Any) -> dict[str, str]:
    """Every text of an item that screening reads, by field name (a live item or one
    frozen in a certified version alike).

    The organisation's own names count; a collaborator's personal name never does.
    """
    texts = dict(item.text_fields())
    if item.organisation_display:
        texts["organisation"] = item.organisation_display
    if item.organisation is not None:
        for number, alias in enumerate(item.organisation.aliases, start=1):
            texts[f"organisation alias {number}"] = alias
    contract = item.contract if item.backed_by_contract else None
    if contract is not None:
        if contract.counterparty_id != item.organisation_id:
            texts["contract counterparty"] = contract.counterparty_name
        texts.update({f"contract {name}": value for name, value in contract.text_fields().items()})
    return texts


def country_flag(country: str) -> Flag | None:
    name = COUNTRIES_OF_CONCERN.get(country)
    if name is None:
        return None
    return Flag(
        category=InfoKind.COUNTRY_OF_CONCERN,
        severity=Severity.INFO,
        entry_id=f"country:{country}",
        canonical_name=name,
        matched=country,
        start=0,
        end=len(country),
        source="CHIPS and Science Act, countries of concern",
        explanation=f"The organisation is in {name}, a country of concern; "
        "disclose fully and it will be reviewed.",
    )


def screen_item(item: Any) -> list[tuple[str, Flag]]:
    """(field, flag) for every mention found on a stored item."""
    findings = screen_fields(item_texts(item))
    flag = country_flag(item.country)
    if flag is not None:
        findings.append(("country", flag))
    return findings


@dataclass
class Finding:
    """Every mention of one watchlist entry in one item: what one flag records."""

    first: Flag
    mentions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, frozenset[tuple[str, str]]]:
        evidence = frozenset((m["field"], m["matched"]) for m in self.mentions)
        return (self.first.entry_id, str(self.first.category), evidence)


def findings_on(item: Any) -> list[Finding]:
    """The item's mentions grouped by entry: one finding per entity, however many times
    and in however many fields or spellings it is named."""
    grouped: dict[tuple[str, str], Finding] = {}
    for field_name, flag in screen_item(item):
        finding = grouped.setdefault((flag.entry_id, str(flag.category)), Finding(flag))
        mention = {
            "field": field_name,
            "matched": flag.matched[:500],
            "start": flag.start,
            "end": flag.end,
        }
        if mention not in finding.mentions:
            finding.mentions.append(mention)
    return list(grouped.values())


def flag_values(finding: Finding, version: str) -> dict[str, Any]:
    """The columns of a stored flag (`FlagFields`) for a finding."""
    flag, first = finding.first, finding.mentions[0]
    return {
        "field": first["field"],
        "category": str(flag.category),
        "severity": flag.severity,
        "entry_id": flag.entry_id,
        "canonical_name": flag.canonical_name[:500],
        "matched": first["matched"],
        "start": first["start"],
        "end": first["end"],
        "matches": finding.mentions,
        "source": flag.source[:300],
        "explanation": flag.explanation,
        "watchlist_version": version,
    }


FlagT = TypeVar("FlagT", bound=FlagFields)


def store_findings(
    new_flag: Callable[..., FlagT], findings: list[Finding], current: list[FlagT], version: str
) -> tuple[list[FlagT], list[FlagT]]:
    """Bring a target's open flags in line with fresh findings: add what is new, clear (never
    delete) what is no longer found. A finding whose evidence changed (other fields or
    words) is a new flag, so a decision on the old evidence is not silently reused.
    Returns (added, cleared)."""
    open_flags = {flag.key: flag for flag in current}
    found = {finding.key: finding for finding in findings}
    added = [
        new_flag(**flag_values(finding, version))
        for key, finding in found.items()
        if key not in open_flags
    ]
    db.session.add_all(added)
    now = utcnow()
    cleared = [flag for key, flag in open_flags.items() if key not in found]
    for flag in cleared:
        flag.cleared_at = now
        flag.cleared_by_version = version
    db.session.flush()
    return added, cleared


def refresh_item_flags(item: Any) -> tuple[int, int]:
    """Bring a live item's open flags in line with a fresh screening: (added, cleared)."""
    sync_active_matcher()
    return apply_screening(item, open_flags_for([item.id])[item.id], active_matcher().version)


def apply_screening(item: Any, current: list[ItemFlag], version: str) -> tuple[int, int]:
    """Store what the active matcher finds on a live item now, given its open flags."""
    added, cleared = store_findings(
        lambda **values: ItemFlag(item_id=item.id, **values), findings_on(item), current, version
    )
    return len(added), len(cleared)
