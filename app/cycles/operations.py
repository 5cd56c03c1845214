"""Opening annual cycles. Operations flush; the request or CLI command commits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.audit.operations import record
from app.cycles.models import Cycle
from app.extensions import db
from app.people.models import Person
from app.refusals import Refusal


class CycleError(Refusal):
    """A change to a cycle that the rules refuse; `field` names where to show it."""


def open_cycle(year: int, opens_on: date, due_on: date, actor: Person) -> Cycle:
    if due_on <= opens_on:
        raise CycleError("due_on", "The due date must be after the opening date.")
    if db.session.scalar(select(Cycle).where(Cycle.year == year)) is not None:
        raise CycleError("year", f"A {year} cycle already exists.")
    cycle = Cycle(year=year, opens_on=opens_on, due_on=due_on, opened_by_id=actor.id)
    db.session.add(cycle)
    db.session.flush()
    record(
        "cycle.open",
        object_type="cycle",
        object_id=cycle.id,
        actor=actor,
        summary=f"Annual cycle {year} opened, due {due_on.isoformat()}",
        after={"year": year, "opens_on": opens_on, "due_on": due_on},
    )
    return cycle
