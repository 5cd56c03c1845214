"""Reading roster files (CSV or XLSX) into validated rows, line by line.

Parsing is separate from applying so that a bad file can be rejected before anything
is written, with every bad line named.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from app.people.operations import (
    PeopleError,
    normalize_department_code,
    normalize_email,
    parse_role,
)
from app.people.roles import Role

COLUMNS = ("email", "name", "department_code", "department_name", "roles")
REQUIRED_COLUMNS = ("email", "name", "department_code", "roles")


class RosterFileError(ValueError):
    """The file as a whole cannot be read (wrong type, missing columns, bad encoding)."""


@dataclass(frozen=True)
class RoleSpec:
    role: Role
    #: For department heads: the department headed; None means the row's own department.
    department_code: str | None = None


@dataclass(frozen=True)
class RosterRow:
    line: int
    email: str
    name: str
    department_code: str
    department_name: str
    roles: tuple[RoleSpec, ...]


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    reason: str

    def describe(self, filename: str) -> str:
        return f"{filename}, line {self.line}, {self.field}: {self.reason}"


def read_roster(path: Path) -> tuple[list[RosterRow], list[RowError]]:
    """Every row of the file, validated: the good rows and one error per bad row."""
    return validate_records(_records(path))


def validate_records(
    records: Iterable[tuple[int, dict[str, str]]],
) -> tuple[list[RosterRow], list[RowError]]:
    """Numbered records of the roster's columns (from a file or the API), validated."""
    rows: list[RosterRow] = []
    errors: list[RowError] = []
    first_line_of: dict[str, int] = {}
    for line, record in records:
        try:
            row = _validate(line, record)
        except PeopleError as exc:
            errors.append(RowError(line, exc.field, exc.message))
            continue
        if row.email in first_line_of:
            errors.append(
                RowError(
                    line, "email", f"{row.email} already appears on line {first_line_of[row.email]}"
                )
            )
            continue
        first_line_of[row.email] = line
        rows.append(row)
    return rows, errors


def _validate(line: int, record: dict[str, str]) -> RosterRow:
    email = normalize_email(record.get("email", ""))
    name = " ".join(record.get("name", "").split())
    if not name:
        raise PeopleError("name", "a full name is required")
    department_code = normalize_department_code(record.get("department_code", ""))
    roles = tuple(_role_spec(part) for part in record.get("roles", "").split(";") if part.strip())
    if not roles:
        raise PeopleError("roles", "at least one role is required")
    return RosterRow(
        line=line,
        email=email,
        name=name,
        department_code=department_code,
        department_name=" ".join(record.get("department_name", "").split()),
        roles=roles,
    )


def _role_spec(text: str) -> RoleSpec:
    """``department_head`` heads the row's department; ``department_head:CODE`` another."""
    name, _, scope = text.partition(":")
    role = parse_role(name)
    if scope.strip() and not role.is_department_scoped:
        raise PeopleError("roles", f"the {role.value} role does not take a department")
    return RoleSpec(role, normalize_department_code(scope) if scope.strip() else None)


def _records(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        yield from _csv_records(path)
    elif suffix in {".xlsx", ".xlsm"}:
        yield from _xlsx_records(path)
    else:
        raise RosterFileError(f"{path.name}: roster files must be .csv or .xlsx")


def _header_map(header: list[str], filename: str) -> list[str]:
    names = [str(cell or "").strip().lower() for cell in header]
    missing = [column for column in REQUIRED_COLUMNS if column not in names]
    if missing:
        raise RosterFileError(
            f"{filename}, line 1: missing column(s) {', '.join(missing)}; "
            f"expected {','.join(COLUMNS)}"
        )
    return names


def _csv_records(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RosterFileError(f"{path.name}: not UTF-8 text ({exc.reason})") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise RosterFileError(f"{path.name}: the file is empty")
    names = _header_map(header, path.name)
    start = reader.line_num + 1
    for values in reader:
        if any(value.strip() for value in values):
            yield start, dict(zip(names, values, strict=False))
        start = reader.line_num + 1


def _xlsx_records(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise RosterFileError(f"{path.name}: not a readable XLSX workbook ({exc})") from exc
    try:
        rows = workbook.active.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise RosterFileError(f"{path.name}: the workbook is empty")
        names = _header_map(list(header), path.name)
        for line, values in enumerate(rows, start=2):
            cells = ["" if value is None else str(value).strip() for value in values]
            if any(cells):
                yield line, dict(zip(names, cells, strict=False))
    finally:
        workbook.close()
