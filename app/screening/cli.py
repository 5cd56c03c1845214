"""``flask --app app screen``, ``watchlist import`` and ``watchlist version``."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

import click

from app.screening.flags import Flag
from app.screening.list_change_models import ListChangeKind
from app.screening.list_changes import ImportReport
from app.screening.models import WatchlistOrigin
from app.screening.official_lists import ListFormatError
from app.screening.screen import active_matcher, screen_text
from app.screening.stored import sync_active_matcher
from app.screening.watchlist_operations import import_official_list
from app.transactions import committed

#: The fields of a flag in the command's output: the screening contract, nothing more.
FLAG_FIELDS = (
    "category",
    "severity",
    "entry_id",
    "canonical_name",
    "matched",
    "start",
    "end",
    "source",
)


def flag_json(flag: Flag) -> dict[str, Any]:
    data = flag.to_dict()
    return {name: data[name] for name in FLAG_FIELDS}


def screen_lines(lines: Iterable[str]) -> Iterator[dict[str, Any]]:
    """One result per input line: its flags, or the line number and what is wrong."""
    for number, line in enumerate(lines, start=1):
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield {"id": None, "line": number, "error": f"not valid JSON: {error.msg}"}
            continue
        if not isinstance(record, dict):
            yield {"id": None, "line": number, "error": "expected an object with id and text"}
        elif "id" not in record:
            yield {"id": None, "line": number, "error": "missing field: id"}
        elif not isinstance(record.get("text"), str):
            yield {"id": None, "line": number, "error": "missing field: text (a string)"}
        else:
            flags = screen_text(record["text"])
            yield {"id": record["id"], "flags": [flag_json(flag) for flag in flags]}


@click.command("screen")
@click.option(
    "--input",
    "input_file",
    type=click.File("r", encoding="utf-8"),
    help="JSON lines to screen (default: standard input).",
)
@click.option("--watchlist-version", is_flag=True, help="Print the watchlist version in use.")
def screen_command(input_file: TextIO | None, watchlist_version: bool) -> None:
    """Screen JSON lines {"id": ..., "text": ...}; write one JSON line of flags for each."""
    sync_active_matcher()
    if watchlist_version:
        click.echo(active_matcher().version)
        return
    for result in screen_lines(input_file or sys.stdin):
        click.echo(json.dumps(result, ensure_ascii=False))


@click.group("watchlist")
def watchlist_group() -> None:
    """The screening watchlist: official-list imports."""


@watchlist_group.command("import")
@click.option(
    "--format",
    "list_format",
    required=True,
    type=click.Choice([o.value for o in WatchlistOrigin if o is not WatchlistOrigin.LOCAL]),
    help="dod1260h, dod1286, or csl (CSV or JSON).",
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(list_format: str, file: Path) -> None:
    """Merge an official list into the database watchlist (all or nothing)."""
    try:
        with committed():
            result = import_official_list(WatchlistOrigin(list_format), file, actor_id=None)
    except ListFormatError as error:
        raise click.ClickException(f"{error}; nothing was imported.") from error
    if not result.changed:
        click.echo(f"{file.name}: nothing changed ({result.unchanged} entries already current).")
        return
    sync_active_matcher(force=True)
    click.echo(f"{file.name}: {result.report.summary()}.")
    for line in report_lines(result.report):
        click.echo(line)
    click.echo(
        f"Watchlist version {active_matcher().version}. Run `flask --app app rescreen` to "
        "raise new flags and mark flags on ended listings as formerly listed."
    )


#: Entries listed per kind of change before "... and N more".
REPORT_LINES_PER_KIND = 25


def report_lines(report: ImportReport) -> Iterator[str]:
    """The import's changes, a few lines per kind."""
    for kind in ListChangeKind:
        changes = report.of_kind(kind)
        if not changes:
            continue
        yield f"{kind.label} ({len(changes)}):"
        for change in changes[:REPORT_LINES_PER_KIND]:
            details = f": {change.details}" if change.details else ""
            yield f"  {change.canonical_name} [{change.entry_id}]{details}"
        if len(changes) > REPORT_LINES_PER_KIND:
            yield f"  ... and {len(changes) - REPORT_LINES_PER_KIND} more"


@watchlist_group.command("version")
def version_command() -> None:
    """Print the watchlist version in use (built-in plus database entries)."""
    sync_active_matcher()
    click.echo(active_matcher().version)
