"""The plain rows the rollup builders take; `app/rollups/queries.py` produces them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from reports.sheets import ColumnKind


@dataclass(frozen=True, slots=True)
class FilingRow:
    """One faculty member's standing for the cycle."""

    name: str
    email: str
    department: str
    status: str
    disclosure_status: str | None
    submitted_at: datetime | None
    version: int | None
    reviewer: str | None
    decision: str | None
    decided_at: datetime | None
    plan: str | None
    #: Open flags by severity, in the order of `Rollup.severities`.
    flags: tuple[int, ...]
    needs_attention: bool = False


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One item, with its own fields in `values` in the order of its `KindSheet.fields`."""

    person: str
    email: str
    department: str
    #: Which certified disclosure it comes from ("Annual disclosure 2026", "Event-driven ...").
    disclosure: str
    organisation: str | None
    country: str
    backed_by_contract: bool
    open_flags: int
    policy_flags: int
    values: tuple[object, ...]
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class Field:
    header: str
    kind: ColumnKind = ColumnKind.TEXT
    width: float = 18


@dataclass(frozen=True)
class KindSheet:
    """The items of one kind: its fields (from the kind's column list) and its rows."""

    title: str
    organisation_label: str
    fields: Sequence[Field]
    rows: Iterable[ItemRow]


@dataclass(frozen=True, slots=True)
class FlagRow:
    person: str
    email: str
    department: str
    disclosure: str
    item_kind: str
    item: str
    field: str
    text: str
    category: str
    severity: str
    matched: str
    entry: str
    source: str
    raised_at: datetime
    disposition: str | None
    reviewer: str | None
    decided_at: datetime | None
    needs_attention: bool = False


@dataclass(frozen=True, slots=True)
class ContractRow:
    person: str
    email: str
    department: str
    disclosure: str
    disclosure_status: str
    item_kind: str
    organisation: str | None
    counterparty: str
    country: str
    contract_type: str
    signed_on: date
    ends_on: date | None
    ip_terms: str
    confidentiality_terms: str
    governing_law: str
    has_document: bool
    has_translation: bool
    open_flags: int
    link: str


@dataclass(frozen=True, slots=True)
class CheckRow:
    """One compliance check's finding on a certified disclosure, with the filer's note."""

    person: str
    email: str
    department: str
    disclosure: str
    rule: str
    severity: str
    explanation: str
    note: str


@dataclass(frozen=True, slots=True)
class PlanRow:
    person: str
    email: str
    department: str
    title: str
    conditions: str
    monitor: str
    review_on: date
    created_at: datetime
    acknowledged_at: datetime | None


@dataclass(frozen=True, slots=True)
class StatusCounts:
    faculty: int = 0
    filed: int = 0
    not_filed: int = 0
    overdue: int = 0
    approved: int = 0
    approved_with_plan: int = 0
    returned: int = 0


@dataclass(frozen=True, slots=True)
class CertifiedCounts:
    """The certified record of the year, as the dashboards and review queue count it."""

    annual: int = 0
    event: int = 0
    awaiting_review: int = 0
    #: Open flags by severity, in the order of `Rollup.severities`.
    flags_by_severity: tuple[int, ...] = ()
    #: How a disclosure is assigned to the year, in words.
    year_rule: str = ""


@dataclass(frozen=True, slots=True)
class DepartmentSummary:
    code: str
    name: str
    counts: StatusCounts
    open_flags: int
    critical_flags: int


@dataclass(frozen=True, slots=True)
class CategoryTally:
    category: str
    #: Open flags of this category by severity, in the order of `Rollup.severities`.
    by_severity: tuple[int, ...]


@dataclass
class Rollup:
    """Everything one rollup workbook shows. The iterables are read once, in order."""

    scope: str
    cycle: str
    generated_at: datetime
    generated_by: str
    counts: StatusCounts
    severities: Sequence[str]
    flags_by_category: Sequence[CategoryTally]
    certified: CertifiedCounts
    filing: Iterable[FilingRow]
    kinds: Sequence[KindSheet]
    flags: Iterable[FlagRow]
    contracts: Iterable[ContractRow]
    plans: Iterable[PlanRow]
    checks: Iterable[CheckRow] = ()
    #: Filled for the institution rollup: one summary line per department.
    departments: Sequence[DepartmentSummary] = field(default_factory=tuple)


@dataclass
class ContractsRegister:
    generated_at: datetime
    generated_by: str
    contracts: Iterable[ContractRow]
