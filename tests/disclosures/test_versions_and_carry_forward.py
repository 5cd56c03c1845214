"""Submitted versions are immutable; amendments and carry-forward behave."""

from __future__ import annotations

import copy
from datetime import date, timedelta

import pytest

from app.clock import local_today
from app.disclosures.enums import CarryForward, DisclosureStatus, ItemKind
from app.disclosures.operations import FilingError, save_item, submit_disclosure
from app.people.roles import Role
from tests.conftest import csrf_token_from
from tests.disclosures.helpers import certify, post_form, post_item
from tests.factories import (
    ITEM_DATA,
    login,
    make_cycle,
    make_disclosure,
    make_item,
    make_person,
    make_submitted,
)


def state_changing_disclosure_routes(app, disclosure_id: int, item_id: int) -> list[str]:
    """Every POST route under /disclosures, filled in for one disclosure and item."""
    paths = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or not rule.rule.startswith("/disclosures/<int"):
            continue
        values = {"disclosure_id": disclosure_id, "item_id": item_id, "kind": "support"}
        paths.append(rule.build({k: v for k, v in values.items() if k in rule.arguments})[1])
    return paths


def test_no_route_changes_a_submitted_disclosure(app, client, db):
    disclosure = make_submitted(make_disclosure(), (ItemKind.SUPPORT, ItemKind.SPONSORED_TRAVEL))
    item = disclosure.live_items[0]
    snapshot = copy.deepcopy(disclosure.versions[0].snapshot)
    login(client, disclosure.person.email)
    token = csrf_token_from(client.get(f"/disclosures/{disclosure.id}").text)
    routes = state_changing_disclosure_routes(app, disclosure.id, item.id)
    assert len(routes) >= 6
    for path in routes:
        if path.endswith("/amend"):
            continue  # amending is allowed: it reopens without touching the version
        data = {
            **{k: str(v) for k, v in ITEM_DATA[ItemKind.SUPPORT].items() if v is not None},
            "title": "Changed",
            "csrf_token": token,
            "answer": "yes",
            "details": "x",
            "certified": "y",
            "typed_name": disclosure.person.full_name,
        }
        response = client.post(path, data=data)
        if path.endswith("/submit"):
            # A second submission is told "already submitted" and sent back: no change.
            assert response.status_code == 302, path
            continue
        assert response.status_code in (403, 404), (path, response.status_code)
    db.session.expire_all()
    assert disclosure.status is DisclosureStatus.SUBMITTED
    assert disclosure.versions[0].snapshot == snapshot
    assert len(disclosure.versions) == 1


def test_operations_refuse_changes_to_a_submitted_disclosure(db):
    disclosure = make_submitted(make_disclosure(), (ItemKind.SUPPORT,))
    with pytest.raises(FilingError, match="amend it instead"):
        save_item(disclosure, ItemKind.SUPPORT, ITEM_DATA[ItemKind.SUPPORT], disclosure.person)
    with pytest.raises(FilingError):
        submit_disclosure(disclosure, disclosure.person, disclosure.person.full_name, True)


def test_amendment_keeps_the_old_version_and_shows_the_difference(client, db):
    disclosure = make_submitted(make_disclosure(), (ItemKind.OUTSIDE_COMPENSATION,))
    before = copy.deepcopy(disclosure.versions[0].snapshot)
    login(client, disclosure.person.email)
    post_form(client, f"/disclosures/{disclosure.id}", f"/disclosures/{disclosure.id}/amend")
    item = disclosure.live_items[0]
    assert (
        post_item(
            client, disclosure.id, ItemKind.OUTSIDE_COMPENSATION, item.id, amount="2500"
        ).status_code
        == 302
    )
    post_item(client, disclosure.id, ItemKind.INFORMAL_COLLABORATION)
    response = certify(client, disclosure.id, disclosure.person.full_name)
    assert response.status_code == 302
    db.session.expire_all()
    assert [v.number for v in disclosure.versions] == [1, 2]
    assert disclosure.versions[0].snapshot == before
    page = client.get(f"/disclosures/{disclosure.id}/versions/2").text
    assert "What changed since version 1" in page
    assert "1500.00" in page and "2500.00" in page
    assert "Added" in page and "Uppsala University" in page


def test_carry_forward_copies_last_years_items_and_needs_a_decision_on_each(client, db):
    person = make_person(Role.FACULTY)
    last_year = make_cycle(2025, date(2025, 1, 1), date(2025, 3, 1))
    previous = make_submitted(
        make_disclosure(person, last_year),
        (ItemKind.FINANCIAL_INTEREST, ItemKind.SUPPORT, ItemKind.SPONSORED_TRAVEL),
    )
    this_year = make_cycle(
        2026, local_today() - timedelta(days=5), local_today() + timedelta(days=60)
    )
    login(client, person.email)
    response = post_form(
        client, "/my", f"/disclosures/start/annual/{this_year.id}", carry_forward=True
    )
    disclosure_id = int(response.headers["Location"].rsplit("/", 1)[-1])
    from app.disclosures.models import Disclosure

    disclosure = db.session.get(Disclosure, disclosure_id)
    carried = disclosure.live_items
    assert len(carried) == 3
    assert {i.carried_forward_from_id for i in carried} == {i.id for i in previous.live_items}
    assert all(i.carry_forward is CarryForward.PENDING for i in carried)
    page = client.get(f"/disclosures/{disclosure_id}").text
    assert "3 item(s) carried forward from last year need a decision" in page

    post_form(
        client, f"/disclosures/{disclosure_id}", f"/disclosures/{disclosure_id}/talent", answer="no"
    )
    refused = post_form(
        client,
        f"/disclosures/{disclosure_id}/submit",
        f"/disclosures/{disclosure_id}/submit",
        certified=True,
        typed_name=person.full_name,
    )
    assert refused.status_code == 400 and "need a decision" in refused.text

    interest, support, travel = sorted(carried, key=lambda i: i.id)
    post_form(
        client,
        f"/disclosures/{disclosure_id}",
        f"/disclosures/{disclosure_id}/items/{interest.id}/confirm",
    )
    post_item(client, disclosure_id, ItemKind.SUPPORT, support.id, total_amount="650000")
    post_form(
        client,
        f"/disclosures/{disclosure_id}",
        f"/disclosures/{disclosure_id}/items/{travel.id}/withdraw",
    )
    db.session.expire_all()
    assert interest.carry_forward is CarryForward.CONFIRMED
    assert support.carry_forward is CarryForward.CONFIRMED
    assert travel.withdrawn_at is not None
    accepted = post_form(
        client,
        f"/disclosures/{disclosure_id}/submit",
        f"/disclosures/{disclosure_id}/submit",
        certified=True,
        typed_name=person.full_name,
    )
    assert accepted.status_code == 302
    db.session.expire_all()
    assert len(disclosure.versions[0].snapshot["items"]) == 2
    # Last year's disclosure is untouched.
    assert len(previous.live_items) == 3


def test_starting_without_carry_forward_starts_empty(db):
    person = make_person(Role.FACULTY)
    make_submitted(make_disclosure(person, make_cycle(2025)), (ItemKind.SUPPORT,))
    fresh = make_disclosure(person, make_cycle(2026), carry_forward=False)
    assert fresh.live_items == []


def test_carried_contract_is_copied_with_its_item(db):
    person = make_person(Role.FACULTY)
    previous = make_disclosure(person, make_cycle(2025))
    make_item(
        previous,
        ItemKind.OUTSIDE_ACTIVITY,
        backed_by_contract=True,
        contract_type="Consulting agreement",
        contract_signed_on=date(2024, 5, 1),
    )
    make_submitted(previous)
    carried = make_disclosure(person, make_cycle(2026), carry_forward=True).live_items[0]
    assert carried.contract is not None
    assert carried.contract.contract_type == "Consulting agreement"
    assert carried.contract.id != previous.live_items[0].contract.id
