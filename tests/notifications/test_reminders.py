"""remind: "due in 14 / 7 / 1 days" and "overdue", each once, for those who have not
submitted; event-driven disclosures too; and the head's one-click reminder."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.clock import local_today
from app.disclosures.enums import DisclosureStatus, ItemKind
from app.disclosures.operations import start_event_disclosure
from app.notifications.cli import remind_command
from app.notifications.reminders import remind_person, reminder_stage, send_reminders
from app.people.roles import Role
from app.review.operations import PlanTerms, set_management_plan
from tests.factories import (
    PASSWORD,
    make_cycle,
    make_disclosure,
    make_item,
    make_person,
    make_submitted,
)
from tests.notifications.conftest import outbox

DUE = date(2031, 6, 30)


@pytest.fixture()
def cycle(db):
    return make_cycle(2031, opens_on=date(2031, 1, 1), due_on=DUE)


def stages_of(person) -> list[str]:
    return [m.event_key.rsplit(":", 1)[1] for m in outbox() if m.to_person_id == person.id]


@pytest.mark.parametrize(
    ("days_left", "stage"),
    [
        (30, None),
        (15, None),
        (14, "due-14"),
        (8, "due-14"),
        (7, "due-7"),
        (2, "due-7"),
        (1, "due-1"),
        (0, "due-1"),
        (-1, "overdue"),
        (-90, "overdue"),
    ],
)
def test_reminder_stage(days_left, stage):
    assert reminder_stage(DUE, DUE - timedelta(days=days_left)) == stage


def test_daily_runs_send_each_threshold_once(db, cycle):
    person = make_person(Role.FACULTY)
    make_disclosure(person, cycle)  # a draft
    queued_per_day = {}
    for days_left in range(20, -6, -1):
        today = DUE - timedelta(days=days_left)
        queued_per_day[days_left] = send_reminders(today)
    assert {d: n for d, n in queued_per_day.items() if n} == {14: 1, 7: 1, 1: 1, -1: 1}
    assert stages_of(person) == ["due-14", "due-7", "due-1", "overdue"]


def test_a_missed_day_sends_the_nearest_reminder_only(db, cycle):
    person = make_person(Role.FACULTY)  # not started at all
    assert send_reminders(DUE - timedelta(days=5)) == 1
    assert send_reminders(DUE - timedelta(days=3)) == 0
    assert send_reminders(DUE) == 1
    assert stages_of(person) == ["due-7", "due-1"]


def test_reminder_bodies_say_when_and_link_back(db, cycle):
    person = make_person(Role.FACULTY)
    disclosure = make_disclosure(person, cycle)
    send_reminders(DUE - timedelta(days=7))
    send_reminders(DUE + timedelta(days=1))
    due_soon, overdue = outbox()
    assert due_soon.subject == "[Candor] Due in 7 days: Annual disclosure 2031"
    assert "is due in 7 days, on 30 June 2031" in due_soon.text_body
    assert f"/disclosures/{disclosure.id}" in due_soon.text_body
    assert f"/disclosures/{disclosure.id}" in due_soon.html_body
    assert overdue.subject == "[Candor] Overdue: Annual disclosure 2031"
    assert "was due on 30 June 2031 and is overdue" in overdue.text_body
    for message in (due_soon, overdue):
        assert PASSWORD not in message.text_body + message.html_body


def test_a_person_not_started_is_sent_to_their_dashboard(db, cycle):
    make_person(Role.FACULTY)
    send_reminders(DUE - timedelta(days=1))
    (message,) = outbox()
    assert message.subject == "[Candor] Due tomorrow: Annual disclosure 2031"
    assert "http://127.0.0.1:5000/my" in message.text_body


def test_who_gets_no_reminder(db, cycle):
    submitted = make_person(Role.FACULTY)
    make_submitted(make_disclosure(submitted, cycle))
    approved = make_person(Role.FACULTY)
    make_submitted(make_disclosure(approved, cycle)).status = DisclosureStatus.APPROVED
    amending = make_person(Role.FACULTY)
    amended = make_submitted(make_disclosure(amending, cycle))
    amended.status, amended.amending = DisclosureStatus.DRAFT, True
    make_person(Role.FACULTY, active=False)
    make_person(Role.DEPARTMENT_HEAD)  # owes no disclosure: not faculty
    make_person(Role.COI_OFFICE)
    db.session.flush()

    for days_left in (14, 7, 1, -1):
        assert send_reminders(DUE - timedelta(days=days_left)) == 0
    assert [m for m in outbox() if not m.event_key.startswith("receipt:")] == []


def test_a_returned_disclosure_needs_action_again(db, cycle):
    person = make_person(Role.FACULTY)
    disclosure = make_submitted(make_disclosure(person, cycle))
    assert send_reminders(DUE - timedelta(days=7)) == 0
    disclosure.status = DisclosureStatus.RETURNED
    db.session.flush()

    assert send_reminders(DUE - timedelta(days=7)) == 1
    (message,) = [m for m in outbox() if not m.event_key.startswith("receipt:")]
    assert ":round-1:due-7" in message.event_key
    assert "returned to you for revision" in message.text_body


def test_event_disclosures_are_reminded_against_their_own_due_date(db):
    person = make_person(Role.FACULTY)
    disclosure = start_event_disclosure(person, local_today() - timedelta(days=3), "New board")
    due = disclosure.due_on

    assert send_reminders(due - timedelta(days=20)) == 0
    assert send_reminders(due - timedelta(days=14)) == 1
    assert send_reminders(due - timedelta(days=14)) == 0
    assert send_reminders(due + timedelta(days=2)) == 1
    keys = [m.event_key for m in outbox()]
    assert keys == [
        f"reminder:event:disclosure-{disclosure.id}:{due.isoformat()}:round-0:due-14",
        f"reminder:event:disclosure-{disclosure.id}:{due.isoformat()}:round-0:overdue",
    ]
    assert "Event-driven disclosure" in outbox()[0].text_body


def test_a_submitted_event_disclosure_gets_none(db):
    person = make_person(Role.FACULTY)
    disclosure = start_event_disclosure(person, local_today() - timedelta(days=3), "New board")
    make_item(disclosure, ItemKind.OUTSIDE_ACTIVITY)
    make_submitted(disclosure)
    assert send_reminders(disclosure.due_on - timedelta(days=7)) == 0


def test_remind_command_twice_queues_nothing_new(app, db, cycle):
    make_person(Role.FACULTY)
    make_person(Role.FACULTY)
    runner = app.test_cli_runner()
    day = (DUE - timedelta(days=7)).isoformat()

    first = runner.invoke(remind_command, ["--today", day])
    second = runner.invoke(remind_command, ["--today", day])

    assert first.exit_code == 0, first.output
    assert first.output.strip() == ("2 reminders and 0 management-plan review notices queued")
    assert second.output.strip() == ("0 reminders and 0 management-plan review notices queued")
    assert len(outbox()) == 2


def test_one_click_reminder_at_most_once_a_day(db, cycle):
    head = make_person(Role.DEPARTMENT_HEAD, name="Head Of Physics")
    person = make_person(Role.FACULTY, department=head.department)
    today = DUE - timedelta(days=20)

    message = remind_person(person, head, today)

    assert message is not None
    assert message.to_address == person.email
    assert message.subject == "[Candor] Reminder from Head Of Physics: disclosure to complete"
    assert "Head Of Physics asks you to complete your disclosure" in message.text_body
    assert "is due in 20 days" in message.text_body
    assert remind_person(person, head, today) is None
    assert remind_person(person, head, today + timedelta(days=1)) is not None
    # The scheduled reminders are separate events.
    assert send_reminders(DUE - timedelta(days=14)) == 1


def test_one_click_reminder_for_someone_who_has_filed_sends_nothing(db, cycle):
    head = make_person(Role.DEPARTMENT_HEAD)
    person = make_person(Role.FACULTY, department=head.department)
    make_submitted(make_disclosure(person, cycle))
    assert remind_person(person, head, DUE - timedelta(days=3)) is None
    assert [m for m in outbox() if m.event_key.startswith("reminder:")] == []


def test_remind_queues_plan_review_notices_once_per_review_date(app, db):
    coi = make_person(Role.COI_OFFICE)
    monitor = make_person(Role.DEPARTMENT_HEAD)
    disclosure = make_submitted(make_disclosure())
    review_on = date(2031, 3, 1)
    plan = set_management_plan(
        disclosure, PlanTerms("Recuse from purchasing.", monitor, review_on), coi
    )
    runner = app.test_cli_runner()

    before = runner.invoke(remind_command, ["--today", "2031-02-28"])
    on_the_day = runner.invoke(remind_command, ["--today", "2031-03-01"])
    later = runner.invoke(remind_command, ["--today", "2031-03-05"])

    assert before.output.strip().endswith("0 management-plan review notices queued")
    assert on_the_day.output.strip().endswith("1 management-plan review notice queued")
    assert later.output.strip().endswith("0 management-plan review notices queued")
    (message,) = [m for m in outbox() if m.event_key.startswith("plan-review:")]
    assert message.event_key == f"plan-review:plan-{plan.id}:2031-03-01:person-{monitor.id}"
    assert message.to_address == monitor.email
    assert "Recuse" not in message.text_body + message.html_body
    assert f"/disclosures/{disclosure.id}" in message.text_body


def test_plan_review_notice_goes_to_the_coi_office_when_the_monitor_has_left(app, db):
    coi = make_person(Role.COI_OFFICE)
    monitor = make_person(Role.DEPARTMENT_HEAD, active=False)
    disclosure = make_submitted(make_disclosure())
    set_management_plan(disclosure, PlanTerms("Conditions.", monitor, date(2031, 3, 1)), coi)
    app.test_cli_runner().invoke(remind_command, ["--today", "2031-03-02"])
    assert [m.to_address for m in outbox() if m.event_key.startswith("plan-review:")] == [coi.email]
