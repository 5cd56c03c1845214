"""`foreign_government_compensation`: payments in the last 12 months from payers in China
that are government or government-funded, or that are or name a talent program, above the
amount set. The report asks for extra caution and full disclosure."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from app.rates.conversion import Conversion, format_money
from app.screening.flags import Category

from ..case import Item, ItemKind
from ..context import CaseContext, conversions_note, item_label
from ..findings import Finding
from ..names import active_in_last_12_months, in_china, in_last_12_months

RULE = "foreign_government_compensation"
#: The fields that name the payer, whose government flags describe the payer.
PAYER_FIELDS = ("payer", "institution", "talent_program")
TALENT = frozenset({Category.TALENT_PROGRAM})
GOVERNMENT = frozenset({Category.GOVERNMENT_PROGRAM})


def _in_window(item: Item, context: CaseContext) -> bool:
    as_of = context.case.as_of
    if item.kind is ItemKind.COMPENSATION:
        return item.paid_on is None or in_last_12_months(item.paid_on, as_of)
    return item.choice("paid") == "paid" and active_in_last_12_months(item.start, item.end, as_of)


def _why_government(item: Item, context: CaseContext) -> str | None:
    """Why the payer counts: it says it is government-funded, is flagged, or names a program."""
    if item.choice("payer_government_funded") == "yes":
        return "government-funded"
    # A talent program named anywhere in the item counts; a government funder only as payer.
    flags = context.flagged(item, TALENT) or context.flagged(item, GOVERNMENT, PAYER_FIELDS)
    if flags:
        return f"flagged: {flags[0].canonical_name}"
    if item.says("talent_program"):
        return f"talent program: {item.text('talent_program') or 'yes'}"
    return None


def check(context: CaseContext) -> Iterator[Finding]:
    threshold = context.settings.number("foreign_government_compensation.amount_usd")
    counted: list[tuple[Item, Conversion, str]] = []
    for item in context.items(ItemKind.COMPENSATION, ItemKind.FOREIGN_APPOINTMENT):
        if not (in_china(item.country) and _in_window(item, context)):
            continue
        why = _why_government(item, context)
        conversion = context.to_usd(item) if why else None
        if why and conversion is not None:
            counted.append((item, conversion, why))
    total = sum((conversion.usd for _, conversion, _ in counted), Decimal(0))
    if total <= threshold:
        return
    payers = "; ".join(f"{item_label(item)}, {why}" for item, _, why in counted)
    note = conversions_note(conversion for _, conversion, _ in counted)
    yield context.finding(
        RULE,
        [item.index for item, _, _ in counted],
        f"In the last 12 months you were paid USD {format_money(total)} by government or "
        "government-funded sources in China. Make sure every tie with them is fully disclosed.",
        f"Compensation from government, government-funded or talent-program payers in China "
        f"totals USD {format_money(total)} in the 12 months to {context.case.as_of.isoformat()}, "
        f"above USD {format_money(threshold)}: {payers}.{note} Extra caution and full "
        "disclosure are called for.",
    )
