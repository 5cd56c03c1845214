"""One flag per watchlist entry per item; decisions carried to unchanged findings; the
warnings of "Review and submit" and the notes reviewers read."""

from __future__ import annotations

from app.disclosures.enums import ItemKind, YesNoUnknown
from app.disclosures.operations import amend_disclosure, answer_talent_question, save_item
from app.disclosures.queries import item_form_data
from app.people.roles import Role
from app.review.models import Disposition
from app.review.operations import dispose_flag
from app.review.queries import latest_dispositions
from app.screening.queries import open_flags_for
from tests.conftest import csrf_token_from
from tests.disclosures.helpers import NOTE_FIELD
from tests.factories import (
    certified_flags,
    login,
    make_disclosure,
    make_item,
    make_person,
    make_submitted,
)

TWICE_AND_ONCE = "Member of 千人计划 since 2019; 千人计划 pays my travel."


def talent_item(disclosure):
    return make_item(
        disclosure,
        ItemKind.FOREIGN_APPOINTMENT,
        organisation="Zhejiang University",
        country="CN",
        program_name="Thousand Talents Plan",
        description=TWICE_AND_ONCE,
    )


def test_an_entry_named_three_times_is_one_flag_listing_every_mention(db):
    disclosure = make_disclosure()
    item = talent_item(disclosure)
    drafting = [f for f in open_flags_for([item.id])[item.id] if f.category == "talent_program"]
    assert len(drafting) == 1
    make_submitted(disclosure)
    (flag,) = [f for f in certified_flags(disclosure) if f.category == "talent_program"]
    assert sorted((m["field"], m["matched"]) for m in flag.mentions) == [
        ("description", "千人计划"),
        ("description", "千人计划"),
        ("program_name", "Thousand Talents Plan"),
    ]
    assert flag.fields == ["program_name", "description"] or set(flag.fields) == {
        "program_name",
        "description",
    }


def test_one_decision_covers_the_flag_and_carries_to_an_unchanged_finding(db):
    disclosure = make_disclosure()
    item = talent_item(disclosure)
    make_item(disclosure, ItemKind.OUTSIDE_ACTIVITY, description="Advisory board.")
    make_submitted(disclosure)
    coi = make_person(Role.COI_OFFICE)
    (flag,) = [f for f in certified_flags(disclosure) if f.category == "talent_program"]
    dispose_flag(flag, Disposition.CONFIRMED, "Known appointment.", coi)

    # The filer amends another item: the talent-program finding is unchanged, so its
    # decision carries to the new version's flag, naming the decision it repeats.
    amend_disclosure(disclosure, disclosure.person)
    other = next(i for i in disclosure.live_items if i.id != item.id)
    save_item(
        disclosure,
        ItemKind.OUTSIDE_ACTIVITY,
        {**item_form_data(other), "description": "Advisory board, twice a year."},
        disclosure.person,
        other,
    )
    make_submitted(disclosure)
    (carried,) = [f for f in certified_flags(disclosure) if f.category == "talent_program"]
    assert carried.id != flag.id
    decision = latest_dispositions([carried.id])[carried.id]
    assert decision.disposition is Disposition.CONFIRMED and decision.carried_from_id

    # Naming the program in other words or fields is a new finding: decided afresh.
    amend_disclosure(disclosure, disclosure.person)
    save_item(
        disclosure,
        ItemKind.FOREIGN_APPOINTMENT,
        {**item_form_data(item), "title": "Thousand Talents Plan chair professor"},
        disclosure.person,
        item,
    )
    make_submitted(disclosure)
    (fresh,) = [f for f in certified_flags(disclosure) if f.category == "talent_program"]
    assert latest_dispositions([fresh.id]) == {}


def test_a_no_answer_contradicted_by_a_talent_flag_needs_a_note_reviewers_read(app, client, db):
    disclosure = make_disclosure()
    talent_item(disclosure)
    filer = disclosure.person
    answer_talent_question(disclosure, YesNoUnknown.NO, "", filer)
    login(client, filer.email)
    page = client.get(f"/disclosures/{disclosure.id}/submit")
    assert "You answered No to the talent-program question" in page.text
    assert "Zhejiang University" in page.text and "Thousand Talents Plan" in page.text
    token = csrf_token_from(page.text)
    form = {"csrf_token": token, "certified": "y", "typed_name": filer.full_name}
    refused = client.post(f"/disclosures/{disclosure.id}/submit", data=form)
    assert refused.status_code == 400 and "Explain this to your reviewers." in refused.text
    assert disclosure.certified_version_id is None
    note = "I was invited and declined; I am not party to the program."
    others = dict.fromkeys(NOTE_FIELD.findall(page.text), "Explained.")
    done = client.post(
        f"/disclosures/{disclosure.id}/submit",
        data={**form, **others, "note_talent_answer_contradicted": note},
    )
    assert done.status_code == 302
    head = make_person(Role.FACULTY, Role.DEPARTMENT_HEAD, department=filer.department)
    reviewer = app.test_client()
    login(reviewer, head.email)
    shown = reviewer.get(f"/disclosures/{disclosure.id}").text
    assert note in shown and "to the talent-recruitment program question while" in shown


def test_a_contract_without_its_document_warns(client, db):
    from datetime import date

    disclosure = make_disclosure()
    make_item(
        disclosure,
        ItemKind.OUTSIDE_ACTIVITY,
        backed_by_contract=True,
        contract_type="Consulting agreement",
        contract_signed_on=date(2025, 2, 1),
    )
    answer_talent_question(disclosure, YesNoUnknown.NO, "", disclosure.person)
    login(client, disclosure.person.email)
    page = client.get(f"/disclosures/{disclosure.id}/submit").text
    assert "is backed by a contract, but the contract is not attached" in page


def test_findings_reach_the_rollup_checks_sheet_and_the_dashboard(app, db, tmp_path):
    from app.rollups.operations import department_export, export_rollup
    from app.rollups.queries import Scope
    from tests.rollups.xlsx import open_workbook

    disclosure = make_disclosure()
    talent_item(disclosure)
    answer_talent_question(disclosure, YesNoUnknown.NO, "", disclosure.person)
    make_submitted(disclosure)
    path = tmp_path / "rollup.xlsx"
    export_rollup(
        department_export(Scope(disclosure.cycle, disclosure.person.department)), None, path
    )
    rows = list(open_workbook(path)["Checks"].iter_rows(values_only=True))
    talent = [r for r in rows[1:] if r[4] == "Talent answer contradicted"]
    assert talent and talent[0][5] == "Needs an explanation"
    assert talent[0][7] == "The filer's explanation."
    head = make_person(Role.FACULTY, Role.DEPARTMENT_HEAD, department=disclosure.person.department)
    client = app.test_client()
    login(client, head.email)
    page = client.get(f"/department?year={disclosure.year}").text
    assert 'id="count-warnings">' in page and 'id="count-warnings">0<' not in page


def test_a_certified_flag_links_to_the_profile_of_who_it_names(app, client, db):
    disclosure = make_disclosure()
    make_item(
        disclosure,
        ItemKind.INFORMAL_COLLABORATION,
        organisation="Harbin Institute of Technology",
        country="CN",
    )
    make_submitted(disclosure)
    login(client, make_person(Role.COI_OFFICE).email)
    page = client.get(f"/disclosures/{disclosure.id}").text
    link = page.split('class="profile-link"')[0].rsplit('href="', 1)[1].split('"')[0]
    profile = client.get(link)
    assert profile.status_code == 200 and "Harbin Institute of Technology" in profile.text


def test_the_fatima_case_is_caught_and_her_note_reaches_the_reviewers(app, client, db):
    """The issue's case: "No" to the talent question, while her own item paid CNY 500,000
    from 浙江省千人计划办公室 (flagged as the Thousand Talents Plan)."""
    from datetime import date
    from decimal import Decimal

    fatima = make_person(Role.FACULTY, name="Fatima Haddad")
    disclosure = make_disclosure(fatima)
    make_item(
        disclosure,
        ItemKind.OUTSIDE_COMPENSATION,
        organisation="浙江省千人计划办公室",
        country="CN",
        amount=Decimal("500000"),
        currency="CNY",
        nature="honorarium",
        received_on=date(2026, 3, 1),
        payer_government_funded="yes",
        description="Award paid on joining the program.",
    )
    answer_talent_question(disclosure, YesNoUnknown.NO, "", fatima)
    login(client, fatima.email)
    page = client.get(f"/disclosures/{disclosure.id}/submit").text
    assert 'id="finding-talent_answer_contradicted"' in page
    assert "You answered No to the talent-program question" in page
    note = "I received the award but declined the obligations of the program."
    notes = dict.fromkeys(NOTE_FIELD.findall(page), "Explained.")
    done = client.post(
        f"/disclosures/{disclosure.id}/submit",
        data={
            "csrf_token": csrf_token_from(page),
            "certified": "y",
            "typed_name": fatima.full_name,
            **notes,
            "note_talent_answer_contradicted": note,
        },
    )
    assert done.status_code == 302
    coi = app.test_client()
    login(coi, make_person(Role.COI_OFFICE).email)
    shown = coi.get(f"/disclosures/{disclosure.id}").text
    assert "to the talent-recruitment program question while" in shown and note in shown
