"""Read-side helpers for the certified record: a disclosure's certified items and flags,
and the counts that every dashboard, queue and rollup shows (one function, so they agree).

"Certified" means the latest submitted version of a disclosure; a disclosure counts in
the year it reports on (`Disclosure.year`: the cycle's year for an annual disclosure, the
event's year for an event-driven one).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload, with_polymorphic

from app.disclosures.enums import DisclosureKind, DisclosureStatus, ItemKind
from app.disclosures.models import Disclosure, DisclosureVersion
from app.extensions import db
from app.people.models import Person
from app.record.models import VersionFinding, VersionFlag, VersionItem
from app.review.models import FlagDisposition
from app.screening.flags import Severity

#: Ids per IN list: well under SQLite's and PostgreSQL's limits on bound parameters.
IN_LIST_CHUNK = 500


def certified_items(version: DisclosureVersion | None) -> list[VersionItem]:
    """The items of a certified version, every kind loaded at once."""
    if version is None:
        return []
    every_kind = with_polymorphic(VersionItem, "*")
    return list(
        db.session.scalars(
            select(every_kind)
            .where(every_kind.version_id == version.id)
            .options(selectinload(every_kind.contract))
            .order_by(every_kind.id)
        )
    )


def certified_by_kind(version: DisclosureVersion | None) -> dict[ItemKind, list[VersionItem]]:
    grouped: dict[ItemKind, list[VersionItem]] = {kind: [] for kind in ItemKind}
    for item in certified_items(version):
        grouped[ItemKind(item.kind)].append(item)
    return grouped


def flags_of_version(version: DisclosureVersion) -> list[VersionFlag]:
    """Every flag (open or cleared) recorded against a version's items."""
    return list(
        db.session.scalars(
            select(VersionFlag)
            .join(VersionItem, VersionItem.id == VersionFlag.version_item_id)
            .where(VersionItem.version_id == version.id)
            .order_by(VersionFlag.id)
        )
    )


def open_flags_of_version(version: DisclosureVersion | None) -> list[VersionFlag]:
    """A version's open flags, most serious first."""
    if version is None:
        return []
    flags = [flag for flag in flags_of_version(version) if flag.cleared_at is None]
    return sorted(flags, key=lambda f: (Severity(f.severity).rank, f.id))


def open_version_flags_for(item_ids: Sequence[int]) -> dict[int, list[VersionFlag]]:
    """Open flags of the given certified items, by item, most serious first."""
    by_item: dict[int, list[VersionFlag]] = {item_id: [] for item_id in item_ids}
    ids = list(item_ids)
    for start in range(0, len(ids), IN_LIST_CHUNK):
        chunk = ids[start : start + IN_LIST_CHUNK]
        for flag in db.session.scalars(
            select(VersionFlag).where(
                VersionFlag.version_item_id.in_(chunk), VersionFlag.cleared_at.is_(None)
            )
        ):
            by_item[flag.version_item_id].append(flag)
    for flags in by_item.values():
        flags.sort(key=lambda f: (Severity(f.severity).rank, f.id))
    return by_item


def findings_of(version: DisclosureVersion | None) -> list[VersionFinding]:
    """The checks' findings recorded with a version, with the filer's notes."""
    if version is None:
        return []
    return list(
        db.session.scalars(
            select(VersionFinding)
            .where(VersionFinding.version_id == version.id)
            .order_by(VersionFinding.id)
        )
    )


# --- Counts ------------------------------------------------------------------------------


def certified_disclosures(year: int | None, department_ids: Sequence[int] | None) -> Select:
    """Disclosures with a certified version, of a year and some departments (all when None),
    joined to their latest version and their filer."""
    query = (
        select(Disclosure)
        .join(DisclosureVersion, DisclosureVersion.id == Disclosure.certified_version_id)
        .join(Person, Person.id == Disclosure.person_id)
    )
    if year is not None:
        query = query.where(Disclosure.year == year)
    if department_ids is not None:
        query = query.where(Person.department_id.in_(list(department_ids)))
    return query


def certified_flags(year: int | None, department_ids: Sequence[int] | None) -> Select:
    """Open flags of the latest certified versions in scope (a statement to refine)."""
    return (
        certified_disclosures(year, department_ids)
        .join(VersionItem, VersionItem.version_id == Disclosure.certified_version_id)
        .join(VersionFlag, VersionFlag.version_item_id == VersionItem.id)
        .where(VersionFlag.cleared_at.is_(None))
    )


@dataclass
class RecordCounts:
    """What the certified record holds for a year and scope, as every page counts it."""

    year: int | None
    by_kind: Counter = field(default_factory=Counter)
    by_status: Counter = field(default_factory=Counter)
    flags_by_severity: Counter = field(default_factory=Counter)
    flags_by_category: Counter = field(default_factory=Counter)
    #: Open flags by (category, severity), for the rollup's table and chart.
    flags_by_category_and_severity: Counter = field(default_factory=Counter)
    #: Policy flags with no decision yet on disclosures awaiting review.
    flags_undecided: int = 0
    #: The checks' findings recorded with the certified versions, by severity.
    findings_by_severity: Counter = field(default_factory=Counter)

    @property
    def disclosures(self) -> int:
        return sum(self.by_kind.values())

    @property
    def annual(self) -> int:
        return self.by_kind[DisclosureKind.ANNUAL]

    @property
    def event(self) -> int:
        return self.by_kind[DisclosureKind.EVENT]

    @property
    def awaiting_review(self) -> int:
        return sum(n for status, n in self.by_status.items() if status.awaiting_review)

    @property
    def open_flags(self) -> int:
        return sum(self.flags_by_severity.values())

    def flags_of(self, severity: Severity) -> int:
        return self.flags_by_severity[severity]


def record_counts(year: int | None, department_ids: Sequence[int] | None) -> RecordCounts:
    """The one count of certified disclosures and their open flags for a year and scope:
    dashboards, review queues and rollup summaries all show these figures."""
    counts = RecordCounts(year)
    disclosures = certified_disclosures(year, department_ids).subquery()
    for kind, status, number in db.session.execute(
        select(disclosures.c.kind, disclosures.c.status, func.count()).group_by(
            disclosures.c.kind, disclosures.c.status
        )
    ):
        counts.by_kind[DisclosureKind(kind)] += number
        counts.by_status[DisclosureStatus(status)] += number
    flags = certified_flags(year, department_ids)
    for category, severity, number in db.session.execute(
        flags.with_only_columns(VersionFlag.category, VersionFlag.severity, func.count()).group_by(
            VersionFlag.category, VersionFlag.severity
        )
    ):
        counts.flags_by_category[category] += number
        counts.flags_by_severity[Severity(severity)] += number
        counts.flags_by_category_and_severity[(category, Severity(severity))] += number
    counts.flags_undecided = db.session.scalar(
        undecided_flags(flags).with_only_columns(func.count())
    )
    findings = certified_disclosures(year, department_ids).join(
        VersionFinding, VersionFinding.version_id == Disclosure.certified_version_id
    )
    for severity, number in db.session.execute(
        findings.with_only_columns(VersionFinding.severity, func.count()).group_by(
            VersionFinding.severity
        )
    ):
        counts.findings_by_severity[severity] += number
    return counts


def undecided_flags(flags: Select) -> Select:
    """Policy flags with no decision yet, on disclosures awaiting review: the COI office's
    flag queue (and its count everywhere)."""
    return flags.where(
        VersionFlag.severity != Severity.INFO,
        VersionFlag.id.not_in(select(FlagDisposition.flag_id)),
        Disclosure.status.in_([s for s in DisclosureStatus if s.awaiting_review]),
    )


def record_years() -> list[int]:
    """The years that have certified disclosures, newest first."""
    return list(
        db.session.scalars(
            select(Disclosure.year)
            .where(Disclosure.certified_version_id.is_not(None))
            .distinct()
            .order_by(Disclosure.year.desc())
        )
    )
