"""``flask --app app export cpos|fcoi|funding``: agency files from the certified record."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import select

from app.clock import local_today
from app.database import utcnow
from app.exports.cpos import build_cpos_xml, limit_problems
from app.exports.queries import cpos_profile
from app.extensions import db
from app.fcoi.report import ReportType, fcoi_report_rows
from app.funding.queries import nsf_foreign_sources, section_117_sources
from app.people.models import Person
from reports.fcoi_report import write_fcoi_report
from reports.foreign_funding import write_foreign_funding


@click.group("export")
def export_group() -> None:
    """Write agency files (SciENcv, NIH FCOI, foreign funding) from the certified record."""


def _write_atomically(output: Path, body: bytes) -> None:
    partial = output.with_name(output.name + ".partial")
    partial.write_bytes(body)
    partial.replace(output)


@export_group.command("cpos")
@click.option("--email", required=True, help="The person whose support is exported.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), help="Default: today.")
@click.option("--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
def cpos_command(email: str, as_of, output: Path) -> None:
    """A person's SciENcv Current and Pending (Other) Support XML. Values over a SciENcv
    limit are named on standard error (the file carries their first part)."""
    person = db.session.scalar(select(Person).where(Person.email == email.strip().lower()))
    if person is None:
        raise click.ClickException(f"--email: no person with the address {email}")
    day: date = as_of.date() if as_of else local_today()
    profile = cpos_profile(person, day)
    for problem in limit_problems(profile):
        click.echo(f"warning: {problem.message}", err=True)
    _write_atomically(output, build_cpos_xml(profile))
    click.echo(
        f"{output}: {len(profile.supports)} support entries, {len(profile.positions)} positions "
        f"for {person.full_name} as of {day.isoformat()}."
    )


@export_group.command("fcoi")
@click.option("--year", required=True, type=int)
@click.option(
    "--type",
    "report_type",
    type=click.Choice([t.value for t in ReportType]),
    default=ReportType.ORIGINAL.value,
    show_default=True,
)
@click.option(
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="FILE.xlsx for the eRA Commons module, or FILE.json.",
)
def fcoi_command(year: int, report_type: str, output: Path) -> None:
    """The NIH FCOI report (original, annual or revised) for a year."""
    report = ReportType(report_type)
    rows = fcoi_report_rows(year, report)
    if output.suffix.lower() == ".json":
        body = {"year": year, "report_type": report.value, "rows": [r.to_json() for r in rows]}
        _write_atomically(output, json.dumps(body, indent=2).encode())
    elif output.suffix.lower() == ".xlsx":
        partial = output.with_name(output.name + ".partial")
        write_fcoi_report(
            rows, f"NIH FCOI {report.label.lower()} {year}", "Candor", utcnow(), partial
        )
        partial.replace(output)
    else:
        raise click.ClickException("--output: the file must end in .xlsx or .json")
    click.echo(f"{output}: {len(rows)} FCOI row(s), {report.label.lower()} {year}.")


FUNDING_REPORTS = {
    "nsf": (
        nsf_foreign_sources,
        "NSF_FOREIGN_FUNDING_THRESHOLD_USD",
        "NSF foreign financial disclosure",
    ),
    "section117": (section_117_sources, "SECTION_117_THRESHOLD_USD", "Section 117 worksheet"),
}


@export_group.command("funding")
@click.option("--report", "report", required=True, type=click.Choice(sorted(FUNDING_REPORTS)))
@click.option("--year", required=True, type=int)
@click.option("--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
def funding_command(report: str, year: int, output: Path) -> None:
    """A foreign-funding workbook for general counsel (thresholds from the settings)."""
    sources_for, setting, title = FUNDING_REPORTS[report]
    threshold = current_app.config[setting]
    sources = sources_for(year, threshold)
    partial = output.with_name(output.name + ".partial")
    write_foreign_funding(sources, threshold, f"{title} {year}", "Candor", utcnow(), partial)
    partial.replace(output)
    click.echo(f"{output}: {len(sources)} source(s) at or over the threshold or to check, {year}.")
