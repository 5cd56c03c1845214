"""`contract_document_missing` and `contract_translation_missing`: a contract is declared
without its document, or its document is not in English and has no translation."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import CaseContext, item_label
from ..findings import Finding

DOCUMENT_RULE = "contract_document_missing"
TRANSLATION_RULE = "contract_translation_missing"
ENGLISH = "en"


def check_document(context: CaseContext) -> Iterator[Finding]:
    for item in context.items():
        if item.contract is None or item.contract.document:
            continue
        label = item_label(item)
        yield context.finding(
            DOCUMENT_RULE,
            [item.index],
            f"{label} is backed by a contract, but the contract is not attached. Attach it.",
            f"{label}: a contract is declared without its document.",
        )


def check_translation(context: CaseContext) -> Iterator[Finding]:
    for item in context.items():
        contract = item.contract
        if contract is None or not contract.document or contract.translation:
            continue
        if contract.language in ("", ENGLISH):
            continue
        label = item_label(item)
        yield context.finding(
            TRANSLATION_RULE,
            [item.index],
            f"The contract of {label} is not in English. Attach an English translation.",
            f"{label}: the contract document is in language {contract.language!r} and no English "
            "translation is attached (NIH requires one for foreign contracts).",
        )
