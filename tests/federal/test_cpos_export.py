"""SciENcv current-and-pending XML: a demo faculty member with current, pending and in-kind
support and a foreign appointment, validated against every rule of FORMATS.md; values over
a limit are reported before the download."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from xml.etree import ElementTree as ET

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.demo.operations import seed_demo_institution
from app.disclosures.enums import ItemKind
from app.exports.cpos import build_cpos_xml, limit_problems
from app.exports.queries import cpos_profile
from app.people.models import Person
from tests.factories import login, make_disclosure, make_item, make_person, make_submitted
from tests.federal.sciencv_rules import violations

AS_OF = date(2026, 12, 1)
ALICE = "alice.moreau@demo.candor.edu"
DEMO_PASSWORD = "candor-demo-2026"


@pytest.fixture()
def demo(db):
    seed_demo_institution()
    return db.session.scalar(select(Person).where(Person.email == ALICE))


def supports_of(xml: bytes) -> list[dict[str, str]]:
    root = ET.fromstring(xml)  # noqa: S314 - a file this test run just generated
    return [{c.tag: (c.text or "") for c in s} for s in root.iterfind("funding/support")]


def test_demo_faculty_member_xml_follows_every_rule(demo):
    xml = build_cpos_xml(cpos_profile(demo, AS_OF))

    assert violations(xml, AS_OF) == []
    supports = supports_of(xml)
    by_type = {(s["contributiontype"], s["supporttype"]) for s in supports}
    assert {("award", "current"), ("award", "pending"), ("inkind", "current")} <= by_type
    titles = [s["projecttitle"] for s in supports]
    assert "Magnetic nanoparticles for targeted imaging of inflammation" in titles
    # The NSF award ended on 31 August 2026: left out.
    assert "Ultrafast spectroscopy of 2D magnets" not in titles
    in_kind = next(s for s in supports if s["contributiontype"] == "inkind")
    assert in_kind["projecttitle"] == "" and in_kind["location"] == ""
    assert "femtosecond laser" in in_kind["inkinddescription"]
    assert "enddate" not in in_kind and in_kind["awardamount"] == "85000"


def test_one_personmonth_per_project_year(demo):
    root = ET.fromstring(build_cpos_xml(cpos_profile(demo, AS_OF)))  # noqa: S314 - generated here
    r01 = next(
        s for s in root.iterfind("funding/support") if s.findtext("awardnumber") == "R01GM140001"
    )
    months = r01.findall("commitment/personmonth")
    assert [m.get("year") for m in months] == ["2025", "2026", "2027", "2028", "2029"]
    assert {m.text for m in months} == {"1.7"}
    assert r01.findtext("awardamount") == "1850000"


def test_foreign_appointment_is_a_position(demo):
    root = ET.fromstring(build_cpos_xml(cpos_profile(demo, AS_OF)))  # noqa: S314 - generated here
    position = root.find("employment/position")
    assert position is not None
    assert position.findtext("positiontitle") == "Visiting professor"
    assert position.findtext("organization/orgname") == "Universit\u00e9 Paris-Saclay"
    assert position.findtext("organization/country") == "France"
    assert position.get("current") == "yes"
    assert position.findtext("startdate/year") == "2024"


def test_the_rules_catch_a_broken_file():
    """The validator is not a rubber stamp: each common upload failure is caught."""
    broken = (
        b'<?xml version="1.0" encoding="utf-8"?>\n<profile><identification/><employment/>'
        b"<funding><support><awardnumber>1</awardnumber><projecttitle>T</projecttitle>"
        b"<awardamount>$1,000</awardamount><supporttype>completed</supporttype>"
        b"<commitment><personmonth>1</personmonth></commitment></support></funding></profile>"
    )
    found = " | ".join(violations(broken, AS_OF))
    for expected in ("out of order", "contributiontype", "awardamount", "supporttype"):
        assert expected in found


def certified_support(**overrides):
    person = make_person(name="Dana Q. Long-Title")
    disclosure = make_disclosure(person)
    make_item(disclosure, ItemKind.SUPPORT, **overrides)
    make_submitted(disclosure)
    return person


def test_a_400_character_title_is_reported_before_download(client, db):
    title = ("Quantum sensing " * 25)[:399] + "."
    assert len(title) == 400
    person = certified_support(title=title, starts_on=date(2026, 1, 1))
    profile = cpos_profile(person, AS_OF)
    problems = limit_problems(profile)
    assert [(p.field, p.length, p.limit) for p in problems] == [("projecttitle", 400, 300)]
    assert title in problems[0].entry

    login(client, person.email)
    page = client.get(f"/exports/cpos/{person.id}?as_of=2026-12-01")
    assert page.status_code == 200
    assert "project title is 400 characters long; SciENcv takes at most 300" in page.text
    xml = client.get(f"/exports/cpos/{person.id}.xml?as_of=2026-12-01")
    assert xml.status_code == 200
    assert violations(xml.data, AS_OF) == []


def test_smart_quotes_and_foreign_amounts(db):
    person = certified_support(
        title="\u201cQuantum\u201d sensing \u2013 field biology",
        currency="EUR",
        total_amount=Decimal("1000"),
        starts_on=date(2026, 1, 1),
    )
    xml = build_cpos_xml(cpos_profile(person, AS_OF))
    assert violations(xml, AS_OF) == []
    support = supports_of(xml)[0]
    assert support["projecttitle"] == '"Quantum" sensing - field biology'
    # Converted at the Treasury rate in force when the project starts, the rate named.
    [entry] = cpos_profile(person, AS_OF).supports
    assert support["awardamount"] == str(entry.amount.quantize(Decimal(1)))
    assert entry.amount_note.startswith("EUR 1,000.00 = USD")
    assert "Treasury Reporting Rates of Exchange" in entry.amount_note


def test_an_amount_with_no_rate_is_left_for_the_filer(db):
    person = certified_support(currency="XAF", starts_on=date(2026, 1, 1))
    xml = build_cpos_xml(cpos_profile(person, AS_OF))
    assert violations(xml, AS_OF) == []
    assert "awardamount" not in supports_of(xml)[0]
    assert "no rate known" in cpos_profile(person, AS_OF).supports[0].amount_note


def test_cli_writes_the_file(app, db, demo, tmp_path):
    output = tmp_path / "alice.xml"
    result = app.test_cli_runner().invoke(
        args=["export", "cpos", "--email", ALICE, "--as-of", "2026-12-01", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert violations(output.read_bytes(), AS_OF) == []
    assert "Alice Moreau" in result.output


def test_drafts_are_never_exported(db):
    person = make_person()
    disclosure = make_disclosure(person)
    make_item(disclosure, ItemKind.SUPPORT, starts_on=date(2026, 1, 1))
    assert cpos_profile(person, AS_OF).supports == []


def test_the_same_data_as_a_workbook(client, demo):
    login(client, ALICE, DEMO_PASSWORD)
    response = client.get(f"/exports/cpos/{demo.id}.xlsx?as_of=2026-12-01")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Support", "Positions", "Over a limit"]
    rows = list(book["Support"].iter_rows(min_row=2, values_only=True))
    kinds = {(row[1], row[2]) for row in rows}
    assert {("Award", "Current"), ("Award", "Pending"), ("In-kind", "Current")} <= kinds
    positions = list(book["Positions"].iter_rows(min_row=2, values_only=True))
    assert positions[0][:3] == ("Visiting professor", "Universit\u00e9 Paris-Saclay", "France")


def test_another_faculty_member_cannot_export_it(client, demo):
    other = make_person()
    login(client, other.email)
    assert client.get(f"/exports/cpos/{demo.id}.xml").status_code == 404
