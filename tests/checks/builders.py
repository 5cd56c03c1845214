"""Small builders for check cases in their JSON form, and a run helper (no database)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from app.checks import CheckSettings, Finding, default_settings, evaluate_record
from app.rates.conversion import Rate, RateTable

AS_OF = "2026-11-30"
#: A fixed table, so tests do not depend on the shipped default's figures.
RATES = RateTable(
    [
        Rate("CNY", Decimal("7.1"), date(2026, 9, 30), "test table"),
        Rate("HKD", Decimal("7.8"), date(2026, 9, 30), "test table"),
        Rate("EUR", Decimal("0.8"), date(2026, 9, 30), "test table"),
    ]
)


def case(*items: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "id": fields.pop("id", "case"),
        "as_of": fields.pop("as_of", AS_OF),
        "talent_program_answer": fields.pop("answer", "yes"),
        "questionnaire": fields.pop("questionnaire", {}),
        "items": list(items),
        **fields,
    }


def run(record: dict[str, Any], settings: CheckSettings | None = None) -> list[Finding]:
    return evaluate_record(record, settings or default_settings(), RATES)


def of_rule(findings: list[Finding], rule: str) -> list[Finding]:
    return [finding for finding in findings if finding.rule == rule]


def interest(entity: str, relationship: str, amount: str | None, **fields: Any) -> dict[str, Any]:
    return {
        "kind": "financial_interest",
        "entity": entity,
        "entity_type": fields.pop("entity_type", "private"),
        "country": fields.pop("country", "US"),
        "relationship": relationship,
        "held_by": fields.pop("held_by", "self"),
        "amount": amount,
        "currency": fields.pop("currency", "USD"),
        **fields,
    }


def compensation(payer: str, amount: str, **fields: Any) -> dict[str, Any]:
    return {
        "kind": "compensation",
        "payer": payer,
        "payer_country": fields.pop("payer_country", "US"),
        "amount": amount,
        "currency": fields.pop("currency", "USD"),
        "nature": fields.pop("nature", "lecture"),
        "date": fields.pop("date", "2026-06-01"),
        "payer_government_funded": fields.pop("payer_government_funded", "no"),
        **fields,
    }


def activity(organisation: str, days: str | int, **fields: Any) -> dict[str, Any]:
    return {
        "kind": "outside_activity",
        "organisation": organisation,
        "country": fields.pop("country", "US"),
        "role": fields.pop("role", "consultant"),
        "start": fields.pop("start", "2025-01-01"),
        "days_per_year": days,
        **fields,
    }


def appointment(institution: str, **fields: Any) -> dict[str, Any]:
    return {
        "kind": "foreign_appointment",
        "institution": institution,
        "country": fields.pop("country", "CN"),
        "title": fields.pop("title", "Visiting professor"),
        "paid": fields.pop("paid", "unpaid"),
        "start": fields.pop("start", "2025-03-01"),
        **fields,
    }


def support(title: str, status: str, months: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "kind": "support",
        "title": title,
        "sponsor": fields.pop("sponsor", "National Science Foundation"),
        "sponsor_country": fields.pop("sponsor_country", "US"),
        "status": status,
        "start": fields.pop("start", "2026-01-01"),
        "end": fields.pop("end", "2028-12-31"),
        "amount": fields.pop("amount", "300000"),
        "person_months": months,
        **fields,
    }
