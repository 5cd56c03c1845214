"""``flask --app app seed-demo``."""

from __future__ import annotations

import click
from flask import current_app

from app.demo.operations import DEMO_PASSWORD, has_demo_people, seed_demo_institution
from app.people.queries import count_people
from app.transactions import committed


@click.command("seed-demo")
@click.option(
    "--if-empty",
    is_flag=True,
    help="Leave a database that already holds other (non-demo) people alone.",
)
def seed_demo_command(if_empty: bool) -> None:
    """Create the demo institution (idempotent) and print its logins."""
    if current_app.config["IS_PRODUCTION"]:
        raise click.ClickException(
            "seed-demo creates accounts with a published password; it is refused in production."
        )
    if if_empty and count_people() > 0 and not has_demo_people():
        click.echo("The database already holds people; the demo institution was not added.")
        return
    with committed():
        logins = seed_demo_institution()
    click.echo(f"Demo logins (password for every account: {DEMO_PASSWORD})")
    width = max(len(login.email) for login in logins)
    for login in logins:
        click.echo(f"  {login.email:<{width}}  {login.roles:<28}  {login.name}")
