"""Nothing leaks through organisation suggestions or the organisations list.

Suggestions offer verified organisations and those the person (or the person a delegate
prepares for) named themself; the list and its pages show a department head only what
their departments certified, plus verified organisations.
"""

from __future__ import annotations

from datetime import date

import pytest

from app.disclosures.delegation import add_delegate
from app.disclosures.enums import ItemKind
from app.disclosures.operations import amend_disclosure
from app.organisations.models import OrganisationType
from app.organisations.operations import (
    alias_keys,
    find_or_create_organisation,
    match_key,
    rename_organisation,
    set_organisation_details,
)
from app.organisations.queries import find_organisation
from app.people.roles import Role
from tests.factories import (
    login,
    make_department,
    make_disclosure,
    make_item,
    make_person,
    make_submitted,
)

DRAFT_ONLY = "Okafor Consulting LLC"


def suggested(client, typed: str) -> list[str]:
    response = client.get("/organisations/suggest", query_string={"q": typed})
    assert response.status_code == 200
    return [entry["name"] for entry in response.get_json()]


@pytest.fixture()
def okafor_draft(db):
    """A filer whose unsubmitted draft names an organisation nobody else has named."""
    filer = make_person(Role.FACULTY, name="Margaret Okafor")
    make_item(make_disclosure(filer), ItemKind.OUTSIDE_ACTIVITY, organisation=DRAFT_ONLY)
    return filer


def test_names_from_other_peoples_drafts_are_never_suggested(app, client, okafor_draft):
    login(client, make_person(Role.FACULTY).email)
    assert suggested(client, "okafor") == []
    assert suggested(client, "Consulting") == []

    own = app.test_client()
    login(own, okafor_draft.email)
    assert suggested(own, "okafor") == [DRAFT_ONLY]


def test_a_delegate_is_offered_the_names_of_the_person_they_prepare_for(app, okafor_draft):
    assistant = make_person(Role.FACULTY, name="Ann Assistant")
    stranger = make_person(Role.FACULTY)
    add_delegate(okafor_draft, assistant)
    for person, expected in ((assistant, [DRAFT_ONLY]), (stranger, [])):
        client = app.test_client()
        login(client, person.email)
        assert suggested(client, "okafor") == expected, person.full_name


def test_verified_organisations_are_offered_to_everyone(client, okafor_draft):
    verified = find_or_create_organisation("Okafor Verified Partners")
    set_organisation_details(verified, "US", OrganisationType.COMPANY, verified=True)
    login(client, make_person(Role.FACULTY).email)
    assert suggested(client, "okafor") == ["Okafor Verified Partners"]


def test_contract_counterparties_count_as_named_by_the_filer(app, db):
    filer = make_person(Role.FACULTY)
    make_item(
        make_disclosure(filer),
        ItemKind.OUTSIDE_COMPENSATION,
        backed_by_contract=True,
        contract_type="Other",
        contract_signed_on=date(2024, 1, 1),
        contract_counterparty="Zephyr Holdings Trust",
    )
    for person, expected in ((filer, ["Zephyr Holdings Trust"]), (make_person(), [])):
        client = app.test_client()
        login(client, person.email)
        assert suggested(client, "zephyr") == expected


def test_the_coi_office_is_offered_every_organisation(client, okafor_draft):
    login(client, make_person(Role.COI_OFFICE).email)
    assert suggested(client, "okafor") == [DRAFT_ONLY]


# --- Non-ASCII aliases -------------------------------------------------------------------


def test_match_key_keeps_chinese_and_other_scripts():
    assert match_key("华为技术有限公司") == "华为技术有限公司"
    assert match_key("\uff28\uff55\uff41\uff57\uff45\uff49") == "huawei"  # full-width
    # Accents fold in every script (й is и with a breve), but the letters stay.
    assert match_key("Хуавэй") == match_key("хуавэи") == "хуавэи"
    assert alias_keys(["华为", "Huawei Tech Ltd", "华为"]) == "\nhuawei tech\n华为\n"


def test_typing_chinese_finds_an_alias_after_a_rename(client, db):
    organisation = find_or_create_organisation("华为技术有限公司")
    rename_organisation(organisation, "Huawei Technologies")
    set_organisation_details(organisation, "CN", OrganisationType.COMPANY, verified=True)
    login(client, make_person(Role.FACULTY).email)

    assert suggested(client, "华为") == ["Huawei Technologies"]
    assert suggested(client, "技术") == ["Huawei Technologies"]
    assert find_organisation("华为技术有限公司") == organisation
    assert find_or_create_organisation("华为技术有限公司") == organisation


# --- The list and the pages ---------------------------------------------------------------


@pytest.fixture()
def two_departments(db):
    """A head of Physics; a Physics filer who certified one organisation and is amending to
    add another; a Chemistry filer who certified a third."""
    physics, chemistry = make_department("PHY"), make_department("CHEM")
    head = make_person(Role.DEPARTMENT_HEAD, Role.FACULTY, department=physics)
    filer = make_person(Role.FACULTY, department=physics)
    disclosure = make_disclosure(filer)
    make_item(disclosure, ItemKind.OUTSIDE_ACTIVITY, organisation="Certified Optics GmbH")
    make_submitted(disclosure)
    amend_disclosure(disclosure, filer)
    make_item(disclosure, ItemKind.OUTSIDE_ACTIVITY, organisation="Uncertified Lasers Inc")
    other = make_disclosure(make_person(Role.FACULTY, department=chemistry))
    make_item(other, ItemKind.OUTSIDE_ACTIVITY, organisation="Chemistry Partner AG")
    make_submitted(other)
    verified = find_or_create_organisation("Verified Institute")
    set_organisation_details(verified, "US", OrganisationType.UNIVERSITY, verified=True)
    return head


def listed(client) -> str:
    response = client.get("/organisations/")
    assert response.status_code == 200
    return response.text


def test_a_head_sees_what_their_departments_certified_and_verified_ones(client, two_departments):
    login(client, two_departments.email)
    page = listed(client)
    assert "Certified Optics GmbH" in page
    assert "Verified Institute" in page
    assert "Uncertified Lasers Inc" not in page
    assert "Chemistry Partner AG" not in page
    for name, status in (
        ("Certified Optics GmbH", 200),
        ("Verified Institute", 200),
        ("Uncertified Lasers Inc", 404),
        ("Chemistry Partner AG", 404),
    ):
        organisation = find_organisation(name)
        assert client.get(f"/organisations/{organisation.id}").status_code == status, name


@pytest.mark.parametrize("role", [Role.COI_OFFICE, Role.GENERAL_COUNSEL])
def test_the_coi_office_and_counsel_see_every_organisation(client, two_departments, role):
    login(client, make_person(role).email)
    page = listed(client)
    for name in ("Certified Optics GmbH", "Uncertified Lasers Inc", "Chemistry Partner AG"):
        assert name in page
