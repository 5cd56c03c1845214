"""The annual disclosure cycle."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from app.database import Base, created_at, int_pk


class Cycle(Base):
    """An annual disclosure cycle: every active faculty member owes one disclosure."""

    __tablename__ = "cycle"

    id: Mapped[int_pk]
    year: Mapped[int] = mapped_column(unique=True)
    opens_on: Mapped[date]
    due_on: Mapped[date]
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[created_at]

    def __repr__(self) -> str:
        return f"<Cycle {self.year}>"
