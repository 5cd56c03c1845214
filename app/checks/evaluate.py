"""The engine's entry points: a case in, its findings out. Pure: no Flask, no database."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app.rates.conversion import RateTable
from app.screening.matcher import Matcher

from .case import Case, parse_case
from .context import CaseContext, screen_items
from .findings import Finding
from .rules import CHECKS
from .settings import RULE_IDS, CheckSettings


def evaluate_case(
    case: Case, settings: CheckSettings, rates: RateTable, matcher: Matcher | None = None
) -> list[Finding]:
    """Findings of every enabled rule on `case`, in the rules' order.

    `rates` is the institution's table; rates given with the case replace it for their
    currencies. `matcher` screens the items' text (the active watchlist by default).
    """
    context = CaseContext(
        case=case,
        settings=settings,
        rates=rates.with_overrides(case.rates),
        flags=screen_items(case.items, matcher),
        matcher=matcher,
    )
    findings: list[Finding] = []
    for rule in RULE_IDS:
        if settings.enabled(rule):
            findings.extend(CHECKS[rule](context))
    return findings


def evaluate_record(
    record: Mapping[str, Any],
    settings: CheckSettings,
    rates: RateTable,
    matcher: Matcher | None = None,
) -> list[Finding]:
    """`evaluate_case` on a case in its JSON form; raises CaseError if it cannot be read."""
    return evaluate_case(parse_case(record), settings, rates, matcher)
