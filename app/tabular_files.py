"""Reading an import file (CSV or XLSX) as numbered records, one dict per non-blank row.

Line numbers are those a person sees in a spreadsheet or an editor (the header is line 1),
so an error can name the line to fix.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from app.refusals import Refusal

#: Characters no name, title or course ever holds (tab, newline and return are spacing).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class TabularFileError(ValueError):
    """The file as a whole cannot be read (wrong type, missing columns, bad encoding)."""


Record = dict[str, str]


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    reason: str

    def describe(self, filename: str) -> str:
        return f"{filename}, line {self.line}, {self.field}: {self.reason}"


class ImportRefused(Refusal):
    """The file has bad rows; nothing was imported."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("file", f"{len(errors)} bad row(s); nothing was imported")
        self.errors = errors


def single_line(record: Record, field: str, limit: int) -> str:
    """A required text cell, spacing collapsed; Refusal naming the field otherwise."""
    value = " ".join(record.get(field, "").split())
    if not value:
        raise Refusal(field, "is required")
    if CONTROL_CHARACTERS.search(value):
        raise Refusal(field, "contains control characters")
    if len(value) > limit:
        raise Refusal(field, f"is {len(value)} characters long; at most {limit}")
    return value


def read_records(path: Path, columns: tuple[str, ...]) -> list[tuple[int, Record]]:
    """Every non-blank row of the file with its line number; every column named must be
    in the header (others are ignored)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return list(_csv_records(path, columns))
    if suffix in {".xlsx", ".xlsm"}:
        return list(_xlsx_records(path, columns))
    raise TabularFileError(f"{path.name}: the file must be .csv or .xlsx")


def _header(header: list[object], columns: tuple[str, ...], filename: str) -> list[str]:
    names = [str(cell or "").strip().lower() for cell in header]
    missing = [column for column in columns if column not in names]
    if missing:
        raise TabularFileError(
            f"{filename}, line 1: missing column(s) {', '.join(missing)}; "
            f"expected {','.join(columns)}"
        )
    return names


def _csv_records(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, Record]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TabularFileError(f"{path.name}: not UTF-8 text ({exc.reason})") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise TabularFileError(f"{path.name}: the file is empty")
        names = _header(list(header), columns, path.name)
        start = reader.line_num + 1
        for values in reader:
            if any(value.strip() for value in values):
                yield start, {n: v.strip() for n, v in zip(names, values, strict=False)}
            start = reader.line_num + 1
    except csv.Error as exc:
        raise TabularFileError(f"{path.name}, line {reader.line_num}: {exc}") from exc


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _xlsx_records(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, Record]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise TabularFileError(f"{path.name}: not a readable XLSX workbook ({exc})") from exc
    try:
        rows = workbook.active.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise TabularFileError(f"{path.name}: the workbook is empty")
        names = _header(list(header), columns, path.name)
        for line, values in enumerate(rows, start=2):
            cells = [_cell_text(value) for value in values]
            if any(cells):
                yield line, dict(zip(names, cells, strict=False))
    finally:
        workbook.close()


def parse_iso_date(text: str) -> date:
    """A YYYY-MM-DD date; ValueError with a sentence otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a date (YYYY-MM-DD)") from None
