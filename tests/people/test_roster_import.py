"""`flask --app app import-roster`: CSV and XLSX, good and bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.people.models import Department, Person
from app.people.operations import person_by_email
from app.people.roles import Role

HEADER = "email,name,department_code,department_name,roles"
GOOD_ROWS = [
    "ada@example.edu,Ada Lovelace,MATH,Mathematics,faculty",
    "alan@example.edu,Alan Turing,MATH,Mathematics,faculty;department_head",
    "grace@example.edu,Grace Hopper,CS,Computer Science,faculty;department_head:MATH",
    "coi@example.edu,Rosa Parks,ADMIN,Administration,coi_office",
]


def write_csv(tmp_path: Path, rows: list[str], name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def write_xlsx(tmp_path: Path, rows: list[str], name: str = "roster.xlsx") -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    for row in rows:
        sheet.append(row.split(","))
    path = tmp_path / name
    workbook.save(path)
    return path


def run_import(app, path: Path, *options: str):
    return app.test_cli_runner().invoke(args=["import-roster", str(path), *options])


def people_count(db) -> int:
    return db.session.scalar(select(func.count(Person.id)))


@pytest.mark.parametrize("writer", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_good_file_imports_people_departments_and_roles(app, db, tmp_path, writer):
    result = run_import(app, writer(tmp_path, GOOD_ROWS))
    assert result.exit_code == 0, result.output
    assert "4 created, 0 updated, 0 unchanged" in result.output
    alan = person_by_email("ALAN@example.edu")
    assert alan.full_name == "Alan Turing"
    assert alan.department.code == "MATH"
    assert alan.roles == {Role.FACULTY, Role.DEPARTMENT_HEAD}
    grace = person_by_email("grace@example.edu")
    math = db.session.scalar(select(Department).where(Department.code == "MATH"))
    assert grace.department.code == "CS"
    assert grace.headed_department_ids == {math.id}


@pytest.mark.parametrize("writer", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_reimporting_the_same_file_changes_nothing(app, db, tmp_path, writer):
    path = writer(tmp_path, GOOD_ROWS)
    run_import(app, path)
    result = run_import(app, path)
    assert result.exit_code == 0, result.output
    assert "0 created, 0 updated, 4 unchanged" in result.output
    assert people_count(db) == 4


def test_changed_rows_are_updated(app, db, tmp_path):
    run_import(app, write_csv(tmp_path, GOOD_ROWS))
    changed = [*GOOD_ROWS[:3], "coi@example.edu,Rosa L. Parks,ADMIN,Administration,coi_office"]
    result = run_import(app, write_csv(tmp_path, changed, "second.csv"))
    assert "0 created, 1 updated, 3 unchanged" in result.output
    assert person_by_email("coi@example.edu").full_name == "Rosa L. Parks"


BAD_ROWS = {
    "bad email": ("not-an-email,Bad Email,MATH,Mathematics,faculty", "email"),
    "unknown role": ("bob@example.edu,Bob,MATH,Mathematics,faculty;wizard", "roles"),
    "missing department": ("carol@example.edu,Carol,,,faculty", "department_code"),
    "new department without name": ("dan@example.edu,Dan,PHIL,,faculty", "department_name"),
    "head of unknown department": (
        "erin@example.edu,Erin,MATH,Mathematics,department_head:NOPE",
        "roles",
    ),
    "no roles": ("fay@example.edu,Fay,MATH,Mathematics,", "roles"),
    "duplicate email": ("ada@example.edu,Ada Again,MATH,Mathematics,faculty", "email"),
}


@pytest.mark.parametrize("writer", [write_csv, write_xlsx], ids=["csv", "xlsx"])
@pytest.mark.parametrize("case", BAD_ROWS, ids=list(BAD_ROWS))
def test_one_bad_row_rejects_the_whole_file_and_names_the_line(app, db, tmp_path, writer, case):
    bad_row, field = BAD_ROWS[case]
    rows = [GOOD_ROWS[0], GOOD_ROWS[1], bad_row, GOOD_ROWS[2]]
    result = run_import(app, writer(tmp_path, rows))
    assert result.exit_code != 0
    filename = "roster.csv" if writer is write_csv else "roster.xlsx"
    assert f"{filename}, line 4, {field}:" in result.output
    assert "nothing was imported" in result.output
    assert people_count(db) == 0
    assert db.session.scalar(select(func.count(Department.id))) == 0


@pytest.mark.parametrize("writer", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_skip_invalid_imports_the_good_rows_and_reports_the_rest(app, db, tmp_path, writer):
    rows = [GOOD_ROWS[0], BAD_ROWS["unknown role"][0], GOOD_ROWS[1], BAD_ROWS["bad email"][0]]
    result = run_import(app, writer(tmp_path, rows), "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert "line 3, roles: unknown role 'wizard'" in result.output
    assert "line 5, email:" in result.output
    assert "2 created, 0 updated, 0 unchanged, 2 skipped" in result.output
    assert {p.email for p in db.session.scalars(select(Person))} == {
        "ada@example.edu",
        "alan@example.edu",
    }


def test_missing_column_is_named(app, db, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("email,name,roles\nada@example.edu,Ada,faculty\n")
    result = run_import(app, path)
    assert result.exit_code != 0
    assert "roster.csv, line 1: missing column(s) department_code" in result.output


def test_unsupported_file_type_is_refused(app, db, tmp_path):
    path = tmp_path / "roster.txt"
    path.write_text(HEADER + "\n")
    result = run_import(app, path)
    assert result.exit_code != 0
    assert "must be .csv or .xlsx" in result.output


def test_file_that_is_not_a_workbook_is_refused(app, db, tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(b"this is not a zip file")
    result = run_import(app, path)
    assert result.exit_code != 0
    assert "not a readable XLSX workbook" in result.output


def test_csv_line_numbers_count_quoted_line_breaks(app, db, tmp_path):
    rows = ['ada@example.edu,"Ada\nLovelace",MATH,Mathematics,faculty', "bad,Bob,MATH,Math,faculty"]
    result = run_import(app, write_csv(tmp_path, rows))
    assert "roster.csv, line 4, email:" in result.output
