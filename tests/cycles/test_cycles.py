"""Cycles that can be managed: which one is current, opening with a confirmation, dates
corrected, extended, closed, and one person given more time (audited, the person told)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.clock import local_today
from app.cycles.models import Cycle
from app.cycles.operations import CycleError, close_cycle, extend_cycle, grant_extension
from app.cycles.queries import choose_current, current_cycle, due_date_for
from app.disclosures.enums import FilingStatus
from app.disclosures.queries import what_is_owed
from app.notifications.models import OutboxMessage
from app.notifications.reminders import send_reminders
from app.people.roles import Role
from app.review.queries import completion_by_department
from app.rollups.queries import Scope, filing
from tests.conftest import csrf_token_from
from tests.disclosures.helpers import post_form
from tests.factories import login, make_cycle, make_disclosure, make_person

TODAY = local_today()


@dataclass
class Dates:
    year: int
    opens_on: date
    due_on: date
    closed: bool = False


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


# --- Which cycle is current ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("cycles", "expected"),
    [
        ([], None),
        # Not yet open: nothing is current.
        ([Dates(2027, days(5), days(60))], None),
        # The window contains today.
        ([Dates(2026, days(-30), days(30))], 2026),
        # Past its due date but not closed: still the latest open one.
        ([Dates(2025, days(-400), days(-300))], 2025),
        # A window containing today beats a later year that is past due.
        ([Dates(2026, days(-30), days(30)), Dates(2027, days(-200), days(-100))], 2026),
        # Overlapping windows: the latest year.
        ([Dates(2026, days(-30), days(30)), Dates(2027, days(-5), days(50))], 2027),
        # No window contains today: the latest open one, not a future one.
        ([Dates(2025, days(-400), days(-300)), Dates(2026, days(10), days(90))], 2025),
        # A closed cycle is never current, even in its window.
        ([Dates(2025, days(-400), days(-300)), Dates(2026, days(-30), days(30), True)], 2025),
        ([Dates(2026, days(-30), days(30), True)], None),
    ],
)
def test_the_current_cycle(cycles, expected):
    chosen = choose_current(cycles, TODAY)
    assert (chosen.year if chosen else None) == expected


# --- Opening needs a confirmation when it would surprise ----------------------------------


@pytest.fixture()
def admin(client, db):
    person = make_person(Role.ADMIN)
    login(client, person.email)
    return person


def cycle_of(year: int) -> Cycle | None:
    from app.extensions import db

    return db.session.scalar(select(Cycle).where(Cycle.year == year))


def test_a_year_that_does_not_match_its_dates_replacing_the_current_cycle_is_confirmed(
    client, admin
):
    real = make_cycle(TODAY.year, days(-30), days(30))
    # The year typed is next year's, the dates this year's (the last day of it).
    end_of_year = date(TODAY.year, 12, 31)
    typo = {"year": TODAY.year + 1, "opens_on": days(-2), "due_on": end_of_year}

    asked = post_form(client, "/cycles/", "/cycles/", **typo)

    assert asked.status_code == 200
    assert f"Open the {TODAY.year + 1} cycle?" in asked.text
    assert f"is not in {TODAY.year + 1}" in asked.text
    assert f"replace the {TODAY.year} cycle as the current cycle" in asked.text
    assert cycle_of(TODAY.year + 1) is None, "nothing is opened before the confirmation"
    assert current_cycle(TODAY) is real

    confirmed = client.post(
        "/cycles/",
        data={
            "csrf_token": csrf_token_from(asked.text),
            "year": str(TODAY.year + 1),
            "opens_on": days(-2).isoformat(),
            "due_on": end_of_year.isoformat(),
            "confirmed": "yes",
        },
    )
    assert confirmed.status_code == 302
    assert current_cycle(TODAY) is cycle_of(TODAY.year + 1)


def test_an_unsurprising_cycle_opens_at_once(client, admin):
    make_cycle(TODAY.year - 1, days(-400), days(-300))  # past due: the latest open one
    year = TODAY.year + 5
    response = post_form(
        client,
        "/cycles/",
        "/cycles/",
        year=year,
        opens_on=date(year, 1, 10),
        due_on=date(year, 3, 31),
    )
    assert response.status_code == 302  # opens in the future: replaces nothing today
    assert cycle_of(year) is not None


# --- Dates, extension, closing -------------------------------------------------------------


def test_correcting_the_dates_moves_the_disclosures_due_date_and_is_audited(client, db, admin):
    cycle = make_cycle(TODAY.year, days(-30), days(30))
    disclosure = make_disclosure(make_person(Role.FACULTY), cycle)
    page = client.get(f"/cycles/{cycle.id}")
    assert page.status_code == 200

    backwards = client.post(
        f"/cycles/{cycle.id}/dates",
        data={
            "dates-csrf_token": csrf_token_from(page.text),
            "dates-opens_on": days(-30).isoformat(),
            "dates-due_on": days(-40).isoformat(),
        },
    )
    assert backwards.status_code == 400 and "This must be on or after" in backwards.text

    saved = client.post(
        f"/cycles/{cycle.id}/dates",
        data={
            "dates-csrf_token": csrf_token_from(page.text),
            "dates-opens_on": days(-31).isoformat(),
            "dates-due_on": days(45).isoformat(),
            "dates-reason": "The provost moved the deadline.",
        },
    )
    assert saved.status_code == 302
    db.session.expire_all()
    assert (cycle.opens_on, cycle.due_on, disclosure.due_on) == (days(-31), days(45), days(45))
    assert audited("cycle.update") == 1


def audited(action: str) -> int:
    from app.extensions import db

    return len(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all())


def mail_to(person) -> list[OutboxMessage]:
    from app.extensions import db

    return list(
        db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_person_id == person.id))
    )


def test_extending_the_cycle_tells_those_still_to_file(db):
    coi = make_person(Role.COI_OFFICE)
    cycle = make_cycle(TODAY.year, days(-30), days(-1))
    late = make_person(Role.FACULTY)
    make_disclosure(late, cycle)
    assert what_is_owed(late, TODAY)[0].status is FilingStatus.OVERDUE

    with pytest.raises(CycleError, match="after the current due date"):
        extend_cycle(cycle, days(-5), coi)
    extend_cycle(cycle, days(14), coi, "Systems were down for a week.")

    assert what_is_owed(late, TODAY)[0].status is FilingStatus.DRAFT
    assert audited("cycle.extend") == 1
    (message,) = mail_to(late)
    assert f"now due {days(14):%d %B %Y}" in message.subject
    assert "Systems were down for a week." in message.text_body


def test_a_closed_cycle_is_not_current_and_cannot_change(client, db):
    coi = make_person(Role.COI_OFFICE)
    last = make_cycle(TODAY.year - 1, days(-400), days(-300))
    cycle = make_cycle(TODAY.year, days(-30), days(30))
    faculty = make_person(Role.FACULTY)
    assert current_cycle(TODAY) is cycle

    close_cycle(cycle, coi, "Opened by mistake.")

    assert current_cycle(TODAY) is last
    assert audited("cycle.close") == 1
    with pytest.raises(CycleError, match="closed"):
        extend_cycle(cycle, days(60), coi)
    with pytest.raises(CycleError, match="already closed"):
        close_cycle(cycle, coi)
    login(client, faculty.email)
    token = csrf_token_from(client.get("/my").text)
    started = client.post(f"/disclosures/start/annual/{cycle.id}", data={"csrf_token": token})
    assert started.status_code == 400


# --- One person's extension ------------------------------------------------------------------


@pytest.fixture()
def past_due(db):
    """A cycle due yesterday, one department, and two faculty who have not filed."""
    cycle = make_cycle(TODAY.year, days(-60), days(-1))
    first = make_person(Role.FACULTY)
    second = make_person(Role.FACULTY, department=first.department)
    return cycle, first, second


def test_an_extension_changes_the_due_date_and_overdue_status_everywhere(past_due):
    cycle, extended, other = past_due
    coi = make_person(Role.COI_OFFICE)
    completion = completion_by_department(cycle, [extended.department_id], TODAY)[0]
    assert completion.overdue == 2

    grant_extension(cycle, extended, days(7), "Medical leave.", coi)

    owed = what_is_owed(extended, TODAY)[0]
    assert (owed.due_on, owed.status) == (days(7), FilingStatus.NOT_STARTED)
    assert what_is_owed(other, TODAY)[0].status is FilingStatus.OVERDUE
    completion = completion_by_department(cycle, [extended.department_id], TODAY)[0]
    assert (completion.overdue, completion.not_filed) == (1, 1)
    assert make_disclosure(extended, cycle).due_on == days(7)
    assert due_date_for(cycle, extended.id) == days(7)
    rollup = filing(Scope(cycle, extended.department), [], {}, TODAY)
    statuses = {row.email: row.status for row in rollup.rows}
    assert statuses == {
        extended.email: FilingStatus.DRAFT.label,
        other.email: FilingStatus.OVERDUE.label,
    }

    send_reminders(TODAY)
    stages = {m.event_key.rsplit(":", 1)[1] for m in mail_to(extended) if "reminder" in m.event_key}
    assert stages == {"due-7"}
    assert {m.event_key.rsplit(":", 1)[1] for m in mail_to(other)} == {"overdue"}


def test_granting_an_extension_is_audited_and_the_person_told(client, past_due):
    cycle, person, _ = past_due
    login(client, make_person(Role.COI_OFFICE).email)
    page = client.get(f"/cycles/{cycle.id}")
    token = csrf_token_from(page.text)

    def grant(**fields):
        data = {"extension-csrf_token": token}
        data.update({f"extension-{name}": value for name, value in fields.items()})
        return client.post(f"/cycles/{cycle.id}/extensions", data=data)

    no_reason = grant(email=person.email, due_on=days(10).isoformat(), reason="")
    assert no_reason.status_code == 400 and "Give the reason." in no_reason.text
    too_early = grant(email=person.email, due_on=days(-3).isoformat(), reason="Leave")
    assert too_early.status_code == 400 and "after the cycle&#39;s due date" in too_early.text
    nobody = grant(email="nobody@example.edu", due_on=days(10).isoformat(), reason="Leave")
    assert nobody.status_code == 400 and "No one with that email" in nobody.text
    assert mail_to(person) == []

    granted = grant(email=person.email, due_on=days(10).isoformat(), reason="Fieldwork abroad.")

    assert granted.status_code == 302
    assert audited("cycle.extension") == 1
    (message,) = mail_to(person)
    assert f"now due {days(10):%d %B %Y}" in message.subject
    assert "Fieldwork abroad." in message.text_body
    shown = client.get(f"/cycles/{cycle.id}").text
    assert person.full_name in shown and "Fieldwork abroad." in shown


# --- Dashboards say which cycle they show -----------------------------------------------------


@pytest.mark.parametrize(
    ("roles", "path"),
    [
        ((Role.FACULTY,), "/my"),
        ((Role.FACULTY, Role.DEPARTMENT_HEAD), "/department"),
        ((Role.COI_OFFICE,), "/coi"),
    ],
)
def test_dashboards_say_which_cycle_they_show(client, db, roles, path):
    make_cycle(TODAY.year - 1, days(-400), days(-300))
    make_cycle(TODAY.year, days(-30), days(30))
    login(client, make_person(*roles).email)
    page = client.get(path)
    assert page.status_code == 200
    assert f"Showing the {TODAY.year} annual cycle (opened {days(-30):%d %B %Y}" in page.text
    assert "whose window, from opening to due date, contains today" in page.text
