"""Filing and review operations queue the right notifications, once."""

from __future__ import annotations

from sqlalchemy import select

from app.disclosures.enums import ItemKind
from app.disclosures.rescreen import rescreen_items
from app.notifications.models import OutboxMessage
from app.people.roles import Role
from app.review.models import ReviewAction
from app.review.operations import take_action
from app.screening.flags import Category, Severity
from app.screening.watchlist_operations import add_local_entry
from tests.factories import make_department, make_disclosure, make_item, make_person, make_submitted


def keys_and_recipients(db) -> set[tuple[str, str]]:
    return {
        (m.event_key.split(":")[0], m.to_address) for m in db.session.scalars(select(OutboxMessage))
    }


def test_submit_and_return_notify_heads_filer_and_coi(db):
    physics = make_department("PHYS")
    filer = make_person(Role.FACULTY, department=physics)
    head = make_person(Role.FACULTY, Role.DEPARTMENT_HEAD, department=physics)
    coi = make_person(Role.COI_OFFICE)
    disclosure = make_disclosure(filer)
    make_item(
        disclosure, ItemKind.INFORMAL_COLLABORATION, organisation="Beihang University", country="CN"
    )
    make_submitted(disclosure)
    assert keys_and_recipients(db) == {
        ("receipt", filer.email),
        ("submitted", head.email),
        ("flags", coi.email),
    }
    take_action(disclosure, ReviewAction.START_REVIEW, head, disclosure.lock_version)
    take_action(
        disclosure,
        ReviewAction.RETURN,
        head,
        disclosure.lock_version,
        comment="Please describe what is shared.",
    )
    assert ("returned", filer.email) in keys_and_recipients(db)


def test_rescreen_tells_the_coi_office_about_new_flags_on_submitted_disclosures(db):
    coi = make_person(Role.COI_OFFICE)
    submitted = make_disclosure()
    make_item(
        submitted, ItemKind.OUTSIDE_COMPENSATION, organisation="Orion Photonics Ltd", country="SG"
    )
    make_submitted(submitted)
    draft = make_disclosure()
    make_item(
        draft, ItemKind.OUTSIDE_COMPENSATION, organisation="Orion Photonics Ltd", country="SG"
    )
    before = db.session.scalars(select(OutboxMessage)).all()
    add_local_entry(
        "Orion Photonics",
        [],
        Category.MILITARY_COMPANY,
        Severity.CRITICAL,
        "SG",
        "Local review",
        coi.id,
    )
    rescreen_items()
    new = [m for m in db.session.scalars(select(OutboxMessage)) if m not in before]
    assert [(m.to_address, m.event_key.split(":")[0]) for m in new] == [(coi.email, "flags")]
    rescreen_items()
    assert len(db.session.scalars(select(OutboxMessage)).all()) == len(before) + 1
