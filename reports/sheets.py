"""One table writer for every sheet: each sheet is a list of column specs and rows.

A sheet's columns say how to read a value from a row and what the value is (text, money,
a date...); the writer turns that into safe, typed, formatted cells. Item kinds, flags,
contracts and plans all go through `write_table`; nothing here knows what a row means.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from reports.cells import clean_text, sheet_title, text_value


class ColumnKind(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    #: A Decimal amount; the column's `currency` reads the row's ISO currency code.
    MONEY = "money"
    DATE = "date"
    #: A timezone-aware datetime, written as UTC (Excel has no time zones).
    TIMESTAMP = "timestamp"
    YES_NO = "yes_no"
    #: A URL the application built (never user input), written as text and a link.
    LINK = "link"


@dataclass(frozen=True, slots=True)
class SheetShape:
    """What was written to one sheet: its title, data rows and the kind of each column."""

    title: str
    rows: int
    kinds: tuple[ColumnKind, ...]


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    kind: ColumnKind = ColumnKind.TEXT
    width: float = 18
    currency: Callable[[Any], str] | None = None


HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_ALIGNMENT = Alignment(vertical="top", wrap_text=True)
FLAGGED_FILL = PatternFill("solid", fgColor="FCE4D6")
TITLE_FONT = Font(bold=True, size=14)
LABEL_FONT = Font(bold=True)

TIMESTAMP_FORMAT = "yyyy-mm-dd hh:mm"
DECIMAL_FORMAT = "#,##0.0#"
MONEY_FORMAT = "#,##0.00"
_CURRENCY_CODE = re.compile(r"[A-Z]{3}")


def new_workbook(title: str, creator: str, created: datetime) -> Workbook:
    """A streaming workbook with its document properties set."""
    book = Workbook(write_only=True)
    book.properties.title = clean_text(title)
    book.properties.creator = clean_text(creator)
    book.properties.created = excel_datetime(created)
    return book


def excel_datetime(moment: datetime) -> datetime:
    """UTC without a zone: what Excel can store."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def money_format(currency: str | None) -> str:
    if currency and _CURRENCY_CODE.fullmatch(currency):
        return f'{MONEY_FORMAT} "{currency}"'
    return MONEY_FORMAT


def add_sheet(book: Workbook, wanted_title: str) -> WriteOnlyWorksheet:
    return book.create_sheet(sheet_title(wanted_title, book.sheetnames))


def header_cell(sheet: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, clean_text(text))
    cell.data_type = "s"
    cell.font = HEADER_FONT
    cell.fill = HEADER_FILL
    cell.alignment = HEADER_ALIGNMENT
    return cell


def styled_cell(sheet: WriteOnlyWorksheet, value: Any, font: Font) -> WriteOnlyCell:
    safe = text_value(sheet, value) if isinstance(value, str) else value
    cell = safe if isinstance(safe, Cell) else WriteOnlyCell(sheet, safe)
    cell.font = font
    return cell


class _CellMaker:
    """Turns one column's values into what `append` takes, cheaply for plain values."""

    def __init__(self, sheet: WriteOnlyWorksheet, column: Column) -> None:
        self.sheet = sheet
        self.column = column
        self.convert = {
            ColumnKind.TEXT: self._text,
            ColumnKind.INTEGER: self._number,
            ColumnKind.DECIMAL: self._decimal,
            ColumnKind.MONEY: self._money,
            ColumnKind.DATE: self._date,
            ColumnKind.TIMESTAMP: self._timestamp,
            ColumnKind.YES_NO: self._yes_no,
            ColumnKind.LINK: self._link,
        }[column.kind]

    def __call__(self, row: Any, fill: PatternFill | None) -> Any:
        value = self.convert(row, self.column.value(row))
        if fill is None or value is None:
            return value
        cell = value if isinstance(value, Cell) else WriteOnlyCell(self.sheet, value)
        cell.fill = fill
        return cell

    def _text(self, row: Any, value: Any) -> Any:
        return text_value(self.sheet, value)

    def _number(self, row: Any, value: Any) -> Any:
        return value

    def _decimal(self, row: Any, value: Any) -> Any:
        return self._formatted(value, DECIMAL_FORMAT)

    def _money(self, row: Any, value: Any) -> Any:
        currency = self.column.currency(row) if self.column.currency else None
        return self._formatted(value, money_format(currency))

    def _date(self, row: Any, value: Any) -> Any:
        # openpyxl gives a date its own format (yyyy-mm-dd) as it binds the value.
        return value

    def _timestamp(self, row: Any, value: Any) -> Any:
        return None if value is None else excel_datetime(value)

    def _yes_no(self, row: Any, value: Any) -> Any:
        return None if value is None else ("Yes" if value else "No")

    def _link(self, row: Any, value: Any) -> Any:
        if not value:
            return None
        cell = WriteOnlyCell(self.sheet, clean_text(value))
        cell.data_type = "s"
        cell.hyperlink = cell.value
        return cell

    def _formatted(self, value: Any, number_format: str) -> Any:
        if value is None:
            return None
        cell = WriteOnlyCell(self.sheet, value)
        cell.number_format = number_format
        return cell


def write_table(
    book: Workbook,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Any],
    highlight: Callable[[Any], bool] | None = None,
) -> SheetShape:
    """Write one sheet: header, frozen panes, widths, typed cells, an auto-filter.

    Rows are consumed as they come, so a generator streams straight to disk.
    """
    sheet = add_sheet(book, title)
    for number, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.append([header_cell(sheet, column.header) for column in columns])
    makers = [_CellMaker(sheet, column) for column in columns]
    plain = [(column.value, maker.convert) for column, maker in zip(columns, makers, strict=True)]
    count = 0
    for row in rows:
        if highlight is not None and highlight(row):
            sheet.append([make(row, FLAGGED_FILL) for make in makers])
        else:
            sheet.append([convert(row, value(row)) for value, convert in plain])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    return SheetShape(sheet.title, count, tuple(column.kind for column in columns))


def add_named_table(
    sheet: WriteOnlyWorksheet, name: str, headers: Sequence[str], first_row: int, rows: int
) -> None:
    """Make rows already written into an Excel table, so each gets its own filter buttons.

    A sheet has one auto-filter; several tables on one sheet need Excel tables. In
    write-only mode openpyxl cannot read the header cells back, so the columns are named
    here (hence its warning, which says exactly that).
    """
    last = get_column_letter(len(headers))
    table = Table(
        displayName=name,
        ref=f"A{first_row}:{last}{first_row + max(rows, 1)}",
        tableColumns=[
            TableColumn(id=number, name=clean_text(header))
            for number, header in enumerate(headers, start=1)
        ],
    )
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "In write-only mode you must add table columns")
        sheet.add_table(table)
