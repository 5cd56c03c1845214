"""Showing disclosure data in words: one place formats money (with its currency), dates,
countries and every coded value, for pages, diffs and mails alike. No page prints a raw
code (`us_federal`, `10000-19999`, `CN`)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from flask import Flask
from sqlalchemy import Numeric

from app.disclosures.contract_terms import CONTRACT_FIELDS
from app.disclosures.enums import ItemKind, YesNoUnknown
from app.disclosures.items import ITEM_CLASSES
from app.screening.flags import Severity, parse_flag_category
from forms.choices import country_name

#: Field names whose automatic label would read badly.
FIELD_LABELS = {
    "relationship_type": "Relationship",
    "related_to_responsibilities": "Related to institutional responsibilities",
    "payer_government_funded": "Payer government-funded",
    "ip_terms": "IP terms",
    "talent_program_answer": "Talent program answer",
    "talent_program_details": "Talent program details",
    "shared": "What is shared",
    "days_per_year": "Days per year",
    "calendar_months": "Calendar months per year",
    "academic_months": "Academic months per year",
    "summer_months": "Summer months per year",
    "in_kind_value": "In-kind value",
    "backed_by_contract": "Backed by a contract",
    "held_by": "Held by",
    "value_band": "Value",
    "funds_route": "Where the money is paid",
}
#: Money columns are Numeric(14, 2) beside the kind's `currency` column.
MONEY_PRECISION = 14
NOTHING = "—"


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name) or name.replace("_", " ").capitalize()


def kind_label(value: str) -> str:
    return ItemKind(value).label if value in ItemKind._value2member_map_ else value


def long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def money(amount: Decimal | None, currency: str | None) -> str:
    if amount is None:
        return NOTHING
    return f"{currency or 'USD'} {amount:,.2f}"


def number(value: Decimal) -> str:
    """A quantity without trailing zeros: 1.50 months reads 1.5, 12.0 days reads 12."""
    return f"{value.normalize():f}"


def in_words(value: Any) -> str:
    """Any stored value as a reader reads it."""
    if value is None or value == "":
        return NOTHING
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Enum):
        return getattr(value, "label", str(value.value))
    if isinstance(value, datetime):
        return f"{long_date(value.date())} {value:%H:%M} UTC"
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, Decimal):
        return number(value)
    return str(value)


def _is_money(cls: type, name: str) -> bool:
    column = cls.__table__.c.get(name)
    return (
        column is not None
        and isinstance(column.type, Numeric)
        and column.type.precision == MONEY_PRECISION
        and "currency" in cls.__table__.c
    )


def item_facts(item: Any) -> list[tuple[str, str]]:
    """An item's facts in words, for the disclosure, review and version pages: the
    organisation and country, every field of its kind, and the contract behind it."""
    cls = type(item)
    currency = getattr(item, "currency", None)
    facts = [(cls.organisation_label, item.organisation_display or NOTHING)]
    if item.country:
        facts.append(("Country", country_name(item.country)))
    for name in cls.kind_columns():
        if name == "currency":
            continue
        value = getattr(item, name)
        text = money(value, currency) if _is_money(cls, name) else in_words(value)
        facts.append((field_label(name), text))
    contract = item.contract if item.backed_by_contract else None
    if contract is not None:
        facts.append(("Contract with", contract.counterparty_name))
        if contract.country:
            facts.append(("Contract: country", country_name(contract.country)))
        for name in CONTRACT_FIELDS:
            label = f"Contract: {field_label(name).lower()}"
            facts.append((label, in_words(getattr(contract, name))))
        facts.append(("Contract document", "Attached" if contract.document_id else "Not attached"))
        if contract.translation_id:
            facts.append(("English translation", "Attached"))
    return facts


def snapshot_value(kind: str | None, field: str, value: Any) -> str:
    """A value from a version's JSON snapshot (as stored: codes and ISO text) in words."""

    if value is None or value == "":
        return NOTHING
    if field in ("country", "contract country"):
        return country_name(value)
    if field == "talent_program_answer":
        return YesNoUnknown(value).label if value in YesNoUnknown._value2member_map_ else value
    cls = ITEM_CLASSES.get(ItemKind(kind)) if kind in ItemKind._value2member_map_ else None
    column = cls.__table__.c.get(field) if cls is not None else None
    enum_class = getattr(column.type, "enum_class", None) if column is not None else None
    if enum_class is not None and value in enum_class._value2member_map_:
        return in_words(enum_class(value))
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return long_date(date.fromisoformat(value))
        except ValueError:
            return value
    return in_words(value)


def category_label(value: str) -> str:
    try:
        return parse_flag_category(value).label
    except ValueError:
        return value.replace("_", " ").capitalize()


def action_words(action: str) -> str:
    """An audit action ("review.approve_with_plan") as words ("Review: approve with plan")."""
    feature, _, what = action.partition(".")
    feature = feature.replace("_", " ").capitalize()
    return f"{feature}: {what.replace('_', ' ').replace('.', ', ')}" if what else feature


def register_filters(app: Flask) -> None:
    app.add_template_filter(field_label, "field_label")
    app.add_template_filter(kind_label, "kind_label")
    app.add_template_filter(country_name, "country_name")
    app.add_template_filter(in_words, "in_words")
    app.add_template_filter(long_date, "long_date")
    app.add_template_global(item_facts, "item_facts")
    app.add_template_global(money, "money")
    app.add_template_filter(category_label, "category_label")
    app.add_template_filter(action_words, "action_words")
    app.add_template_global(sorted(Severity, key=lambda s: s.rank), "severities")
