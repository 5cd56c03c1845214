"""The grants system's export, read into validated rows before anything is written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.people.operations import PeopleError, normalize_email
from app.projects.models import ProjectSponsorType, ProjectStage
from app.refusals import Refusal
from app.tabular_files import (
    CONTROL_CHARACTERS,
    RowError,
    parse_iso_date,
    read_records,
    single_line,
)

COLUMNS = (
    "number",
    "title",
    "sponsor",
    "sponsor_type",
    "stage",
    "start",
    "end",
    "pi_email",
    "key_personnel",
)
LIMITS = {"number": 100, "title": 1000, "sponsor": 300}
ROLE_LIMIT = 100


@dataclass(frozen=True)
class ProjectRow:
    line: int
    number: str
    title: str
    sponsor: str
    sponsor_type: ProjectSponsorType
    stage: ProjectStage
    starts_on: date
    ends_on: date
    pi_email: str
    #: (email, role) of each key person other than the PI, in file order.
    key_personnel: tuple[tuple[str, str], ...]


def read_projects(path: Path) -> tuple[list[ProjectRow], list[RowError]]:
    """The file's rows, validated; raises TabularFileError if it cannot be read at all."""
    rows: list[ProjectRow] = []
    errors: list[RowError] = []
    first_line_of: dict[str, int] = {}
    for line, record in read_records(path, COLUMNS):
        try:
            row = _validate(line, record)
        except Refusal as exc:
            errors.append(RowError(line, exc.field, exc.message))
            continue
        if row.number in first_line_of:
            errors.append(
                RowError(
                    line, "number", f"{row.number} is already on line {first_line_of[row.number]}"
                )
            )
            continue
        first_line_of[row.number] = line
        rows.append(row)
    return rows, errors


def _text(record: dict[str, str], field: str) -> str:
    return single_line(record, field, LIMITS[field])


def _choice(record: dict[str, str], field: str, enum: type) -> object:
    value = record.get(field, "").strip().lower()
    try:
        return enum(value)
    except ValueError:
        allowed = "|".join(member.value for member in enum)
        raise Refusal(field, f"{value!r} is not one of {allowed}") from None


def _date(record: dict[str, str], field: str) -> date:
    try:
        return parse_iso_date(record.get(field, ""))
    except ValueError as exc:
        raise Refusal(field, str(exc)) from None


def _email(text: str, field: str) -> str:
    try:
        return normalize_email(text)
    except PeopleError as exc:
        raise Refusal(field, exc.message) from None


def _key_personnel(text: str, pi_email: str) -> tuple[tuple[str, str], ...]:
    people: dict[str, str] = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        email_text, separator, role = part.partition(":")
        role = " ".join(role.split())
        if not separator or not role:
            raise Refusal("key_personnel", f"{part.strip()!r} is not email:role")
        if CONTROL_CHARACTERS.search(role):
            raise Refusal(
                "key_personnel", f"the role of {email_text.strip()} has control characters"
            )
        if len(role) > ROLE_LIMIT:
            raise Refusal(
                "key_personnel", f"the role of {email_text.strip()} is over {ROLE_LIMIT} characters"
            )
        email = _email(email_text, "key_personnel")
        if email in people or email == pi_email:
            raise Refusal("key_personnel", f"{email} is listed twice")
        people[email] = role
    return tuple(people.items())


def _validate(line: int, record: dict[str, str]) -> ProjectRow:
    starts_on, ends_on = _date(record, "start"), _date(record, "end")
    if ends_on < starts_on:
        raise Refusal("end", "ends before it starts")
    pi_email = _email(record.get("pi_email", ""), "pi_email")
    return ProjectRow(
        line=line,
        number=_text(record, "number"),
        title=_text(record, "title"),
        sponsor=_text(record, "sponsor"),
        sponsor_type=_choice(record, "sponsor_type", ProjectSponsorType),
        stage=_choice(record, "stage", ProjectStage),
        starts_on=starts_on,
        ends_on=ends_on,
        pi_email=pi_email,
        key_personnel=_key_personnel(record.get("key_personnel", ""), pi_email),
    )
