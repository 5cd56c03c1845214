"""Each kind's validation: good values pass, bad values are named beside their field and
what was typed comes back."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.clock import local_today
from app.disclosures.enums import ItemKind
from tests.disclosures.helpers import post_item
from tests.factories import login, make_disclosure

FUTURE = local_today() + timedelta(days=30)

BAD_VALUES = [
    (ItemKind.FINANCIAL_INTEREST, {"organisation": ""}, "Name the entity."),
    (ItemKind.FINANCIAL_INTEREST, {"exact_amount": "12,5x"}, "Enter the amount in figures"),
    (ItemKind.FINANCIAL_INTEREST, {"exact_amount": "-5"}, "Enter zero or more."),
    (ItemKind.FINANCIAL_INTEREST, {"value_band": "a lot"}, "Not a valid choice."),
    (ItemKind.FINANCIAL_INTEREST, {"acquired_on": "0202-01-01"}, "Enter a year between"),
    (ItemKind.FINANCIAL_INTEREST, {"country": ""}, "Choose the country."),
    (
        ItemKind.OUTSIDE_ACTIVITY,
        {"ends_on": "2020-01-01"},
        "This must be on or after the start date.",
    ),
    (ItemKind.OUTSIDE_ACTIVITY, {"days_per_year": "400"}, "Enter between 0 and 366 days."),
    (ItemKind.OUTSIDE_ACTIVITY, {"amount": None}, "Give the compensation."),
    (ItemKind.SUPPORT, {"title": ""}, "Give the project title."),
    (ItemKind.SUPPORT, {"ends_on": "2020-01-01"}, "This must be on or after the start date."),
    (ItemKind.SUPPORT, {"summer_months": "13"}, "Enter between 0 and 12 months."),
    (ItemKind.SUPPORT, {"in_kind_description": "Lab space"}, "Estimate the value of the in-kind"),
    (ItemKind.SUPPORT, {"total_amount": None}, "Give the total amount."),
    (
        ItemKind.OUTSIDE_COMPENSATION,
        {"received_on": FUTURE.isoformat()},
        "This date cannot be in the future.",
    ),
    (ItemKind.OUTSIDE_COMPENSATION, {"payer_government_funded": "perhaps"}, "Not a valid choice."),
    (ItemKind.INFORMAL_COLLABORATION, {"collaborator": ""}, "Name the collaborator."),
    (ItemKind.INFORMAL_COLLABORATION, {"nature": "friendship"}, "Not a valid choice."),
    (
        ItemKind.FOREIGN_APPOINTMENT,
        {"appointment_type": "paid", "amount": None},
        "Give the compensation of a paid appointment.",
    ),
    (ItemKind.FOREIGN_APPOINTMENT, {"title": ""}, "Give the title."),
    (
        ItemKind.SPONSORED_TRAVEL,
        {"returns_on": "2025-05-01"},
        "This must be on or after the departure.",
    ),
    (ItemKind.SPONSORED_TRAVEL, {"purpose": ""}, "Give the purpose of the trip."),
    (
        ItemKind.OUTSIDE_COMPENSATION,
        {"backed_by_contract": True, "contract_type": ""},
        "Choose the type of contract.",
    ),
    (
        ItemKind.OUTSIDE_ACTIVITY,
        {"backed_by_contract": True, "contract_type": "Other", "contract_signed_on": None},
        "Give the signing date.",
    ),
]


@pytest.mark.parametrize(
    ("kind", "overrides", "message"),
    BAD_VALUES,
    ids=[f"{k.value}-{next(iter(o))}" for k, o, _ in BAD_VALUES],
)
def test_bad_value_is_refused_beside_its_field(client, db, kind, overrides, message):
    disclosure = make_disclosure()
    login(client, disclosure.person.email)
    response = post_item(client, disclosure.id, kind, **overrides)
    assert response.status_code == 400
    assert message in response.text
    assert "is-invalid" in response.text
    db.session.expire_all()
    assert disclosure.live_items == []


@pytest.mark.parametrize("kind", list(ItemKind))
def test_input_is_kept_when_another_field_is_wrong(client, db, kind):
    disclosure = make_disclosure()
    login(client, disclosure.person.email)
    broken = {"organisation": "Kept Organisation Name"}
    broken["country"] = "XX"  # not a country: refused
    response = post_item(client, disclosure.id, kind, **broken)
    assert response.status_code == 400
    assert 'value="Kept Organisation Name"' in response.text


GOOD_VALUES = [
    (ItemKind.FINANCIAL_INTEREST, {"exact_amount": None, "acquired_on": None}),
    (ItemKind.OUTSIDE_ACTIVITY, {"compensated": False, "amount": None, "ends_on": "2030-12-31"}),
    (
        ItemKind.SUPPORT,
        {"status": "pending", "in_kind_description": "Bench space", "in_kind_value": "5000"},
    ),
    (
        ItemKind.OUTSIDE_COMPENSATION,
        {
            "backed_by_contract": True,
            "contract_type": "Consulting agreement",
            "contract_signed_on": "2025-01-15",
            "contract_governing_law": "England and Wales",
        },
    ),
    (ItemKind.INFORMAL_COLLABORATION, {"since": None}),
    (ItemKind.FOREIGN_APPOINTMENT, {"appointment_type": "paid", "amount": "20000"}),
    (ItemKind.SPONSORED_TRAVEL, {"value": None}),
]


@pytest.mark.parametrize(("kind", "overrides"), GOOD_VALUES, ids=[k.value for k, _ in GOOD_VALUES])
def test_good_values_are_saved(client, db, kind, overrides):
    disclosure = make_disclosure()
    login(client, disclosure.person.email)
    response = post_item(client, disclosure.id, kind, **overrides)
    assert response.status_code == 302, response.text
    db.session.expire_all()
    (item,) = disclosure.live_items
    if overrides.get("backed_by_contract"):
        assert item.contract is not None
        assert item.contract.governing_law == "England and Wales"
        assert item.contract.counterparty_id == item.organisation_id
