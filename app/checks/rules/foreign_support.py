"""`foreign_support_missing`: a foreign appointment or activity gives resources, but no
current, pending or in-kind support from it is disclosed (NIH Other Support)."""

from __future__ import annotations

from collections.abc import Iterator

from ..case import ItemKind
from ..context import CaseContext, item_label
from ..findings import Finding
from ..names import is_foreign, same_organisation

RULE = "foreign_support_missing"


def check(context: CaseContext) -> Iterator[Finding]:
    support = list(context.items(ItemKind.SUPPORT))
    for item in context.items(ItemKind.FOREIGN_APPOINTMENT, ItemKind.OUTSIDE_ACTIVITY):
        if not (is_foreign(item.country) and item.says("resources_provided")):
            continue
        if any(same_organisation(item, entry) for entry in support):
            continue
        label = item_label(item)
        yield context.finding(
            RULE,
            [item.index],
            f"{label} provides resources for your research. Add them as current or pending "
            "support, or as an in-kind contribution.",
            f"{label} provides resources ({item.text('resources_provided') or 'yes'}) with no "
            "current, pending or in-kind support entry from the same organisation; NIH Other "
            "Support requires one.",
        )
