"""Entity profile pages, the lookup the item form calls, links from flags, and the COI
office's record of listed ownership."""

from __future__ import annotations

from flask import render_template_string

from app.organisations.operations import find_or_create_organisation
from app.people.roles import Role
from app.screening.screen import screen_text
from app.screening.stored import sync_active_matcher
from tests.disclosures.helpers import post_form
from tests.factories import login, make_person
from tests.screening.official_data import FIXTURES


def import_sample(app):
    result = app.test_cli_runner().invoke(
        args=["watchlist", "import", "--format", "dod1260h", str(FIXTURES / "dod1260h_sample.csv")]
    )
    assert result.exit_code == 0, result.output
    sync_active_matcher(force=True)


def test_harbin_institute_of_technology_has_a_profile_page_for_any_filer(client, db):
    login(client, make_person(Role.FACULTY).email)
    page = client.get("/profiles/entities/harbin-institute-of-technology")
    assert page.status_code == 200
    text = page.text
    assert '<h1 class="h3">Harbin Institute of Technology</h1>' in text
    assert "Red line" in text
    assert "Ministry of Industry and Information Technology" in text
    assert "哈尔滨工业大学" in text
    assert "Seven Sons of National Defence" in text


def test_a_1260h_subsidiary_has_a_profile_naming_its_listed_parent(app, client, db):
    import_sample(app)
    login(client, make_person(Role.FACULTY).email)
    page = client.get("/profiles/entities/dod1260h:avic-shenyang-aircraft-company")
    assert page.status_code == 200
    assert "AVIC Shenyang Aircraft Company Limited" in page.text
    assert 'href="/profiles/entities/avic"' in page.text  # the listed parent's profile
    assert "2021" in page.text  # listed from


def test_a_flag_links_to_the_profile_of_the_organisation_it_names(app, client, db):
    import_sample(app)
    login(client, make_person(Role.FACULTY).email)
    [flag] = [
        f
        for f in screen_text("Test flights for AVIC Shenyang Aircraft Company Limited")
        if f.is_policy
    ]
    template = (
        '{% from "screening/_profile_macros.html" import profile_link %}{{ profile_link(flag) }}'
    )
    with app.test_request_context():
        link = render_template_string(template, flag=flag)
    assert link.startswith('<a href="/profiles/entities/dod1260h:avic-shenyang-aircraft-company"')
    href = link.split('"')[1]
    assert "a subsidiary of Aviation Industry Corporation of China" in flag.explanation
    assert client.get(href).status_code == 200


def test_an_unknown_entity_is_not_found_and_an_imported_id_leads_to_its_entity(client, db):
    login(client, make_person(Role.FACULTY).email)
    assert client.get("/profiles/entities/no-such-body").status_code == 404


def test_the_lookup_gives_the_profile_of_what_a_filer_is_naming(client, db):
    login(client, make_person(Role.FACULTY).email)
    organisation = find_or_create_organisation("Harbin Institute of Technology", "CN")
    by_id = client.get(f"/profiles/lookup?organisation_id={organisation.id}").json
    [profile] = by_id["profiles"]
    assert profile["rule"] == "red_line"
    assert profile["rule_label"] == "Red line"
    assert profile["url"] == "/profiles/entities/harbin-institute-of-technology"
    by_name = client.get("/profiles/lookup?name=Acme Instruments Inc.").json
    assert by_name == {"profiles": []}


def test_the_lookup_needs_a_signed_in_person(client, db):
    response = client.get("/profiles/lookup?name=Huawei")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_coi_office_records_listed_ownership_and_the_organisation_is_then_flagged(client, db):
    organisation = find_or_create_organisation("Lakeshore Sensor Works", "SG")
    assert not [f for f in screen_text("Consulting for Lakeshore Sensor Works") if f.is_policy]
    login(client, make_person(Role.COI_OFFICE).email)
    path = f"/profiles/organisations/{organisation.id}"
    refused = post_form(
        client, path, f"{path}/ownership", owner="Huawei", share_percent="30", evidence="Filing"
    )
    assert refused.status_code == 400
    assert "The affiliates rule applies from 50% to 100%." in refused.text
    assert 'value="Huawei"' in refused.text
    unknown = post_form(
        client, path, f"{path}/ownership", owner="Acme", share_percent="60", evidence="Filing"
    )
    assert "No watchlist entity has that name." in unknown.text
    done = post_form(
        client,
        path,
        f"{path}/ownership",
        owner="China Electronics Technology Group Corporation",
        share_percent="60",
        evidence="Shareholder register, 2026 annual report",
    )
    assert done.status_code == 302
    page = client.get(path).text
    assert "60.00% of Lakeshore Sensor Works is owned by" in page
    sync_active_matcher()
    [flag] = [f for f in screen_text("Consulting for Lakeshore Sensor Works") if f.is_policy]
    assert flag.entity_id == f"affiliate:{organisation.id}"
    assert "BIS affiliates rule" in flag.explanation
    assert "a subsidiary of China Electronics Technology Group Corporation" in flag.explanation


def test_only_the_coi_office_records_listed_ownership(client, db):
    organisation = find_or_create_organisation("Lakeshore Sensor Works", "SG")
    login(client, make_person(Role.FACULTY).email)
    path = f"/profiles/organisations/{organisation.id}"
    page = client.get(path)
    assert page.status_code == 200 and "Record ownership" not in page.text
    assert "do not name Lakeshore Sensor Works" in page.text
    response = post_form(
        client, path, f"{path}/ownership", owner="Huawei", share_percent="60", evidence="x"
    )
    assert response.status_code == 403


def test_an_imported_entry_id_leads_to_the_page_of_its_organisation(client, db, app):
    import_sample(app)
    login(client, make_person(Role.FACULTY).email)
    response = client.get("/profiles/entities/dod1260h:huawei-technologies")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/profiles/entities/huawei")
