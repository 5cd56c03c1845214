"""A person's SciENcv current-and-pending data as a workbook the filer checks against
SciENcv: one sheet of support entries, one of positions, one of values over a limit."""

from __future__ import annotations

from datetime import datetime
from operator import attrgetter
from pathlib import Path
from typing import IO, Any

from reports.sheets import Column, ColumnKind, new_workbook, write_table

SUPPORT_COLUMNS = [
    Column("Entry", attrgetter("entry"), width=36),
    Column("Type", lambda s: "In-kind" if s.in_kind else "Award", width=10),
    Column("Status", lambda s: s.status.capitalize(), width=10),
    Column("Project title", attrgetter("title"), width=40),
    Column("Award number", attrgetter("award_number"), width=16),
    Column("Source of support", attrgetter("source"), width=30),
    Column("Location", attrgetter("location"), width=24),
    Column("Amount (USD)", attrgetter("amount"), ColumnKind.MONEY, width=14),
    Column("Conversion", attrgetter("amount_note"), width=40),
    Column("In-kind description", attrgetter("in_kind_description"), width=36),
    Column("Overall objectives", attrgetter("objectives"), width=40),
    Column("Potential overlap", attrgetter("overlap"), width=40),
    Column("Start", attrgetter("starts_on"), ColumnKind.DATE, width=12),
    Column("End", attrgetter("ends_on"), ColumnKind.DATE, width=12),
    Column("Person-months per year", attrgetter("person_months"), ColumnKind.DECIMAL, width=12),
]
POSITION_COLUMNS = [
    Column("Position", attrgetter("title"), width=36),
    Column("Organisation", attrgetter("organisation"), width=36),
    Column("Country", attrgetter("country"), width=20),
    Column("From", attrgetter("start_year"), ColumnKind.INTEGER, width=8),
    Column("To", attrgetter("end_year"), ColumnKind.INTEGER, width=8),
    Column("Current", attrgetter("current"), ColumnKind.YES_NO, width=9),
]
PROBLEM_COLUMNS = [
    Column("Entry", attrgetter("entry"), width=36),
    Column("Field", attrgetter("field"), width=20),
    Column("Length", attrgetter("length"), ColumnKind.INTEGER, width=9),
    Column("SciENcv limit", attrgetter("limit"), ColumnKind.INTEGER, width=9),
]


def write_cpos_check(
    profile: Any,
    problems: list[Any],
    generated_at: datetime,
    destination: str | Path | IO[bytes],
) -> None:
    name = " ".join(p for p in (profile.first_name, profile.middle_name, profile.last_name) if p)
    book = new_workbook(f"Current and pending support of {name}", name, generated_at)
    write_table(book, "Support", SUPPORT_COLUMNS, profile.supports)
    write_table(book, "Positions", POSITION_COLUMNS, profile.positions)
    write_table(book, "Over a limit", PROBLEM_COLUMNS, problems)
    book.save(destination)
