"""Importing training completions: all or nothing; a completion already on record is
left as it is, so re-importing a file changes nothing."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from app.audit.operations import record
from app.extensions import db
from app.people.models import Person
from app.tabular_files import ImportRefused, RowError
from app.training.models import TrainingCompletion, TrainingKind
from app.training.training_file import TrainingRow


def months_after(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expiry_of(kind: TrainingKind, completed_on: date) -> date:
    return months_after(completed_on, kind.valid_months)


@dataclass
class TrainingImport:
    added: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)


def import_training(
    rows: list[TrainingRow], parse_errors: list[RowError], actor: Person | None, filename: str
) -> TrainingImport:
    report = TrainingImport(errors=list(parse_errors))
    emails = {row.email for row in rows}
    people = (
        {p.email: p for p in db.session.scalars(select(Person).where(Person.email.in_(emails)))}
        if emails
        else {}
    )
    for row in rows:
        if row.email not in people:
            report.errors.append(
                RowError(row.line, "email", f"no person with the address {row.email}")
            )
    if report.errors:
        report.errors.sort(key=lambda e: (e.line, e.field))
        raise ImportRefused(report.errors)
    for row in rows:
        person = people[row.email]
        exists = db.session.scalar(
            select(TrainingCompletion.id).where(
                TrainingCompletion.person_id == person.id,
                TrainingCompletion.course == row.course,
                TrainingCompletion.completed_on == row.completed_on,
            )
        )
        if exists is not None:
            report.unchanged += 1
            continue
        db.session.add(
            TrainingCompletion(
                person_id=person.id,
                course=row.course,
                kind=row.kind,
                completed_on=row.completed_on,
                expires_on=expiry_of(row.kind, row.completed_on),
            )
        )
        report.added += 1
    db.session.flush()
    record(
        "training.import",
        object_type="training_import",
        object_id=filename[:100],
        actor=actor,
        summary=f"Training imported from {filename}: {report.added} added, "
        f"{report.unchanged} already on record",
        after={"added": report.added, "unchanged": report.unchanged},
    )
    return report
