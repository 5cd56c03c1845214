"""`sfi_threshold`: PHS significant financial interests per entity (42 CFR 50 Subpart F).

Per entity, counting the filer, spouse and dependents together, over the last 12 months:
remuneration (compensation, consulting, salary, honoraria) plus, for a publicly traded
entity, the value of equity, over the threshold; for any other entity, remuneration over
the threshold or any equity; royalties over their own threshold. Remuneration from US
government bodies and US universities is left out; travel is disclosed on its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from app.rates.conversion import Conversion, format_money

from ..case import Item, ItemKind
from ..context import CaseContext, conversions_note
from ..findings import Finding
from ..names import UNITED_STATES, group_by_organisation, in_last_12_months

RULE = "sfi_threshold"
REMUNERATION = frozenset({"consulting", "salary", "honoraria"})
EXCLUDED_US_TYPES = frozenset({"government", "university"})


@dataclass(slots=True)
class EntityTotals:
    name: str
    publicly_traded: bool = False
    excluded: bool = False
    remuneration: list[tuple[Item, Conversion]] = field(default_factory=list)
    equity: list[tuple[Item, Conversion | None]] = field(default_factory=list)
    royalties: list[tuple[Item, Conversion]] = field(default_factory=list)


def _in_window(item: Item, context: CaseContext) -> bool:
    return item.paid_on is None or in_last_12_months(item.paid_on, context.case.as_of)


def _gather(context: CaseContext) -> Iterator[EntityTotals]:
    kinds = (ItemKind.FINANCIAL_INTEREST, ItemKind.COMPENSATION)
    for group in group_by_organisation(context.items(*kinds)):
        yield _totals(group, context)


def _totals(group: list[Item], context: CaseContext) -> EntityTotals:
    totals = EntityTotals(group[0].organisation)
    for item in group:
        if item.kind is ItemKind.FINANCIAL_INTEREST:
            entity_type = item.choice("entity_type")
            totals.publicly_traded |= entity_type == "public"
            totals.excluded |= entity_type in EXCLUDED_US_TYPES and item.country == UNITED_STATES
            relationship = item.choice("relationship")
            if relationship == "equity":
                totals.equity.append((item, context.to_usd(item)))
                continue
            conversion = context.to_usd(item) if _in_window(item, context) else None
            if conversion is None:
                continue
            if relationship == "royalties":
                totals.royalties.append((item, conversion))
            elif relationship in REMUNERATION:
                totals.remuneration.append((item, conversion))
        elif _in_window(item, context):
            conversion = context.to_usd(item)
            if conversion is not None:
                totals.remuneration.append((item, conversion))
    return totals


def _total(entries: list[tuple[Item, Conversion]]) -> Decimal:
    return sum((conversion.usd for _, conversion in entries), Decimal(0))


def check(context: CaseContext) -> Iterator[Finding]:
    threshold = context.settings.number("sfi_threshold.amount_usd")
    royalty_threshold = context.settings.number("sfi_threshold.royalties_usd")
    for totals in _gather(context):
        remuneration = [] if totals.excluded else totals.remuneration
        equity = [(item, conv) for item, conv in totals.equity if conv is not None]
        reasons: list[str] = []
        counted: list[tuple[Item, Conversion]] = []
        if totals.publicly_traded:
            combined = _total(remuneration) + _total(equity)
            if combined > threshold:
                reasons.append(
                    f"remuneration and equity of USD {format_money(combined)} from a publicly "
                    f"traded entity, over USD {format_money(threshold)}"
                )
                counted += remuneration + equity
        else:
            paid = _total(remuneration)
            if paid > threshold:
                reasons.append(
                    f"remuneration of USD {format_money(paid)}, over USD {format_money(threshold)}"
                )
                counted += remuneration
            if totals.equity:
                reasons.append("equity in an entity that is not publicly traded")
                counted += equity
        royalties = _total(totals.royalties)
        if royalties > royalty_threshold:
            reasons.append(
                f"royalties of USD {format_money(royalties)}, over USD "
                f"{format_money(royalty_threshold)}"
            )
            counted += totals.royalties
        if not reasons:
            continue
        indexes = {item.index for item, _ in counted} | {item.index for item, _ in totals.equity}
        why = "; ".join(reasons)
        note = conversions_note(conversion for _, conversion in counted)
        yield context.finding(
            RULE,
            indexes,
            f"Your interests in {totals.name} are a significant financial interest ({why}, "
            "for you, your spouse and dependents over the last 12 months).",
            f"SFI: {totals.name}: {why}, filer, spouse and dependents together over the 12 "
            f"months to {context.case.as_of.isoformat()}.{note}",
        )
