"""``flask --app app import-training FILE``."""

from __future__ import annotations

from pathlib import Path

import click

from app.clock import local_today
from app.tabular_files import ImportRefused, TabularFileError
from app.training.operations import import_training
from app.training.reminders import queue_training_reminders
from app.training.training_file import read_training
from app.transactions import committed


@click.command("import-training")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_training_command(file: Path) -> None:
    """Record training completions from a CSV or XLSX file.

    Columns: email,course,completed_on (YYYY-MM-DD) and optionally kind
    (fcoi|research_security|export_control). Any bad row refuses the whole file.
    """
    try:
        rows, errors = read_training(file, local_today())
    except TabularFileError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        with committed():
            report = import_training(rows, errors, None, file.name)
    except ImportRefused as exc:
        for error in exc.errors:
            click.echo(error.describe(file.name), err=True)
        raise click.ClickException(f"{file.name}: {exc.message}.") from exc
    click.echo(f"{file.name}: {report.added} added, {report.unchanged} already on record.")


@click.command("remind-training")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Act as if today were this date (YYYY-MM-DD); default: today on campus.",
)
def remind_training_command(today) -> None:
    """Queue a reminder for each training completion expiring within 30 days (once each)."""
    day = today.date() if today else local_today()
    with committed():
        queued = queue_training_reminders(day)
    click.echo(f"{queued} training expiry reminder(s) queued")
