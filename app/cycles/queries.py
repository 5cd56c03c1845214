"""Read-side helpers for cycles: which one is current, and each person's due date.

Definitions used everywhere (dashboards, what a person owes, reminders, completion):

- A cycle's **window** runs from its opening date to its due date, both days included.
- A cycle is **open** from its opening date on, until it is closed (a cycle past its due
  date stays open: people who have not filed are overdue in it).
- The **current** cycle is the open cycle whose window contains today (the latest year,
  should windows overlap); when no window contains today, the latest open cycle. Before
  the first cycle opens, and when every cycle is closed, there is none.
- A person's **due date** in a cycle is the cycle's, or their extension's when they were
  granted more time (an extension never shortens: the later of the two counts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol, TypeVar

from sqlalchemy import select

from app.cycles.models import Cycle, CycleExtension
from app.extensions import db


class CycleDates(Protocol):
    year: int
    opens_on: date
    due_on: date

    @property
    def closed(self) -> bool: ...


C = TypeVar("C", bound=CycleDates)


def is_open(cycle: CycleDates, today: date) -> bool:
    return cycle.opens_on <= today and not cycle.closed


def in_window(cycle: CycleDates, today: date) -> bool:
    return cycle.opens_on <= today <= cycle.due_on


def choose_current(cycles: Sequence[C], today: date) -> C | None:
    """The current cycle among these (see the module's definitions)."""
    open_cycles = sorted((c for c in cycles if is_open(c, today)), key=lambda c: c.year)
    in_window_now = [c for c in open_cycles if in_window(c, today)]
    if in_window_now:
        return in_window_now[-1]
    return open_cycles[-1] if open_cycles else None


def all_cycles() -> list[Cycle]:
    return list(db.session.scalars(select(Cycle).order_by(Cycle.year.desc())))


def current_cycle(today: date) -> Cycle | None:
    """The current cycle today (a handful of rows: chosen in Python, by one rule)."""
    return choose_current(all_cycles(), today)


def extension_for(cycle: Cycle, person_id: int) -> CycleExtension | None:
    return db.session.scalar(
        select(CycleExtension).where(
            CycleExtension.cycle_id == cycle.id, CycleExtension.person_id == person_id
        )
    )


def due_date_for(cycle: Cycle, person_id: int) -> date:
    """This person's due date in the cycle."""
    extension = extension_for(cycle, person_id)
    return max(cycle.due_on, extension.due_on) if extension else cycle.due_on


def personal_due_dates(cycle: Cycle) -> dict[int, date]:
    """Everyone with an extension in the cycle: person id to their due date (for queries
    over many people; anyone missing is due on the cycle's date)."""
    return {
        person_id: max(cycle.due_on, due_on)
        for person_id, due_on in db.session.execute(
            select(CycleExtension.person_id, CycleExtension.due_on).where(
                CycleExtension.cycle_id == cycle.id
            )
        )
    }


@dataclass(frozen=True)
class ProposedCycle:
    """A cycle about to be opened, as `choose_current` sees it."""

    year: int
    opens_on: date
    due_on: date
    closed: bool = False


def consequences_of_opening(proposed: ProposedCycle, today: date) -> list[str]:
    """What opening this cycle would do that the person opening it may not intend; empty
    when nothing needs confirming."""
    warnings = []
    if proposed.due_on.year != proposed.year:
        warnings.append(
            f"The due date, {proposed.due_on:%d %B %Y}, is not in {proposed.year}: faculty will "
            f"be asked for their {proposed.year} annual disclosure by that date."
        )
    cycles = all_cycles()
    current = choose_current(cycles, today)
    if current is not None and choose_current([*cycles, proposed], today) is proposed:
        warnings.append(
            f"It will replace the {current.year} cycle as the current cycle on every "
            f"dashboard from today: faculty will be asked for their {proposed.year} "
            f"disclosure, due {proposed.due_on:%d %B %Y}, and reminders for {current.year} "
            "will stop."
        )
    return warnings
