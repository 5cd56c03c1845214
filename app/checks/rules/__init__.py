"""Every rule, registered in one place, in the order findings are listed.

A rule is a function of the case context that yields findings; whether it runs and how
severe its findings are come from the settings (`app.checks.settings`), not from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..context import CaseContext
from ..findings import Finding
from . import (
    compensation,
    contracts,
    effort,
    foreign_government,
    foreign_support,
    outside_days,
    questionnaire,
    sfi,
    talent,
    ties,
)

Check = Callable[[CaseContext], Iterable[Finding]]

#: Rule id -> its check. Ids are a contract (CLI output, stored findings): never rename one.
CHECKS: dict[str, Check] = {
    talent.RULE: talent.check,
    sfi.RULE: sfi.check,
    effort.RULE: effort.check,
    outside_days.RULE: outside_days.check,
    foreign_support.RULE: foreign_support.check,
    compensation.RULE: compensation.check,
    contracts.DOCUMENT_RULE: contracts.check_document,
    contracts.TRANSLATION_RULE: contracts.check_translation,
    foreign_government.RULE: foreign_government.check,
    ties.RULE: ties.check,
    questionnaire.RULE: questionnaire.check,
}
