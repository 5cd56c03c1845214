"""Every audited action writes exactly one entry; a rolled-back action writes none."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from app.audit.models import AuditEntry
from app.clock import local_today
from app.cycles import operations as cycles
from app.disclosures import operations as filing
from app.disclosures.attachments import store_attachment, withdraw_attachment
from app.disclosures.delegation import add_delegate
from app.disclosures.enums import AttachmentPurpose, ItemKind, YesNoUnknown
from app.organisations.operations import (
    find_or_create_organisation,
    merge_organisations,
    rename_organisation,
)
from app.people import operations as people
from app.people.roles import Role
from app.review import operations as review
from app.review.models import CommentVisibility, Disposition, ReviewAction
from app.screening.flags import Category, Severity
from app.screening.watchlist_operations import add_local_entry, retire_local_entry
from tests.conftest import csrf_token_from
from tests.factories import (
    ITEM_DATA,
    PASSWORD,
    certified_flags,
    login,
    make_cycle,
    make_department,
    make_disclosure,
    make_item,
    make_person,
    make_submitted,
)


def count(db, action: str) -> int:
    return db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == action))


def under_review(db):
    coi = make_person(Role.COI_OFFICE)
    disclosure = make_submitted(make_disclosure(), (ItemKind.SUPPORT,))
    review.take_action(disclosure, ReviewAction.START_REVIEW, coi, disclosure.lock_version)
    return disclosure, coi


def flagged_submission(db):
    coi = make_person(Role.COI_OFFICE)
    disclosure = make_disclosure()
    item = make_item(disclosure, ItemKind.OUTSIDE_COMPENSATION, organisation="Huawei", country="CN")
    make_submitted(disclosure)
    flag = next(f for f in certified_flags(disclosure) if f.severity is Severity.CRITICAL)
    assert flag.item.item_id == item.id
    return disclosure, flag, coi


def pdf() -> FileStorage:
    return FileStorage(io.BytesIO(b"%PDF-1.4\n%audit\n"), "letter.pdf")


#: action -> (set-up returning a context, the action itself)
SCENARIOS: dict[str, tuple[Callable, Callable]] = {
    "department.create": (
        lambda db: None,
        lambda db, _: people.upsert_department("NEW", "New Department"),
    ),
    "department.update": (
        lambda db: make_department("UPD", "Old Name"),
        lambda db, d: people.upsert_department("UPD", "New Name"),
    ),
    "person.create": (
        lambda db: make_department(),
        lambda db, d: people.upsert_person("new@example.edu", "New Person", d),
    ),
    "person.update": (
        lambda db: make_person(Role.FACULTY),
        lambda db, p: people.upsert_person(p.email, "Renamed Person", None),
    ),
    "role.grant": (
        lambda db: make_person(Role.FACULTY),
        lambda db, p: people.grant_role(p, Role.COI_OFFICE),
    ),
    "role.revoke": (
        lambda db: make_person(Role.FACULTY, Role.ADMIN),
        lambda db, p: people.revoke_role(p, Role.ADMIN),
    ),
    "person.deactivate": (
        lambda db: make_person(Role.FACULTY),
        lambda db, p: people.set_active(p, False),
    ),
    "person.set_password": (
        lambda db: make_person(Role.FACULTY, password=None),
        lambda db, p: people.set_password(p, "a new long password"),
    ),
    "cycle.open": (
        lambda db: make_person(Role.ADMIN),
        lambda db, a: cycles.open_cycle(2031, local_today(), local_today() + timedelta(30), a),
    ),
    "disclosure.create": (
        lambda db: (make_person(Role.FACULTY), make_cycle()),
        lambda db, c: filing.start_annual_disclosure(c[0], c[1], False),
    ),
    "item.create": (
        lambda db: make_disclosure(),
        lambda db, d: make_item(d, ItemKind.SPONSORED_TRAVEL),
    ),
    "item.edit": (
        lambda db: make_item(make_disclosure(), ItemKind.SPONSORED_TRAVEL),
        lambda db, i: filing.save_item(
            i.disclosure,
            ItemKind.SPONSORED_TRAVEL,
            {**ITEM_DATA[ItemKind.SPONSORED_TRAVEL], "purpose": "Changed."},
            i.disclosure.person,
            i,
        ),
    ),
    "item.withdraw": (
        lambda db: make_item(make_disclosure(), ItemKind.SUPPORT),
        lambda db, i: filing.withdraw_item(i, i.disclosure.person),
    ),
    "disclosure.talent_answer": (
        lambda db: make_disclosure(),
        lambda db, d: filing.answer_talent_question(d, YesNoUnknown.NO, "", d.person),
    ),
    "disclosure.submit": (lambda db: make_disclosure(), lambda db, d: make_submitted(d)),
    "disclosure.amend": (
        lambda db: make_submitted(make_disclosure()),
        lambda db, d: filing.amend_disclosure(d, d.person),
    ),
    "delegation.add": (
        lambda db: (make_person(Role.FACULTY), make_person(Role.FACULTY)),
        lambda db, c: add_delegate(c[0], c[1]),
    ),
    "attachment.upload": (
        lambda db: make_disclosure(),
        lambda db, d: store_attachment(d, pdf(), AttachmentPurpose.OTHER, d.person),
    ),
    "attachment.withdraw": (
        lambda db: store_attachment(
            make_disclosure(), pdf(), AttachmentPurpose.OTHER, make_person(Role.FACULTY)
        ),
        lambda db, a: withdraw_attachment(a, a.disclosure.person),
    ),
    "review.start_review": (
        lambda db: make_submitted(make_disclosure(), (ItemKind.SUPPORT,)),
        lambda db, d: review.take_action(
            d, ReviewAction.START_REVIEW, make_person(Role.COI_OFFICE), d.lock_version
        ),
    ),
    "review.return": (
        under_review,
        lambda db, c: review.take_action(
            c[0], ReviewAction.RETURN, c[1], c[0].lock_version, "Add the award."
        ),
    ),
    "review.approve": (
        under_review,
        lambda db, c: review.take_action(c[0], ReviewAction.APPROVE, c[1], c[0].lock_version),
    ),
    "review.comment": (
        under_review,
        lambda db, c: review.add_comment(c[0], c[1], "Looks fine.", CommentVisibility.REVIEWERS),
    ),
    "flag.disposition": (
        flagged_submission,
        lambda db, c: review.dispose_flag(c[1], Disposition.CLEARED, "Consumer phone only.", c[2]),
    ),
    "plan.set": (
        under_review,
        lambda db, c: review.set_management_plan(
            c[0], review.PlanTerms("Conditions", c[1], local_today()), c[1]
        ),
    ),
    "organisation.rename": (
        lambda db: find_or_create_organisation("Acme Labs"),
        lambda db, o: rename_organisation(o, "Acme Laboratories"),
    ),
    "organisation.merge": (
        lambda db: (
            find_or_create_organisation("Huawei"),
            find_or_create_organisation("Huawei Tech Co"),
        ),
        lambda db, c: merge_organisations(c[1], c[0]),
    ),
    "watchlist.add_local": (
        lambda db: make_person(Role.ADMIN),
        lambda db, a: add_local_entry(
            "Zeta Corp", [], Category.MILITARY_COMPANY, Severity.CRITICAL, "CN", "Review", a.id
        ),
    ),
    "watchlist.retire_local": (
        lambda db: add_local_entry(
            "Eta Corp",
            [],
            Category.MILITARY_COMPANY,
            Severity.CRITICAL,
            "CN",
            "Review",
            make_person(Role.ADMIN).id,
        ),
        lambda db, r: retire_local_entry(r),
    ),
}


@pytest.mark.parametrize("action", SCENARIOS)
def test_each_action_writes_exactly_one_entry(db, action):
    set_up, perform = SCENARIOS[action]
    context = set_up(db)
    before = count(db, action)
    perform(db, context)
    assert count(db, action) == before + 1


@pytest.mark.parametrize(
    "action",
    ["item.create", "disclosure.submit", "review.return", "role.grant", "watchlist.add_local"],
)
def test_a_rolled_back_action_leaves_no_entry(db, action):
    set_up, perform = SCENARIOS[action]
    context = set_up(db)
    before = count(db, action)
    with pytest.raises(RuntimeError, match="injected"), db.session.begin_nested():
        perform(db, context)
        assert count(db, action) == before + 1
        raise RuntimeError("injected failure after the change")
    assert count(db, action) == before


def test_sign_in_failed_sign_in_and_sign_out_are_recorded(client, db):
    person = make_person(Role.FACULTY)
    login(client, person.email, "wrong password!!")
    login(client, "nobody@example.edu", PASSWORD)
    login(client, person.email)
    client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/my").text)})
    failed = list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == "auth.sign_in_failed")
            .order_by(AuditEntry.id)
        )
    )
    assert [(e.actor_label, e.object_id) for e in failed] == [
        (person.email, str(person.id)),
        ("nobody@example.edu", "unknown"),
    ]
    assert count(db, "auth.sign_in") == 1 and count(db, "auth.sign_out") == 1
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "auth.sign_in"))
    assert entry.ip_address == "127.0.0.1" and entry.user_agent
    assert "password" not in (entry.summary + str(entry.after)).lower()


def test_download_is_recorded(client, db):
    disclosure = make_disclosure()
    attachment = store_attachment(disclosure, pdf(), AttachmentPurpose.OTHER, disclosure.person)
    login(client, disclosure.person.email)
    response = client.get(f"/attachments/{attachment.id}")
    response.close()
    assert count(db, "attachment.download") == 1


def test_no_entry_contains_a_password_or_its_hash(db):
    person = make_person(Role.FACULTY)
    people.set_password(person, "a very secret passphrase")
    for entry in db.session.scalars(select(AuditEntry)):
        text = f"{entry.summary} {entry.before} {entry.after}"
        assert "a very secret passphrase" not in text
        assert "$argon2" not in text
