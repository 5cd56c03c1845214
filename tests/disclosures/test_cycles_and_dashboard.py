"""Opening cycles and what the faculty dashboard says is owed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.clock import local_today
from app.disclosures.enums import FilingStatus, ItemKind
from app.disclosures.queries import what_is_owed
from app.people.roles import Role
from tests.disclosures.helpers import post_form
from tests.factories import login, make_cycle, make_disclosure, make_person, make_submitted


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.ADMIN, 302), (Role.COI_OFFICE, 302), (Role.FACULTY, 403), (Role.GENERAL_COUNSEL, 403)],
)
def test_who_opens_a_cycle(client, db, role, status):
    login(client, make_person(role).email)
    if status == 403:
        assert client.get("/cycles/").status_code == 403
        return
    response = post_form(
        client, "/cycles/", "/cycles/", year=2027, opens_on="2027-01-05", due_on="2027-03-31"
    )
    assert response.status_code == status
    assert "2027" in client.get("/cycles/").text


def test_cycle_dates_and_duplicates_are_checked(client, db):
    login(client, make_person(Role.ADMIN).email)
    backwards = post_form(
        client, "/cycles/", "/cycles/", year=2028, opens_on="2028-03-01", due_on="2028-01-01"
    )
    assert backwards.status_code == 400 and "on or after the opens on" in backwards.text
    post_form(client, "/cycles/", "/cycles/", year=2028, opens_on="2028-01-01", due_on="2028-03-01")
    again = post_form(
        client, "/cycles/", "/cycles/", year=2028, opens_on="2028-01-01", due_on="2028-03-01"
    )
    assert again.status_code == 400 and "A 2028 cycle already exists." in again.text


def test_statuses_through_the_cycle(db):
    today = local_today()
    person = make_person(Role.FACULTY)
    cycle = make_cycle(2026, today - timedelta(days=40), today + timedelta(days=20))
    assert what_is_owed(person, today)[0].status is FilingStatus.NOT_STARTED
    assert what_is_owed(person, cycle.due_on + timedelta(days=1))[0].status is FilingStatus.OVERDUE
    disclosure = make_disclosure(person, cycle)
    assert what_is_owed(person, today)[0].status is FilingStatus.DRAFT
    make_submitted(disclosure, (ItemKind.SUPPORT,))
    late_check = cycle.due_on + timedelta(days=5)
    assert what_is_owed(person, late_check)[0].status is FilingStatus.SUBMITTED


def test_dashboard_shows_due_date_and_start_button(client, db):
    today = local_today()
    make_cycle(2026, today - timedelta(days=3), today + timedelta(days=14))
    person = make_person(Role.FACULTY)
    login(client, person.email)
    page = client.get("/my").text
    assert "Annual disclosure 2026" in page
    assert "14 days left" in page
    assert "Not started" in page
    assert "Start from last year" in page
