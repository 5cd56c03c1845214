"""Projects import (CLI and browser, idempotent, all or nothing), PHS relatedness with a
management plan, and the NIH FCOI report rows."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.clock import local_today
from app.disclosures.enums import ItemKind
from app.disclosures.models import Disclosure
from app.disclosures.operations import amend_disclosure, save_item
from app.fcoi.models import Determination
from app.fcoi.queries import determinations_due, interests_of, reporting_clock
from app.fcoi.report import ReportType, fcoi_report_rows
from app.people.roles import Role
from app.projects.models import ProjectMember, SponsoredProject
from app.projects.queries import project_by_number
from tests.conftest import csrf_token_from
from tests.factories import (
    ITEM_DATA,
    login,
    make_disclosure,
    make_item,
    make_person,
    make_submitted,
)

HEADER = "number,title,sponsor,sponsor_type,stage,start,end,pi_email,key_personnel\n"


@pytest.fixture()
def people(db):
    pi = make_person(email="pi@example.edu", name="Ada Investigator")
    key = make_person(email="key@example.edu", name="Ben Keyperson")
    coi = make_person(Role.COI_OFFICE, email="coi@example.edu", name="Cora Office")
    disclosure = make_disclosure(pi)
    # Equity of USD 12,500 in a publicly traded company: an SFI (over $5,000).
    make_item(disclosure, ItemKind.FINANCIAL_INTEREST)
    make_submitted(disclosure)
    return pi, key, coi


def projects_csv(tmp_path, body: str, name: str = "projects.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


GOOD_ROWS = (
    "R01GM999001,Imaging inflammation,National Institutes of Health,nih,award,2025-07-01,"
    "2030-06-30,pi@example.edu,key@example.edu:Co-investigator\n"
    "NSF-2409999,Sensors,National Science Foundation,nsf,proposal,2027-01-01,2029-12-31,"
    "key@example.edu,\n"
)


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def project_state(db):
    projects = db.session.scalars(select(SponsoredProject).order_by(SponsoredProject.id)).all()
    return [
        (
            p.id,
            p.number,
            p.title,
            p.sponsor_type,
            p.stage,
            p.pi_id,
            p.updated_at,
            sorted((m.person_id, m.role) for m in p.members),
        )
        for p in projects
    ]


def test_import_then_reimport_changes_nothing(app, db, people, tmp_path):
    path = projects_csv(tmp_path, GOOD_ROWS)
    first = run(app, "import-projects", str(path))
    assert first.exit_code == 0, first.output
    assert "2 new, 0 changed, 0 unchanged" in first.output
    project = project_by_number("R01GM999001")
    assert project.sponsor_type.is_phs
    assert [(p.email, role) for p, role in project.investigators] == [
        ("pi@example.edu", "PI"),
        ("key@example.edu", "Co-investigator"),
    ]
    before = project_state(db)

    again = run(app, "import-projects", str(path))
    assert again.exit_code == 0, again.output
    assert "0 new, 0 changed, 2 unchanged" in again.output
    db.session.expire_all()
    assert project_state(db) == before


def test_a_changed_row_updates_its_project(app, db, people, tmp_path):
    run(app, "import-projects", str(projects_csv(tmp_path, GOOD_ROWS)))
    changed = GOOD_ROWS.replace("Imaging inflammation", "Imaging inflammation in vivo").replace(
        "key@example.edu:Co-investigator", ""
    )
    result = run(app, "import-projects", str(projects_csv(tmp_path, changed, "v2.csv")))
    assert "0 new, 1 changed, 1 unchanged" in result.output
    project = project_by_number("R01GM999001")
    assert project.title == "Imaging inflammation in vivo"
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(ProjectMember)
            .where(ProjectMember.project_id == project.id)
        )
        == 0
    )


def test_a_malformed_file_names_its_line_and_imports_nothing(app, db, people, tmp_path):
    bad = GOOD_ROWS + (
        "R21XX1,Bad,NIH,nih_grant,award,2025-01-01,2026-01-01,pi@example.edu,\n"
        "R21XX2,Worse,NIH,nih,award,2025-13-01,2026-01-01,nobody@example.edu,\n"
    )
    result = run(app, "import-projects", str(projects_csv(tmp_path, bad)))
    assert result.exit_code != 0
    assert "projects.csv, line 4, sponsor_type: 'nih_grant' is not one of" in result.output
    assert "projects.csv, line 5, start: '2025-13-01' is not a date" in result.output
    assert "nothing was imported" in result.output
    assert db.session.scalar(select(func.count()).select_from(SponsoredProject)) == 0


def test_an_unknown_person_names_the_line(app, db, people, tmp_path):
    rows = GOOD_ROWS.replace("key@example.edu:Co-investigator", "ghost@example.edu:Postdoc")
    result = run(app, "import-projects", str(projects_csv(tmp_path, rows)))
    assert result.exit_code != 0
    assert "line 2, key_personnel: no person with the address ghost@example.edu" in result.output
    assert db.session.scalar(select(func.count()).select_from(SponsoredProject)) == 0


def xlsx_upload(rows: list[list[str]]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_browser_upload_previews_then_imports(client, db, people):
    _, _, coi = people
    login(client, coi.email)
    page = client.get("/projects/")
    rows = [[*line.split(",")] for line in GOOD_ROWS.strip().split("\n")]
    preview = client.post(
        "/projects/import",
        data={"csrf_token": csrf_token_from(page.text), "file": (xlsx_upload(rows), "grants.xlsx")},
        content_type="multipart/form-data",
    )
    assert preview.status_code == 200
    assert "2 new, 0 changed, 0 unchanged" in preview.text
    assert db.session.scalar(select(func.count()).select_from(SponsoredProject)) == 0
    token = preview.text.split('name="upload" type="hidden" value="')[1].split('"')[0]
    done = client.post(
        "/projects/import/confirm",
        data={"csrf_token": csrf_token_from(preview.text), "upload": token},
    )
    assert done.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(SponsoredProject)) == 2


def test_browser_preview_of_a_bad_file_lists_its_lines(client, db, people):
    _, _, coi = people
    login(client, coi.email)
    page = client.get("/projects/")
    body = HEADER + "R01,T,NIH,nih,award,2025-01-01,2024-01-01,pi@example.edu,\n"
    preview = client.post(
        "/projects/import",
        data={
            "csrf_token": csrf_token_from(page.text),
            "file": (io.BytesIO(body.encode()), "p.csv"),
        },
        content_type="multipart/form-data",
    )
    assert preview.status_code == 422
    assert "Line 2, end: ends before it starts" in preview.text
    assert "Import</button>" not in preview.text and 'value="Import"' not in preview.text


def determine(client, project, person, **fields):
    page = client.get(f"/fcoi/projects/{project.id}/investigators/{person.id}")
    assert page.status_code == 200
    entity = page.text.split('name="entity_key" type="hidden" value="')[1].split('"')[0]
    data = {"csrf_token": csrf_token_from(page.text), "entity_key": entity, **fields}
    return client.post(f"/fcoi/projects/{project.id}/investigators/{person.id}", data=data)


def test_related_fcoi_with_a_plan_and_the_report_rows(app, client, db, people, tmp_path):
    pi, _, coi = people
    run(app, "import-projects", str(projects_csv(tmp_path, GOOD_ROWS)))
    project = project_by_number("R01GM999001")
    today = local_today()
    due = determinations_due(today)
    assert [(d.project.number, d.person.email, d.interest.interest.entity_name) for d in due] == [
        ("R01GM999001", "pi@example.edu", "Acme Instruments Inc.")
    ]

    login(client, coi.email)
    refused = determine(
        client, project, pi, related="yes", financial_conflict="yes", reasons="Acme sells probes."
    )
    assert refused.status_code == 400
    assert "A financial conflict needs a management plan" in refused.text
    assert db.session.scalar(select(func.count()).select_from(Determination)) == 0

    contradictory = determine(
        client, project, pi, related="no", financial_conflict="yes", reasons="Unrelated."
    )
    assert contradictory.status_code == 400
    assert "An interest that is not related cannot be a financial conflict." in contradictory.text

    review_on = (today + timedelta(days=180)).isoformat()
    recorded = determine(
        client,
        project,
        pi,
        related="yes",
        financial_conflict="yes",
        reasons="Acme licenses the imaging probes the project evaluates.",
        investigator_role="PI; designs the study and analyses the data.",
        safeguards="An independent statistician analyses the primary outcome.",
        plan_conditions="Disclose the interest in publications; independent data analysis.",
        plan_review_on=review_on,
    )
    assert recorded.status_code == 302, recorded.text
    determination = db.session.scalar(select(Determination))
    assert determination.financial_conflict and determination.plan is not None
    assert determination.plan.disclosure_id == determination.version.disclosure_id
    assert determinations_due(today) == []
    assert [c.days_left for c in reporting_clock(today)] == [60]
    assert "60 days left" in client.get("/coi").text

    rows = fcoi_report_rows(today.year, ReportType.ORIGINAL)
    assert len(rows) == 1
    row = rows[0]
    assert (row.grant_number, row.investigator, row.entity) == (
        "R01GM999001",
        "Ada Investigator",
        "Acme Instruments Inc.",
    )
    assert row.nature == "Equity"
    assert row.value_band == "$10,000-$19,999"
    assert row.relation_to_research == "Acme licenses the imaging probes the project evaluates."
    assert row.plan_conditions.startswith("Disclose the interest in publications")
    assert row.role_and_duties.startswith("PI;")
    assert row.safeguards.startswith("An independent statistician")
    assert "Cora Office" in row.monitoring and review_on in row.monitoring
    assert "Not yet acknowledged" in row.agreement

    annual = fcoi_report_rows(today.year, ReportType.ANNUAL)
    assert [r.status for r in annual] == ["Managed"]

    output = tmp_path / "fcoi.xlsx"
    result = run(app, "export", "fcoi", "--year", str(today.year), "--output", str(output))
    assert result.exit_code == 0, result.output
    sheet = load_workbook(output).active
    header = [cell.value for cell in sheet[1]]
    values = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert values["Grant number"] == "R01GM999001" and values["Value"] == "$10,000-$19,999"
    assert sheet.max_row == 2

    as_json = client.get(f"/fcoi/report/{today.year}/original.json")
    assert json.loads(as_json.data)["rows"][0]["entity"] == "Acme Instruments Inc."

    reported = client.post(
        "/fcoi/reported",
        data={
            "csrf_token": csrf_token_from(client.get("/fcoi/").text),
            "determination_id": determination.id,
        },
    )
    assert reported.status_code == 302
    db.session.expire_all()
    assert reporting_clock(today) == []
    assert db.session.get(Determination, determination.id).reported_on == today


def test_a_later_no_conflict_is_reported_as_no_longer_existing(app, client, db, people, tmp_path):
    pi, _, coi = people
    run(app, "import-projects", str(projects_csv(tmp_path, GOOD_ROWS)))
    project = project_by_number("R01GM999001")
    login(client, coi.email)
    determine(
        client,
        project,
        pi,
        related="yes",
        financial_conflict="yes",
        reasons="Related.",
        plan_conditions="Conditions.",
        plan_review_on="2027-06-01",
    )
    determine(client, project, pi, related="no", reasons="Acme sold the probe line.")
    annual = fcoi_report_rows(local_today().year, ReportType.ANNUAL)
    assert [r.status for r in annual] == ["No longer exists"]
    assert fcoi_report_rows(local_today().year, ReportType.ORIGINAL) == []


def test_non_phs_projects_need_no_determination(app, db, people, tmp_path):
    run(app, "import-projects", str(projects_csv(tmp_path, GOOD_ROWS.split("\n")[1] + "\n")))
    assert determinations_due(local_today()) == []


def test_the_filer_sees_their_projects(app, client, db, people, tmp_path):
    pi, _, _ = people
    run(app, "import-projects", str(projects_csv(tmp_path, GOOD_ROWS)))
    login(client, pi.email)
    assert "R01GM999001: Imaging inflammation" in client.get("/my").text


def test_a_changed_interest_is_due_again(app, client, db, people, tmp_path):
    pi, _, coi = people
    run(app, "import-projects", str(projects_csv(tmp_path, GOOD_ROWS)))
    project = project_by_number("R01GM999001")
    login(client, coi.email)
    determine(client, project, pi, related="no", reasons="Acme is unrelated to imaging.")
    today = local_today()
    assert determinations_due(today) == []

    disclosure = db.session.scalar(select(Disclosure).where(Disclosure.person_id == pi.id))
    amend_disclosure(disclosure, pi)
    make_submitted(disclosure)
    assert disclosure.certified_version.number == 2
    assert determinations_due(today) == []  # a new version, the same interest

    amend_disclosure(disclosure, pi)
    interest = next(i for i in disclosure.live_items if i.kind is ItemKind.FINANCIAL_INTEREST)
    data = {**ITEM_DATA[ItemKind.FINANCIAL_INTEREST], "exact_amount": Decimal("45000.00")}
    save_item(disclosure, ItemKind.FINANCIAL_INTEREST, data, pi, interest)
    make_submitted(disclosure)
    due = determinations_due(today)
    assert [(d.interest.interest.entity_name, d.changed) for d in due] == [
        ("Acme Instruments Inc.", True)
    ]


def test_control_characters_and_bad_files_are_refused_naming_the_field(app, db, people, tmp_path):
    rows = GOOD_ROWS.replace("Imaging inflammation", "Imaging\x07inflammation")
    result = run(app, "import-projects", str(projects_csv(tmp_path, rows)))
    assert "line 2, title: contains control characters" in result.output
    not_text = tmp_path / "projects.csv"
    not_text.write_bytes(b"\xff\xfe\x00broken")
    assert "not UTF-8 text" in run(app, "import-projects", str(not_text)).output
    no_header = tmp_path / "short.csv"
    no_header.write_text("number,title\nR01,T\n", encoding="utf-8")
    assert (
        "short.csv, line 1: missing column(s) sponsor"
        in run(app, "import-projects", str(no_header)).output
    )
    assert db.session.scalar(select(func.count()).select_from(SponsoredProject)) == 0


def test_a_revised_determination_is_in_the_revised_report(app, client, db, people, tmp_path):
    pi, _, coi = people
    run(app, "import-projects", str(projects_csv(tmp_path, GOOD_ROWS)))
    project = project_by_number("R01GM999001")
    login(client, coi.email)
    plan = {"plan_conditions": "Disclose it.", "plan_review_on": "2027-06-01"}
    determine(client, project, pi, related="yes", financial_conflict="yes", reasons="A.", **plan)
    assert fcoi_report_rows(local_today().year, ReportType.REVISED) == []
    stricter = {
        "plan_conditions": "Disclose it; independent analysis.",
        "plan_review_on": "2027-03-01",
    }
    determine(
        client, project, pi, related="yes", financial_conflict="yes", reasons="B.", **stricter
    )
    revised = fcoi_report_rows(local_today().year, ReportType.REVISED)
    assert [(r.relation_to_research, r.plan_conditions) for r in revised] == [
        ("B.", "Disclose it; independent analysis.")
    ]
    assert revised[0].other.startswith("Management plan changed on")
    # Still one conflict, identified when it was first found.
    assert len(fcoi_report_rows(local_today().year, ReportType.ORIGINAL)) == 1
    assert len(reporting_clock(local_today())) == 1


def test_an_interest_in_another_currency_is_converted_with_the_rate_table(db):
    person = make_person()
    disclosure = make_disclosure(person)
    today = local_today()
    make_item(
        disclosure,
        ItemKind.OUTSIDE_COMPENSATION,
        amount=Decimal("6000"),
        currency="GBP",
        received_on=today - timedelta(days=30),
    )
    make_submitted(disclosure)
    [found] = interests_of(person, today)
    assert found.interest.entity_name == "Royal Society of Chemistry"
    assert found.interest.value > Decimal(5000)  # GBP 6,000 is over USD 5,000
    assert found.interest.conversions[0].startswith("GBP 6,000.00 = USD")
    assert "Treasury Reporting Rates of Exchange" in found.interest.conversions[0]
