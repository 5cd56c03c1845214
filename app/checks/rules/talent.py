"""`talent_answer_contradicted`: "No" to the talent-program question, yet an item says yes."""

from __future__ import annotations

from collections.abc import Iterator

from app.screening.flags import Category

from ..case import ItemKind
from ..context import CaseContext, item_label
from ..findings import Finding

RULE = "talent_answer_contradicted"
TALENT = frozenset({Category.TALENT_PROGRAM})
#: Kinds whose `talent_program` field names the program the item belongs to.
NAMING_KINDS = (ItemKind.FOREIGN_APPOINTMENT, ItemKind.COMPENSATION)


def check(context: CaseContext) -> Iterator[Finding]:
    if context.case.talent_program_answer != "no":
        return
    reasons: dict[int, str] = {}
    for item in context.items():
        flags = context.flagged(item, TALENT)
        if flags:
            reasons[item.index] = f"{item_label(item)} mentions {flags[0].canonical_name}"
        elif item.kind in NAMING_KINDS and item.says("talent_program"):
            program = item.text("talent_program") or "a talent program"
            reasons[item.index] = f"{item_label(item)} names the program {program}"
    if not reasons:
        return
    listed = "; ".join(reasons.values())
    yield context.finding(
        RULE,
        reasons,
        "You answered No to the talent-program question, but "
        f"{listed}. Check your answer, or explain why the item is not a talent program.",
        'The filer answered "No" to the talent-recruitment program question while '
        f"{listed}. Agencies compare exactly these answers.",
    )
