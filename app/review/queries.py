"""Read-side helpers for review: queues, flag standing, history, dashboards."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import exists, func, select
from sqlalchemy.orm import joinedload, selectinload, with_polymorphic

from app.cycles.models import Cycle
from app.cycles.queries import personal_due_dates
from app.disclosures.enums import DisclosureStatus, FilingStatus
from app.disclosures.models import Disclosure, DisclosureVersion
from app.disclosures.queries import standing
from app.extensions import db
from app.people.models import Department, Person, RoleGrant
from app.people.roles import Role
from app.record.models import VersionFlag, VersionItem
from app.record.queries import (
    certified_disclosures,
    certified_flags,
    open_flags_of_version,
    undecided_flags,
)
from app.review.models import (
    CommentVisibility,
    Disposition,
    FlagDisposition,
    ManagementPlan,
    ReviewComment,
    ReviewEvent,
)
from app.review.states import FlagStanding
from app.screening.flags import Severity
from app.screening.operations import item_texts


def latest_dispositions(flag_ids: list[int]) -> dict[int, FlagDisposition]:
    if not flag_ids:
        return {}
    latest: dict[int, FlagDisposition] = {}
    for record in db.session.scalars(
        select(FlagDisposition)
        .where(FlagDisposition.flag_id.in_(flag_ids))
        .order_by(FlagDisposition.decided_at, FlagDisposition.id)
    ):
        latest[record.flag_id] = record
    return latest


def flag_standing(disclosure: Disclosure) -> FlagStanding:
    """What the open flags of the certified version allow."""
    flags = [
        f
        for f in open_flags_of_version(disclosure.certified_version)
        if f.severity is not Severity.INFO
    ]
    decided = latest_dispositions([f.id for f in flags])
    counts = Counter(decided[f.id].disposition for f in flags if f.id in decided)
    unresolved_critical = sum(
        1 for f in flags if f.severity is Severity.CRITICAL and f.id not in decided
    )
    return FlagStanding(
        unresolved_critical, counts[Disposition.CONFIRMED], counts[Disposition.DISALLOWED]
    )


def history_of(disclosure: Disclosure) -> list[ReviewEvent]:
    return list(
        db.session.scalars(
            select(ReviewEvent)
            .where(ReviewEvent.disclosure_id == disclosure.id)
            .order_by(ReviewEvent.created_at, ReviewEvent.id)
        )
    )


def comments_for(disclosure: Disclosure, include_reviewer_only: bool) -> list[ReviewComment]:
    query = select(ReviewComment).where(ReviewComment.disclosure_id == disclosure.id)
    if not include_reviewer_only:
        query = query.where(ReviewComment.visibility == CommentVisibility.FILER)
    return list(db.session.scalars(query.order_by(ReviewComment.created_at, ReviewComment.id)))


def plans_of(disclosure: Disclosure) -> list[ManagementPlan]:
    return list(
        db.session.scalars(
            select(ManagementPlan)
            .where(ManagementPlan.disclosure_id == disclosure.id)
            .order_by(ManagementPlan.created_at.desc())
        )
    )


def current_plan(disclosure: Disclosure) -> ManagementPlan | None:
    return next((p for p in plans_of(disclosure) if p.superseded_at is None), None)


def plans_awaiting_acknowledgement(person: Person) -> list[tuple[ManagementPlan, Disclosure]]:
    """The plans in force on this person's approved disclosures that they have not yet
    acknowledged (the dashboard's banner), with their disclosures, oldest first."""
    return [
        (plan, disclosure)
        for plan, disclosure in db.session.execute(
            select(ManagementPlan, Disclosure)
            .join(Disclosure, Disclosure.id == ManagementPlan.disclosure_id)
            .where(
                Disclosure.person_id == person.id,
                Disclosure.status == DisclosureStatus.APPROVED_WITH_PLAN,
                ManagementPlan.superseded_at.is_(None),
                ManagementPlan.acknowledged_at.is_(None),
            )
            .order_by(ManagementPlan.created_at, ManagementPlan.id)
        )
    ]


@dataclass(frozen=True)
class QueueFilters:
    #: The year the disclosures report on (None: every year).
    year: int | None = None
    status: str = ""
    severity: str = ""
    kind: str = ""
    person: str = ""


@dataclass
class QueueRow:
    disclosure: Disclosure
    flags_by_severity: Counter = field(default_factory=Counter)
    kinds: set[str] = field(default_factory=set)

    @property
    def worst(self) -> Severity | None:
        present = [s for s in Severity if self.flags_by_severity[s]]
        return present[0] if present else None


#: Disclosures per page of the review queue.
QUEUE_PAGE_SIZE = 50


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    page: int
    pages: int


def review_queue(
    department_ids: list[int] | None, filters: QueueFilters, page: int = 1
) -> QueuePage:
    """One page of the disclosures awaiting review (of some departments, or all when
    None), filtered in SQL, with the open flags and item kinds of their certified version."""
    statuses = [s for s in DisclosureStatus if s.awaiting_review]
    if filters.status:
        statuses = [s for s in statuses if s.value == filters.status]
    query = certified_disclosures(filters.year, department_ids).where(
        Disclosure.status.in_(statuses)
    )
    if filters.person:
        query = query.where(func.lower(Person.full_name).contains(filters.person.lower()))
    if filters.kind:
        query = query.where(
            exists().where(
                VersionItem.version_id == Disclosure.certified_version_id,
                VersionItem.kind == filters.kind,
            )
        )
    if filters.severity:
        query = query.where(
            exists().where(
                VersionItem.version_id == Disclosure.certified_version_id,
                VersionFlag.version_item_id == VersionItem.id,
                VersionFlag.cleared_at.is_(None),
                VersionFlag.severity == filters.severity,
            )
        )
    total = db.session.scalar(query.with_only_columns(func.count())) or 0
    pages = max(1, -(-total // QUEUE_PAGE_SIZE))
    page = min(max(page, 1), pages)
    disclosures = list(
        db.session.scalars(
            query.order_by(Disclosure.submitted_at, Disclosure.id)
            .offset((page - 1) * QUEUE_PAGE_SIZE)
            .limit(QUEUE_PAGE_SIZE)
        )
    )
    rows = {d.certified_version_id: QueueRow(d) for d in disclosures}
    if rows:
        item_rows = db.session.execute(
            select(VersionItem.version_id, VersionItem.kind, VersionFlag.severity)
            .outerjoin(
                VersionFlag,
                (VersionFlag.version_item_id == VersionItem.id) & VersionFlag.cleared_at.is_(None),
            )
            .where(VersionItem.version_id.in_(list(rows)))
        )
        for version_id, kind, severity in item_rows:
            rows[version_id].kinds.add(str(kind))
            if severity is not None:
                rows[version_id].flags_by_severity[Severity(severity)] += 1
    return QueuePage(list(rows.values()), total, page, pages)


@dataclass(frozen=True)
class FlagInContext:
    flag: VersionFlag
    item: VersionItem
    before: str
    matched: str
    after: str


def flag_context(flag: VersionFlag, item: VersionItem, width: int = 60) -> FlagInContext:
    """The first flagged words with some text either side, as the filer wrote them."""
    text = item_texts(item).get(flag.field, "")
    if text[flag.start : flag.end] != flag.matched:
        return FlagInContext(flag, item, "", flag.matched, "")
    before = text[max(0, flag.start - width) : flag.start]
    after = text[flag.end : flag.end + width]
    return FlagInContext(
        flag,
        item,
        ("…" if flag.start > width else "") + before,
        flag.matched,
        after + ("…" if flag.end + width < len(text) else ""),
    )


def coi_flag_queue() -> list[FlagInContext]:
    """Open policy flags without a decision on certified versions awaiting review,
    critical first; each item loaded once, every kind at once."""
    flags = list(
        db.session.scalars(
            undecided_flags(certified_flags(None, None)).with_only_columns(VersionFlag)
        )
    )
    flags.sort(key=lambda f: (Severity(f.severity).rank, f.raised_at, f.id))
    every_kind = with_polymorphic(VersionItem, "*")
    items = {
        item.id: item
        for item in db.session.scalars(
            select(every_kind)
            .where(every_kind.id.in_({f.version_item_id for f in flags}))
            .options(
                selectinload(every_kind.contract),
                joinedload(every_kind.version)
                .joinedload(DisclosureVersion.disclosure)
                .joinedload(Disclosure.person),
            )
        )
    }
    return [flag_context(f, items[f.version_item_id]) for f in flags]


@dataclass
class Completion:
    """Who has filed for a cycle, in one department or institution-wide."""

    label: str
    filed: int = 0
    not_filed: int = 0
    overdue: int = 0
    not_filed_people: list[Person] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.filed + self.not_filed + self.overdue

    @property
    def percent_filed(self) -> int:
        return round(100 * self.filed / self.total) if self.total else 0


def completion_by_department(
    cycle: Cycle, department_ids: list[int] | None, today: date
) -> list[Completion]:
    """Filing completion per department for a cycle (all departments when None)."""
    query = select(Department).order_by(Department.code)
    if department_ids is not None:
        query = query.where(Department.id.in_(department_ids))
    departments = list(db.session.scalars(query))
    faculty = list(
        db.session.scalars(
            select(Person)
            .join(RoleGrant, RoleGrant.person_id == Person.id)
            .where(
                RoleGrant.role == Role.FACULTY,
                Person.active.is_(True),
                Person.department_id.in_([d.id for d in departments]),
            )
            .order_by(Person.full_name)
        )
    )
    # One set-based query for the cycle's disclosures of these departments only.
    has_versions = exists().where(DisclosureVersion.disclosure_id == Disclosure.id)
    standings = {
        person_id: (status, versioned)
        for person_id, status, versioned in db.session.execute(
            select(Disclosure.person_id, Disclosure.status, has_versions)
            .join(Person, Person.id == Disclosure.person_id)
            .where(
                Disclosure.cycle_id == cycle.id,
                Person.department_id.in_([d.id for d in departments]),
            )
        )
    }
    result = {d.id: Completion(f"{d.code} · {d.name}") for d in departments}
    extended = personal_due_dates(cycle)
    for person in faculty:
        row = result[person.department_id]
        disclosure_status, versioned = standings.get(person.id, (None, False))
        due_on = extended.get(person.id, cycle.due_on)
        status = standing(disclosure_status, versioned, due_on, today)
        if status is FilingStatus.OVERDUE:
            row.overdue += 1
            row.not_filed_people.append(person)
        elif status in (FilingStatus.NOT_STARTED, FilingStatus.DRAFT):
            row.not_filed += 1
            row.not_filed_people.append(person)
        else:
            row.filed += 1
    return list(result.values())


def plans_due(today: date) -> list[ManagementPlan]:
    """Current management plans whose review date has come."""
    return list(
        db.session.scalars(
            select(ManagementPlan)
            .where(
                ManagementPlan.superseded_at.is_(None),
                ManagementPlan.review_on <= today,
                # An engagement's conditions are listed with the engagements.
                ManagementPlan.disclosure_id.is_not(None),
            )
            .order_by(ManagementPlan.review_on)
        )
    )
