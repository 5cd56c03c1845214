"""Roster upload in the browser: the dry-run preview line by line, then applying it as a
job under the same all-or-nothing rule as `import-roster`."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from app.admin.roster_preview import LineOutcome, preview_roster
from app.audit.models import AuditEntry
from app.jobs.models import Job, JobState
from app.jobs.runner import run_job
from app.people.models import Person
from app.people.operations import person_by_email
from app.people.roles import Role
from tests.conftest import csrf_token_from
from tests.factories import login, make_department, make_person

HEADER = "email,name,department_code,department_name,roles"


def roster_text(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def counts(db) -> tuple[int, int]:
    return (
        db.session.scalar(select(func.count(Person.id))),
        db.session.scalar(select(func.count(AuditEntry.id))),
    )


def existing_people():
    physics = make_department("PHYS", "Physics")
    make_person(Role.FACULTY, email="kept@example.edu", name="Kept Same", department=physics)
    make_person(Role.FACULTY, email="moved@example.edu", name="Moved Person", department=physics)


MIXED = roster_text(
    "new@example.edu,New Person,PHYS,Physics,faculty",  # line 2: add
    "moved@example.edu,Moved Person,CHEM,Chemistry,faculty;department_head",  # 3: change
    "kept@example.edu,Kept Same,PHYS,Physics,faculty",  # 4: unchanged
    "not-an-email,Broken Row,PHYS,Physics,faculty",  # 5: error
    "other@example.edu,Other Person,PHYS,Physics,wizard",  # 6: error
)


def test_the_preview_names_each_line_and_saves_nothing(app, db, tmp_path):
    existing_people()
    path = tmp_path / "roster.csv"
    path.write_text(MIXED, encoding="utf-8")
    before = counts(db)

    preview = preview_roster(path)

    by_line = {line.line: line for line in preview.lines}
    assert [line.line for line in preview.lines] == [2, 3, 4, 5, 6]
    assert by_line[2].outcome is LineOutcome.ADD
    assert "roles: Faculty" in by_line[2].details
    assert by_line[3].outcome is LineOutcome.CHANGE
    assert by_line[3].details == (
        "department Physics → Chemistry",
        "new role(s): Department head of Chemistry",
        "new department Chemistry (CHEM)",
    )
    assert by_line[4].outcome is LineOutcome.UNCHANGED
    assert by_line[5].outcome is LineOutcome.ERROR and by_line[5].details[0].startswith("email:")
    assert (
        by_line[6].outcome is LineOutcome.ERROR and "unknown role 'wizard'" in by_line[6].details[0]
    )
    assert preview.counts == {
        LineOutcome.ADD: 1,
        LineOutcome.CHANGE: 1,
        LineOutcome.UNCHANGED: 1,
        LineOutcome.ERROR: 2,
    }
    assert not preview.can_apply
    assert counts(db) == before
    assert person_by_email("new@example.edu") is None
    assert person_by_email("moved@example.edu").department.code == "PHYS"


def upload(client, text: str, name: str = "roster.csv"):
    page = client.get("/admin/roster")
    return client.post(
        "/admin/roster/preview",
        data={
            "csrf_token": csrf_token_from(page.text),
            "roster": (io.BytesIO(text.encode()), name),
        },
        content_type="multipart/form-data",
    )


def test_a_file_with_errors_cannot_be_applied(app, client, db):
    existing_people()
    admin = make_person(Role.ADMIN)
    login(client, admin.email)
    response = upload(client, MIXED)
    assert response.status_code == 200
    assert "roster.csv, line" not in response.text  # lines are shown in the table instead
    assert 'data-line="5"' in response.text and "Error: 2" in response.text
    assert "Apply this roster" not in response.text
    assert "fix the lines marked as errors" in response.text


def test_a_preview_then_apply_imports_the_file_as_a_job_with_the_reason(app, client, db):
    existing_people()
    admin = make_person(Role.ADMIN)
    login(client, admin.email)
    good = roster_text(
        "new@example.edu,New Person,PHYS,Physics,faculty",
        "moved@example.edu,Moved Person,CHEM,Chemistry,faculty",
    )
    preview = upload(client, good)
    assert "New person: 1" in preview.text and "Change: 1" in preview.text
    assert person_by_email("new@example.edu") is None

    token = csrf_token_from(preview.text)
    staged = preview.text.split('name="apply-upload" type="hidden" value="')[1].split('"')[0]
    refused = client.post("/admin/roster/apply", data={"csrf_token": token, "apply-upload": staged})
    assert refused.status_code == 400
    assert "Give the reason for this change." in refused.text

    applied = client.post(
        "/admin/roster/apply",
        data={"csrf_token": token, "apply-upload": staged, "apply-reason": "autumn hires"},
    )
    assert applied.status_code == 302
    job = db.session.scalars(select(Job).order_by(Job.id.desc())).first()
    assert applied.headers["Location"] == f"/jobs/{job.id}"
    assert job.params == {"upload": staged} and job.started_by_id == admin.id
    assert run_job(job.id) is JobState.DONE, job.error
    assert job.message == "roster.csv: 1 created, 1 updated, 0 unchanged"
    new = person_by_email("new@example.edu")
    assert new.department.code == "PHYS"
    assert person_by_email("moved@example.edu").department.code == "CHEM"
    created = db.session.scalars(
        select(AuditEntry).where(
            AuditEntry.action == "person.create", AuditEntry.object_id == str(new.id)
        )
    ).one()
    assert created.actor_id == admin.id  # the job's work is the admin's, not "the system"
    start = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "job.start").order_by(AuditEntry.id.desc())
    ).first()
    assert start.actor_id == admin.id and start.after["reason"] == "autumn hires"


def test_a_file_that_went_bad_after_its_preview_imports_nothing(app, client, db, tmp_path):
    """All or nothing: the job re-reads the file and refuses it whole, naming the line."""
    admin = make_person(Role.ADMIN)
    login(client, admin.email)
    preview = upload(client, roster_text("a@example.edu,A Person,PHYS,Physics,faculty"))
    staged = preview.text.split('name="apply-upload" type="hidden" value="')[1].split('"')[0]
    client.post(
        "/admin/roster/apply",
        data={
            "csrf_token": csrf_token_from(preview.text),
            "apply-upload": staged,
            "apply-reason": "testing",
        },
    )
    job = db.session.scalars(select(Job).order_by(Job.id.desc())).first()
    from app.jobs.uploads import staged_file

    staged_file(staged).write_text(
        roster_text(
            "a@example.edu,A Person,PHYS,Physics,faculty",
            "b@example.edu,B Person,PHYS,Physics,wizard",
        )
    )
    assert run_job(job.id) is JobState.FAILED
    assert "1 bad row(s); nothing was imported" in job.error
    assert "line 3, roles" in job.error
    assert person_by_email("a@example.edu") is None


def test_a_file_that_is_not_a_roster_is_refused_beside_the_field(app, client, db):
    admin = make_person(Role.ADMIN)
    login(client, admin.email)
    response = upload(client, "name,email\nx,y\n")
    assert response.status_code == 400
    assert "missing column(s) department_code, roles" in response.text
    response = upload(client, "whatever", name="roster.pdf")
    assert response.status_code == 400
    assert "A roster is a .csv or .xlsx file." in response.text


def test_an_xlsx_roster_is_previewed_like_a_csv(app, client, db):
    from openpyxl import Workbook

    admin = make_person(Role.ADMIN)
    login(client, admin.email)
    workbook = Workbook()
    workbook.active.append(HEADER.split(","))
    workbook.active.append(
        ["x@example.edu", "Xia Lin", "EECS", "Electrical Engineering", "faculty"]
    )
    stream = io.BytesIO()
    workbook.save(stream)
    page = client.get("/admin/roster")
    response = client.post(
        "/admin/roster/preview",
        data={
            "csrf_token": csrf_token_from(page.text),
            "roster": (io.BytesIO(stream.getvalue()), "hr-export.xlsx"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "Roster preview: hr-export.xlsx" in response.text
    assert "New person: 1" in response.text
    assert "new department Electrical Engineering (EECS)" in response.text
