"""``flask --app app rates import FILE``."""

from __future__ import annotations

from pathlib import Path

import click

from app.rates.operations import import_rates
from app.rates.treasury import RateFileError
from app.transactions import committed


@click.group("rates")
def rates_group() -> None:
    """Exchange rates (Treasury Reporting Rates of Exchange)."""


@rates_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """Import a Treasury Reporting Rates of Exchange file, CSV or JSON (all or nothing)."""
    try:
        with committed():
            result = import_rates(file)
    except RateFileError as error:
        raise click.ClickException(f"{file.name}: {error}; nothing was imported.") from error
    click.echo(
        f"{file.name}: {result.added} added, {result.updated} updated, "
        f"{result.unchanged} unchanged."
    )
    if result.skipped:
        listed = ", ".join(
            f"{found.country_currency_desc} (line {found.line})" for found in result.skipped[:20]
        )
        more = f" and {len(result.skipped) - 20} more" if len(result.skipped) > 20 else ""
        click.echo(f"Skipped {len(result.skipped)} with no known currency code: {listed}{more}.")
