"""Training records: import (CLI and upload) with kinds and expiry, idempotent and all or
nothing; standing on dashboards; reminders before expiry; ready to propose."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.clock import local_today
from app.notifications.models import OutboxMessage
from app.people.roles import Role
from app.training.models import TrainingCompletion, TrainingKind
from app.training.operations import months_after
from app.training.queries import readiness_of
from tests.conftest import csrf_token_from
from tests.factories import (
    login,
    make_cycle,
    make_disclosure,
    make_person,
    make_submitted,
)


@pytest.fixture()
def filer(db):
    return make_person(email="trained@example.edu", name="Tess Trained")


def training_csv(tmp_path, body: str):
    path = tmp_path / "training.csv"
    path.write_text("email,course,completed_on\n" + body, encoding="utf-8")
    return path


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_import_sets_kinds_and_expiry_and_is_idempotent(app, db, filer, tmp_path):
    path = training_csv(
        tmp_path,
        "trained@example.edu,CITI Conflicts of Interest,2024-02-29\n"
        "trained@example.edu,Research Security Training (combined),2026-03-15\n"
        "trained@example.edu,Export Control Basics,2025-06-01\n",
    )
    first = run(app, "import-training", str(path))
    assert first.exit_code == 0, first.output
    assert "3 added, 0 already on record" in first.output
    completions = {c.kind: c.expires_on for c in db.session.scalars(select(TrainingCompletion))}
    assert completions == {
        TrainingKind.FCOI: date(2028, 2, 29),
        TrainingKind.RESEARCH_SECURITY: date(2027, 3, 15),
        TrainingKind.EXPORT_CONTROL: date(2027, 6, 1),
    }
    again = run(app, "import-training", str(path))
    assert "0 added, 3 already on record" in again.output
    assert db.session.scalar(select(func.count()).select_from(TrainingCompletion)) == 3


def test_a_bad_row_names_its_line_and_imports_nothing(app, db, filer, tmp_path):
    path = training_csv(
        tmp_path,
        "trained@example.edu,CITI Conflicts of Interest,2024-02-01\n"
        "trained@example.edu,Lab safety,2024-02-01\n"
        "stranger@example.edu,FCOI refresher,2024-02-01\n",
    )
    result = run(app, "import-training", str(path))
    assert result.exit_code != 0
    assert (
        "training.csv, line 3, course: cannot tell which training 'Lab safety' is" in result.output
    )
    assert "training.csv, line 4, email: no person with the address stranger@example.edu" in (
        result.output
    )
    assert db.session.scalar(select(func.count()).select_from(TrainingCompletion)) == 0


def test_ready_to_propose_needs_training_and_the_annual_certification(db, filer):
    today = local_today()
    cycle = make_cycle(today.year, today - timedelta(days=30), today + timedelta(days=30))
    readiness = readiness_of([filer], today)[0]
    assert not readiness.ready
    assert "Financial conflict of interest (PHS) training: not on record" in readiness.reasons
    assert "annual certification not yet submitted" in readiness.reasons

    for kind, course in ((TrainingKind.FCOI, "FCOI"), (TrainingKind.RESEARCH_SECURITY, "RS")):
        db.session.add(
            TrainingCompletion(
                person_id=filer.id,
                course=course,
                kind=kind,
                completed_on=today - timedelta(days=10),
                expires_on=months_after(today - timedelta(days=10), kind.valid_months),
            )
        )
    make_submitted(make_disclosure(filer, cycle))
    assert readiness_of([filer], today)[0].ready


def test_reminders_before_expiry_are_queued_once(app, db, filer):
    today = local_today()
    db.session.add(
        TrainingCompletion(
            person_id=filer.id,
            course="Research security",
            kind=TrainingKind.RESEARCH_SECURITY,
            completed_on=today - timedelta(days=350),
            expires_on=today + timedelta(days=15),
        )
    )
    db.session.flush()
    first = run(app, "remind-training")
    assert "1 training expiry reminder(s) queued" in first.output
    assert "0 training expiry reminder(s) queued" in run(app, "remind-training").output
    message = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.to_address == filer.email)
    )
    assert "Research security training expires" in message.subject


def test_upload_and_dashboards(client, db, filer):
    coi = make_person(Role.COI_OFFICE)
    login(client, coi.email)
    page = client.get("/training/")
    body = b"email,course,completed_on\ntrained@example.edu,CITI Conflicts of Interest,2025-01-10\n"
    done = client.post(
        "/training/",
        data={"csrf_token": csrf_token_from(page.text), "file": (io.BytesIO(body), "t.csv")},
        content_type="multipart/form-data",
    )
    assert done.status_code == 302
    bad = client.post(
        "/training/",
        data={
            "csrf_token": csrf_token_from(page.text),
            "file": (io.BytesIO(body.replace(b"2025-01-10", b"10/01/2025")), "t.csv"),
        },
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422
    assert "Line 2, completed_on: &#39;10/01/2025&#39; is not a date" in bad.text

    client.post("/logout", data={"csrf_token": csrf_token_from(page.text)})
    login(client, filer.email)
    mine = client.get("/my").text
    assert "Financial conflict of interest (PHS): Current until 10 January 2029" in mine
    assert "Not ready to propose" in mine

    head = make_person(Role.FACULTY, Role.DEPARTMENT_HEAD, department=filer.department)
    client.post("/logout", data={"csrf_token": csrf_token_from(mine)})
    login(client, head.email)
    department = client.get("/department").text
    assert "Tess Trained" in department and "Current until 10 January 2029" in department
