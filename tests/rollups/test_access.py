"""Who may download which rollup: the rules as a truth table, then the web and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.auth.permissions import (
    can_download_contracts_register,
    can_download_department_rollup,
    can_download_institution_rollup,
)
from app.extensions import db
from app.people.roles import Role
from tests.factories import login, make_person
from tests.rollups.conftest import Institution
from tests.rollups.xlsx import formula_cells, open_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOWNLOADS = (
    "/rollups/department/PHYS/2026.xlsx",
    "/rollups/department/CHEM/2026.xlsx",
    "/rollups/institution/2026.xlsx",
    "/rollups/contracts.xlsx",
)


@pytest.mark.parametrize(
    ("roles", "own_department", "other_department", "all_departments"),
    [
        ((Role.FACULTY,), False, False, False),
        ((Role.ADMIN,), False, False, False),
        ((Role.DEPARTMENT_HEAD,), True, False, False),
        ((Role.DEPARTMENT_HEAD, Role.FACULTY), True, False, False),
        ((Role.COI_OFFICE,), True, True, True),
        ((Role.GENERAL_COUNSEL,), True, True, True),
    ],
)
def test_truth_table(
    institution: Institution,
    roles: tuple[Role, ...],
    own_department: bool,
    other_department: bool,
    all_departments: bool,
) -> None:
    person = make_person(*roles, department=institution.physics)
    assert can_download_department_rollup(person, institution.physics.id) is own_department
    assert can_download_department_rollup(person, institution.chemistry.id) is other_department
    assert can_download_institution_rollup(person) is all_departments
    assert can_download_contracts_register(person) is all_departments


def test_an_inactive_reader_is_refused(institution: Institution) -> None:
    person = make_person(Role.COI_OFFICE, department=institution.physics, active=False)
    assert not can_download_institution_rollup(person)
    assert not can_download_department_rollup(person, institution.physics.id)


def download(client: FlaskClient, path: str):
    """The whole response, read and closed (a download streams from a temporary file)."""
    return client.get(path, buffered=True)


def statuses(client: FlaskClient) -> list[int]:
    return [download(client, path).status_code for path in DOWNLOADS]


def test_a_head_downloads_only_their_department(
    client: FlaskClient, institution: Institution, tmp_path: Path
) -> None:
    login(client, institution.head.email)
    assert statuses(client) == [200, 404, 403, 403]

    response = download(client, "/rollups/department/phys/2026.xlsx")
    assert response.status_code == 200
    assert response.mimetype == XLSX
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=candor-rollup-PHYS-2026.xlsx"
    )
    path = tmp_path / "download.xlsx"
    path.write_bytes(response.data)
    assert open_workbook(path).sheetnames[0] == "Summary"
    assert formula_cells(path) == []


def test_faculty_may_download_nothing(client: FlaskClient, institution: Institution) -> None:
    login(client, institution.chemist.email)
    assert statuses(client) == [403, 403, 403, 403]
    assert client.get("/rollups/").status_code == 403


@pytest.mark.parametrize("reader", ["coi", "counsel"])
def test_coi_office_and_counsel_download_everything(
    client: FlaskClient, institution: Institution, reader: str
) -> None:
    login(client, getattr(institution, reader).email)
    assert statuses(client) == [200, 200, 200, 200]
    assert download(client, "/rollups/department/NOPE/2026.xlsx").status_code == 404
    assert download(client, "/rollups/department/N%0AO/2026.xlsx").status_code == 404
    assert download(client, "/rollups/institution/1999.xlsx").status_code == 404
    register = download(client, "/rollups/contracts.xlsx")
    assert register.headers["Content-Disposition"] == (
        "attachment; filename=candor-contracts-register.xlsx"
    )


def test_signed_out_visitors_are_sent_to_sign_in(client: FlaskClient, institution) -> None:
    response = download(client, DOWNLOADS[0])
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_index_lists_what_the_viewer_may_download(
    app: Flask, client: FlaskClient, institution: Institution
) -> None:
    login(client, institution.head.email)
    page = client.get("/rollups/").text
    assert "/rollups/department/PHYS/2026.xlsx" in page
    assert "/rollups/department/CHEM/" not in page
    assert "/rollups/institution/" not in page and "/rollups/contracts.xlsx" not in page

    counsel = app.test_client()
    login(counsel, institution.counsel.email)
    page = counsel.get("/rollups/").text
    for path in DOWNLOADS:
        assert path in page


def test_a_hostile_department_code_gives_a_safe_file_name(
    client: FlaskClient, institution: Institution
) -> None:
    institution.physics.code = 'PH"YS\r\nX'
    db.session.flush()
    login(client, institution.coi.email)
    response = download(client, '/rollups/department/PH"YS%0D%0AX/2026.xlsx')
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=candor-rollup-PH-YS--X-2026.xlsx"
    )


# --- Command line ---------------------------------------------------------------------


def run(app: Flask, *arguments: str):
    return app.test_cli_runner().invoke(args=["rollup", *arguments])


def test_cli_as_a_head_refuses_another_department(
    app: Flask, institution: Institution, tmp_path: Path
) -> None:
    output = tmp_path / "chem.xlsx"
    result = run(
        app,
        "--department",
        "CHEM",
        "--year",
        "2026",
        "--output",
        str(output),
        "--as",
        institution.head.email,
    )
    assert result.exit_code != 0
    assert f"{institution.head.email} may not download" in result.output
    assert not output.exists()


def test_cli_as_a_head_writes_their_department(
    app: Flask, institution: Institution, tmp_path: Path
) -> None:
    output = tmp_path / "phys.xlsx"
    result = run(
        app,
        "--department",
        "PHYS",
        "--year",
        "2026",
        "--output",
        str(output),
        "--as",
        institution.head.email,
    )
    assert result.exit_code == 0, result.output
    assert "Department rollup: Physics (PHYS), 2026 written to" in result.output
    assert "Filing status" in open_workbook(output).sheetnames


def test_cli_as_the_system_writes_the_institution_and_the_register(
    app: Flask, institution: Institution, tmp_path: Path
) -> None:
    result = run(app, "--all", "--year", "2026", "--output", str(tmp_path / "all.xlsx"))
    assert result.exit_code == 0, result.output
    result = run(app, "--contracts", "--output", str(tmp_path / "register.xlsx"))
    assert result.exit_code == 0, result.output
    assert open_workbook(tmp_path / "register.xlsx").sheetnames == ["Contracts register"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--all", "--contracts"), "exactly one of"),
        ((), "exactly one of"),
        (("--department", "NOPE", "--year", "2026"), "There is no department NOPE"),
        (("--all", "--year", "1999"), "There is no cycle for 1999"),
        (("--all", "--year", "2026", "--as", "nobody@example.edu"), "No active person"),
        (("--all", "--year", "2026", "--as", "FACULTY"), "may not download"),
    ],
)
def test_cli_refusals(
    app: Flask, institution: Institution, tmp_path: Path, arguments: tuple[str, ...], message: str
) -> None:
    arguments = tuple(institution.chemist.email if a == "FACULTY" else a for a in arguments)
    result = run(app, *arguments, "--output", str(tmp_path / "out.xlsx"))
    assert result.exit_code != 0
    assert message in result.output
    assert list(tmp_path.iterdir()) == []
