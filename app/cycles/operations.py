"""Opening, changing, extending and closing cycles, and giving one person more time.

Operations flush; the request or CLI command commits. Each writes its audit entry and
announces the change (`app.signals.cycle_changed`), so that notifications tell people.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.audit.operations import record
from app.cycles.models import Cycle, CycleExtension
from app.cycles.queries import due_date_for, extension_for
from app.database import utcnow
from app.disclosures.enums import DisclosureKind
from app.disclosures.models import Disclosure
from app.extensions import db
from app.people.models import Person
from app.refusals import Refusal
from app.signals import cycle_changed


class CycleError(Refusal):
    """A change to a cycle that the rules refuse; `field` names where to show it."""


def open_cycle(year: int, opens_on: date, due_on: date, actor: Person) -> Cycle:
    """Open a cycle. Whether it needs confirming first (`consequences_of_opening`) is for
    the page to ask; the command line and the demo open what they are told to."""
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


def _require_not_closed(cycle: Cycle) -> None:
    if cycle.closed:
        raise CycleError("due_on", f"The {cycle.year} cycle is closed; it can no longer change.")


def _refresh_due_dates(cycle: Cycle, person_ids: list[int] | None = None) -> None:
    """The annual disclosures of the cycle carry their filer's due date in it."""
    query = select(Disclosure).where(
        Disclosure.cycle_id == cycle.id, Disclosure.kind == DisclosureKind.ANNUAL
    )
    if person_ids is not None:
        query = query.where(Disclosure.person_id.in_(person_ids))
    for disclosure in db.session.scalars(query):
        due_on = due_date_for(cycle, disclosure.person_id)
        if disclosure.due_on != due_on:
            disclosure.due_on = due_on


def change_cycle_dates(
    cycle: Cycle, opens_on: date, due_on: date, actor: Person, reason: str = ""
) -> bool:
    """Correct a cycle's dates; False when nothing changed."""
    _require_not_closed(cycle)
    if due_on <= opens_on:
        raise CycleError("due_on", "The due date must be after the opening date.")
    before = {"opens_on": cycle.opens_on, "due_on": cycle.due_on}
    if (opens_on, due_on) == (cycle.opens_on, cycle.due_on):
        return False
    cycle.opens_on, cycle.due_on = opens_on, due_on
    _refresh_due_dates(cycle)
    db.session.flush()
    record(
        "cycle.update",
        object_type="cycle",
        object_id=cycle.id,
        actor=actor,
        summary=f"Annual cycle {cycle.year}: opens {opens_on.isoformat()}, due "
        f"{due_on.isoformat()}",
        before=before,
        after={"opens_on": opens_on, "due_on": due_on, "reason": reason},
    )
    cycle_changed.send(actor, cycle=cycle, person=None, reason=reason, change="dates")
    return True


def extend_cycle(cycle: Cycle, due_on: date, actor: Person, reason: str = "") -> None:
    """Give everyone in the cycle more time."""
    _require_not_closed(cycle)
    if due_on <= cycle.due_on:
        raise CycleError(
            "due_on", f"Choose a date after the current due date, {cycle.due_on:%d %B %Y}."
        )
    before = cycle.due_on
    cycle.due_on = due_on
    _refresh_due_dates(cycle)
    db.session.flush()
    record(
        "cycle.extend",
        object_type="cycle",
        object_id=cycle.id,
        actor=actor,
        summary=f"Annual cycle {cycle.year} extended to {due_on.isoformat()}",
        before={"due_on": before},
        after={"due_on": due_on, "reason": reason},
    )
    cycle_changed.send(actor, cycle=cycle, person=None, reason=reason, change="extended")


def close_cycle(cycle: Cycle, actor: Person, reason: str = "") -> None:
    """Close a cycle: it is no longer current, and nothing more is owed or reminded for it.
    What was filed in it stays, and reviews of it go on."""
    if cycle.closed:
        raise CycleError("reason", f"The {cycle.year} cycle is already closed.")
    cycle.closed_at = utcnow()
    cycle.closed_by_id = actor.id
    db.session.flush()
    record(
        "cycle.close",
        object_type="cycle",
        object_id=cycle.id,
        actor=actor,
        summary=f"Annual cycle {cycle.year} closed",
        after={"reason": reason},
    )
    cycle_changed.send(actor, cycle=cycle, person=None, reason=reason, change="closed")


def grant_extension(
    cycle: Cycle, person: Person, due_on: date, reason: str, actor: Person
) -> CycleExtension:
    """Give one person until `due_on` (later than the cycle's due date), with a reason."""
    _require_not_closed(cycle)
    reason = reason.strip()
    if not reason:
        raise CycleError("reason", "Give the reason for the extension.")
    if due_on <= cycle.due_on:
        raise CycleError(
            "due_on", f"Choose a date after the cycle's due date, {cycle.due_on:%d %B %Y}."
        )
    extension = extension_for(cycle, person.id)
    before = {"due_on": extension.due_on, "reason": extension.reason} if extension else None
    if extension is None:
        extension = CycleExtension(cycle=cycle, person_id=person.id, granted_by_id=actor.id)
        db.session.add(extension)
    extension.due_on, extension.reason, extension.granted_by_id = due_on, reason, actor.id
    db.session.flush()
    _refresh_due_dates(cycle, [person.id])
    db.session.flush()
    record(
        "cycle.extension",
        object_type="cycle",
        object_id=cycle.id,
        actor=actor,
        summary=f"{person.full_name} given until {due_on.isoformat()} in the {cycle.year} cycle",
        before=before,
        after={"person_id": person.id, "due_on": due_on, "reason": reason},
    )
    cycle_changed.send(actor, cycle=cycle, person=person, reason=reason, change="extension")
    return extension
