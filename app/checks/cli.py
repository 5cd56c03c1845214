"""``flask --app app checks evaluate``: the engine's contract for labelled sets.

Reads JSON lines, one case each, and writes one JSON line per case:
`{"id": ..., "findings": [{"rule", "severity", "items", "message"}]}`; a line that is not a
case gets `{"id": null, "line": N, "error": "..."}` (or the case's id when it has one).
Lines are counted from 1; blank lines are skipped; the exit status is 0.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

import click

from app.checks.case import CaseError, parse_case
from app.checks.evaluate import evaluate_case
from app.checks.queries import institution_settings
from app.checks.settings import CheckSettings
from app.rates.conversion import RateTable
from app.rates.queries import rate_table
from app.screening.matcher import Matcher
from app.screening.screen import active_matcher
from app.screening.stored import sync_active_matcher


def evaluate_lines(
    lines: Iterable[str], settings: CheckSettings, rates: RateTable, matcher: Matcher | None
) -> Iterator[dict[str, Any]]:
    """One result per non-blank line: the case's findings, or where it went wrong."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield {"id": None, "line": number, "error": f"not valid JSON: {error.msg}"}
            continue
        if not isinstance(record, dict):
            yield {"id": None, "line": number, "error": "expected an object (one case)"}
            continue
        case_id = record.get("id")
        try:
            findings = evaluate_case(parse_case(record), settings, rates, matcher)
        except CaseError as error:
            yield {"id": case_id, "line": number, "error": f"{error.field}: {error.message}"}
            continue
        yield {"id": case_id, "findings": [finding.to_contract() for finding in findings]}


@click.group("checks")
def checks_group() -> None:
    """Compliance checks of disclosures."""


@checks_group.command("evaluate")
@click.option(
    "--input",
    "input_file",
    type=click.File("r", encoding="utf-8"),
    help="JSON lines, one case each (default: standard input).",
)
def evaluate_command(input_file: TextIO | None) -> None:
    """Run the checks on JSON-lines cases; write one JSON line of findings for each."""
    sync_active_matcher()
    settings, rates, matcher = institution_settings(), rate_table(), active_matcher()
    for result in evaluate_lines(input_file or sys.stdin, settings, rates, matcher):
        click.echo(json.dumps(result, ensure_ascii=False))
