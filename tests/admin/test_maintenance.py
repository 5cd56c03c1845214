"""Re-screen now, send mail now and retry failed mail: each a job started with a reason."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.audit.models import AuditEntry
from app.database import utcnow
from app.disclosures.enums import ItemKind
from app.jobs.models import Job, JobKind, JobState
from app.jobs.runner import run_job
from app.notifications.mailer import MAX_ATTEMPTS
from app.notifications.models import OutboxStatus
from app.notifications.operations import enqueue
from app.people.roles import Role
from app.screening.flags import Category, Severity
from app.screening.queries import open_flags_for
from app.screening.watchlist_operations import add_local_entry
from tests.conftest import csrf_token_from
from tests.factories import login, make_disclosure, make_item, make_person


def post(client, path: str, data: dict):
    page = client.get("/admin/maintenance")
    return client.post(path, data={"csrf_token": csrf_token_from(page.text), **data})


def last_job(db) -> Job:
    return db.session.scalars(select(Job).order_by(Job.id.desc())).first()


def test_rescreen_now_runs_as_a_job_and_finds_a_new_entry(app, client, db):
    admin = make_person(Role.ADMIN)
    login(client, admin.email)
    disclosure = make_disclosure()
    item = make_item(
        disclosure, ItemKind.OUTSIDE_COMPENSATION, organisation="Zyxwv Quantum Works"
    )
    assert open_flags_for([item.id])[item.id] == []
    add_local_entry(
        "Zyxwv Quantum Works", [], Category.MILITARY_COMPANY, Severity.HIGH, "CN", "Test", admin.id
    )
    assert post(client, "/admin/rescreen", {"rescreen-reason": ""}).status_code == 400
    started = post(client, "/admin/rescreen", {"rescreen-reason": "local entry added"})
    assert started.status_code == 302
    job = last_job(db)
    assert job.kind is JobKind.RESCREEN
    assert run_job(job.id) is JobState.DONE, job.error
    assert "1 new flags" in job.message
    found = open_flags_for([item.id])[item.id]
    assert [flag.canonical_name for flag in found] == ["Zyxwv Quantum Works"]


def test_retry_failed_makes_given_up_mail_due_and_sends_it(app, client, db):
    admin = make_person(Role.ADMIN)
    login(client, admin.email)
    message = enqueue(admin, "Subject", "Text", "<p>Html</p>", "maintenance:given-up")
    message.status, message.attempts, message.next_attempt_at = (
        OutboxStatus.FAILED,
        MAX_ATTEMPTS,
        None,
    )
    message.last_error = "SMTPServerDisconnected: gone"
    db.session.flush()
    page = client.get("/admin/maintenance")
    assert "1 failed." in page.text

    # "Send now" leaves a message that was given up on alone ...
    post(client, "/admin/mail/send", {"send-reason": "cron is down"})
    assert run_job(last_job(db).id) is JobState.DONE
    db.session.refresh(message)
    assert message.status is OutboxStatus.FAILED

    # ... "retry failed" makes it due again, and its job delivers it.
    started = post(client, "/admin/mail/retry-failed", {"retry-reason": "server fixed"})
    assert started.status_code == 302
    job = last_job(db)
    assert job.kind is JobKind.SEND_MAIL
    assert run_job(job.id) is JobState.DONE, job.error
    assert job.message == "1 sent, 0 failed"
    db.session.refresh(message)
    assert message.status is OutboxStatus.SENT
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "admin.retry_failed_mail")
    ).one()
    assert entry.after == {"messages": 1, "reason": "server fixed"}
    assert message.sent_at > utcnow() - timedelta(minutes=5)
