"""``flask --app app import-projects FILE``."""

from __future__ import annotations

from pathlib import Path

import click

from app.projects.operations import RowChange, apply_import, plan_import
from app.projects.projects_file import read_projects
from app.tabular_files import ImportRefused, TabularFileError
from app.transactions import committed


@click.command("import-projects")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_projects_command(file: Path) -> None:
    """Create or update sponsored projects from the grants system's CSV or XLSX export.

    Columns: number,title,sponsor,sponsor_type,stage,start,end,pi_email,key_personnel
    (key_personnel: email:role separated by ';'). Any bad row refuses the whole file.
    """
    try:
        rows, errors = read_projects(file)
    except TabularFileError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        with committed():
            plan = apply_import(plan_import(rows, errors), None, file.name)
    except ImportRefused as exc:
        for error in exc.errors:
            click.echo(error.describe(file.name), err=True)
        raise click.ClickException(f"{file.name}: {exc.message}.") from exc
    click.echo(
        f"{file.name}: {plan.count(RowChange.CREATED)} new, {plan.count(RowChange.UPDATED)} "
        f"changed, {plan.count(RowChange.UNCHANGED)} unchanged."
    )
