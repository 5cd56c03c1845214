"""Seeding the demo institution. Idempotent: running it again changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.auth.passwords import verify_password
from app.demo.disclosures import seed_demo_disclosures
from app.demo.engagements import seed_demo_engagements
from app.demo.projects import seed_demo_projects
from app.demo.reviews import seed_demo_reviews
from app.extensions import db
from app.people.models import Person
from app.people.operations import (
    department_by_code,
    grant_role,
    set_password,
    upsert_department,
    upsert_person,
)
from app.people.roles import Role

#: Shared by every demo account and printed by `seed-demo`; demo data only.
DEMO_PASSWORD = "candor-demo-2026"  # noqa: S105 - published in the README on purpose
DEMO_DOMAIN = "demo.candor.edu"

DEPARTMENTS = (
    ("PHYS", "Physics", "School of Science"),
    ("CHEM", "Chemistry", "School of Science"),
    ("EECS", "Electrical Engineering and Computer Science", "School of Engineering"),
    ("MSE", "Materials Science and Engineering", "School of Engineering"),
)

HEADS = (
    ("PHYS", "Margaret Okafor"),
    ("CHEM", "Daniel Lindqvist"),
    ("EECS", "Priya Raman"),
    ("MSE", "Thomas Becker"),
)

FACULTY = (
    ("PHYS", "Alice Moreau"),
    ("PHYS", "Wei Zhang"),
    ("PHYS", "Jonas Weber"),
    ("PHYS", "Fatima Haddad"),
    ("PHYS", "Samuel Green"),
    ("CHEM", "Li Na Chen"),
    ("CHEM", "Robert Kim"),
    ("CHEM", "Elena Petrova"),
    ("CHEM", "Hiroshi Tanaka"),
    ("CHEM", "Grace Adeyemi"),
    ("EECS", "Ming Liu"),
    ("EECS", "Carlos Mendes"),
    ("EECS", "Hannah Schultz"),
    ("EECS", "Arjun Mehta"),
    ("EECS", "Olivia Brown"),
    ("MSE", "Yusuf Demir"),
    ("MSE", "Sofia Rossi"),
    ("MSE", "Jian Wang"),
    ("MSE", "Emily Carter"),
    ("MSE", "Noah Williams"),
)

OFFICE_STAFF = (
    ("coi", "Rachel Nguyen", Role.COI_OFFICE),
    ("counsel", "Marcus Hale", Role.GENERAL_COUNSEL),
    ("admin", "Ingrid Solberg", Role.ADMIN),
)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    name: str
    roles: str


def demo_email(full_name: str) -> str:
    return ".".join(full_name.lower().split()) + "@" + DEMO_DOMAIN


def has_demo_people() -> bool:
    return (
        db.session.scalar(
            select(Person.id).where(Person.email.endswith("@" + DEMO_DOMAIN)).limit(1)
        )
        is not None
    )


def seed_demo_institution() -> list[DemoLogin]:
    """Departments, heads, faculty, office staff and their disclosures; returns the logins."""
    departments = {
        code: upsert_department(code, name, school)[0] for code, name, school in DEPARTMENTS
    }
    people: list[Person] = []
    for code, name in HEADS:
        head = _demo_person(name, code)
        grant_role(head, Role.FACULTY)
        grant_role(head, Role.DEPARTMENT_HEAD, departments[code])
        people.append(head)
    for code, name in FACULTY:
        person = _demo_person(name, code)
        grant_role(person, Role.FACULTY)
        people.append(person)
    for local_part, name, role in OFFICE_STAFF:
        person = _demo_person(name, None, f"{local_part}@{DEMO_DOMAIN}")
        grant_role(person, role)
        people.append(person)
    admin = next(p for p in people if p.has_role(Role.ADMIN))
    coi = next(p for p in people if p.has_role(Role.COI_OFFICE))
    by_name = {p.full_name: p for p in people}
    cycles = seed_demo_disclosures(by_name, admin)
    if cycles is not None:
        heads = {code: by_name[name] for code, name in HEADS}
        seed_demo_reviews(by_name, heads, coi, *cycles)
        seed_demo_projects(by_name)
        counsel = next(p for p in people if p.has_role(Role.GENERAL_COUNSEL))
        seed_demo_engagements(by_name, heads, coi, counsel)
    return [
        DemoLogin(p.email, p.full_name, ", ".join(sorted(r.label for r in p.roles))) for p in people
    ]


def _demo_person(full_name: str, department_code: str | None, email: str | None = None) -> Person:
    department = department_by_code(department_code) if department_code else None
    person, _ = upsert_person(email or demo_email(full_name), full_name, department)
    if not verify_password(person.password_hash, DEMO_PASSWORD):
        set_password(person, DEMO_PASSWORD)
    return person
