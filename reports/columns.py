"""The columns of the rollup's fixed sheets, shared by the department and institution
rollups and the contracts register."""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter

from reports.rows import ContractRow, KindSheet
from reports.sheets import Column
from reports.sheets import ColumnKind as K

PERSON_COLUMNS = [
    Column("Name", attrgetter("person"), width=26),
    Column("Email", attrgetter("email"), width=28),
    Column("Department", attrgetter("department"), width=22),
]


def filing_columns(severities: Sequence[str]) -> list[Column]:
    return [
        Column("Name", attrgetter("name"), width=26),
        Column("Email", attrgetter("email"), width=28),
        Column("Department", attrgetter("department"), width=22),
        Column("Filing status", attrgetter("status"), width=16),
        Column("Disclosure status", attrgetter("disclosure_status"), width=24),
        Column("Submitted at (UTC)", attrgetter("submitted_at"), K.TIMESTAMP, width=18),
        Column("Version", attrgetter("version"), K.INTEGER, width=9),
        Column("Reviewer", attrgetter("reviewer"), width=24),
        Column("Review decision", attrgetter("decision"), width=26),
        Column("Decided at (UTC)", attrgetter("decided_at"), K.TIMESTAMP, width=18),
        Column("Management plan", attrgetter("plan"), width=30),
        *(
            Column(f"{severity} flags", lambda row, i=i: row.flags[i], K.INTEGER, width=10)
            for i, severity in enumerate(severities)
        ),
    ]


def kind_columns(sheet: KindSheet) -> list[Column]:
    """Person and department, the organisation, then every field of the kind."""
    return [
        *PERSON_COLUMNS,
        Column("Disclosure", attrgetter("disclosure"), width=26),
        Column(sheet.organisation_label, attrgetter("organisation"), width=28),
        Column("Country", attrgetter("country"), width=9),
        Column("Backed by contract", attrgetter("backed_by_contract"), K.YES_NO, width=11),
        Column("Open flags", attrgetter("open_flags"), K.INTEGER, width=9),
        *(
            Column(
                field.header,
                lambda row, i=i: row.values[i],
                field.kind,
                width=field.width,
                currency=attrgetter("currency"),
            )
            for i, field in enumerate(sheet.fields)
        ),
    ]


FLAG_COLUMNS = [
    *PERSON_COLUMNS,
    Column("Disclosure", attrgetter("disclosure"), width=26),
    Column("Item kind", attrgetter("item_kind"), width=22),
    Column("Item", attrgetter("item"), width=28),
    Column("Found in", attrgetter("field"), width=20),
    Column("Item text", attrgetter("text"), width=40),
    Column("Category", attrgetter("category"), width=28),
    Column("Severity", attrgetter("severity"), width=10),
    Column("Matched text", attrgetter("matched"), width=24),
    Column("Watchlist entry", attrgetter("entry"), width=28),
    Column("Source list", attrgetter("source"), width=30),
    Column("Raised at (UTC)", attrgetter("raised_at"), K.TIMESTAMP, width=18),
    Column("Disposition", attrgetter("disposition"), width=28),
    Column("Reviewer", attrgetter("reviewer"), width=24),
    Column("Decided at (UTC)", attrgetter("decided_at"), K.TIMESTAMP, width=18),
]


def _flagged(row: ContractRow) -> bool:
    return row.open_flags > 0


CONTRACT_COLUMNS = [
    *PERSON_COLUMNS,
    Column("Disclosure", attrgetter("disclosure"), width=24),
    Column("Disclosure status", attrgetter("disclosure_status"), width=22),
    Column("Item kind", attrgetter("item_kind"), width=22),
    Column("Organisation", attrgetter("organisation"), width=28),
    Column("Counterparty", attrgetter("counterparty"), width=28),
    Column("Country", attrgetter("country"), width=9),
    Column("Contract type", attrgetter("contract_type"), width=18),
    Column("Signed on", attrgetter("signed_on"), K.DATE, width=12),
    Column("Ends on", attrgetter("ends_on"), K.DATE, width=12),
    Column("IP terms", attrgetter("ip_terms"), width=30),
    Column("Confidentiality terms", attrgetter("confidentiality_terms"), width=30),
    Column("Governing law", attrgetter("governing_law"), width=18),
    Column("Contract document", attrgetter("has_document"), K.YES_NO, width=11),
    Column("English translation", attrgetter("has_translation"), K.YES_NO, width=11),
    Column("Flagged", _flagged, K.YES_NO, width=9),
    Column("Open flags", attrgetter("open_flags"), K.INTEGER, width=9),
    Column("Disclosure version", attrgetter("link"), K.LINK, width=40),
]

PLAN_COLUMNS = [
    *PERSON_COLUMNS,
    Column("Plan", attrgetter("title"), width=24),
    Column("Conditions", attrgetter("conditions"), width=50),
    Column("Monitor", attrgetter("monitor"), width=24),
    Column("Review on", attrgetter("review_on"), K.DATE, width=12),
    Column("Created at (UTC)", attrgetter("created_at"), K.TIMESTAMP, width=18),
    Column("Acknowledged at (UTC)", attrgetter("acknowledged_at"), K.TIMESTAMP, width=18),
]


CHECK_COLUMNS = [
    *PERSON_COLUMNS,
    Column("Disclosure", attrgetter("disclosure"), width=26),
    Column("Check", attrgetter("rule"), width=26),
    Column("Severity", attrgetter("severity"), width=20),
    Column("What was found", attrgetter("explanation"), width=60),
    Column("The filer's explanation", attrgetter("note"), width=50),
]
