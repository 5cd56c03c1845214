"""`compensation_without_activity`: paid by someone the filer has no disclosed tie with."""

from __future__ import annotations

from collections.abc import Iterator

from ..case import ItemKind
from ..context import CaseContext
from ..findings import Finding
from ..names import group_by_organisation, same_organisation

RULE = "compensation_without_activity"
TIES = (ItemKind.OUTSIDE_ACTIVITY, ItemKind.FINANCIAL_INTEREST, ItemKind.FOREIGN_APPOINTMENT)


def check(context: CaseContext) -> Iterator[Finding]:
    ties = list(context.items(*TIES))
    for payments in group_by_organisation(context.items(ItemKind.COMPENSATION)):
        if any(same_organisation(payment, tie) for payment in payments for tie in ties):
            continue
        payer = payments[0].organisation
        yield context.finding(
            RULE,
            [payment.index for payment in payments],
            f"You were paid by {payer}, but no outside activity, financial interest or "
            "appointment with it is disclosed. Add what the payment was for.",
            f"Compensation from {payer} with no outside activity, financial interest or "
            "appointment with the same organisation.",
        )
