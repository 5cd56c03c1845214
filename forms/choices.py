"""Choice lists shared by forms: countries and currencies (ISO codes via pycountry)."""

from __future__ import annotations

from enum import StrEnum
from functools import cache

import pycountry
from wtforms.fields.choices import SelectChoice

#: Currencies offered first; any ISO 4217 code is accepted.
COMMON_CURRENCIES = ("USD", "EUR", "GBP", "CNY", "JPY", "CAD", "CHF", "AUD", "HKD", "KRW")


def options(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def enum_choices(enum_class: type[StrEnum], blank: str | None = None) -> list[SelectChoice]:
    """An enum's members as options, labelled in words (blank: an empty first option)."""
    members = [SelectChoice(m.value, getattr(m, "label", m.value)) for m in enum_class]
    return [SelectChoice("", blank), *members] if blank else members


@cache
def _countries() -> tuple[tuple[str, str], ...]:
    return tuple(
        sorted(
            ((c.alpha_2, getattr(c, "common_name", c.name)) for c in pycountry.countries),
            key=lambda pair: pair[1],
        )
    )


def country_choices() -> list[SelectChoice]:
    return options([("", "Choose a country…"), *_countries()])


@cache
def _currencies() -> tuple[str, ...]:
    others = sorted(c.alpha_3 for c in pycountry.currencies if c.alpha_3 not in COMMON_CURRENCIES)
    return (*COMMON_CURRENCIES, *others)


def currency_choices() -> list[SelectChoice]:
    return [SelectChoice(code, code) for code in _currencies()]


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code) if code else None
    return getattr(country, "common_name", country.name) if country else code
