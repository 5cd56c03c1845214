"""Foreign-funding reports: only money through the university; the NSF list (country of
concern, $50,000) and the Section 117 worksheet ($250,000), thresholds from the settings;
XLSX for general counsel with the underlying items."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from app.disclosures.enums import FundsRoute, ItemKind
from app.funding.queries import foreign_funding_items, nsf_foreign_sources, section_117_sources
from app.people.roles import Role
from app.record.models import FrozenSupport
from app.record.queries import certified_items
from tests.factories import login, make_disclosure, make_item, make_person, make_submitted

YEAR = 2026


@pytest.fixture()
def certified(db):
    person = make_person(name="Farah Funded")
    disclosure = make_disclosure(person)
    make_item(
        disclosure,
        ItemKind.SUPPORT,
        title="Joint catalysis centre",
        organisation="Tsinghua University",
        country="CN",
        sponsor_type="foreign_government",
        starts_on=date(YEAR, 3, 1),
        ends_on=date(YEAR + 2, 2, 28),
        total_amount=Decimal("300000"),
        funds_route="university",
    )
    make_item(
        disclosure,
        ItemKind.OUTSIDE_COMPENSATION,
        organisation="Huawei Technologies Co., Ltd.",
        country="CN",
        amount=Decimal("90000"),
        currency="USD",
        received_on=date(YEAR, 2, 1),
        funds_route="direct",
    )
    make_item(
        disclosure,
        ItemKind.OUTSIDE_COMPENSATION,
        organisation="Royal Society of Chemistry",
        country="GB",
        amount=Decimal("60000"),
        currency="USD",
        received_on=date(YEAR, 5, 12),
        funds_route="university",
    )
    make_submitted(disclosure)
    return disclosure


def test_the_route_is_certified_with_the_item(db, certified):
    support = next(
        i for i in certified_items(certified.certified_version) if isinstance(i, FrozenSupport)
    )
    assert support.funds_route is FundsRoute.UNIVERSITY


def test_only_money_through_the_university_counts(db, certified):
    sources = {item.source for item in foreign_funding_items(YEAR)}
    assert sources == {"Tsinghua University", "Royal Society of Chemistry"}
    assert foreign_funding_items(YEAR + 1) == []


def test_nsf_list_and_section_117_use_their_thresholds(db, certified):
    nsf = nsf_foreign_sources(YEAR, 50_000)
    assert [(s.source, s.country, s.total_usd) for s in nsf] == [
        ("Tsinghua University", "China", Decimal("300000.00"))
    ]
    assert [s.source for s in section_117_sources(YEAR, 250_000)] == ["Tsinghua University"]
    # A state's lower threshold brings in the British society too.
    assert [s.source for s in section_117_sources(YEAR, 50_000)] == [
        "Tsinghua University",
        "Royal Society of Chemistry",
    ]


def foreign_award(organisation: str, amount: str, currency: str) -> None:
    disclosure = make_disclosure(make_person())
    make_item(
        disclosure,
        ItemKind.SUPPORT,
        organisation=organisation,
        country="CN",
        starts_on=date(YEAR, 1, 1),
        total_amount=Decimal(amount),
        currency=currency,
    )
    make_submitted(disclosure)


def test_amounts_in_another_currency_are_converted_naming_the_rate(db, certified):
    foreign_award("National Natural Science Foundation of China", "500000", "CNY")
    nsfc = next(s for s in nsf_foreign_sources(YEAR, 50_000) if s.source.startswith("National"))
    # The shipped Treasury table: CNY 7 per USD, effective 31 December 2025.
    assert nsfc.total_usd == Decimal("71428.57")
    assert "CNY 500,000.00 = USD 71,428.57 at CNY 7 per USD" in nsfc.items[0].conversion
    assert "effective 2025-12-31" in nsfc.items[0].conversion


def test_a_currency_with_no_rate_is_listed_to_check(db, certified):
    foreign_award("Shenzhen Municipal Fund", "900000", "XAF")
    fund = next(s for s in nsf_foreign_sources(YEAR, 50_000) if s.source.startswith("Shenzhen"))
    assert fund.total_usd == 0 and fund.unconverted == "XAF 900,000.00"
    assert fund.standing(50_000).startswith("To check")


def test_counsel_downloads_the_worksheet(app, client, db, certified, monkeypatch):
    monkeypatch.setitem(app.config, "SECTION_117_THRESHOLD_USD", 50_000)
    counsel = make_person(Role.GENERAL_COUNSEL)
    login(client, counsel.email)
    assert "$50,000 or more, by country" in client.get("/foreign-funding/").text
    response = client.get(f"/foreign-funding/section-117/{YEAR}.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    sources = list(book["Sources"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[1]) for row in sources] == [
        ("China", "Tsinghua University"),
        ("United Kingdom", "Royal Society of Chemistry"),
    ]
    items = list(book["Items"].iter_rows(min_row=2, values_only=True))
    assert {row[2] for row in items} == {"Farah Funded"}


def test_cli_writes_the_nsf_list(app, db, certified, tmp_path):
    output = tmp_path / "nsf.xlsx"
    result = app.test_cli_runner().invoke(
        args=["export", "funding", "--report", "nsf", "--year", str(YEAR), "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert "1 source(s)" in result.output
    assert load_workbook(output)["Sources"]["E2"].value == "Over the threshold"
    assert load_workbook(output)["Sources"]["B2"].value == "Tsinghua University"
