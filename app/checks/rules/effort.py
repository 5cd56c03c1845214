"""`effort_over_12_months`: more person-months of support in a calendar year than it has."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..case import Item, ItemKind
from ..context import CaseContext
from ..findings import Finding

RULE = "effort_over_12_months"


def _months_by_year(items: list[Item]) -> dict[int, tuple[Decimal, list[int]]]:
    years: dict[int, tuple[Decimal, list[int]]] = {}
    for item in items:
        for year, months in item.fields["person_months"].items():
            total, indexes = years.get(year, (Decimal(0), []))
            years[year] = (total + months, [*indexes, item.index] if months else indexes)
    return years


def _years_text(years: dict[int, tuple[Decimal, list[int]]]) -> str:
    return ", ".join(f"{year}: {total.normalize():f}" for year, (total, _) in sorted(years.items()))


def check(context: CaseContext) -> Iterator[Finding]:
    limit = context.settings.number("effort_over_12_months.months")
    support = list(context.items(ItemKind.SUPPORT))
    current = _months_by_year([item for item in support if item.choice("status") == "current"])
    both = _months_by_year(support)
    over_now = {year: entry for year, entry in current.items() if entry[0] > limit}
    over_pending = {
        year: entry for year, entry in both.items() if entry[0] > limit and year not in over_now
    }
    if over_now:
        yield context.finding(
            RULE,
            [index for _, indexes in over_now.values() for index in indexes],
            f"Your current support adds up to more than {limit.normalize():f} person-months "
            f"in a year ({_years_text(over_now)}). Correct the effort of your awards.",
            "Current support exceeds the months in a calendar year "
            f"({_years_text(over_now)} person-months; limit {limit.normalize():f}).",
        )
    if over_pending:
        yield context.finding(
            RULE,
            [index for _, indexes in over_pending.values() for index in indexes],
            "If your pending support is awarded, your effort would exceed "
            f"{limit.normalize():f} person-months in a year ({_years_text(over_pending)}). "
            "Explain how the effort would be reduced.",
            "Current plus pending support would exceed the months in a calendar year "
            f"({_years_text(over_pending)} person-months; limit {limit.normalize():f}).",
            severity_key="pending_severity",
        )
