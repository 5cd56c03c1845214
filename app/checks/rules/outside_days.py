"""`outside_days_limit`: outside activities take more days a year than the institution allows."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ..case import Item, ItemKind
from ..context import CaseContext
from ..findings import Finding
from ..names import active_in_last_12_months

RULE = "outside_days_limit"


def days_per_year(item: Item) -> Decimal:
    return item.fields.get("days_per_year") or Decimal(0)


def check(context: CaseContext) -> Iterator[Finding]:
    limit = context.settings.number("outside_days_limit.days")
    active = [
        item
        for item in context.items(ItemKind.OUTSIDE_ACTIVITY)
        if active_in_last_12_months(item.start, item.end, context.case.as_of)
    ]
    total = sum((days_per_year(item) for item in active), Decimal(0))
    if total <= limit:
        return
    yield context.finding(
        RULE,
        [item.index for item in active if days_per_year(item)],
        f"Your outside activities take {total.normalize():f} days a year, more than the "
        f"{limit.normalize():f} days allowed. Explain, or ask your department for approval.",
        f"Outside activities active in the last 12 months total {total.normalize():f} days per "
        f"year; the institution's limit is {limit.normalize():f}.",
    )
