"""The COI office's relatedness determinations: one SFI of one investigator on one PHS
project. The latest determination of a (project, investigator, entity) is in force;
earlier ones are kept as its history."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import Base, created_at, int_pk
from app.disclosures.models import DisclosureVersion
from app.people.models import Person
from app.projects.models import SponsoredProject
from app.review.models import ManagementPlan


class Determination(Base):
    __tablename__ = "relatedness_determination"

    id: Mapped[int_pk]
    project_id: Mapped[int] = mapped_column(ForeignKey("sponsored_project.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    #: The entity of the SFI, by its name key (case- and space-insensitive) ...
    entity_key: Mapped[str] = mapped_column(String(300))
    #: ... and as the filer certified it.
    entity_name: Mapped[str] = mapped_column(String(300))
    #: The certified version whose items made the interest significant.
    version_id: Mapped[int] = mapped_column(ForeignKey("disclosure_version.id"))
    related: Mapped[bool]
    financial_conflict: Mapped[bool] = mapped_column(default=False)
    #: How the interest relates to the research and why it does (or does not) conflict.
    reasons: Mapped[str] = mapped_column(Text)
    #: The investigator's role and duties on the project, as the report states them.
    investigator_role: Mapped[str] = mapped_column(Text, default="")
    #: How the plan safeguards objectivity (a key element of the NIH report).
    safeguards: Mapped[str] = mapped_column(Text, default="")
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("management_plan.id"))
    #: The day the conflict was identified: the 60-day reporting clock starts here.
    identified_on: Mapped[date]
    #: When the COI office reported the conflict to NIH (stops the clock).
    reported_on: Mapped[date | None]
    determined_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    determined_at: Mapped[created_at]

    project: Mapped[SponsoredProject] = relationship(lazy="joined")
    person: Mapped[Person] = relationship(foreign_keys=[person_id], lazy="joined")
    determined_by: Mapped[Person] = relationship(foreign_keys=[determined_by_id])
    version: Mapped[DisclosureVersion] = relationship()
    plan: Mapped[ManagementPlan | None] = relationship(lazy="joined")

    __table_args__ = (
        Index(
            "ix_relatedness_determination_project_id_person_id_entity_key",
            "project_id",
            "person_id",
            "entity_key",
        ),
    )

    def __repr__(self) -> str:
        return f"<Determination {self.project_id}/{self.person_id}/{self.entity_key}>"
