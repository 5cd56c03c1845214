"""Set-based queries that feed the rollup builders plain rows.

Every sheet is one query (one per item kind for the kind sheets), or a handful of IN-list
queries for the few flagged items; nothing is fetched row by row. Big sheets are streamed
from the database (`yield_per`) straight into the workbook.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Enum, Select, and_, case, func, select
from sqlalchemy.orm import aliased, load_only, selectinload, with_polymorphic

from app.checks.findings import Severity as FindingSeverity
from app.cycles.models import Cycle
from app.cycles.queries import personal_due_dates
from app.disclosures.enums import DisclosureKind, DisclosureStatus, FilingStatus, ItemKind
from app.disclosures.filters import field_label
from app.disclosures.models import Disclosure, DisclosureVersion
from app.disclosures.queries import filing_status
from app.extensions import db
from app.people.models import Department, Person, RoleGrant
from app.people.roles import Role
from app.record.models import VersionContract, VersionFinding, VersionFlag, VersionItem
from app.record.queries import RecordCounts, record_counts
from app.review.models import (
    Disposition,
    FlagDisposition,
    ManagementPlan,
    ReviewAction,
    ReviewEvent,
)
from app.rollups.columns import SHEET_TITLES, fields_of, kind_table_columns, organisation_label
from app.screening.flags import Severity, parse_flag_category
from app.screening.operations import item_texts
from forms.choices import country_name
from reports.rows import (
    CategoryTally,
    CertifiedCounts,
    CheckRow,
    ContractRow,
    DepartmentSummary,
    FilingRow,
    FlagRow,
    ItemRow,
    KindSheet,
    PlanRow,
    StatusCounts,
)

#: Rows fetched per round trip when streaming a sheet.
STREAM_BATCH = 2000
#: Ids per IN list: well under SQLite's and PostgreSQL's limits on bound parameters.
IN_LIST_CHUNK = 500
SEVERITIES: tuple[Severity, ...] = tuple(sorted(Severity, key=lambda s: s.rank))


@dataclass(frozen=True)
class Scope:
    """One cycle, for one department or (department None) for the whole institution."""

    cycle: Cycle
    department: Department | None = None

    @property
    def year(self) -> int:
        return self.cycle.year

    @property
    def department_ids(self) -> list[int] | None:
        return None if self.department is None else [self.department.id]

    @property
    def label(self) -> str:
        if self.department is None:
            return "All departments"
        return f"{self.department.name} ({self.department.code})"


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), IN_LIST_CHUNK):
        yield ids[start : start + IN_LIST_CHUNK]


def _in_scope(query: Select, scope: Scope) -> Select:
    """The annual disclosures of the scope's cycle, of people in its department (the
    Filing sheet: who owes the cycle's disclosure)."""
    query = query.where(Disclosure.cycle_id == scope.cycle.id)
    if scope.department is not None:
        query = query.where(Person.department_id == scope.department.id)
    return query


def _certified_in_scope(query: Select, scope: Scope) -> Select:
    """Every certified disclosure that reports on the scope's year, annual and
    event-driven, of people in its department (joined to their latest version)."""
    query = query.join(
        DisclosureVersion, DisclosureVersion.id == Disclosure.certified_version_id
    ).where(Disclosure.year == scope.year)
    if scope.department is not None:
        query = query.where(Person.department_id == scope.department.id)
    return query


def _open_flag_counts():
    return (
        select(
            VersionFlag.version_item_id.label("item_id"),
            func.count().label("open"),
            func.sum(case((VersionFlag.severity != Severity.INFO, 1), else_=0)).label("policy"),
        )
        .where(VersionFlag.cleared_at.is_(None))
        .group_by(VersionFlag.version_item_id)
        .subquery("open_flags")
    )


def disclosure_title(kind: DisclosureKind, year: int | None, event_date: date | None) -> str:
    if kind is DisclosureKind.ANNUAL and year is not None:
        return f"Annual disclosure {year}"
    return f"Event-driven disclosure ({event_date:%Y-%m-%d})" if event_date else "Event-driven"


# --- Item sheets ----------------------------------------------------------------------


def kind_sheets(scope: Scope) -> list[KindSheet]:
    """One sheet per kind, each streaming its items when the workbook reaches it."""
    return [
        KindSheet(
            SHEET_TITLES[kind], organisation_label(kind), fields_of(kind), _items(scope, kind)
        )
        for kind in ItemKind
    ]


def _items(scope: Scope, kind: ItemKind) -> Iterator[ItemRow]:
    base = VersionItem.__table__
    own_columns = kind_table_columns(kind)
    own = own_columns[0].table
    enums = [i for i, column in enumerate(own_columns) if isinstance(column.type, Enum)]
    currency = next((i for i, c in enumerate(own_columns) if c.key == "currency"), None)
    flags = _open_flag_counts()
    query = (
        select(
            Person.full_name,
            Person.email,
            Department.name,
            Disclosure.kind,
            Disclosure.year,
            Disclosure.event_date,
            base.c.organisation_name,
            base.c.country,
            base.c.backed_by_contract,
            func.coalesce(flags.c.open, 0),
            func.coalesce(flags.c.policy, 0),
            *own_columns,
        )
        .select_from(base.join(own, own.c.id == base.c.id))
        .join(Disclosure, Disclosure.certified_version_id == base.c.version_id)
        .join(Person, Person.id == Disclosure.person_id)
        .outerjoin(Department, Department.id == Person.department_id)
        .outerjoin(flags, flags.c.item_id == base.c.id)
        .order_by(Department.code, Person.full_name, Person.id, Disclosure.id, base.c.id)
    )
    query = query.where(Disclosure.year == scope.year)
    if scope.department is not None:
        query = query.where(Person.department_id == scope.department.id)
    result = db.session.execute(query.execution_options(yield_per=STREAM_BATCH))
    for row in result:
        values = list(row[11:])
        for i in enums:
            if values[i] is not None:
                values[i] = values[i].label
        yield ItemRow(
            person=row[0],
            email=row[1],
            department=row[2] or "",
            disclosure=disclosure_title(row[3], row[4], row[5]),
            organisation=row[6] or None,
            country=country_name(row[7]),
            backed_by_contract=row[8],
            open_flags=row[9],
            policy_flags=row[10],
            values=tuple(values),
            currency=values[currency] if currency is not None else None,
        )


# --- Flags ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Flag:
    row: FlagRow
    person_id: int
    department_id: int | None
    severity: Severity


def _category_label(value: str) -> str:
    try:
        return parse_flag_category(value).label
    except ValueError:
        return value


def _latest_dispositions(flag_ids: Sequence[int]) -> dict[int, tuple[Disposition, str, datetime]]:
    latest: dict[int, tuple[Disposition, str, datetime]] = {}
    for chunk in _chunks(flag_ids):
        rows = db.session.execute(
            select(
                FlagDisposition.flag_id,
                FlagDisposition.disposition,
                Person.full_name,
                FlagDisposition.decided_at,
            )
            .join(Person, Person.id == FlagDisposition.decided_by_id)
            .where(FlagDisposition.flag_id.in_(chunk))
            .order_by(FlagDisposition.decided_at, FlagDisposition.id)
        )
        for flag_id, disposition, reviewer, decided_at in rows:
            latest[flag_id] = (disposition, reviewer, decided_at)
    return latest


def _items_by_id(item_ids: Sequence[int]) -> dict[int, VersionItem]:
    """The flagged certified items themselves, every kind at once, for the text matched."""
    every_kind = with_polymorphic(VersionItem, "*")
    items: dict[int, VersionItem] = {}
    for chunk in _chunks(item_ids):
        for item in db.session.scalars(select(every_kind).where(every_kind.id.in_(chunk))):
            items[item.id] = item
    return items


def _flagged_text(item: VersionItem, field: str) -> str:
    """The text screening read for a flag: a text field, a name, or the item's country."""
    if field == "country":
        return country_name(item.country)
    return item_texts(item).get(field) or ""


def _mentions(flag: VersionFlag) -> tuple[str, str]:
    """Every field it was found in, and every text matched, as a reader reads them."""
    fields = "; ".join(field_label(name) for name in flag.fields)
    matched = "; ".join(dict.fromkeys(m["matched"] for m in flag.mentions))
    return fields, matched


def _open_flags(scope: Scope) -> list[_Flag]:
    query = _certified_in_scope(
        select(
            VersionFlag,
            VersionItem.kind,
            Person.id,
            Person.full_name,
            Person.email,
            Person.department_id,
            Department.name,
            Disclosure.kind,
            Disclosure.year,
            Disclosure.event_date,
        )
        .join(VersionItem, VersionItem.id == VersionFlag.version_item_id)
        .join(Disclosure, Disclosure.certified_version_id == VersionItem.version_id)
        .join(Person, Person.id == Disclosure.person_id)
        .outerjoin(Department, Department.id == Person.department_id)
        .where(VersionFlag.cleared_at.is_(None)),
        scope,
    )
    found = list(db.session.execute(query))
    items = _items_by_id(sorted({flag.version_item_id for flag, *_ in found}))
    decided = _latest_dispositions([flag.id for flag, *_ in found])
    flags = []
    for row in found:
        flag, kind, person_id, name, email, department_id, department, *disclosure = row
        item = items[flag.version_item_id]
        disposition, reviewer, decided_at = decided.get(flag.id, (None, None, None))
        severity = Severity(flag.severity)
        fields, matched = _mentions(flag)
        flags.append(
            _Flag(
                FlagRow(
                    person=name,
                    email=email,
                    department=department or "",
                    disclosure=disclosure_title(*disclosure),
                    item_kind=ItemKind(kind).label,
                    item=item.summary,
                    field=fields,
                    text=_flagged_text(item, flag.field),
                    category=_category_label(flag.category),
                    severity=severity.label,
                    matched=matched,
                    entry=flag.canonical_name,
                    source=flag.source,
                    raised_at=flag.raised_at,
                    disposition=disposition.label if disposition else None,
                    reviewer=reviewer,
                    decided_at=decided_at,
                    needs_attention=severity is not Severity.INFO and disposition is None,
                ),
                person_id,
                department_id,
                severity,
            )
        )
    flags.sort(key=lambda f: (f.severity.rank, f.row.department, f.row.person, f.row.raised_at))
    return flags


def tally_by_category(counts: RecordCounts) -> list[CategoryTally]:
    """The record's open flags by category and severity, for the Summary sheet."""
    return [
        CategoryTally(
            _category_label(category),
            tuple(counts.flags_by_category_and_severity[(category, s)] for s in SEVERITIES),
        )
        for category in sorted(counts.flags_by_category, key=_category_label)
    ]


#: How the rollups assign a disclosure to a year (said on every Summary sheet).
YEAR_RULE = (
    "Every certified disclosure that reports on the year: the annual disclosure of the "
    "year's cycle, and each event-driven disclosure whose event falls in the year. Each "
    "is shown as last certified; drafts and amendments in progress are not included."
)


# --- Filing status and plans ----------------------------------------------------------


@dataclass(frozen=True)
class _Faculty:
    id: int
    name: str
    email: str
    department_id: int | None
    department: str


def _faculty(scope: Scope) -> list[_Faculty]:
    query = (
        select(Person.id, Person.full_name, Person.email, Person.department_id, Department.name)
        .join(RoleGrant, and_(RoleGrant.person_id == Person.id, RoleGrant.role == Role.FACULTY))
        .outerjoin(Department, Department.id == Person.department_id)
        .where(Person.active.is_(True))
        .order_by(Department.code, Person.full_name, Person.id)
    )
    if scope.department is not None:
        query = query.where(Person.department_id == scope.department.id)
    return [_Faculty(i, n, e, d, dn or "") for i, n, e, d, dn in db.session.execute(query)]


def _disclosures(scope: Scope) -> dict[int, Disclosure]:
    """The cycle's annual disclosures by person, with their version numbers only."""
    query = (
        select(Disclosure)
        .join(Person, Person.id == Disclosure.person_id)
        .options(
            selectinload(Disclosure.versions).options(
                load_only(DisclosureVersion.number, DisclosureVersion.disclosure_id)
            )
        )
    )
    return {d.person_id: d for d in db.session.scalars(_in_scope(query, scope))}


def _latest_decisions(scope: Scope) -> dict[int, tuple[str, ReviewAction, datetime]]:
    latest_event = (
        select(func.max(ReviewEvent.id).label("id"))
        .join(Disclosure, Disclosure.id == ReviewEvent.disclosure_id)
        .join(Person, Person.id == Disclosure.person_id)
        .group_by(ReviewEvent.disclosure_id)
    )
    actor = aliased(Person)
    query = (
        select(
            ReviewEvent.disclosure_id, actor.full_name, ReviewEvent.action, ReviewEvent.created_at
        )
        .join(actor, actor.id == ReviewEvent.actor_id)
        .where(ReviewEvent.id.in_(_in_scope(latest_event, scope)))
    )
    return {d: (name, action, at) for d, name, action, at in db.session.execute(query)}


def plan_rows(scope: Scope) -> list[tuple[int, PlanRow]]:
    """Current management plans, by disclosure id."""
    monitor = aliased(Person)
    query = (
        select(
            ManagementPlan.disclosure_id,
            Person.full_name,
            Person.email,
            Department.name,
            ManagementPlan.title,
            ManagementPlan.conditions,
            monitor.full_name,
            ManagementPlan.review_on,
            ManagementPlan.created_at,
            ManagementPlan.acknowledged_at,
        )
        .join(Disclosure, Disclosure.id == ManagementPlan.disclosure_id)
        .join(Person, Person.id == Disclosure.person_id)
        .outerjoin(Department, Department.id == Person.department_id)
        .join(monitor, monitor.id == ManagementPlan.monitor_id)
        .where(ManagementPlan.superseded_at.is_(None))
        .order_by(Department.code, Person.full_name, ManagementPlan.id)
    )
    return [
        (row[0], PlanRow(row[1], row[2], row[3] or "", *row[4:]))
        for row in db.session.execute(_in_scope(query, scope))
    ]


#: Which count of the summary a disclosure's review state adds to.
DECISION_COUNTS = {
    DisclosureStatus.APPROVED: "approved",
    DisclosureStatus.APPROVED_WITH_PLAN: "approved_with_plan",
    DisclosureStatus.RETURNED: "returned",
}


@dataclass(frozen=True)
class Filing:
    rows: list[FilingRow]
    counts: StatusCounts
    by_department: dict[int | None, StatusCounts]


def filing(scope: Scope, flags: Sequence[_Flag], plans: dict[int, PlanRow], today: date) -> Filing:
    disclosures = _disclosures(scope)
    decisions = _latest_decisions(scope)
    flags_by_person: dict[int, Counter] = defaultdict(Counter)
    for flag in flags:
        flags_by_person[flag.person_id][flag.severity] += 1
    rows: list[FilingRow] = []
    tallies: dict[int | None, Counter] = defaultdict(Counter)
    extended = personal_due_dates(scope.cycle)
    for person in _faculty(scope):
        disclosure = disclosures.get(person.id)
        due_on = extended.get(person.id, scope.cycle.due_on)
        status = filing_status(disclosure, due_on, today)
        tally = tallies[person.department_id]
        tally["faculty"] += 1
        tally[_standing(status)] += 1
        if disclosure is not None and disclosure.status in DECISION_COUNTS:
            tally[DECISION_COUNTS[disclosure.status]] += 1
        decision = decisions.get(disclosure.id) if disclosure is not None else None
        plan = plans.get(disclosure.id) if disclosure is not None else None
        by_severity = flags_by_person[person.id]
        rows.append(
            FilingRow(
                name=person.name,
                email=person.email,
                department=person.department,
                status=status.label,
                disclosure_status=disclosure.status.label if disclosure else None,
                submitted_at=disclosure.submitted_at if disclosure else None,
                version=disclosure.versions[-1].number
                if disclosure and disclosure.versions
                else None,
                reviewer=decision[0] if decision else None,
                decision=decision[1].label if decision else None,
                decided_at=decision[2] if decision else None,
                plan=f"{plan.title} (review on {plan.review_on:%Y-%m-%d})" if plan else None,
                flags=tuple(by_severity[s] for s in SEVERITIES),
                needs_attention=any(by_severity[s] for s in SEVERITIES if s is not Severity.INFO),
            )
        )
    by_department = {d: _status_counts(t) for d, t in tallies.items()}
    return Filing(rows, _status_counts(sum(tallies.values(), Counter())), by_department)


def _standing(status: FilingStatus) -> str:
    if status is FilingStatus.OVERDUE:
        return "overdue"
    if status in (FilingStatus.NOT_STARTED, FilingStatus.DRAFT):
        return "not_filed"
    return "filed"


def _status_counts(tally: Counter) -> StatusCounts:
    return StatusCounts(
        faculty=tally["faculty"],
        filed=tally["filed"],
        not_filed=tally["not_filed"],
        overdue=tally["overdue"],
        approved=tally["approved"],
        approved_with_plan=tally["approved_with_plan"],
        returned=tally["returned"],
    )


def department_summaries(
    by_department: dict[int | None, StatusCounts], flags: Sequence[_Flag]
) -> list[DepartmentSummary]:
    open_flags: Counter = Counter()
    critical: Counter = Counter()
    for flag in flags:
        open_flags[flag.department_id] += 1
        critical[flag.department_id] += flag.severity is Severity.CRITICAL
    departments = db.session.execute(
        select(Department.id, Department.code, Department.name).order_by(Department.code)
    )
    return [
        DepartmentSummary(
            code, name, by_department.get(d, StatusCounts()), open_flags[d], critical[d]
        )
        for d, code, name in departments
    ]


# --- Contracts ------------------------------------------------------------------------


def contract_rows(
    base_url: str, scope: Scope | None = None, contract_ids: Collection[int] | None = None
) -> Iterator[ContractRow]:
    """Contracts behind the items of latest certified versions (of a scope's year, or
    all, or just the given certified contracts: general counsel's filtered register)."""
    flags = _open_flag_counts()
    query = (
        select(
            Person.full_name,
            Person.email,
            Department.name,
            Disclosure.id,
            Disclosure.kind,
            Disclosure.event_date,
            Disclosure.status,
            Disclosure.draft_since,
            Cycle.year,
            DisclosureVersion.number,
            VersionItem.kind,
            VersionItem.organisation_name,
            VersionContract,
            func.coalesce(flags.c.open, 0),
        )
        .select_from(VersionContract)
        .join(VersionItem, VersionItem.id == VersionContract.version_item_id)
        .join(DisclosureVersion, DisclosureVersion.id == VersionItem.version_id)
        .join(Disclosure, Disclosure.certified_version_id == DisclosureVersion.id)
        .outerjoin(Cycle, Cycle.id == Disclosure.cycle_id)
        .join(Person, Person.id == Disclosure.person_id)
        .outerjoin(Department, Department.id == Person.department_id)
        .outerjoin(flags, flags.c.item_id == VersionItem.id)
        .order_by(Department.code, Person.full_name, Disclosure.id, VersionContract.id)
    )
    if scope is not None:
        query = query.where(Disclosure.year == scope.year)
        if scope.department is not None:
            query = query.where(Person.department_id == scope.department.id)
    if contract_ids is not None:
        query = query.where(VersionContract.id.in_(list(contract_ids)))
    root = base_url.rstrip("/")
    for row in db.session.execute(query.execution_options(yield_per=STREAM_BATCH)):
        (name, email, department, disclosure_id, kind, event_date, status, draft_since) = row[:8]
        year, number, item_kind, organisation, contract, open_flags = row[8:]
        state = status.label if draft_since is None else f"{status.label} (changes in progress)"
        yield ContractRow(
            person=name,
            email=email,
            department=department or "",
            disclosure=disclosure_title(kind, year, event_date),
            disclosure_status=state,
            item_kind=ItemKind(item_kind).label,
            organisation=organisation or None,
            counterparty=contract.counterparty_name,
            country=country_name(contract.country),
            contract_type=contract.contract_type,
            signed_on=contract.signed_on,
            ends_on=contract.ends_on,
            ip_terms=contract.ip_terms,
            confidentiality_terms=contract.confidentiality_terms,
            governing_law=contract.governing_law,
            has_document=contract.document_id is not None,
            has_translation=contract.translation_id is not None,
            open_flags=open_flags,
            link=f"{root}/disclosures/{disclosure_id}/versions/{number}",
        )


def check_rows(scope: Scope) -> Iterator[CheckRow]:
    """The checks' findings recorded with the certified disclosures of the scope's year."""
    query = _certified_in_scope(
        select(
            Person.full_name,
            Person.email,
            Department.name,
            Disclosure.kind,
            Disclosure.year,
            Disclosure.event_date,
            VersionFinding.rule,
            VersionFinding.severity,
            VersionFinding.explanation,
            VersionFinding.note,
        )
        .select_from(VersionFinding)
        .join(Disclosure, Disclosure.certified_version_id == VersionFinding.version_id)
        .join(Person, Person.id == Disclosure.person_id)
        .outerjoin(Department, Department.id == Person.department_id)
        .order_by(Department.code, Person.full_name, Disclosure.id, VersionFinding.id),
        scope,
    )
    for name, email, department, kind, year, event_date, rule, severity, text, note in (
        db.session.execute(query.execution_options(yield_per=STREAM_BATCH))
    ):
        yield CheckRow(
            person=name,
            email=email,
            department=department or "",
            disclosure=disclosure_title(kind, year, event_date),
            rule=rule.replace("_", " ").capitalize(),
            severity=FindingSeverity(severity).label,
            explanation=text,
            note=note,
        )


# --- Everything a rollup needs ----------------------------------------------------------


@dataclass(frozen=True)
class RollupRows:
    """The rows of a rollup; the big iterables stream when the workbook reads them."""

    counts: StatusCounts
    certified: CertifiedCounts
    flags_by_category: list[CategoryTally]
    filing: list[FilingRow]
    kinds: list[KindSheet]
    flags: list[FlagRow]
    contracts: Iterator[ContractRow]
    plans: list[PlanRow]
    checks: Iterator[CheckRow]
    departments: list[DepartmentSummary]


def rollup_rows(scope: Scope, today: date, base_url: str) -> RollupRows:
    flags = _open_flags(scope)
    plans = plan_rows(scope)
    filed = filing(scope, flags, dict(plans), today)
    record = record_counts(scope.year, scope.department_ids)
    return RollupRows(
        counts=filed.counts,
        certified=CertifiedCounts(
            annual=record.annual,
            event=record.event,
            awaiting_review=record.awaiting_review,
            flags_by_severity=tuple(record.flags_by_severity[s] for s in SEVERITIES),
            year_rule=YEAR_RULE,
        ),
        flags_by_category=tally_by_category(record),
        filing=filed.rows,
        kinds=kind_sheets(scope),
        flags=[flag.row for flag in flags],
        contracts=contract_rows(base_url, scope),
        plans=[plan for _, plan in plans],
        checks=check_rows(scope),
        departments=(
            department_summaries(filed.by_department, flags) if scope.department is None else []
        ),
    )


def severity_labels() -> list[str]:
    return [severity.label for severity in SEVERITIES]


def department_with_code(code: str) -> Department | None:
    """The department with this code; None for anything else, however malformed."""
    return db.session.scalar(select(Department).where(Department.code == code.strip().upper()))


def cycle_for_year(year: int) -> Cycle | None:
    return db.session.scalar(select(Cycle).where(Cycle.year == year))


def all_departments() -> list[Department]:
    return list(db.session.scalars(select(Department).order_by(Department.code)))


def departments_with(ids: Iterable[int]) -> list[Department]:
    wanted = list(ids)
    if not wanted:
        return []
    return list(
        db.session.scalars(
            select(Department).where(Department.id.in_(wanted)).order_by(Department.code)
        )
    )
