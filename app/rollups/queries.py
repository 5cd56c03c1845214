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

from app.cycles.models import Cycle
from app.cycles.queries import personal_due_dates
from app.disclosures.contracts import Contract
from app.disclosures.enums import DisclosureKind, DisclosureStatus, FilingStatus, ItemKind
from app.disclosures.items import DisclosureItem
from app.disclosures.models import Disclosure, DisclosureVersion
from app.disclosures.queries import filing_status
from app.extensions import db
from app.organisations.models import Organisation
from app.people.models import Department, Person, RoleGrant
from app.people.roles import Role
from app.review.models import (
    Disposition,
    FlagDisposition,
    ManagementPlan,
    ReviewAction,
    ReviewEvent,
)
from app.rollups.columns import SHEET_TITLES, fields_of, kind_table_columns, organisation_label
from app.screening.flags import Severity, parse_flag_category
from app.screening.models import ItemFlag
from app.screening.operations import item_texts
from reports.rows import (
    CategoryTally,
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
    def label(self) -> str:
        if self.department is None:
            return "All departments"
        return f"{self.department.name} ({self.department.code})"


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), IN_LIST_CHUNK):
        yield ids[start : start + IN_LIST_CHUNK]


def _latest_versions():
    """Disclosures submitted at least once, with their latest version number."""
    return (
        select(
            DisclosureVersion.disclosure_id.label("disclosure_id"),
            func.max(DisclosureVersion.number).label("number"),
        )
        .group_by(DisclosureVersion.disclosure_id)
        .subquery("latest_version")
    )


def _in_scope(query: Select, scope: Scope) -> Select:
    """The annual disclosures of the scope's cycle, of people in its department."""
    query = query.where(Disclosure.cycle_id == scope.cycle.id)
    if scope.department is not None:
        query = query.where(Person.department_id == scope.department.id)
    return query


def _open_flag_counts():
    return (
        select(
            ItemFlag.item_id.label("item_id"),
            func.count().label("open"),
            func.sum(case((ItemFlag.severity != Severity.INFO, 1), else_=0)).label("policy"),
        )
        .where(ItemFlag.cleared_at.is_(None))
        .group_by(ItemFlag.item_id)
        .subquery("open_flags")
    )


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
    base = DisclosureItem.__table__
    own_columns = kind_table_columns(kind)
    own = own_columns[0].table
    enums = [i for i, column in enumerate(own_columns) if isinstance(column.type, Enum)]
    currency = next((i for i, c in enumerate(own_columns) if c.key == "currency"), None)
    latest, flags = _latest_versions(), _open_flag_counts()
    query = (
        select(
            Person.full_name,
            Person.email,
            Department.name,
            Organisation.name,
            base.c.country,
            base.c.backed_by_contract,
            func.coalesce(flags.c.open, 0),
            func.coalesce(flags.c.policy, 0),
            *own_columns,
        )
        .select_from(base.join(own, own.c.id == base.c.id))
        .join(Disclosure, Disclosure.id == base.c.disclosure_id)
        .join(latest, latest.c.disclosure_id == Disclosure.id)
        .join(Person, Person.id == Disclosure.person_id)
        .outerjoin(Department, Department.id == Person.department_id)
        .outerjoin(Organisation, Organisation.id == base.c.organisation_id)
        .outerjoin(flags, flags.c.item_id == base.c.id)
        .where(base.c.withdrawn_at.is_(None))
        .order_by(Department.code, Person.full_name, Person.id, base.c.id)
    )
    result = db.session.execute(_in_scope(query, scope).execution_options(yield_per=STREAM_BATCH))
    for row in result:
        values = list(row[8:])
        for i in enums:
            if values[i] is not None:
                values[i] = values[i].label
        yield ItemRow(
            row[0],
            row[1],
            row[2] or "",
            row[3],
            row[4],
            row[5],
            row[6],
            row[7],
            tuple(values),
            values[currency] if currency is not None else None,
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


def _items_by_id(item_ids: Sequence[int]) -> dict[int, DisclosureItem]:
    """The flagged items themselves, every kind at once, for the text that was matched."""
    every_kind = with_polymorphic(DisclosureItem, "*")
    items: dict[int, DisclosureItem] = {}
    for chunk in _chunks(item_ids):
        for item in db.session.scalars(select(every_kind).where(every_kind.id.in_(chunk))):
            items[item.id] = item
    return items


def _flagged_text(item: DisclosureItem, field: str) -> str:
    """The text screening read for a flag: a text field, a name, or the item's country."""
    text = item_texts(item).get(field)
    if text is None and field in DisclosureItem.__table__.c:
        text = str(getattr(item, field) or "")
    return text or ""


def _open_flags(scope: Scope) -> list[_Flag]:
    latest = _latest_versions()
    query = (
        select(
            ItemFlag,
            DisclosureItem.kind,
            Person.id,
            Person.full_name,
            Person.email,
            Person.department_id,
            Department.name,
        )
        .join(DisclosureItem, DisclosureItem.id == ItemFlag.item_id)
        .join(Disclosure, Disclosure.id == DisclosureItem.disclosure_id)
        .join(latest, latest.c.disclosure_id == Disclosure.id)
        .join(Person, Person.id == Disclosure.person_id)
        .outerjoin(Department, Department.id == Person.department_id)
        .where(ItemFlag.cleared_at.is_(None), DisclosureItem.withdrawn_at.is_(None))
    )
    found = list(db.session.execute(_in_scope(query, scope)))
    items = _items_by_id(sorted({flag.item_id for flag, *_ in found}))
    decided = _latest_dispositions([flag.id for flag, *_ in found])
    flags = []
    for flag, kind, person_id, name, email, department_id, department in found:
        item = items[flag.item_id]
        disposition, reviewer, decided_at = decided.get(flag.id, (None, None, None))
        severity = Severity(flag.severity)
        flags.append(
            _Flag(
                FlagRow(
                    person=name,
                    email=email,
                    department=department or "",
                    item_kind=ItemKind(kind).label,
                    item=item.summary,
                    field=flag.field,
                    text=_flagged_text(item, flag.field),
                    category=_category_label(flag.category),
                    severity=severity.label,
                    matched=flag.matched,
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


def _tally_by_category(flags: Iterable[_Flag]) -> list[CategoryTally]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for flag in flags:
        counts[flag.row.category][flag.severity] += 1
    return [
        CategoryTally(category, tuple(by_severity[s] for s in SEVERITIES))
        for category, by_severity in sorted(counts.items())
    ]


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
    """Contracts behind live items of submitted disclosures (of a scope, or all, or just
    the given contracts: general counsel's filtered register)."""
    latest, flags = _latest_versions(), _open_flag_counts()
    counterparty = aliased(Organisation)
    query = (
        select(
            Person.full_name,
            Person.email,
            Department.name,
            Disclosure.id,
            Disclosure.kind,
            Disclosure.event_date,
            Disclosure.status,
            Cycle.year,
            latest.c.number,
            DisclosureItem.kind,
            Organisation.name,
            counterparty.name,
            Contract,
            func.coalesce(flags.c.open, 0),
        )
        .select_from(Contract)
        .join(DisclosureItem, DisclosureItem.id == Contract.item_id)
        .join(Disclosure, Disclosure.id == DisclosureItem.disclosure_id)
        .join(latest, latest.c.disclosure_id == Disclosure.id)
        .outerjoin(Cycle, Cycle.id == Disclosure.cycle_id)
        .join(Person, Person.id == Disclosure.person_id)
        .outerjoin(Department, Department.id == Person.department_id)
        .outerjoin(Organisation, Organisation.id == DisclosureItem.organisation_id)
        .join(counterparty, counterparty.id == Contract.counterparty_id)
        .outerjoin(flags, flags.c.item_id == DisclosureItem.id)
        .where(DisclosureItem.withdrawn_at.is_(None), DisclosureItem.backed_by_contract.is_(True))
        .order_by(Department.code, Person.full_name, Disclosure.id, Contract.id)
    )
    if scope is not None:
        query = _in_scope(query, scope)
    if contract_ids is not None:
        query = query.where(Contract.id.in_(list(contract_ids)))
    root = base_url.rstrip("/")
    for row in db.session.execute(query.execution_options(yield_per=STREAM_BATCH)):
        (name, email, department, disclosure_id, kind, event_date, status, year, number) = row[:9]
        item_kind, organisation, counterparty_name, contract, open_flags = row[9:]
        yield ContractRow(
            person=name,
            email=email,
            department=department or "",
            disclosure=_disclosure_title(kind, year, event_date),
            disclosure_status=status.label,
            item_kind=ItemKind(item_kind).label,
            organisation=organisation,
            counterparty=counterparty_name,
            country=contract.country,
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


def _disclosure_title(kind: DisclosureKind, year: int | None, event_date: date | None) -> str:
    if kind is DisclosureKind.ANNUAL and year is not None:
        return f"Annual disclosure {year}"
    return f"Event-driven disclosure ({event_date:%Y-%m-%d})" if event_date else "Event-driven"


# --- Everything a rollup needs ----------------------------------------------------------


@dataclass(frozen=True)
class RollupRows:
    """The rows of a rollup; the big iterables stream when the workbook reads them."""

    counts: StatusCounts
    flags_by_category: list[CategoryTally]
    filing: list[FilingRow]
    kinds: list[KindSheet]
    flags: list[FlagRow]
    contracts: Iterator[ContractRow]
    plans: list[PlanRow]
    departments: list[DepartmentSummary]


def rollup_rows(scope: Scope, today: date, base_url: str) -> RollupRows:
    flags = _open_flags(scope)
    plans = plan_rows(scope)
    filed = filing(scope, flags, dict(plans), today)
    return RollupRows(
        counts=filed.counts,
        flags_by_category=_tally_by_category(flags),
        filing=filed.rows,
        kinds=kind_sheets(scope),
        flags=[flag.row for flag in flags],
        contracts=contract_rows(base_url, scope),
        plans=[plan for _, plan in plans],
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
