"""How each item kind's own columns appear in a rollup sheet, read from the model.

One place turns a kind's column list (`VersionItem.kind_columns()`) into sheet fields,
so a column added to a kind appears in the rollups without touching them.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, Enum, Integer, Numeric, Text

from app.disclosures.enums import ItemKind
from app.disclosures.items import ITEM_CLASSES, DisclosureItem
from app.record.models import FROZEN_CLASSES
from reports.rows import Field
from reports.sheets import ColumnKind

#: Sheet titles (Excel allows 31 characters; the kinds' labels are longer).
SHEET_TITLES: dict[ItemKind, str] = {
    ItemKind.FINANCIAL_INTEREST: "Financial interests",
    ItemKind.OUTSIDE_ACTIVITY: "Outside activities",
    ItemKind.SUPPORT: "Current and pending support",
    ItemKind.OUTSIDE_COMPENSATION: "Outside compensation",
    ItemKind.INFORMAL_COLLABORATION: "Informal collaborations",
    ItemKind.FOREIGN_APPOINTMENT: "Foreign appointments",
    ItemKind.SPONSORED_TRAVEL: "Sponsored travel",
}

#: Money columns are Numeric(14, 2) beside the kind's `currency` column.
MONEY_PRECISION = 14


def kind_table_columns(kind: ItemKind) -> list[Column]:
    """The kind's own columns in the certified record (what rollups read)."""
    cls = FROZEN_CLASSES[kind]
    return [cls.__table__.c[name] for name in cls.kind_columns()]


def field_for(column: Column, has_currency: bool) -> Field:
    header = column.key.replace("_", " ").capitalize()
    kind, width = _kind_and_width(column, has_currency)
    return Field(header, kind, width)


def _kind_and_width(column: Column, has_currency: bool) -> tuple[ColumnKind, float]:
    column_type = column.type
    if isinstance(column_type, Enum):
        return ColumnKind.TEXT, 22
    if isinstance(column_type, Boolean):
        return ColumnKind.YES_NO, 11
    if isinstance(column_type, Numeric):
        if has_currency and column_type.precision == MONEY_PRECISION:
            return ColumnKind.MONEY, 16
        return ColumnKind.DECIMAL, 11
    if isinstance(column_type, Integer):
        return ColumnKind.INTEGER, 10
    if isinstance(column_type, DateTime):
        return ColumnKind.TIMESTAMP, 18
    if isinstance(column_type, Date):
        return ColumnKind.DATE, 12
    if isinstance(column_type, Text):
        return ColumnKind.TEXT, 40
    return ColumnKind.TEXT, 22


def fields_of(kind: ItemKind) -> list[Field]:
    columns = kind_table_columns(kind)
    has_currency = any(column.key == "currency" for column in columns)
    return [field_for(column, has_currency) for column in columns]


def organisation_label(kind: ItemKind) -> str:
    cls: type[DisclosureItem] = ITEM_CLASSES[kind]
    return cls.organisation_label
