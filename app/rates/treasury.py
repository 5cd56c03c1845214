"""Read the US Treasury Reporting Rates of Exchange (fiscaldata.treasury.gov) files.

Two layouts are accepted, as the Treasury publishes them:
- CSV, with the display labels as headers ("Record Date", "Country - Currency
  Description", "Exchange Rate", "Effective Date", ...) or the API field names
  (`record_date`, `country_currency_desc`, `exchange_rate`, `effective_date`);
- JSON, the API's response `{"data": [{...}], "meta": ..., "links": ...}` or a bare list.

`exchange_rate` is units of the foreign currency per US dollar. Pure: text in, records
out; a malformed file raises RateFileError naming the line and the field, and nothing of
it is used.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from app.rates.conversion import Rate, RateTable
from app.refusals import Refusal

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_TABLE = DATA_DIR / "treasury_default.csv"
SOURCE = "Treasury Reporting Rates of Exchange"

#: CSV display labels -> API field names.
LABELS = {
    "record date": "record_date",
    "country": "country",
    "currency": "currency",
    "country - currency description": "country_currency_desc",
    "exchange rate": "exchange_rate",
    "effective date": "effective_date",
}
REQUIRED = ("country_currency_desc", "exchange_rate", "effective_date")


class RateFileError(Refusal):
    """A file that is not a readable Treasury rates file; nothing of it is imported."""

    def __init__(self, line: int | None, field: str, message: str) -> None:
        where = f"line {line}, " if line is not None else ""
        super().__init__(field, f"{where}field {field}: {message}")
        self.line = line


@dataclass(frozen=True, slots=True)
class TreasuryRecord:
    line: int
    record_date: date | None
    country_currency_desc: str
    #: ISO 4217, or None when the description is not one Candor knows.
    currency: str | None
    exchange_rate: Decimal
    effective_date: date


@cache
def currency_codes() -> dict[str, str]:
    """Treasury descriptions (folded) -> ISO 4217 codes, from the shipped data file."""
    data = json.loads((DATA_DIR / "treasury_currencies.json").read_text(encoding="utf-8"))
    return {_fold(desc): code for desc, code in data.items() if not desc.startswith("_")}


def _fold(description: str) -> str:
    return " ".join(description.replace(" - ", "-").split()).casefold()


def _date(value: object, line: int, field: str) -> date | None:
    text = str(value or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RateFileError(line, field, f"expected a date YYYY-MM-DD, got {text!r}") from None


def _record(row: Mapping[str, Any], line: int) -> TreasuryRecord:
    description = str(row.get("country_currency_desc") or "").strip()
    if not description:
        country, currency = (str(row.get(name) or "").strip() for name in ("country", "currency"))
        if not (country and currency):
            raise RateFileError(line, "country_currency_desc", "missing")
        description = f"{country}-{currency}"
    text = str(row.get("exchange_rate") or "").strip().replace(",", "")
    try:
        rate = Decimal(text)
    except InvalidOperation:
        raise RateFileError(line, "exchange_rate", f"expected a number, got {text!r}") from None
    if not rate.is_finite() or rate <= 0:
        raise RateFileError(line, "exchange_rate", f"expected a rate above zero, got {text!r}")
    effective = _date(row.get("effective_date"), line, "effective_date")
    if effective is None:
        raise RateFileError(line, "effective_date", "missing")
    return TreasuryRecord(
        line=line,
        record_date=_date(row.get("record_date"), line, "record_date"),
        country_currency_desc=description,
        currency=currency_codes().get(_fold(description)),
        exchange_rate=rate,
        effective_date=effective,
    )


def _csv_rows(text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise RateFileError(1, "header", "the file is empty")
    names = [LABELS.get(name.strip().lower(), name.strip().lower()) for name in header]
    if "country_currency_desc" not in names and not {"country", "currency"} <= set(names):
        raise RateFileError(1, "country_currency_desc", "no such column in the header")
    for required in REQUIRED[1:]:
        if required not in names:
            raise RateFileError(1, required, "no such column in the header")
    for values in reader:
        if not any(value.strip() for value in values):
            continue
        yield reader.line_num, dict(zip(names, values, strict=False))


def _element_lines(text: str, array_start: int, count: int) -> list[int]:
    """The line each element of the JSON array opening at `array_start` starts on."""
    decoder = json.JSONDecoder()
    lines, position = [], array_start + 1
    for _ in range(count):
        while text[position] in " \t\r\n,":
            position += 1
        lines.append(text.count("\n", 0, position) + 1)
        _, position = decoder.raw_decode(text, position)
    return lines


def _json_rows(text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise RateFileError(error.lineno, "json", f"not valid JSON: {error.msg}") from None
    if isinstance(document, dict):
        records = document.get("data")
        found = re.search(r'"data"\s*:\s*\[', text)
        array_start = found.end() - 1 if found else 0
    else:
        records = document
        array_start = text.index("[") if isinstance(document, list) else 0
    if not isinstance(records, list):
        raise RateFileError(1, "data", "expected a list of rate records")
    lines = _element_lines(text, array_start, len(records))
    for line, record in zip(lines, records, strict=True):
        if not isinstance(record, dict):
            raise RateFileError(line, "record", "expected an object")
        yield line, record


def parse_rates(text: str, is_json: bool) -> list[TreasuryRecord]:
    """Every record of a Treasury rates file; RateFileError on the first bad one."""
    text = text.removeprefix("\ufeff")
    rows = _json_rows(text) if is_json else _csv_rows(text)
    records = [_record(row, line) for line, row in rows]
    if not records:
        raise RateFileError(None, "data", "the file holds no rates")
    return records


def read_rates_file(path: Path) -> list[TreasuryRecord]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RateFileError(None, "encoding", "the file is not UTF-8 text") from None
    is_json = path.suffix.lower() == ".json" or text.lstrip("\ufeff \n").startswith(("{", "["))
    return parse_rates(text, is_json)


def to_rate(record: TreasuryRecord, currency: str) -> Rate:
    return Rate(
        currency,
        record.exchange_rate,
        record.effective_date,
        f"{SOURCE}, {record.country_currency_desc}",
    )


@cache
def default_table() -> RateTable:
    """The dated table shipped with Candor (see data/README.md)."""
    records = read_rates_file(DEFAULT_TABLE)
    return RateTable(to_rate(record, record.currency) for record in records if record.currency)
