"""Foreign-funding reports for general counsel: the sources over the threshold, and the
certified items behind them."""

from __future__ import annotations

from datetime import datetime
from operator import attrgetter
from pathlib import Path
from typing import IO, Any

from reports.sheets import Column, ColumnKind, new_workbook, write_table

SOURCE_COLUMNS = [
    Column("Country", attrgetter("country"), width=20),
    Column("Source", attrgetter("source"), width=40),
    Column("Year", attrgetter("year"), ColumnKind.INTEGER, width=8),
    Column("Total (USD)", attrgetter("total_usd"), ColumnKind.MONEY, width=16),
    Column("Also, not converted", attrgetter("unconverted"), width=24),
    Column("Conditions", attrgetter("conditions"), width=50),
    Column("Items", lambda s: len(s.items), ColumnKind.INTEGER, width=8),
]
ITEM_COLUMNS = [
    Column("Country", attrgetter("country"), width=20),
    Column("Source", attrgetter("source"), width=40),
    Column("Person", attrgetter("person"), width=24),
    Column("Kind", attrgetter("kind"), width=24),
    Column("What", attrgetter("what"), width=40),
    Column("Year", attrgetter("year"), ColumnKind.INTEGER, width=8),
    Column(
        "Amount", attrgetter("amount"), ColumnKind.MONEY, width=16, currency=attrgetter("currency")
    ),
    Column("Currency", attrgetter("currency"), width=9),
    Column("In US dollars", attrgetter("usd"), ColumnKind.MONEY, width=16),
    Column("Conversion", attrgetter("conversion"), width=50),
    Column("Conditions", attrgetter("conditions"), width=50),
    Column("Disclosure", attrgetter("disclosure"), width=28),
]


def write_foreign_funding(
    sources: list[Any],
    threshold: int,
    title: str,
    generated_by: str,
    generated_at: datetime,
    destination: str | Path | IO[bytes],
) -> None:
    book = new_workbook(title, generated_by, generated_at)
    standing = Column("Threshold", lambda s: s.standing(threshold), width=30)
    write_table(book, "Sources", [*SOURCE_COLUMNS[:4], standing, *SOURCE_COLUMNS[4:]], sources)
    write_table(book, "Items", ITEM_COLUMNS, [item for source in sources for item in source.items])
    book.save(destination)
