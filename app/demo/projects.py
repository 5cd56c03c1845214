"""Demo sponsored projects, imported through the same operations as a grants-system file."""

from __future__ import annotations

from datetime import date

from app.people.models import Person
from app.projects.models import ProjectSponsorType, ProjectStage
from app.projects.operations import apply_import, plan_import
from app.projects.projects_file import ProjectRow

#: number, title, sponsor, sponsor type, stage, start, end, PI, key personnel (name, role).
DEMO_PROJECTS = (
    (
        "R01GM140001",
        "Magnetic nanoparticles for targeted imaging of inflammation",
        "National Institutes of Health",
        ProjectSponsorType.NIH,
        ProjectStage.AWARD,
        date(2025, 7, 1),
        date(2030, 6, 30),
        "Alice Moreau",
        (("Carlos Mendes", "Co-investigator"),),
    ),
    (
        "DMR-2304411",
        "Ultrafast spectroscopy of 2D magnets",
        "National Science Foundation",
        ProjectSponsorType.NSF,
        ProjectStage.AWARD,
        date(2023, 9, 1),
        date(2026, 8, 31),
        "Alice Moreau",
        (),
    ),
)


def seed_demo_projects(people: dict[str, Person]) -> None:
    rows = [
        ProjectRow(
            line=line,
            number=number,
            title=title,
            sponsor=sponsor,
            sponsor_type=sponsor_type,
            stage=stage,
            starts_on=starts_on,
            ends_on=ends_on,
            pi_email=people[pi].email,
            key_personnel=tuple((people[name].email, role) for name, role in key_personnel),
        )
        for line, (
            number,
            title,
            sponsor,
            sponsor_type,
            stage,
            starts_on,
            ends_on,
            pi,
            key_personnel,
        ) in enumerate(DEMO_PROJECTS, start=2)
    ]
    apply_import(plan_import(rows, []), None, "demo-projects")
