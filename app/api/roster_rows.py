"""Roster rows sent as JSON, validated exactly as the CSV roster's rows are.

The body is `{"rows": [{"email", "name", "department_code", "department_name", "roles"}]}`
with `roles` a list of the CSV's role entries ("faculty", "department_head:PHYS"). Rows
are numbered from 1 in the order sent; every error names its row and field.
"""

from __future__ import annotations

from typing import Any

from app.people.roster import COLUMNS, RosterRow, RowError, validate_records
from forms.validators import has_control_characters

#: One request is one transaction: keep it to a size that commits in well under a second.
LARGEST_BATCH = 1000
#: The columns' sizes in the database: longer text is refused here, beside its field.
LONGEST = {"email": 254, "name": 200, "department_code": 32, "department_name": 200, "roles": 2000}


def roster_rows_from_json(body: Any) -> tuple[list[RosterRow], list[RowError]]:
    """The rows of the body and the errors of its bad rows (row 0: the body itself)."""
    if not isinstance(body, dict) or not isinstance(body.get("rows"), list):
        return [], [RowError(0, "rows", "the body must be an object with a list of rows")]
    rows = body["rows"]
    if not rows:
        return [], [RowError(0, "rows", "send at least one row")]
    if len(rows) > LARGEST_BATCH:
        return [], [RowError(0, "rows", f"send at most {LARGEST_BATCH} rows per request")]
    records: list[tuple[int, dict[str, str]]] = []
    shape_errors: list[RowError] = []
    for number, row in enumerate(rows, start=1):
        record, error = _record(number, row)
        if error is not None:
            shape_errors.append(error)
        else:
            records.append((number, record))
    valid, errors = validate_records(records)
    return valid, sorted([*shape_errors, *errors], key=lambda e: (e.line, e.field))


def _record(number: int, row: Any) -> tuple[dict[str, str], RowError | None]:
    """The row as the CSV reader would give it, or why its shape is wrong."""
    if not isinstance(row, dict):
        return {}, RowError(number, "row", "each row must be an object")
    unknown = sorted(set(row) - set(COLUMNS))
    if unknown:
        return {}, RowError(number, unknown[0], f"unknown field (fields: {', '.join(COLUMNS)})")
    record: dict[str, str] = {}
    for name in COLUMNS:
        value = row.get(name, "")
        if name == "roles":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return {}, RowError(number, name, "a list of role names")
            if any(";" in v for v in value):
                return {}, RowError(number, name, "one role per list entry")
            value = ";".join(value)
        elif not isinstance(value, str):
            return {}, RowError(number, name, "must be a string")
        if len(value) > LONGEST[name]:
            return {}, RowError(number, name, f"at most {LONGEST[name]} characters")
        if has_control_characters(value):
            return {}, RowError(number, name, "remove the invisible control characters")
        record[name] = value
    return record, None
