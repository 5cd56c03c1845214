"""Training completions from the learning system's export (CSV or XLSX), validated.

Columns: email, course, completed_on, and optionally kind. A course's kind is taken from
the kind column when given, else from its name (a CITI "Conflicts of Interest" course is
FCOI training); a course that names none is refused rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.people.operations import PeopleError, normalize_email
from app.refusals import Refusal
from app.tabular_files import RowError, parse_iso_date, read_records, single_line
from app.training.models import TrainingKind

COLUMNS = ("email", "course", "completed_on")
COURSE_LIMIT = 200
#: Words in a course's name that say which training it is.
COURSE_WORDS: tuple[tuple[str, TrainingKind], ...] = (
    ("conflict of interest", TrainingKind.FCOI),
    ("conflicts of interest", TrainingKind.FCOI),
    ("fcoi", TrainingKind.FCOI),
    ("research security", TrainingKind.RESEARCH_SECURITY),
    ("export control", TrainingKind.EXPORT_CONTROL),
    ("export compliance", TrainingKind.EXPORT_CONTROL),
)


@dataclass(frozen=True)
class TrainingRow:
    line: int
    email: str
    course: str
    kind: TrainingKind
    completed_on: date


def kind_of_course(course: str, stated: str) -> TrainingKind:
    if stated.strip():
        try:
            return TrainingKind(stated.strip().lower())
        except ValueError:
            allowed = "|".join(kind.value for kind in TrainingKind)
            raise Refusal("kind", f"{stated.strip()!r} is not one of {allowed}") from None
    name = course.casefold()
    for words, kind in COURSE_WORDS:
        if words in name:
            return kind
    raise Refusal(
        "course",
        f"cannot tell which training {course!r} is; add a kind column "
        "(fcoi|research_security|export_control)",
    )


def _validate(line: int, record: dict[str, str], today: date) -> TrainingRow:
    try:
        email = normalize_email(record.get("email", ""))
    except PeopleError as exc:
        raise Refusal("email", exc.message) from None
    course = single_line(record, "course", COURSE_LIMIT)
    try:
        completed_on = parse_iso_date(record.get("completed_on", ""))
    except ValueError as exc:
        raise Refusal("completed_on", str(exc)) from None
    if completed_on > today:
        raise Refusal("completed_on", "is in the future")
    return TrainingRow(
        line, email, course, kind_of_course(course, record.get("kind", "")), completed_on
    )


def read_training(path: Path, today: date) -> tuple[list[TrainingRow], list[RowError]]:
    rows: list[TrainingRow] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, str, date], int] = {}
    for line, record in read_records(path, COLUMNS):
        try:
            row = _validate(line, record, today)
        except Refusal as exc:
            errors.append(RowError(line, exc.field, exc.message))
            continue
        key = (row.email, row.course.casefold(), row.completed_on)
        if key in seen:
            errors.append(RowError(line, "course", f"the same completion is on line {seen[key]}"))
            continue
        seen[key] = line
        rows.append(row)
    return rows, errors
