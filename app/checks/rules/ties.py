"""`tie_dropped`: a foreign tie of the last certified disclosure, with no end date, is no
longer disclosed. Adding an end date is not dropping it; leaving the item out is.

The dropped item exists only in the previous version, so this rule's item indexes are
indexes of `previous_items`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..case import ItemKind
from ..context import CaseContext
from ..findings import Finding
from ..names import is_foreign, same_organisation

RULE = "tie_dropped"
TIE_KINDS = (ItemKind.FOREIGN_APPOINTMENT, ItemKind.OUTSIDE_ACTIVITY, ItemKind.COLLABORATION)
KIND_WORDS = {
    ItemKind.FOREIGN_APPOINTMENT: "foreign appointment",
    ItemKind.OUTSIDE_ACTIVITY: "outside activity",
    ItemKind.COLLABORATION: "collaboration",
}


def check(context: CaseContext) -> Iterator[Finding]:
    for tie in context.previous(*TIE_KINDS):
        if not is_foreign(tie.country) or tie.end is not None:
            continue
        if any(same_organisation(tie, item) for item in context.items(tie.kind)):
            continue
        what = f"{KIND_WORDS[tie.kind]} with {tie.organisation}"
        yield context.finding(
            RULE,
            [tie.index],
            f"Your last certified disclosure listed a {what}, with no end date. Did it end? "
            "Add it again with its end date, or explain.",
            f"The {what} (country {tie.country}) of the previous certified version had no end "
            "date and is not in this disclosure.",
        )
