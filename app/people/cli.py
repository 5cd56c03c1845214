"""``flask --app app import-roster`` and ``create-user``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from app.people.operations import (
    PeopleError,
    department_by_code,
    grant_role,
    import_roster,
    parse_role,
    set_password,
    upsert_department,
    upsert_person,
)
from app.people.roster import RosterFileError, read_roster
from app.transactions import committed


@click.command("import-roster")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Import the good rows and report the bad ones, instead of rejecting the whole file.",
)
def import_roster_command(file: Path, skip_invalid: bool) -> None:
    """Create or update people, departments and roles from a CSV or XLSX roster.

    Columns: email,name,department_code,department_name,roles (roles separated by ';';
    'department_head' heads the row's department, 'department_head:CODE' another one).
    """
    try:
        rows, parse_errors = read_roster(file)
    except RosterFileError as exc:
        raise click.ClickException(str(exc)) from exc
    with committed():
        report = import_roster(rows, parse_errors, skip_invalid)
        for line, field, reason in report.errors or []:
            click.echo(f"{file.name}, line {line}, {field}: {reason}", err=True)
        if report.errors and not skip_invalid:
            raise click.ClickException(
                f"{file.name}: {len(report.errors)} bad row(s); nothing was imported. "
                "Fix them, or use --skip-invalid to import the other rows."
            )
    skipped = f", {len(report.errors)} skipped" if report.errors else ""
    click.echo(
        f"{file.name}: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged{skipped}."
    )


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True, help="Full name as it should appear.")
@click.option("--department", "department_code", help="Primary department code.")
@click.option("--department-name", default="", help="Creates the department if it is new.")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    help="A role (repeatable): faculty, department_head, coi_office, general_counsel, admin.",
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.option("--sso", is_flag=True, help="Single-sign-on account: no password.")
def create_user_command(
    email: str,
    full_name: str,
    department_code: str | None,
    department_name: str,
    roles: tuple[str, ...],
    password_stdin: bool,
    sso: bool,
) -> None:
    """Create (or update) a person with roles and a password."""
    password = None
    if not sso:
        password = (
            sys.stdin.readline().rstrip("\n")
            if password_stdin
            else click.prompt("Password", hide_input=True, confirmation_prompt=True)
        )
    try:
        with committed():
            department = None
            if department_code:
                department = (
                    upsert_department(department_code, department_name)[0]
                    if department_name
                    else department_by_code(department_code)
                )
                if department is None:
                    raise PeopleError(
                        "department",
                        f"unknown department {department_code}; "
                        "pass --department-name to create it",
                    )
            person, change = upsert_person(email, full_name, department)
            for role in roles:
                grant_role(person, parse_role(role), department)
            if password is not None:
                set_password(person, password)
    except PeopleError as exc:
        raise click.ClickException(f"{exc.field}: {exc.message}") from exc
    verb = "Created" if change.created else "Updated"
    click.echo(f"{verb} {person.email} ({', '.join(sorted(r.value for r in person.roles))}).")
