"""``flask --app app rescreen``."""

from __future__ import annotations

import click

from app.disclosures.rescreen import rescreen_items
from app.transactions import committed


@click.command("rescreen")
def rescreen_command() -> None:
    """Screen every stored item against the current watchlist and record the changes."""
    with committed():
        result = rescreen_items()
    click.echo(
        f"Re-screened {result.items} items with watchlist {result.version}: "
        f"{result.flags_added} new flags, {result.flags_cleared} cleared."
    )
