"""Converting amounts to US dollars, always saying which rate was used and from when.

Rates are units of the foreign currency per US dollar, as the Treasury Reporting Rates of
Exchange give them. For an amount dated D, the rate used is the latest one effective on
or before D (the disclosure's date when the amount has none); an amount older than every
rate in the table uses the earliest one, and says so through the rate's date.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Rate:
    currency: str
    #: Units of `currency` per US dollar.
    units_per_usd: Decimal
    #: When the rate took effect; None for a rate given with a case.
    effective_on: date | None
    #: Where it comes from, e.g. "Treasury Reporting Rates of Exchange".
    source: str

    def describe(self) -> str:
        when = f" effective {self.effective_on.isoformat()}" if self.effective_on else ""
        return f"{self.currency} {self.units_per_usd.normalize():f} per USD ({self.source}{when})"


@dataclass(frozen=True, slots=True)
class Conversion:
    amount: Decimal
    currency: str
    usd: Decimal
    #: None when the amount was in US dollars already.
    rate: Rate | None

    def describe(self) -> str:
        if self.rate is None:
            return f"USD {format_money(self.usd)}"
        return (
            f"{self.currency} {format_money(self.amount)} = USD {format_money(self.usd)} "
            f"at {self.rate.describe()}"
        )


def format_money(amount: Decimal) -> str:
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):,}"


class MissingRate(LookupError):
    """No rate is known for a currency."""


class RateTable:
    """Rates by currency and effective date; immutable once built."""

    def __init__(self, rates: Iterable[Rate]) -> None:
        by_currency: dict[str, list[Rate]] = {}
        for rate in rates:
            by_currency.setdefault(rate.currency.upper(), []).append(rate)
        self._rates = {
            currency: sorted(found, key=lambda rate: rate.effective_on or date.min)
            for currency, found in by_currency.items()
        }
        self._dates = {
            currency: [rate.effective_on or date.min for rate in found]
            for currency, found in self._rates.items()
        }

    def __len__(self) -> int:
        return sum(len(found) for found in self._rates.values())

    def currencies(self) -> list[str]:
        return sorted(self._rates)

    def latest(self) -> list[Rate]:
        """The most recent rate of every currency, by currency."""
        return [self._rates[currency][-1] for currency in self.currencies()]

    def rate_for(self, currency: str, on: date) -> Rate:
        found = self._rates.get(currency.upper())
        if not found:
            raise MissingRate(currency)
        position = bisect.bisect_right(self._dates[currency.upper()], on)
        return found[max(position - 1, 0)]

    def with_overrides(self, overrides: Mapping[str, Decimal]) -> RateTable:
        """This table, with the rates given for a case replacing the table's for theirs."""
        if not overrides:
            return self
        kept = [
            rate
            for currency, found in self._rates.items()
            if currency not in overrides
            for rate in found
        ]
        given = [
            Rate(currency, units, None, "rate given with the case")
            for currency, units in overrides.items()
        ]
        return RateTable([*kept, *given])

    def convert(self, amount: Decimal, currency: str, on: date) -> Conversion:
        """`amount` in US dollars, to the cent; raises MissingRate for an unknown currency."""
        currency = (currency or "USD").upper()
        if currency == "USD":
            return Conversion(amount, currency, amount.quantize(CENT, ROUND_HALF_UP), None)
        rate = self.rate_for(currency, on)
        usd = (amount / rate.units_per_usd).quantize(CENT, ROUND_HALF_UP)
        return Conversion(amount, currency, usd, rate)


def describe_conversions(conversions: Iterable[Conversion]) -> str:
    """ "CNY 500,000.00 = USD 70,422.54 at CNY 7.1 per USD (...)"; amounts in USD plainly."""
    return "; ".join(conversion.describe() for conversion in conversions)
