"""The NIH FCOI report as a workbook for the eRA Commons FCOI module (one row per FCOI)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from operator import attrgetter
from pathlib import Path
from typing import IO, Any

from reports.sheets import Column, ColumnKind, new_workbook, write_table

FCOI_COLUMNS = [
    Column("Report type", attrgetter("report_type"), width=16),
    Column("Grant number", attrgetter("grant_number"), width=18),
    Column("Project title", attrgetter("project_title"), width=40),
    Column("Investigator", attrgetter("investigator"), width=24),
    Column("Entity", attrgetter("entity"), width=30),
    Column("Nature of the interest", attrgetter("nature"), width=28),
    Column("Value", attrgetter("value_band"), width=20),
    Column(
        "How it relates to the research and why it conflicts",
        attrgetter("relation_to_research"),
        width=50,
    ),
    Column("Status", attrgetter("status"), width=16),
    Column("Investigator's role and duties", attrgetter("role_and_duties"), width=30),
    Column("Conditions of the plan", attrgetter("plan_conditions"), width=50),
    Column("How the plan safeguards objectivity", attrgetter("safeguards"), width=40),
    Column("Investigator's agreement", attrgetter("agreement"), width=30),
    Column("How the plan is monitored", attrgetter("monitoring"), width=36),
    Column("Other", attrgetter("other"), width=30),
    Column("Identified on", attrgetter("identified_on"), ColumnKind.DATE, width=13),
    Column("Reported on", attrgetter("reported_on"), ColumnKind.DATE, width=13),
]


def write_fcoi_report(
    rows: Iterable[Any],
    title: str,
    generated_by: str,
    generated_at: datetime,
    destination: str | Path | IO[bytes],
) -> None:
    book = new_workbook(title, generated_by, generated_at)
    write_table(book, "FCOI report", FCOI_COLUMNS, rows)
    book.save(destination)
