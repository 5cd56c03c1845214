"""Every free-text field of every item form, posted through the app with hostile text.

Outcomes allowed: saved (302), and then the edit form and the disclosure page show what
was sent after the documented normalisation; or refused (400) with what was typed kept
in the form. Never a crash. A value the field's rules allow must be saved, unless it
holds control characters (see `may_be_refused`).
"""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from wtforms import StringField
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, Length

from app.disclosures.enums import ItemKind
from app.disclosures.items import DisclosureItem
from forms.disclosures import ITEM_FORMS
from tests.disclosures.helpers import post_item
from tests.hostile.rendered import field_value, shows_text
from tests.hostile.strategies import HOSTILE, any_hostile_text, may_be_refused

#: Names are found or created by their folded form: a word of its own in front keeps
#: each example's organisation new (`match_key` would otherwise join look-alikes).
_markers = itertools.count(1)
ORGANISATION_FIELDS = {"organisation", "contract_counterparty"}
#: Contract terms are stored as typed; item columns are trimmed (`column_value`).
#: Every text is stored trimmed; none is kept exactly as typed.
UNTRIMMED_FIELDS: set[str] = set()
#: The field an item is listed by on the disclosure page, where it is not the organisation.
SUMMARY_FIELDS = {ItemKind.SUPPORT: "title"}
#: What a contract needs besides the field under test.
CONTRACT = {
    "backed_by_contract": True,
    "contract_type": "Other",
    "contract_signed_on": date(2024, 1, 1),
}


def text_fields(kind: ItemKind) -> dict[str, tuple[int | None, bool]]:
    """Each free-text field of the kind's form: (maximum length, required)."""
    fields = {}
    form_class = ITEM_FORMS[kind]
    for name in dir(form_class):
        unbound = getattr(form_class, name)
        if isinstance(unbound, UnboundField) and issubclass(unbound.field_class, StringField):
            validators = unbound.kwargs.get("validators", ())
            maximum = min((v.max for v in validators if isinstance(v, Length)), default=None)
            required = any(isinstance(v, DataRequired) for v in validators)
            fields[name] = (maximum, required)
    return fields


def stored_form(name: str, sent: str) -> str:
    """What the app keeps of a value: the documented normalisation."""
    if name in ORGANISATION_FIELDS:
        return " ".join(sent.split())
    if name in UNTRIMMED_FIELDS:
        return sent
    return sent.strip()


def test_every_kind_has_its_free_text_fields_under_test():
    assert set(text_fields(ItemKind.SUPPORT)) >= {
        "organisation",
        "title",
        "award_number",
        "objectives",
        "in_kind_description",
        "overlap_statement",
        "place_of_performance",
        "contract_counterparty",
        "contract_ip_terms",
        "contract_confidentiality_terms",
        "contract_governing_law",
    }
    assert set(text_fields(ItemKind.INFORMAL_COLLABORATION)) == {
        "organisation",
        "collaborator",
        "shared",
    }
    assert set(text_fields(ItemKind.SPONSORED_TRAVEL)) == {"organisation", "destination", "purpose"}


def latest_item(disclosure_id: int) -> DisclosureItem:
    from app.extensions import db

    return db.session.scalars(
        select(DisclosureItem)
        .where(DisclosureItem.disclosure_id == disclosure_id)
        .order_by(DisclosureItem.id.desc())
    ).first()


@pytest.mark.parametrize("kind", list(ItemKind), ids=str)
@settings(HOSTILE, max_examples=20)
@given(field_number=st.integers(min_value=0, max_value=99), value=any_hostile_text())
@example(field_number=0, value="a\x00b")
def test_hostile_text_in_an_item_form(client, draft, kind, field_number, value):
    fields = text_fields(kind)
    name = sorted(fields)[field_number % len(fields)]
    if name in ORGANISATION_FIELDS:
        value = f"Hostile{next(_markers)} {value}"
    overrides = {name: value, **(CONTRACT if name.startswith("contract_") else {})}
    if kind is ItemKind.SUPPORT:
        overrides.setdefault("in_kind_value", Decimal("100"))
    before = latest_item(draft.id)

    response = post_item(client, draft.id, kind, **overrides)

    maximum, required = fields[name]
    # A blank optional field skips its other validators (WTForms' Optional).
    blank = not value.strip()
    allowed = not required if blank else maximum is None or len(value) <= maximum
    if response.status_code == 400:
        assert not allowed or may_be_refused(value), f"{name}: a valid value was refused"
        assert field_value(response.text, name) == value, f"{name}: what was typed was lost"
        return
    assert response.status_code == 302, (name, response.status_code)
    assert allowed, f"{name}: a value the form should refuse was saved"
    item = latest_item(draft.id)
    assert item is not None and item is not before
    expected = stored_form(name, value)
    edit_page = client.get(f"/disclosures/{draft.id}/items/{item.id}")
    assert edit_page.status_code == 200
    assert field_value(edit_page.text, name) == expected, name
    if name == SUMMARY_FIELDS.get(kind, "organisation") or name == "collaborator":
        show_page = client.get(f"/disclosures/{draft.id}")
        assert show_page.status_code == 200
        assert shows_text(show_page.text, expected)
