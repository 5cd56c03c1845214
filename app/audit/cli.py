"""``flask --app app audit verify``."""

from __future__ import annotations

import click

from app.audit.queries import verify_chain


@click.group("audit")
def audit_group() -> None:
    """The audit trail."""


@audit_group.command("verify")
def verify_command() -> None:
    """Check the whole hash chain; exit non-zero naming the first broken entry."""
    count, broken = verify_chain()
    if broken is not None:
        click.echo(f"Audit chain broken at entry {broken.entry_id}: {broken.reason}.", err=True)
        raise SystemExit(1)
    click.echo(f"Audit chain intact: {count} entries verified.")
