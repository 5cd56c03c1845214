"""One case for the checks: a disclosure in plain data, read from the documented JSON form.

Reading is strict about what the rules rely on (dates, amounts, known values) and lenient
about the rest: unknown fields are ignored, and a missing or malformed required field
raises `CaseError` naming it, so only that case fails.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from app.refusals import Refusal


class ItemKind(StrEnum):
    FINANCIAL_INTEREST = "financial_interest"
    OUTSIDE_ACTIVITY = "outside_activity"
    SUPPORT = "support"
    COMPENSATION = "compensation"
    COLLABORATION = "collaboration"
    FOREIGN_APPOINTMENT = "foreign_appointment"
    TRAVEL = "travel"


class CaseError(Refusal):
    """A case the checks cannot read; `field` names where, e.g. "items[2].amount"."""


@dataclass(frozen=True, slots=True)
class KindSpec:
    """Which of a kind's fields name its organisation, country, amount and dates."""

    organisation: str
    country: str
    amount: str = "amount"
    start: str | None = None
    end: str | None = None
    #: The date of a one-off payment.
    paid_on: str | None = None
    required: tuple[str, ...] = ()


KIND_SPECS: dict[ItemKind, KindSpec] = {
    ItemKind.FINANCIAL_INTEREST: KindSpec(
        "entity", "country", paid_on="received_on", required=("entity", "relationship")
    ),
    ItemKind.OUTSIDE_ACTIVITY: KindSpec(
        "organisation", "country", start="start", end="end", required=("organisation",)
    ),
    ItemKind.SUPPORT: KindSpec(
        "sponsor", "sponsor_country", start="start", end="end", required=("status",)
    ),
    ItemKind.COMPENSATION: KindSpec("payer", "payer_country", paid_on="date", required=("payer",)),
    ItemKind.COLLABORATION: KindSpec(
        "institution", "country", amount="", start="since", required=("institution",)
    ),
    ItemKind.FOREIGN_APPOINTMENT: KindSpec(
        "institution", "country", start="start", end="end", required=("institution",)
    ),
    ItemKind.TRAVEL: KindSpec(
        "sponsor", "sponsor_country", amount="value", start="start", end="end"
    ),
}

#: Fields holding one of a fixed set of values; anything else is refused, naming the field.
CHOICES: dict[str, frozenset[str]] = {
    "entity_type": frozenset({"public", "private", "nonprofit", "government", "university"}),
    "relationship": frozenset(
        {"equity", "consulting", "salary", "honoraria", "royalties", "board", "gift"}
    ),
    "held_by": frozenset({"self", "spouse", "dependent"}),
    "status": frozenset({"current", "pending"}),
    "paid": frozenset({"paid", "unpaid", "honorary"}),
    "payer_government_funded": frozenset({"yes", "no", "unknown"}),
}
DATE_FIELDS = frozenset({"start", "end", "since", "date", "received_on"})
MONEY_FIELDS = frozenset({"amount", "value", "in_kind_value"})
#: Other non-negative numbers.
NUMBER_FIELDS = frozenset({"days_per_year"})
#: Fields that are codes, dates, numbers or fixed choices: everything else is text and
#: screened. The collaborator's own name is not: a person's name is no affiliation.
NOT_SCREENED = (
    frozenset({"kind", "country", "sponsor_country", "payer_country", "currency", "collaborator"})
    | DATE_FIELDS
    | MONEY_FIELDS
    | NUMBER_FIELDS
    | CHOICES.keys()
)
#: Larger amounts are typing errors, and would not fit a money column anyway.
LARGEST_NUMBER = Decimal(10) ** 12
#: Answers that mean "nothing" in a yes/no or free-text field.
NEGATIVE_ANSWERS = frozenset({"", "no", "none", "n/a", "na", "false", "0", "unpaid"})


@dataclass(frozen=True, slots=True)
class Contract:
    counterparty: str
    country: str
    #: ISO 639-1; a missing language means English.
    language: str
    document: bool
    translation: bool


@dataclass(frozen=True, slots=True)
class Item:
    index: int
    kind: ItemKind
    #: The item as given (after checking), for kind-specific fields.
    fields: Mapping[str, Any]
    organisation: str
    #: The registry organisation, when the item names one.
    organisation_id: str | None
    #: ISO 3166 alpha-2, upper case; "" when not given.
    country: str
    amount: Decimal | None
    currency: str
    start: date | None
    end: date | None
    paid_on: date | None
    contract: Contract | None
    #: Free-text values by field name, screened against the watchlist.
    texts: Mapping[str, str]

    def text(self, name: str) -> str:
        value = self.fields.get(name)
        return value.strip() if isinstance(value, str) else ""

    def choice(self, name: str) -> str:
        return self.text(name).lower()

    def says(self, name: str) -> bool:
        """A yes/no or free-text field that says something (True, "yes", a name...)."""
        return is_affirmative(self.fields.get(name))


@dataclass(frozen=True, slots=True)
class Case:
    id: Any
    as_of: date
    #: "yes", "no", or "" when not answered.
    talent_program_answer: str
    questionnaire: Mapping[str, Any]
    #: Units of a currency per US dollar given with the case; they win over the table.
    rates: Mapping[str, Decimal]
    items: tuple[Item, ...]
    previous_items: tuple[Item, ...] = field(default=())


def is_affirmative(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)):
        return value != 0
    if isinstance(value, str):
        return value.strip().lower() not in NEGATIVE_ANSWERS
    if isinstance(value, (list, tuple, dict)):
        return any(
            is_affirmative(part) for part in (value.values() if isinstance(value, dict) else value)
        )
    return False


def parse_date(value: object, where: str) -> date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise CaseError(where, "expected a date YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CaseError(where, f"expected a date YYYY-MM-DD, got {value!r}") from None


def parse_money(value: object, where: str) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise CaseError(where, "expected a decimal number")
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise CaseError(where, f"expected a decimal number, got {value!r}") from None
    if not amount.is_finite() or amount < 0:
        raise CaseError(where, f"expected a number of zero or more, got {value!r}")
    if amount > LARGEST_NUMBER:
        raise CaseError(where, f"expected a number below {LARGEST_NUMBER:,}, got {value!r}")
    return amount


def parse_person_months(value: object, where: str) -> dict[int, Decimal]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise CaseError(where, 'expected {"YYYY": months, ...}')
    months: dict[int, Decimal] = {}
    for year, amount in value.items():
        if not (isinstance(year, str) and len(year) == 4 and year.isdigit()):
            raise CaseError(where, f"expected a year YYYY, got {year!r}")
        parsed = parse_money(amount, f"{where}.{year}")
        if parsed is not None:
            months[int(year)] = parsed
    return months


def _contract(value: object, where: str) -> Contract | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise CaseError(where, "expected an object")
    language = value.get("language") or "en"
    if not isinstance(language, str):
        raise CaseError(f"{where}.language", "expected an ISO 639-1 code")
    return Contract(
        counterparty=str(value.get("counterparty") or ""),
        country=str(value.get("country") or "").upper(),
        language=language.strip().lower(),
        document=is_affirmative(value.get("document")),
        translation=is_affirmative(value.get("translation")),
    )


def parse_item(raw: object, index: int, where: str) -> Item:
    if not isinstance(raw, dict):
        raise CaseError(where, "expected an object with a kind")
    try:
        kind = ItemKind(raw.get("kind"))
    except ValueError:
        raise CaseError(f"{where}.kind", f"unknown kind {raw.get('kind')!r}") from None
    spec = KIND_SPECS[kind]
    for name in spec.required:
        if raw.get(name) in (None, ""):
            raise CaseError(f"{where}.{name}", "missing")
    for name, allowed in CHOICES.items():
        value = raw.get(name)
        if value not in (None, "") and (not isinstance(value, str) or value.lower() not in allowed):
            raise CaseError(f"{where}.{name}", f"expected one of {', '.join(sorted(allowed))}")
    dates = {name: parse_date(raw.get(name), f"{where}.{name}") for name in DATE_FIELDS}
    money = {
        name: parse_money(raw.get(name), f"{where}.{name}") for name in MONEY_FIELDS | NUMBER_FIELDS
    }
    fields = {**raw, **dates, **money}
    if kind is ItemKind.SUPPORT:
        fields["person_months"] = parse_person_months(
            raw.get("person_months"), f"{where}.person_months"
        )
    contract = _contract(raw.get("contract"), f"{where}.contract")
    texts = {
        name: value
        for name, value in raw.items()
        if isinstance(value, str) and value.strip() and name not in NOT_SCREENED
    }
    if contract is not None and contract.counterparty:
        texts["contract.counterparty"] = contract.counterparty
    registry_id = raw.get("organisation_id")
    return Item(
        index=index,
        kind=kind,
        fields=fields,
        organisation=str(raw.get(spec.organisation) or ""),
        organisation_id=str(registry_id) if registry_id not in (None, "") else None,
        country=str(raw.get(spec.country) or "").strip().upper(),
        amount=money.get(spec.amount) if spec.amount else None,
        currency=str(raw.get("currency") or "USD").strip().upper(),
        start=dates.get(spec.start) if spec.start else None,
        end=dates.get(spec.end) if spec.end else None,
        paid_on=dates.get(spec.paid_on) if spec.paid_on else None,
        contract=contract,
        texts=texts,
    )


def _items(raw: Mapping[str, Any], name: str, required: bool) -> tuple[Item, ...]:
    value = raw.get(name)
    if value is None and not required:
        return ()
    if not isinstance(value, list):
        raise CaseError(name, "missing (a list of items)" if value is None else "expected a list")
    return tuple(parse_item(item, index, f"{name}[{index}]") for index, item in enumerate(value))


def _rates(value: object) -> dict[str, Decimal]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise CaseError("rates", 'expected {"CUR": units per US dollar, ...}')
    rates = {}
    for currency, rate in value.items():
        parsed = parse_money(rate, f"rates.{currency}")
        if not parsed:
            raise CaseError(f"rates.{currency}", "expected a rate above zero")
        rates[str(currency).upper()] = parsed
    return rates


def parse_case(raw: Mapping[str, Any]) -> Case:
    """Read one case; raises CaseError naming the first missing or malformed field."""
    if "id" not in raw:
        raise CaseError("id", "missing")
    as_of = parse_date(raw.get("as_of"), "as_of")
    if as_of is None:
        raise CaseError("as_of", "missing (the disclosure's date, YYYY-MM-DD)")
    answer = raw.get("talent_program_answer")
    if answer is not None and (not isinstance(answer, str) or answer.lower() not in ("yes", "no")):
        raise CaseError("talent_program_answer", 'expected "yes" or "no"')
    questionnaire = raw.get("questionnaire") or {}
    if not isinstance(questionnaire, dict):
        raise CaseError("questionnaire", "expected an object of answers")
    return Case(
        id=raw["id"],
        as_of=as_of,
        talent_program_answer=(answer or "").lower(),
        questionnaire=questionnaire,
        rates=_rates(raw.get("rates")),
        items=_items(raw, "items", required=True),
        previous_items=_items(raw, "previous_items", required=False),
    )
