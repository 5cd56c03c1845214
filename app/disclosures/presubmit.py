"""What the filer is warned about before certifying, and the notes they give reviewers.

A warning does not stop the submission; the filer explains it in a note that is recorded
with the certified version, where reviewers read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.disclosures.enums import YesNoUnknown
from app.disclosures.models import Disclosure
from app.record.models import VersionFinding
from app.screening.flags import Category
from app.screening.queries import open_flags_for


@dataclass(frozen=True)
class Warning:
    rule: str
    #: In the filer's words, on "Review and submit".
    message: str
    #: In the reviewer's words, beside the filer's note.
    explanation: str
    item_ids: tuple[int, ...]


def submission_warnings(disclosure: Disclosure) -> list[Warning]:
    items = disclosure.live_items
    warnings = []
    if disclosure.talent_program_answer is YesNoUnknown.NO:
        flags = open_flags_for([item.id for item in items])
        talent = [
            item.id
            for item in items
            if any(f.category == Category.TALENT_PROGRAM for f in flags[item.id])
        ]
        if talent:
            warnings.append(
                Warning(
                    "talent_answer_contradicted",
                    "You answered No to the talent-program question, but "
                    f"{len(talent)} of your items name a talent recruitment program. Correct "
                    "the answer, or explain why the program is not one you are party to.",
                    "The filer answered No to the talent-program question while items name a "
                    "talent recruitment program.",
                    tuple(talent),
                )
            )
    missing = [
        item.id
        for item in items
        if item.backed_by_contract and item.contract is not None and not item.contract.document_id
    ]
    if missing:
        warnings.append(
            Warning(
                "contract_document_missing",
                f"{len(missing)} item(s) are backed by a contract but no document is attached. "
                "Attach the signed contract, or say why you cannot.",
                "A declared contract has no document attached.",
                tuple(missing),
            )
        )
    return warnings


def acknowledged_findings(
    disclosure: Disclosure, notes: dict[str, str], certified_ids: dict[int, int]
) -> list[VersionFinding]:
    """The warnings as findings of the version, each with the filer's note."""
    return [
        VersionFinding(
            rule=warning.rule,
            severity="warn",
            item_ids=[certified_ids[i] for i in warning.item_ids if i in certified_ids],
            message=warning.message,
            explanation=warning.explanation,
            note=notes.get(warning.rule, "").strip(),
        )
        for warning in submission_warnings(disclosure)
    ]
