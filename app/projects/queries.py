"""Read-side helpers for projects: a person's projects, and the PHS projects with their
investigators (for relatedness determinations)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select

from app.extensions import db
from app.people.models import Person
from app.projects.models import ProjectMember, ProjectSponsorType, SponsoredProject


def projects_of(person: Person) -> list[SponsoredProject]:
    """The projects a person is PI or key person on, latest start first."""
    on_project = select(ProjectMember.project_id).where(ProjectMember.person_id == person.id)
    return list(
        db.session.scalars(
            select(SponsoredProject)
            .where(or_(SponsoredProject.pi_id == person.id, SponsoredProject.id.in_(on_project)))
            .order_by(SponsoredProject.starts_on.desc(), SponsoredProject.number)
        )
    )


def role_on(project: SponsoredProject, person: Person) -> str:
    return next((role for who, role in project.investigators if who.id == person.id), "")


def all_projects() -> list[SponsoredProject]:
    return list(db.session.scalars(select(SponsoredProject).order_by(SponsoredProject.number)))


def phs_projects(as_of: date) -> list[SponsoredProject]:
    """PHS-funded proposals and awards that have not ended."""
    phs = [t for t in ProjectSponsorType if t.is_phs]
    return list(
        db.session.scalars(
            select(SponsoredProject)
            .where(SponsoredProject.sponsor_type.in_(phs), SponsoredProject.ends_on >= as_of)
            .order_by(SponsoredProject.number)
        )
    )


def project_by_number(number: str) -> SponsoredProject | None:
    return db.session.scalar(select(SponsoredProject).where(SponsoredProject.number == number))
