"""The annual disclosure cycle, and the extensions granted to one person in a cycle."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import Base, UTCDateTime, created_at, int_pk, updated_at
from app.people.models import Person


class Cycle(Base):
    """An annual disclosure cycle: every active faculty member owes one disclosure.

    Its *window* runs from `opens_on` to `due_on`, both included. It is *open* once its
    opening date has come and until it is closed. See `app.cycles.queries.current_cycle`.
    """

    __tablename__ = "cycle"

    id: Mapped[int_pk]
    year: Mapped[int] = mapped_column(unique=True)
    opens_on: Mapped[date]
    due_on: Mapped[date]
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[created_at]
    #: Set when the cycle is closed: it is no longer current and nothing more is owed for it.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    extensions: Mapped[list[CycleExtension]] = relationship(
        back_populates="cycle", order_by="CycleExtension.due_on"
    )

    def __repr__(self) -> str:
        return f"<Cycle {self.year}>"

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


class CycleExtension(Base):
    """More time for one person in one cycle: their own due date, with the reason why.

    Granting again replaces the date and reason (the audit trail keeps every grant).
    """

    __tablename__ = "cycle_extension"

    id: Mapped[int_pk]
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    due_on: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)
    granted_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    cycle: Mapped[Cycle] = relationship(back_populates="extensions")
    person: Mapped[Person] = relationship(foreign_keys=[person_id], lazy="joined")
    granted_by: Mapped[Person] = relationship(foreign_keys=[granted_by_id], lazy="joined")

    __table_args__ = (UniqueConstraint("cycle_id", "person_id"),)

    def __repr__(self) -> str:
        return f"<CycleExtension cycle {self.cycle_id} person {self.person_id} {self.due_on}>"
