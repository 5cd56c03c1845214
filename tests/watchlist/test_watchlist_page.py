"""The watchlist page: who sees it, searching, trying a text, local entries."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.disclosures.enums import ItemKind
from app.disclosures.rescreen import rescreen_items
from app.people.roles import Role
from app.screening.models import ItemFlag, StoredWatchlistEntry
from tests.disclosures.helpers import post_form
from tests.factories import login, make_disclosure, make_item, make_person


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.ADMIN, 200), (Role.COI_OFFICE, 200), (Role.FACULTY, 403), (Role.GENERAL_COUNSEL, 403)],
)
def test_who_sees_the_watchlist(client, db, role, status):
    login(client, make_person(role).email)
    assert client.get("/watchlist/").status_code == status


def test_search_finds_builtin_entries_by_alias(client, db):
    login(client, make_person(Role.ADMIN).email)
    page = client.get("/watchlist/?q=千人计划").text
    assert "Thousand Talents" in page
    assert "built-in" in page


def test_trying_a_text_highlights_its_matches_and_escapes_the_rest(client, db):
    login(client, make_person(Role.COI_OFFICE).email)
    text = "<script>alert(1)</script> Postdoc at Beihang University"
    response = post_form(client, "/watchlist/", "/watchlist/try", text=text)
    assert response.status_code == 200
    assert '<mark class="flag-critical"' in response.text
    assert ">Beihang University</mark>" in response.text
    assert '<a href="/profiles/entities/beihang-university" class="profile-link">' in response.text
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_admin_adds_and_retires_a_local_entry_and_rescreen_follows(client, db):
    admin = make_person(Role.ADMIN)
    item = make_item(
        make_disclosure(),
        ItemKind.OUTSIDE_COMPENSATION,
        organisation="Nimbus Aerodynamics Institute",
        country="AE",
    )
    login(client, admin.email)
    response = post_form(
        client,
        "/watchlist/",
        "/watchlist/local",
        canonical_name="Nimbus Aerodynamics Institute",
        aliases="NAI-Nimbus",
        category="defense_institution",
        severity="high",
        country="AE",
        source="Research security review 2026-11",
    )
    assert response.status_code == 302
    record = db.session.scalar(select(StoredWatchlistEntry))
    assert record.entry_id == "local:nimbus-aerodynamics-institute"
    rescreen_items()
    (flag,) = db.session.scalars(select(ItemFlag).where(ItemFlag.item_id == item.id))
    assert flag.category == "defense_institution" and flag.cleared_at is None

    post_form(client, "/watchlist/", f"/watchlist/local/{record.id}/retire")
    db.session.expire_all()
    assert record.retired_at is not None
    rescreen_items()
    db.session.refresh(flag)
    assert flag.cleared_at is not None and flag.cleared_by_version


def test_local_entry_form_errors_keep_the_input(client, db):
    login(client, make_person(Role.ADMIN).email)
    response = post_form(
        client,
        "/watchlist/",
        "/watchlist/local",
        canonical_name="Kept Name",
        category="defense_institution",
        severity="high",
        source="",
    )
    assert response.status_code == 400
    assert "Give the source." in response.text
    assert 'value="Kept Name"' in response.text


def test_coi_office_cannot_add_local_entries(client, db):
    login(client, make_person(Role.COI_OFFICE).email)
    response = post_form(
        client,
        "/watchlist/",
        "/watchlist/local",
        canonical_name="X",
        category="defense_institution",
        severity="high",
        source="y",
    )
    assert response.status_code == 403
