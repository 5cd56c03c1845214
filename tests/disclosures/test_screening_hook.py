"""Every saved item is screened; flags are stored, explained to the filer, and cleared
(not deleted) when the item no longer mentions the entity."""

from __future__ import annotations

from sqlalchemy import select

from app.disclosures.enums import ItemKind
from app.disclosures.operations import save_item
from app.screening.models import ItemFlag
from tests.disclosures.helpers import post_item
from tests.factories import ITEM_DATA, login, make_disclosure, make_item


def flags_of(db, item_id):
    return list(db.session.scalars(select(ItemFlag).where(ItemFlag.item_id == item_id)))


def test_flagged_collaboration_is_explained_to_the_filer(client, db):
    disclosure = make_disclosure()
    login(client, disclosure.person.email)
    response = post_item(
        client,
        disclosure.id,
        ItemKind.INFORMAL_COLLABORATION,
        organisation="Harbin Institute of Technology",
        country="CN",
        collaborator="Dr. Wei Zhang",
    )
    assert response.status_code == 302
    db.session.expire_all()
    (item,) = disclosure.live_items
    categories = {flag.category for flag in flags_of(db, item.id)}
    assert "defense_institution" in categories
    page = client.get(f"/disclosures/{disclosure.id}").text
    assert "mentions Harbin Institute of Technology" in page
    assert "You may still submit; it will be reviewed." in page


def test_collaborators_name_is_never_a_reason_for_a_flag(db):
    disclosure = make_disclosure()
    item = make_item(
        disclosure,
        ItemKind.INFORMAL_COLLABORATION,
        collaborator="Thousand Talents Plan Huawei",
        organisation="ETH Zurich",
        country="CH",
        shared="Lab notebooks",
    )
    assert flags_of(db, item.id) == []


def test_editing_the_mention_away_clears_the_flag_but_keeps_it(db):
    disclosure = make_disclosure()
    item = make_item(
        disclosure,
        ItemKind.OUTSIDE_COMPENSATION,
        description="Paid under the Thousand Talents Plan",
    )
    (flag,) = [f for f in flags_of(db, item.id) if f.category == "talent_program"]
    assert flag.cleared_at is None and flag.field == "description"
    save_item(
        disclosure,
        ItemKind.OUTSIDE_COMPENSATION,
        {**ITEM_DATA[ItemKind.OUTSIDE_COMPENSATION], "description": "Keynote lecture"},
        disclosure.person,
        item,
    )
    db.session.refresh(flag)
    assert flag.cleared_at is not None
    assert flags_of(db, item.id) == [flag]


def test_resaving_unchanged_text_adds_no_duplicate_flag(db):
    disclosure = make_disclosure()
    data = {
        **ITEM_DATA[ItemKind.SUPPORT],
        "organisation": "National Natural Science Foundation of China",
        "country": "CN",
    }
    item = save_item(disclosure, ItemKind.SUPPORT, data, disclosure.person)
    count = len(flags_of(db, item.id))
    save_item(disclosure, ItemKind.SUPPORT, data, disclosure.person, item)
    assert len(flags_of(db, item.id)) == count > 0
