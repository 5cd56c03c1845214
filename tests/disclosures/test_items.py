"""Saving items of every kind through the operations."""

from __future__ import annotations

import pytest

from app.disclosures.enums import ItemKind
from app.disclosures.items import ITEM_CLASSES
from tests.factories import make_disclosure, make_item


@pytest.mark.parametrize("kind", list(ItemKind))
def test_each_kind_saves_with_its_organisation(db, kind):
    disclosure = make_disclosure()
    item = make_item(disclosure, kind)
    assert isinstance(item, ITEM_CLASSES[kind])
    assert item.organisation is not None
    assert item.created_by_id == disclosure.person_id
    db.session.expire_all()
    assert [i.id for i in disclosure.live_items] == [item.id]
