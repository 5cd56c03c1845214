"""Queuing: idempotent by event key; each event reaches exactly its recipients; bodies
carry a link and nothing secret."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.disclosures.enums import ItemKind
from app.notifications.models import OutboxStatus
from app.notifications.operations import (
    enqueue,
    flag_batch_key,
    link_to,
    notify_new_flags,
    notify_plan_review_due,
    notify_submitted,
)
from app.people.roles import Role
from app.screening.flags import Severity
from app.screening.models import ItemFlag
from tests.factories import (
    PASSWORD,
    make_department,
    make_disclosure,
    make_item,
    make_person,
    make_submitted,
)
from tests.notifications.conftest import outbox

BASE = "http://127.0.0.1:5000"


def recipients(messages) -> set[str]:
    return {message.to_address for message in messages}


def assert_safe_bodies(message, person) -> None:
    for body in (message.text_body, message.html_body):
        assert PASSWORD not in body
        assert person.password_hash not in body


def test_enqueue_once_per_event_key(db):
    person = make_person()
    first = enqueue(person, "Hello", "text", "<p>html</p>", "test:one")
    assert first is not None
    assert first.status is OutboxStatus.PENDING
    assert first.attempts == 0
    assert first.to_person_id == person.id
    assert enqueue(person, "Hello again", "text", "<p>html</p>", "test:one") is None
    assert [m.event_key for m in outbox()] == ["test:one"]


def test_enqueue_skips_deactivated_people_and_keeps_subjects_on_one_line(db):
    gone = make_person(active=False)
    assert enqueue(gone, "Hello", "t", "h", "test:gone") is None
    here = make_person()
    message = enqueue(here, "Line one\r\nBcc: someone@evil.example", "t", "h", "test:here")
    assert message.subject == "Line one Bcc: someone@evil.example"
    assert outbox() == [message]


def test_links_start_with_base_url(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://candor.example.edu/coi/")
    assert link_to("disclosures.show", disclosure_id=5) == (
        "https://candor.example.edu/coi/disclosures/5"
    )


def test_submitted_goes_to_the_active_heads_of_the_filers_department_only(db):
    department = make_department()
    other = make_department()
    filer = make_person(Role.FACULTY, department=department)
    head = make_person(Role.DEPARTMENT_HEAD, heads=(department,))
    co_head = make_person(Role.DEPARTMENT_HEAD, Role.FACULTY, heads=(department, other))
    make_person(Role.DEPARTMENT_HEAD, heads=(department,), active=False)
    make_person(Role.DEPARTMENT_HEAD, heads=(other,))
    make_person(Role.COI_OFFICE)
    # Submitting queues the messages itself (through submit_disclosure).
    disclosure = make_submitted(make_disclosure(filer), (ItemKind.OUTSIDE_ACTIVITY,))

    messages = [m for m in outbox() if m.event_key.startswith("submitted:")]

    assert recipients(messages) == {head.email, co_head.email}
    for message in messages:
        assert f"{BASE}/disclosures/{disclosure.id}" in message.text_body
        assert f'href="{BASE}/disclosures/{disclosure.id}"' in message.html_body
        assert filer.full_name in message.text_body
        # Item details stay in the application.
        assert "Northwind Analytics" not in message.text_body + message.html_body
        assert_safe_bodies(message, filer)
    assert notify_submitted(disclosure, 1) == []
    assert recipients(notify_submitted(disclosure, 2)) == {head.email, co_head.email}


def test_a_head_who_files_is_not_told_about_their_own_submission(db):
    department = make_department()
    filer_and_head = make_person(Role.FACULTY, Role.DEPARTMENT_HEAD, heads=(department,))
    disclosure = make_submitted(make_disclosure(filer_and_head))
    assert notify_submitted(disclosure, 1) == []


def flags_on_new_harbin_item(db):
    disclosure = make_disclosure()
    item = make_item(
        disclosure,
        ItemKind.INFORMAL_COLLABORATION,
        organisation="Harbin Institute of Technology",
        country="CN",
    )
    flags = list(db.session.scalars(select(ItemFlag).where(ItemFlag.item_id == item.id)))
    return disclosure, flags


def test_critical_flags_go_to_every_active_coi_person_without_the_flagged_text(db):
    coi = make_person(Role.COI_OFFICE)
    coi_too = make_person(Role.COI_OFFICE, Role.ADMIN)
    make_person(Role.COI_OFFICE, active=False)
    make_person(Role.GENERAL_COUNSEL)
    make_person(Role.DEPARTMENT_HEAD)
    disclosure, flags = flags_on_new_harbin_item(db)
    assert Severity.CRITICAL in {flag.severity for flag in flags}

    messages = notify_new_flags(flags, disclosure)

    assert recipients(messages) == {coi.email, coi_too.email}
    for message in messages:
        body = message.text_body + message.html_body + message.subject
        assert "Harbin" not in body
        assert "critical" in message.subject
        assert f"{BASE}/disclosures/{disclosure.id}" in message.text_body
    # The same batch, in any order, is the same event.
    assert notify_new_flags(list(reversed(flags)), disclosure) == []


def test_only_critical_or_high_flags_are_mailed(db):
    make_person(Role.COI_OFFICE)
    disclosure, flags = flags_on_new_harbin_item(db)
    for flag in flags:
        flag.severity = Severity.ELEVATED
    flags[0].severity = Severity.INFO
    assert notify_new_flags(flags, disclosure) == []
    flags[0].severity = Severity.HIGH
    (message,) = notify_new_flags(flags, disclosure)
    assert "1 high" in message.text_body
    assert "elevated" not in message.text_body
    assert outbox() == [message]


def test_flag_batch_key_is_order_free_and_short():
    assert flag_batch_key([3, 1, 2]) == flag_batch_key([2, 3, 1]) == "flags-1-2-3"
    long_key = flag_batch_key(range(1000, 1100))
    assert long_key.startswith("flags-sha256-")
    assert len(long_key) < 60


def test_plan_review_due_goes_to_the_given_recipients_once_per_due_date(db):
    monitor = make_person(Role.COI_OFFICE)
    head = make_person(Role.DEPARTMENT_HEAD)
    disclosure = make_submitted(make_disclosure())

    messages = notify_plan_review_due(7, disclosure, date(2031, 3, 1), [monitor, head])

    assert recipients(messages) == {monitor.email, head.email}
    assert "01 March 2031" in messages[0].text_body
    assert notify_plan_review_due(7, disclosure, date(2031, 3, 1), [monitor, head]) == []
    assert len(notify_plan_review_due(7, disclosure, date(2031, 9, 1), [monitor])) == 1
