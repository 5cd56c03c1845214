"""Sponsored projects and the investigators on them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import Base, created_at, enum_by_value, int_pk, updated_at
from app.disclosures.enums import Labelled
from app.people.models import Person


class ProjectSponsorType(Labelled):
    NIH = "nih"
    PHS_OTHER = "phs_other"
    NSF = "nsf"
    DOD = "dod"
    DOE = "doe"
    OTHER = "other"

    @property
    def is_phs(self) -> bool:
        """Funded by the Public Health Service: 42 CFR 50 Subpart F applies."""
        return self in (ProjectSponsorType.NIH, ProjectSponsorType.PHS_OTHER)


ProjectSponsorType._labels = {
    "nih": "NIH",
    "phs_other": "Other PHS agency",
    "nsf": "NSF",
    "dod": "Department of Defense",
    "doe": "Department of Energy",
}


class ProjectStage(Labelled):
    PROPOSAL = "proposal"
    AWARD = "award"


class SponsoredProject(Base):
    """A proposal or award as the grants system knows it; its number identifies it."""

    __tablename__ = "sponsored_project"

    id: Mapped[int_pk]
    number: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(1000))
    sponsor: Mapped[str] = mapped_column(String(300))
    sponsor_type: Mapped[ProjectSponsorType] = mapped_column(enum_by_value(ProjectSponsorType))
    stage: Mapped[ProjectStage] = mapped_column(enum_by_value(ProjectStage))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    pi_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    pi: Mapped[Person] = relationship(lazy="joined")
    members: Mapped[list[ProjectMember]] = relationship(
        back_populates="project",
        cascade="all, delete-orphan",
        order_by="ProjectMember.id",
        lazy="selectin",
    )

    def __repr__(self) -> str:
        return f"<SponsoredProject {self.number}>"

    @property
    def investigators(self) -> list[tuple[Person, str]]:
        """The PI and every key person, with their role on the project."""
        people = [(self.pi, "PI")]
        people += [(m.person, m.role) for m in self.members if m.person_id != self.pi_id]
        return people


class ProjectMember(Base):
    """A key person on a project (other than the PI), with their role."""

    __tablename__ = "project_member"

    id: Mapped[int_pk]
    project_id: Mapped[int] = mapped_column(
        ForeignKey("sponsored_project.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    role: Mapped[str] = mapped_column(String(100))

    project: Mapped[SponsoredProject] = relationship(back_populates="members")
    person: Mapped[Person] = relationship(lazy="joined")

    __table_args__ = (UniqueConstraint("project_id", "person_id"),)

    def __repr__(self) -> str:
        return f"<ProjectMember {self.person_id} on {self.project_id}>"
