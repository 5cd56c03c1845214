"""``flask --app app rollup``: the same exports as the web, written to a file.

Without ``--as`` the command acts as the system: whoever can run commands on the server
already holds the database, so no person's access is checked and the audit entry has no
actor. With ``--as EMAIL`` it exports as that person, refused unless they may download it.
"""

from __future__ import annotations

from pathlib import Path

import click

from app.auth.permissions import (
    can_download_contracts_register,
    can_download_department_rollup,
    can_download_institution_rollup,
)
from app.clock import local_today
from app.cycles.queries import current_cycle
from app.people.models import Person
from app.people.operations import person_by_email
from app.rollups.operations import Export, contracts_export, department_export, export_rollup
from app.rollups.queries import Scope, cycle_for_year, department_with_code
from app.transactions import committed


@click.command("rollup")
@click.option("--department", "department_code", metavar="CODE", help="One department's rollup.")
@click.option("--all", "institution", is_flag=True, help="The institution rollup.")
@click.option("--contracts", is_flag=True, help="General counsel's contracts register.")
@click.option("--year", type=int, help="The cycle (default: the current one).")
@click.option(
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The .xlsx file to write (replaced atomically if it exists).",
)
@click.option("--as", "as_email", metavar="EMAIL", help="Export as this person, with their access.")
def rollup_command(
    department_code: str | None,
    institution: bool,
    contracts: bool,
    year: int | None,
    output: Path,
    as_email: str | None,
) -> None:
    """Write a department or institution rollup, or the contracts register, to a file."""
    if sum((department_code is not None, institution, contracts)) != 1:
        raise click.UsageError("Give exactly one of --department CODE, --all or --contracts.")
    if not output.parent.is_dir():
        raise click.BadParameter(f"{output.parent} is not a directory.", param_hint="--output")
    actor = _actor(as_email)
    export = _export(department_code, institution, year)
    if actor is not None and not _may_download(actor, export):
        raise click.ClickException(f"{actor.email} may not download the {export.summary}.")
    with committed():
        export_rollup(export, actor, output)
    click.echo(f"{export.summary} written to {output}.")


def _actor(email: str | None) -> Person | None:
    if email is None:
        return None
    person = person_by_email(email)
    if person is None or not person.active:
        raise click.ClickException(f"No active person with the email {email}.")
    return person


def _export(department_code: str | None, institution: bool, year: int | None) -> Export:
    if not department_code and not institution:
        return contracts_export()
    cycle = cycle_for_year(year) if year is not None else current_cycle(local_today())
    if cycle is None:
        raise click.ClickException(
            f"There is no cycle for {year}." if year else "No cycle has opened yet; give --year."
        )
    if not department_code:
        return department_export(Scope(cycle))
    department = department_with_code(department_code)
    if department is None:
        raise click.ClickException(f"There is no department {department_code}.")
    return department_export(Scope(cycle, department))


def _may_download(person: Person, export: Export) -> bool:
    if export.scope is None:
        return can_download_contracts_register(person)
    if export.scope.department is None:
        return can_download_institution_rollup(person)
    return can_download_department_rollup(person, export.scope.department.id)
