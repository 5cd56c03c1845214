"""Read-side helpers for cycles."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.cycles.models import Cycle
from app.extensions import db


def current_cycle(today: date) -> Cycle | None:
    """The most recent cycle that has opened."""
    return db.session.scalar(
        select(Cycle).where(Cycle.opens_on <= today).order_by(Cycle.year.desc()).limit(1)
    )


def all_cycles() -> list[Cycle]:
    return list(db.session.scalars(select(Cycle).order_by(Cycle.year.desc())))
