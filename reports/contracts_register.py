"""General counsel's register of every contractual relationship behind a disclosure."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from reports.columns import CONTRACT_COLUMNS
from reports.rows import ContractRow, ContractsRegister
from reports.sheets import SheetShape, new_workbook, write_table


def write_contracts_register(
    data: ContractsRegister, destination: str | Path | IO[bytes]
) -> list[SheetShape]:
    """One filterable table; each row links to the disclosure version it was certified in."""
    book = new_workbook("Contracts register", data.generated_by, data.generated_at)
    shape = write_table(book, "Contracts register", CONTRACT_COLUMNS, data.contracts, _flagged)
    book.save(destination)
    return [shape]


def _flagged(row: ContractRow) -> bool:
    return row.open_flags > 0
