"""Treasury Reporting Rates of Exchange: parsing, import (all or nothing), the table used."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.rates.models import ExchangeRate
from app.rates.queries import rate_table
from app.rates.treasury import RateFileError, default_table, parse_rates, read_rates_file

FIXTURES = Path(__file__).parent / "fixtures"


def rates_cli(app, *args: str):
    return app.test_cli_runner().invoke(args=["rates", *args])


@pytest.mark.parametrize("name", ["treasury_sample.csv", "treasury_sample.json"])
def test_both_treasury_layouts_read_the_same(name: str):
    records = read_rates_file(FIXTURES / name)
    assert [(r.line, r.currency, r.exchange_rate) for r in records][:2] == (
        [(2, "CNY", Decimal("7.118")), (3, "EUR", Decimal("0.862"))]
        if name.endswith("csv")
        else [(3, "CNY", Decimal("7.118")), (18, "EUR", Decimal("0.862"))]
    )
    afghani = [r for r in records if r.country_currency_desc == "Afghanistan-Afghani"]
    assert afghani[0].currency is None
    assert records[-1].effective_date == date(2026, 6, 30)


@pytest.mark.parametrize(
    ("text", "is_json", "where"),
    [
        (
            "Record Date,Exchange Rate,Effective Date\n",
            False,
            "line 1, field country_currency_desc",
        ),
        (
            "Country - Currency Description,Exchange Rate,Effective Date\n"
            "China-Renminbi,7.1,2026-09-30\nJapan-Yen,abc,2026-09-30\n",
            False,
            "line 3, field exchange_rate",
        ),
        (
            "country_currency_desc,exchange_rate,effective_date\nChina-Renminbi,7.1,30/09/2026\n",
            False,
            "line 2, field effective_date",
        ),
        (
            "country_currency_desc,exchange_rate,effective_date\n,7.1,2026-09-30\n",
            False,
            "line 2, field country_currency_desc",
        ),
        (
            "country_currency_desc,exchange_rate,effective_date\nChina-Renminbi,-1,2026-09-30\n",
            False,
            "line 2, field exchange_rate",
        ),
        (
            '{"data": [\n{"country_currency_desc": "China-Renminbi", "exchange_rate": "7.1",\n'
            '"effective_date": "2026-09-30"},\n{"country_currency_desc": "Japan-Yen",\n'
            '"exchange_rate": "148"}\n]}',
            True,
            "line 4, field effective_date",
        ),
        ('{"data": [1,', True, "line 1, field json"),
    ],
)
def test_a_malformed_file_is_refused_naming_line_and_field(text: str, is_json: bool, where: str):
    with pytest.raises(RateFileError) as raised:
        parse_rates(text, is_json)
    assert str(raised.value).startswith(where)


def test_import_merges_and_reimporting_changes_nothing(app, db):
    result = rates_cli(app, "import", str(FIXTURES / "treasury_sample.csv"))
    assert result.exit_code == 0, result.output
    assert "5 added, 0 updated, 0 unchanged" in result.output
    assert "Skipped 1 with no known currency code: Afghanistan-Afghani (line 6)" in result.output
    again = rates_cli(app, "import", str(FIXTURES / "treasury_sample.json"))
    assert "0 added, 0 updated, 5 unchanged" in again.output
    assert db.session.scalar(select(func.count()).select_from(ExchangeRate)) == 5
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "rates.imported")
        )
        == 2
    )


def test_a_malformed_file_imports_nothing_and_names_file_line_and_field(app, db, tmp_path):
    bad = tmp_path / "rates.csv"
    bad.write_text(
        "Country - Currency Description,Exchange Rate,Effective Date\n"
        "China-Renminbi,7.1,2026-09-30\nJapan-Yen,,2026-09-30\n",
        encoding="utf-8",
    )
    result = rates_cli(app, "import", str(bad))
    assert result.exit_code == 1
    assert "rates.csv: line 3, field exchange_rate" in result.output
    assert "nothing was imported" in result.output
    assert db.session.scalar(select(func.count()).select_from(ExchangeRate)) == 0


def test_conflicting_rates_for_one_date_are_refused(app, db, tmp_path):
    bad = tmp_path / "twice.csv"
    bad.write_text(
        "country_currency_desc,exchange_rate,effective_date\n"
        "China-Renminbi,7.1,2026-09-30\nChina-Renminbi,7.2,2026-09-30\n",
        encoding="utf-8",
    )
    result = rates_cli(app, "import", str(bad))
    assert "line 3, field exchange_rate" in result.output
    assert "already given on line 2" in result.output


def test_the_imported_table_wins_over_the_default_and_picks_the_rate_in_effect(app, db):
    assert rate_table() is default_table()
    rates_cli(app, "import", str(FIXTURES / "treasury_sample.csv"))
    table = rate_table()
    assert table.currencies() == ["CNY", "EUR", "HKD", "JPY"]
    assert table.rate_for("CNY", date(2026, 8, 1)).units_per_usd == Decimal("7.166")
    assert table.rate_for("CNY", date(2026, 10, 1)).units_per_usd == Decimal("7.118")
    conversion = table.convert(Decimal("71180"), "CNY", date(2026, 11, 1))
    assert conversion.usd == Decimal("10000.00")
    assert conversion.describe() == (
        "CNY 71,180.00 = USD 10,000.00 at CNY 7.118 per USD (Treasury Reporting Rates of "
        "Exchange, China-Renminbi effective 2026-09-30)"
    )


def test_the_shipped_default_table_is_dated_and_covers_common_currencies():
    table = default_table()
    for currency in ("CNY", "EUR", "GBP", "JPY", "HKD", "MOP", "KRW", "INR", "CAD", "CHF"):
        rate = table.rate_for(currency, date(2026, 11, 30))
        assert rate.effective_on == date(2025, 12, 31)
        assert rate.source.startswith("Treasury Reporting Rates of Exchange")
