"""Every number and date field of every item form, posted with hostile figures.

Outcomes allowed: saved (302), and then the stored value is a finite amount the column
holds (whole cents, at most 999,999,999,999.99, inside its range); or refused (400) with
what was typed kept beside the field. Never a crash: `sNaN` used to make the range check
raise, and `1e20` reached the database.
"""

from __future__ import annotations

import itertools
import time
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from wtforms import DateField
from wtforms.fields.core import UnboundField

from app.disclosures.enums import ItemKind
from app.disclosures.items import DisclosureItem
from app.extensions import db as flask_db
from forms.disclosures import ITEM_FORMS
from forms.numbers import MAX_AMOUNT, FiguresField, MoneyAmount
from tests.disclosures.helpers import post_item
from tests.hostile.rendered import field_value
from tests.hostile.strategies import HOSTILE, hostile_text

#: What people and attackers type into number boxes.
NUMBER_TEXTS = [
    "1e20",
    "1E+20",
    "Infinity",
    "-Infinity",
    "inf",
    "NaN",
    "sNaN",
    "-sNaN",
    "1e-20",
    "0.001",
    "12.345",
    "999999999999.99",
    "999999999999.999",
    "1000000000000",
    "1,000.50",
    "1,00",
    "-0",
    "+5",
    "-5",
    "٣",
    "²",
    "0x10",
    "1_000",
    " 12 ",
    "12 500",
    "$12",
    "12.",
    ".5",
    "1e99999",
    "9" * 5000,
]
DATE_TEXTS = [
    "2024-02-30",
    "0000-01-01",
    "9999-12-31",
    "99999-01-01",
    "2024-13-01",
    "2024-1-1",
    "01/02/2024",
    "2024-01-01T00:00",
    "yesterday",
    "-2024-01-01",
    "\uff12\uff10\uff12\uff14-01-01",  # full-width digits
]

number_text = st.one_of(
    st.sampled_from(NUMBER_TEXTS),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers().map(str),
    st.floats().map(repr),
    hostile_text(max_pieces=3),
)
date_text = st.one_of(
    st.sampled_from(DATE_TEXTS),
    st.dates().map(date.isoformat),
    hostile_text(max_pieces=3),
)
_markers = itertools.count(1)
#: What each kind needs besides the field under test, so that only that field decides.
CONTRACT = {"backed_by_contract": True, "contract_type": "Other"}


def fields_of(kind: ItemKind, field_class: type) -> list[str]:
    form_class = ITEM_FORMS[kind]
    return sorted(
        name
        for name in dir(form_class)
        if isinstance(unbound := getattr(form_class, name), UnboundField)
        and issubclass(unbound.field_class, field_class)
    )


def is_money(kind: ItemKind, name: str) -> bool:
    validators = getattr(ITEM_FORMS[kind], name).kwargs["validators"]
    return any(isinstance(v, MoneyAmount) for v in validators)


NUMBER_FIELDS = [(kind, name) for kind in ItemKind for name in fields_of(kind, FiguresField)]
DATE_FIELDS = [(kind, name) for kind in ItemKind for name in fields_of(kind, DateField)]
NUMBER_IDS = [f"{kind}-{name}" for kind, name in NUMBER_FIELDS]


def test_every_number_field_is_a_figures_field():
    """No plain DecimalField is left to accept Infinity or sNaN."""
    from wtforms import DecimalField, FloatField, IntegerField

    for kind, form_class in ITEM_FORMS.items():
        for name in dir(form_class):
            unbound = getattr(form_class, name)
            if isinstance(unbound, UnboundField) and issubclass(
                unbound.field_class, DecimalField | FloatField | IntegerField
            ):
                assert issubclass(unbound.field_class, FiguresField), (kind, name)
    money = {(k, n) for k, n in NUMBER_FIELDS if is_money(k, n)}
    assert (ItemKind.FINANCIAL_INTEREST, "exact_amount") in money
    assert (ItemKind.SUPPORT, "in_kind_value") in money
    assert (ItemKind.SPONSORED_TRAVEL, "value") in money
    assert (ItemKind.OUTSIDE_ACTIVITY, "days_per_year") in NUMBER_FIELDS
    assert (ItemKind.SUPPORT, "summer_months") in NUMBER_FIELDS


def latest_item(disclosure_id: int) -> DisclosureItem | None:
    return flask_db.session.scalars(
        select(DisclosureItem)
        .where(DisclosureItem.disclosure_id == disclosure_id)
        .order_by(DisclosureItem.id.desc())
    ).first()


def post_one_field(client, disclosure, kind: ItemKind, name: str, value: str):
    overrides = {
        name: value,
        "organisation": f"Figures{next(_markers)} Ltd",
        **(CONTRACT if name.startswith("contract_") else {}),
    }
    if kind is ItemKind.SUPPORT and name != "in_kind_value":
        overrides.setdefault("in_kind_value", "100")
    if kind is ItemKind.OUTSIDE_ACTIVITY and name == "amount":
        overrides["compensated"] = True
    if kind is ItemKind.FOREIGN_APPOINTMENT and name == "amount":
        overrides["appointment_type"] = "paid"
    if name == "exact_amount":
        overrides["currency"] = "EUR"  # the band check is for dollars: see its own test
    return post_item(client, disclosure.id, kind, **overrides)


@pytest.mark.parametrize(("kind", "name"), NUMBER_FIELDS, ids=NUMBER_IDS)
@settings(HOSTILE, max_examples=15)
@given(value=number_text)
@example(value="1e20")
@example(value="Infinity")
@example(value="sNaN")
@example(value="NaN")
def test_hostile_figures_in_a_number_field(client, draft, kind, name, value):
    before = latest_item(draft.id)
    response = post_one_field(client, draft, kind, name, value)
    if response.status_code == 400:
        # Spaces alone are an empty box.
        kept = value if value.strip() else ""
        assert field_value(response.text, name) == kept, f"{name}: what was typed was lost"
        return
    assert response.status_code == 302, (name, value, response.status_code)
    item = latest_item(draft.id)
    assert item is not None and item is not before
    stored = getattr(item, name)
    if not value.strip():
        return
    assert isinstance(stored, Decimal) and stored.is_finite()
    assert stored == Decimal(value.strip().replace(",", ""))
    if is_money(kind, name):
        assert 0 <= stored <= MAX_AMOUNT and stored == stored.quantize(Decimal("0.01"))


@pytest.mark.parametrize(
    "value",
    ["1e20", "1000000000000", "Infinity", "-Infinity", "NaN", "sNaN", "12.345", "-1"],
)
def test_money_that_no_column_holds_is_refused_beside_the_field(client, draft, value):
    response = post_one_field(client, draft, ItemKind.OUTSIDE_COMPENSATION, "amount", value)
    assert response.status_code == 400
    assert field_value(response.text, "amount") == value
    expected = {
        "1e20": "at most 999,999,999,999.99",
        "1000000000000": "at most 999,999,999,999.99",
        "12.345": "at most two decimals",
        "-1": "Enter zero or more.",
    }.get(value, "Enter the amount in figures")
    assert expected in response.text


@pytest.mark.parametrize(("kind", "name"), DATE_FIELDS, ids=[f"{k}-{n}" for k, n in DATE_FIELDS])
@settings(HOSTILE, max_examples=10)
@given(value=date_text)
@example(value="0000-01-01")
@example(value="99999-01-01")
def test_hostile_dates_in_a_date_field(client, draft, kind, name, value):
    response = post_one_field(client, draft, kind, name, value)
    if response.status_code == 400:
        assert field_value(response.text, name) == value, f"{name}: what was typed was lost"
        return
    assert response.status_code == 302, (name, value, response.status_code)
    item = latest_item(draft.id)
    if name.startswith("contract_"):
        item, name = item.contract, name.removeprefix("contract_")
    stored = getattr(item, name)
    if value.strip():
        # What the browser's date box sends, read as WTForms reads it (%Y-%m-%d).
        assert stored == date(*time.strptime(value.strip(), "%Y-%m-%d")[:3])
        assert 1950 <= stored.year <= 2100


@pytest.mark.parametrize(
    ("band", "amount", "currency", "accepted"),
    [
        ("10000-19999", "12500", "USD", True),
        ("10000-19999", "19999.99", "USD", True),
        ("10000-19999", "20000", "USD", False),
        ("10000-19999", "9999.99", "USD", False),
        ("300000+", "5000000", "USD", True),
        ("0-4999", "4999.50", "USD", True),
        # The bands are in dollars: an amount in another currency is not compared.
        ("10000-19999", "250000", "EUR", True),
    ],
)
def test_an_exact_amount_must_be_in_the_value_band_chosen(
    client, draft, band, amount, currency, accepted
):
    response = post_item(
        client,
        draft.id,
        ItemKind.FINANCIAL_INTEREST,
        value_band=band,
        exact_amount=amount,
        currency=currency,
    )
    if accepted:
        assert response.status_code == 302
        assert latest_item(draft.id).exact_amount == Decimal(amount)
        return
    assert response.status_code == 400
    assert field_value(response.text, "exact_amount") == amount
    assert "is not in the value band chosen" in response.text
    assert "checked for amounts in USD only" in response.text


# --- The other forms with numbers and dates -------------------------------------------------


@pytest.fixture()
def cycle_manager(client, db):
    from app.people.roles import Role
    from tests.factories import login, make_person

    person = make_person(Role.ADMIN)
    login(client, person.email)
    return person


CYCLE_FIELDS = ["year", "opens_on", "due_on"]


@pytest.mark.parametrize("name", CYCLE_FIELDS)
@settings(HOSTILE, max_examples=15)
@given(value=st.one_of(number_text, date_text))
@example(value="1e20")
@example(value="sNaN")
@example(value=str(10**20))
def test_hostile_values_when_opening_a_cycle(client, cycle_manager, name, value):
    from tests.disclosures.helpers import post_form

    fields = {"year": "2040", "opens_on": "2040-01-05", "due_on": "2040-03-31", name: value}
    response = post_form(client, "/cycles/", "/cycles/", **fields)
    # 302: opened; 200: a confirmation asked (a due date outside the year typed).
    assert response.status_code in (200, 302, 400), (name, value, response.status_code)
    if response.status_code == 400:
        assert field_value(response.text, name) == value, f"{name}: what was typed was lost"
    if response.status_code == 302:
        from app.cycles.queries import all_cycles

        opened = all_cycles()[0]
        assert 2000 <= opened.year <= 2100 and opened.opens_on < opened.due_on
        flask_db.session.delete(opened)  # the next example opens the same year again
        flask_db.session.flush()


@pytest.mark.parametrize("form_name", ["extension", "extend", "dates"])
@settings(HOSTILE, max_examples=10)
@given(value=date_text)
@example(value="0000-01-01")
def test_hostile_dates_when_changing_a_cycle(client, cycle_manager, form_name, value):
    from tests.conftest import csrf_token_from
    from tests.factories import make_cycle

    cycle = make_cycle(2040, date(2040, 1, 5), date(2040, 3, 31))
    token = csrf_token_from(client.get(f"/cycles/{cycle.id}").text)
    action = {"extension": "extensions", "extend": "extend", "dates": "dates"}[form_name]
    data = {
        f"{form_name}-csrf_token": token,
        f"{form_name}-due_on": value,
        f"{form_name}-opens_on": "2040-01-05",
        f"{form_name}-email": cycle_manager.email,
        f"{form_name}-reason": "Hostile input",
    }
    response = client.post(f"/cycles/{cycle.id}/{action}", data=data)
    assert response.status_code in (302, 400), (form_name, value, response.status_code)
    if response.status_code == 400:
        kept = field_value(response.text, f"{form_name}-due_on")
        assert kept == value, f"{form_name}: what was typed was lost"


@settings(HOSTILE, max_examples=15)
@given(value=date_text)
@example(value="99999-01-01")
def test_hostile_dates_when_starting_an_event_disclosure(client, draft, value):
    from tests.disclosures.helpers import post_form

    response = post_form(
        client,
        "/disclosures/start/event",
        "/disclosures/start/event",
        event_date=value,
        summary="A new consulting agreement",
    )
    assert response.status_code in (302, 400), (value, response.status_code)
    if response.status_code == 400:
        assert field_value(response.text, "event_date") == value
