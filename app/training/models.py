"""Training completions, one row per person, course and completion date."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import Base, created_at, enum_by_value, int_pk
from app.disclosures.enums import Labelled
from app.people.models import Person


class TrainingKind(Labelled):
    FCOI = "fcoi"
    RESEARCH_SECURITY = "research_security"
    EXPORT_CONTROL = "export_control"

    @property
    def valid_months(self) -> int:
        """How long a completion counts: FCOI training every 4 years (42 CFR 50.604(b));
        research security within the 12 months before a proposal (CHIPS 10634); export
        control, by institutional policy, every 2 years."""
        return {"fcoi": 48, "research_security": 12, "export_control": 24}[self.value]


TrainingKind._labels = {
    "fcoi": "Financial conflict of interest (PHS)",
    "research_security": "Research security",
    "export_control": "Export control",
}


class TrainingCompletion(Base):
    __tablename__ = "training_completion"

    id: Mapped[int_pk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    course: Mapped[str] = mapped_column(String(200))
    kind: Mapped[TrainingKind] = mapped_column(enum_by_value(TrainingKind))
    completed_on: Mapped[date]
    expires_on: Mapped[date]
    imported_at: Mapped[created_at]

    person: Mapped[Person] = relationship(lazy="joined")

    __table_args__ = (UniqueConstraint("person_id", "course", "completed_on"),)

    def __repr__(self) -> str:
        return f"<TrainingCompletion {self.person_id} {self.kind} {self.completed_on}>"
