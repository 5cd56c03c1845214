"""Organisations: one shared record per organisation, curated by the COI office."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.disclosures.enums import ItemKind
from app.disclosures.operations import withdraw_item
from app.organisations.models import Organisation, OrganisationType
from app.organisations.operations import (
    OrganisationError,
    find_or_create_organisation,
    match_key,
    merge_organisations,
    rename_organisation,
)
from app.organisations.queries import (
    find_organisation,
    merged_records,
    possible_duplicates,
    relationships_of,
    suggest_organisations,
)
from app.people.roles import Role
from tests.conftest import csrf_token_from
from tests.factories import (
    login,
    make_department,
    make_disclosure,
    make_item,
    make_person,
    make_submitted,
)

LONG_NAME = "Huawei Technologies Co., Ltd."


def token(client) -> str:
    """A CSRF token from the signed-in person's landing page (its sign-out form)."""
    return csrf_token_from(client.get("/", follow_redirects=True).text)


# --- Matching names --------------------------------------------------------------------


def test_match_key_folds_case_punctuation_and_legal_forms(db):
    assert match_key(LONG_NAME) == match_key("HUAWEI TECHNOLOGIES CO LTD") == "huawei technologies"
    assert match_key("Universität Zürich") == match_key("universitat zurich")
    assert match_key("Huawei") != match_key(LONG_NAME)


def test_same_organisation_however_typed_until_merged(db):
    long_form = find_or_create_organisation(LONG_NAME)
    assert find_or_create_organisation("HUAWEI TECHNOLOGIES CO LTD") is long_form
    short_form = find_or_create_organisation("Huawei")
    assert short_form.id != long_form.id

    merge_organisations(short_form, long_form)

    assert find_or_create_organisation("Huawei").id == long_form.id


def test_find_or_create_reuses_a_record_by_its_former_name(db):
    organisation = find_or_create_organisation("Acme Instruments Inc.")
    rename_organisation(organisation, "Acme Scientific Instruments")
    assert organisation.aliases == ["Acme Instruments Inc."]
    assert find_or_create_organisation("ACME INSTRUMENTS").id == organisation.id


def test_rename_to_another_records_name_is_refused(db):
    find_or_create_organisation(LONG_NAME)
    short_form = find_or_create_organisation("Huawei")
    with pytest.raises(OrganisationError, match="merge the two instead") as refused:
        rename_organisation(short_form, "Huawei Technologies Ltd")
    assert refused.value.field == "name"


def test_a_merged_record_cannot_be_merged_again(db):
    first = find_or_create_organisation("Northwind Analytics")
    second = find_or_create_organisation("Northwind")
    third = find_or_create_organisation("Northwind Labs")
    merge_organisations(second, first)
    with pytest.raises(OrganisationError, match="was merged into “Northwind Analytics”"):
        merge_organisations(second, third)


# --- Queries ---------------------------------------------------------------------------


def test_suggestions_start_with_before_contains_and_skip_merged_records(db):
    long_form = find_or_create_organisation(LONG_NAME)
    partner = find_or_create_organisation("Shenzhen Huawei Partner Institute")
    short_form = find_or_create_organisation("Huawei")
    find_or_create_organisation("Acme Instruments")
    merge_organisations(short_form, long_form)

    assert suggest_organisations("huawei") == [long_form, partner]
    assert suggest_organisations("HUA", limit=1) == [long_form]
    assert suggest_organisations("acme") != []
    assert suggest_organisations("%") == []


def test_possible_duplicates_share_a_first_word_or_a_prefix(db):
    short_form = find_or_create_organisation("Huawei")
    long_form = find_or_create_organisation(LONG_NAME)
    device = find_or_create_organisation("Huawei Device Co.")
    find_or_create_organisation("Acme Instruments")

    assert possible_duplicates(short_form) == [device, long_form]
    assert possible_duplicates(long_form) == [short_form, device]


def test_merged_records_follow_chains(db):
    first = find_or_create_organisation("Gordon Research Conferences")
    second = find_or_create_organisation("Gordon Research")
    third = find_or_create_organisation("GRC")
    merge_organisations(third, second)
    merge_organisations(second, first)

    assert {record.id for record in merged_records(first)} == {second.id, third.id}
    assert {"Gordon Research", "GRC"} <= set(first.aliases)
    assert find_organisation("grc").id == first.id
    assert find_organisation(f"#{third.id}").id == first.id


def test_relationships_include_contract_counterparties_but_not_withdrawn_items(db):
    disclosure = make_disclosure()
    named = make_item(disclosure, ItemKind.OUTSIDE_ACTIVITY, organisation="Northwind Analytics")
    counterparty = make_item(
        disclosure,
        ItemKind.FINANCIAL_INTEREST,
        organisation="Acme Instruments",
        backed_by_contract=True,
        contract_counterparty="Northwind Analytics LLC",
        contract_type="Consulting agreement",
        contract_signed_on=date(2024, 1, 15),
    )
    withdrawn = make_item(disclosure, ItemKind.OUTSIDE_COMPENSATION, organisation="Northwind")
    withdraw_item(withdrawn, disclosure.person)
    drafted = make_disclosure(make_person(Role.FACULTY))
    make_item(drafted, ItemKind.OUTSIDE_ACTIVITY, organisation="Northwind Analytics")
    make_submitted(disclosure)

    rows = relationships_of(find_organisation("Northwind Analytics"))

    # The certified items only (the other person's draft is theirs alone).
    assert [(row.item.item_id, row.via_contract) for row in rows] == [
        (named.id, False),
        (counterparty.id, True),
    ]
    assert rows[0].person == disclosure.person
    assert rows[0].kind_label == ItemKind.OUTSIDE_ACTIVITY.label


# --- The acceptance scenario, through HTTP ---------------------------------------------


@pytest.fixture()
def two_filers(db):
    """Two faculty members in different departments naming Huawei two ways."""
    first = make_person(Role.FACULTY, name="Ada Lin", department=make_department("EE"))
    second = make_person(Role.FACULTY, name="Bo Chen", department=make_department("CS"))
    for person, kind, name in (
        (first, ItemKind.OUTSIDE_ACTIVITY, LONG_NAME),
        (second, ItemKind.OUTSIDE_COMPENSATION, "Huawei"),
    ):
        disclosure = make_disclosure(person)
        make_item(disclosure, kind, organisation=name, country="CN")
        make_submitted(disclosure)
    return first, second


def signed_in(app, person):
    """A fresh client signed in as this person (the sign-in page refuses a second login)."""
    client = app.test_client()
    login(client, person.email)
    return client


def test_two_names_end_up_on_one_organisation_after_a_merge(app, client, db, two_filers):
    long_form, short_form = find_organisation(LONG_NAME), find_organisation("Huawei")
    assert long_form.id != short_form.id
    coi = make_person(Role.COI_OFFICE)
    login(client, coi.email)

    page = client.get(f"/organisations/{short_form.id}")
    assert page.status_code == 200
    assert f'<option value="{long_form.id}">' in page.text  # offered as a possible duplicate
    merged = client.post(
        f"/organisations/{short_form.id}/merge",
        data={
            "merge-csrf_token": csrf_token_from(page.text),
            "merge-survivor_id": str(long_form.id),
        },
    )
    assert merged.status_code == 302
    assert merged.headers["Location"].endswith(f"/organisations/{long_form.id}")

    db.session.expire_all()
    assert short_form.merged_into_id == long_form.id  # kept for history
    assert "Huawei" in long_form.aliases
    counsel = make_person(Role.GENERAL_COUNSEL)
    for viewer in (coi, counsel):
        client = signed_in(app, viewer)
        survivor_page = client.get(f"/organisations/{long_form.id}")
        assert survivor_page.status_code == 200
        assert "Ada Lin" in survivor_page.text and "Bo Chen" in survivor_page.text
        assert ItemKind.OUTSIDE_COMPENSATION.label in survivor_page.text
        assert f"/organisations/{short_form.id}" in survivor_page.text  # merged record listed
        merged_page = client.get(f"/organisations/{short_form.id}")
        assert merged_page.status_code == 200
        assert "This record was merged into" in merged_page.text
        assert f'href="/organisations/{long_form.id}"' in merged_page.text


def test_suggest_returns_the_survivor_only_and_names_only(client, db, two_filers):
    long_form, short_form = find_organisation(LONG_NAME), find_organisation("Huawei")
    merge_organisations(short_form, long_form)
    faculty, _ = two_filers
    login(client, faculty.email)

    found = client.get("/organisations/suggest?q=hua").get_json()

    assert found == [{"id": long_form.id, "name": LONG_NAME, "country": "CN", "verified": False}]
    assert client.get("/organisations/suggest?q=h").get_json() == []


def test_suggest_needs_a_signed_in_person(client, db, two_filers):
    response = client.get("/organisations/suggest?q=hua")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_list_page_searches_names_and_merged_names(client, db, two_filers):
    long_form, short_form = find_organisation(LONG_NAME), find_organisation("Huawei")
    merge_organisations(short_form, long_form)
    login(client, make_person(Role.COI_OFFICE).email)

    listed = client.get("/organisations/?q=huawei")
    assert listed.status_code == 200
    assert f'href="/organisations/{long_form.id}"' in listed.text
    assert f'href="/organisations/{short_form.id}"' not in listed.text
    assert '<td class="text-end">2</td>' in listed.text
    assert "No organisation matches" in client.get("/organisations/?q=zzz").text


# --- Curating: rename, verify, refusals ------------------------------------------------


def test_rename_keeps_the_old_name_as_an_alias(client, db, two_filers):
    organisation = find_organisation("Huawei")
    login(client, make_person(Role.COI_OFFICE).email)
    response = client.post(
        f"/organisations/{organisation.id}/edit",
        data={
            "edit-csrf_token": token(client),
            "edit-name": "Huawei Device",
            "edit-country": "CN",
            "edit-org_type": "company",
            "edit-verified": "y",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert organisation.name == "Huawei Device"
    assert organisation.aliases == ["Huawei"]
    assert organisation.verified is True
    assert organisation.org_type is OrganisationType.COMPANY


def test_rename_refusal_is_shown_beside_the_name(client, db, two_filers):
    organisation = find_organisation("Huawei")
    login(client, make_person(Role.COI_OFFICE).email)
    response = client.post(
        f"/organisations/{organisation.id}/edit",
        data={
            "edit-csrf_token": token(client),
            "edit-name": "HUAWEI TECHNOLOGIES",
            "edit-country": "",
            "edit-org_type": "other",
        },
    )
    assert response.status_code == 400
    assert "already goes by this name: merge the two instead" in response.text
    db.session.expire_all()
    assert organisation.name == "Huawei"


def test_merging_into_itself_is_refused_with_a_clear_message(client, db, two_filers):
    organisation = find_organisation("Huawei")
    login(client, make_person(Role.COI_OFFICE).email)
    response = client.post(
        f"/organisations/{organisation.id}/merge",
        data={"merge-csrf_token": token(client), "merge-survivor": str(organisation.id)},
    )
    assert response.status_code == 400
    assert "An organisation cannot be merged into itself." in response.text
    db.session.expire_all()
    assert organisation.merged_into_id is None


def test_merge_by_typed_name_and_unknown_names(client, db, two_filers):
    long_form, short_form = find_organisation(LONG_NAME), find_organisation("Huawei")
    login(client, make_person(Role.COI_OFFICE).email)
    unknown = client.post(
        f"/organisations/{short_form.id}/merge",
        data={"merge-csrf_token": token(client), "merge-survivor": "No Such Company"},
    )
    assert unknown.status_code == 400
    assert "No organisation has that number or name." in unknown.text

    merged = client.post(
        f"/organisations/{short_form.id}/merge",
        data={"merge-csrf_token": token(client), "merge-survivor": "huawei technologies ltd"},
    )
    assert merged.status_code == 302
    db.session.expire_all()
    assert short_form.merged_into_id == long_form.id


# --- Who may do what -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "list_status", "page_status", "may_curate"),
    [
        (Role.FACULTY, 403, 403, False),
        (Role.ADMIN, 403, 403, False),
        # A head of another department: the organisation is only in others' drafts.
        (Role.DEPARTMENT_HEAD, 200, 404, False),
        (Role.GENERAL_COUNSEL, 200, 200, False),
        (Role.COI_OFFICE, 200, 200, True),
    ],
)
def test_access_truth_table(client, db, two_filers, role, list_status, page_status, may_curate):
    long_form, short_form = find_organisation(LONG_NAME), find_organisation("Huawei")
    login(client, make_person(role).email)
    csrf = token(client)

    assert client.get("/organisations/").status_code == list_status
    assert client.get(f"/organisations/{long_form.id}").status_code == page_status
    edited = client.post(
        f"/organisations/{short_form.id}/edit",
        data={
            "edit-csrf_token": csrf,
            "edit-name": "Huawei",
            "edit-country": "CN",
            "edit-org_type": "company",
            "edit-verified": "y",
        },
    )
    merged = client.post(
        f"/organisations/{short_form.id}/merge",
        data={"merge-csrf_token": csrf, "merge-survivor": str(long_form.id)},
    )
    assert edited.status_code == merged.status_code == (302 if may_curate else 403)
    db.session.expire_all()
    assert (short_form.merged_into_id is not None) is may_curate
    assert short_form.verified is may_curate


def test_missing_organisation_is_404_for_viewers_and_403_for_others(app, db):
    counsel = signed_in(app, make_person(Role.GENERAL_COUNSEL))
    assert counsel.get("/organisations/999999").status_code == 404
    faculty = signed_in(app, make_person(Role.FACULTY))
    assert faculty.get("/organisations/999999").status_code == 403


def test_department_head_sees_only_their_departments_submitted_relationships(client, db):
    physics, chemistry = make_department("PHYS"), make_department("CHEM")
    own = make_person(Role.FACULTY, name="Own Member", department=physics)
    other = make_person(Role.FACULTY, name="Other Member", department=chemistry)
    drafting = make_person(Role.FACULTY, name="Still Drafting", department=physics)
    for person in (own, other):
        disclosure = make_disclosure(person)
        make_item(disclosure, ItemKind.OUTSIDE_ACTIVITY, organisation="Northwind Analytics")
        make_submitted(disclosure)
    make_item(
        make_disclosure(drafting), ItemKind.OUTSIDE_ACTIVITY, organisation="Northwind Analytics"
    )
    organisation = find_organisation("Northwind Analytics")
    head = make_person(Role.DEPARTMENT_HEAD, department=physics)
    login(client, head.email)

    page = client.get(f"/organisations/{organisation.id}")

    assert page.status_code == 200
    assert "Own Member" in page.text
    assert "Other Member" not in page.text
    assert "Still Drafting" not in page.text
    assert 'name="merge-csrf_token"' not in page.text  # no curating forms
    assert '<td class="text-end">1</td>' in client.get("/organisations/").text


def test_curating_a_merged_record_is_refused(client, db, two_filers):
    long_form, short_form = find_organisation(LONG_NAME), find_organisation("Huawei")
    merge_organisations(short_form, long_form)
    login(client, make_person(Role.COI_OFFICE).email)
    response = client.post(
        f"/organisations/{short_form.id}/edit",
        data={
            "edit-csrf_token": token(client),
            "edit-name": "Huawei Mobile",
            "edit-country": "CN",
            "edit-org_type": "company",
        },
    )
    assert response.status_code == 400
    assert "This record was merged into" in response.text
    db.session.expire_all()
    assert short_form.name == "Huawei"
    assert (
        db.session.scalar(select(Organisation).where(Organisation.name == "Huawei Mobile")) is None
    )
