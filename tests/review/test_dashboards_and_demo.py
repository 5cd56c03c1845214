"""Department and COI dashboards; the demo institution covers every review state."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.clock import local_today
from app.disclosures.enums import DisclosureStatus, ItemKind
from app.disclosures.models import Disclosure
from app.people.roles import Role
from app.review.models import ReviewAction
from app.review.operations import PlanTerms, take_action
from tests.factories import (
    login,
    make_cycle,
    make_department,
    make_disclosure,
    make_item,
    make_person,
    make_submitted,
)


def test_department_dashboard_shows_completion_flags_and_who_has_not_filed(client, db):
    today = local_today()
    cycle = make_cycle(today.year, today - timedelta(days=30), today + timedelta(days=10))
    physics = make_department("PHYS", "Physics")
    head = make_person(Role.FACULTY, Role.DEPARTMENT_HEAD, department=physics)
    filed = make_person(Role.FACULTY, department=physics, name="Filed Person")
    make_person(Role.FACULTY, department=physics, name="Late Person")
    disclosure = make_disclosure(filed, cycle)
    make_item(disclosure, ItemKind.OUTSIDE_COMPENSATION, organisation="Huawei", country="CN")
    make_submitted(disclosure)
    login(client, head.email)
    page = client.get("/department").text
    assert "1 filed · 2 not filed · 0 overdue · 3 in all" in page
    assert "Late Person" in page and "Send reminder" in page
    assert "Chinese military company: <strong>1</strong>" in page
    assert f"Review queue, {today.year} (1)" in page


def test_coi_dashboard_shows_plans_due_and_departments(client, db):
    today = local_today()
    make_cycle(today.year, today - timedelta(days=30), today + timedelta(days=10))
    coi = make_person(Role.COI_OFFICE)
    disclosure = make_submitted(make_disclosure(), (ItemKind.SUPPORT,))
    take_action(disclosure, ReviewAction.START_REVIEW, coi, disclosure.lock_version)
    take_action(
        disclosure,
        ReviewAction.APPROVE_WITH_PLAN,
        coi,
        disclosure.lock_version,
        plan=PlanTerms("Quarterly check", coi, today - timedelta(days=1)),
    )
    login(client, coi.email)
    page = client.get("/coi").text
    assert "review due" in page
    assert "Management plans due for review" in page
    assert "by department" in page


def test_seed_demo_leaves_disclosures_in_every_review_state(app, db):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    statuses = set(db.session.scalars(select(Disclosure.status)))
    assert statuses == set(DisclosureStatus)
