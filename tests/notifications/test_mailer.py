"""send-mail: .eml files in development, SMTP otherwise; a refused message is kept as
failed with its error and retried on a later run."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.notifications.cli import send_mail_command
from app.notifications.mailer import MAX_ATTEMPTS, deliver_pending
from app.notifications.models import OutboxStatus
from app.notifications.operations import enqueue
from tests.factories import make_disclosure, make_person, make_submitted
from tests.notifications.conftest import outbox

NOW = datetime(2031, 5, 4, 9, 30, tzinfo=UTC)


def eml_files(app) -> set[Path]:
    directory = Path(app.config["MAIL_FILE_DIR"])
    return set(directory.glob("*.eml")) if directory.exists() else set()


def test_send_mail_writes_eml_files_in_development_and_marks_them_sent(app, db):
    assert not app.config["MAIL_SERVER"]
    filer = make_person()
    disclosure = make_submitted(make_disclosure(filer))
    (message,) = outbox()  # the filer's receipt for the submission
    before = eml_files(app)

    result = app.test_cli_runner().invoke(send_mail_command)

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "1 sent, 0 failed"
    (written,) = eml_files(app) - before
    assert written.name.endswith(f"-{message.id}.eml")
    parsed = email.message_from_bytes(written.read_bytes(), policy=email.policy.default)
    assert parsed.get_content_type() == "multipart/alternative"
    assert parsed["To"] == filer.email
    assert parsed["From"] == app.config["MAIL_DEFAULT_SENDER"]
    assert parsed["Subject"] == message.subject
    text = parsed.get_body(("plain",)).get_content()
    html = parsed.get_body(("html",)).get_content()
    assert f"/disclosures/{disclosure.id}" in text
    assert f"/disclosures/{disclosure.id}" in html
    db.session.refresh(message)
    assert message.status is OutboxStatus.SENT
    assert message.attempts == 1
    assert message.sent_at is not None

    again = app.test_cli_runner().invoke(send_mail_command)
    assert again.output.strip() == "0 sent, 0 failed"
    assert eml_files(app) - before == {written}


def test_refused_message_is_failed_with_the_error_and_retried_later(app, db, fake_smtp):
    person = make_person()
    message = enqueue(person, "Subject", "Plain body", "<p>HTML body</p>", "test:refused")
    fake_smtp.refusing = True

    assert deliver_pending(NOW) == (0, 1)

    db.session.refresh(message)
    assert message.status is OutboxStatus.FAILED
    assert message.attempts == 1
    assert "SMTPRecipientsRefused" in message.last_error
    assert "No such user here" in message.last_error
    assert message.next_attempt_at == NOW + timedelta(minutes=5)
    assert message.sent_at is None

    # Not yet time to retry.
    assert deliver_pending(NOW + timedelta(minutes=4)) == (0, 0)

    fake_smtp.refusing = False
    assert deliver_pending(NOW + timedelta(minutes=5)) == (1, 0)

    db.session.refresh(message)
    assert message.status is OutboxStatus.SENT
    assert message.attempts == 2
    assert message.sent_at == NOW + timedelta(minutes=5)
    assert message.next_attempt_at is None
    (sent,) = fake_smtp.sent
    assert sent["To"] == person.email
    assert sent["From"] == app.config["MAIL_DEFAULT_SENDER"]
    assert sent.get_content_type() == "multipart/alternative"
    assert ("starttls",) in fake_smtp.calls
    assert ("login", "candor-mailer") in fake_smtp.calls
    assert ("connect", "smtp.example.edu", 587) in fake_smtp.calls


def test_send_mail_command_reports_failures(app, db, fake_smtp):
    enqueue(make_person(), "Subject", "text", "<p>html</p>", "test:cli-refused")
    fake_smtp.refusing = True
    result = app.test_cli_runner().invoke(send_mail_command)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "0 sent, 1 failed"
    (message,) = outbox()
    assert message.status is OutboxStatus.FAILED
    assert "No such user here" in message.last_error


def test_backoff_grows_and_gives_up_after_the_last_attempt(app, db, fake_smtp):
    message = enqueue(make_person(), "Subject", "text", "<p>html</p>", "test:backoff")
    fake_smtp.refusing = True
    now = NOW
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert deliver_pending(now) == (0, 1)
        db.session.refresh(message)
        assert message.attempts == attempt
        if attempt < MAX_ATTEMPTS:
            assert message.next_attempt_at == now + timedelta(minutes=5 * attempt)
            now = message.next_attempt_at
    assert message.next_attempt_at is None
    assert deliver_pending(now + timedelta(days=30)) == (0, 0)
    assert message.status is OutboxStatus.FAILED


def test_each_message_is_committed_so_a_later_crash_keeps_earlier_ones_sent(app, db, fake_smtp):
    first = enqueue(make_person(), "First", "text", "<p>html</p>", "test:first")
    second = enqueue(make_person(), "Second", "text", "<p>html</p>", "test:second")
    db.session.commit()
    original_send = fake_smtp.send_message

    def crash_on_second(self, message):
        if message["Subject"] == "Second":
            raise RuntimeError("the process died")
        original_send(self, message)

    fake_smtp.send_message = crash_on_second

    with pytest.raises(RuntimeError):
        deliver_pending(NOW)
    db.session.rollback()

    db.session.refresh(first)
    db.session.refresh(second)
    assert first.status is OutboxStatus.SENT
    assert second.status is OutboxStatus.PENDING
    assert [m["Subject"] for m in fake_smtp.sent] == ["First"]
