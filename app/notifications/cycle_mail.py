"""Telling people about cycle changes: a receiver of `app.signals.cycle_changed`.

A person given an extension is told their new due date and the reason. When a cycle's
dates change or it is extended for everyone, each active faculty member who still has to
file in it is told the new dates. Closing a cycle tells no one: nothing more is owed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.clock import local_today
from app.cycles.models import Cycle
from app.cycles.queries import due_date_for
from app.disclosures.enums import FilingStatus
from app.disclosures.models import Disclosure
from app.disclosures.queries import filing_status
from app.extensions import db
from app.notifications.models import OutboxMessage
from app.notifications.operations import SUBJECT_PREFIX, enqueue, link_to, render_mail
from app.notifications.queries import active_faculty
from app.people.models import Person
from app.signals import cycle_changed

#: Who still has to file, and so needs to hear that the dates moved.
STILL_TO_FILE = frozenset(
    {FilingStatus.NOT_STARTED, FilingStatus.DRAFT, FilingStatus.OVERDUE, FilingStatus.RETURNED}
)


def tell(person: Person, cycle: Cycle, reason: str, key: str) -> OutboxMessage | None:
    due_on = due_date_for(cycle, person.id)
    text, html = render_mail(
        "cycle_changed",
        recipient=person,
        cycle=cycle,
        due_on=due_on,
        reason=reason.strip(),
        link=link_to("home.faculty_dashboard"),
    )
    subject = f"{SUBJECT_PREFIX} Annual disclosure {cycle.year} is now due {due_on:%d %B %Y}"
    return enqueue(person, subject, text, html, f"{key}:due-{due_on.isoformat()}")


def people_still_to_file(cycle: Cycle) -> list[Person]:
    disclosures = {
        d.person_id: d
        for d in db.session.scalars(select(Disclosure).where(Disclosure.cycle_id == cycle.id))
    }
    today = local_today()
    return [
        person
        for person in active_faculty()
        if filing_status(disclosures.get(person.id), due_date_for(cycle, person.id), today)
        in STILL_TO_FILE
    ]


@cycle_changed.connect
def mail_cycle_change(
    sender: Person, cycle: Cycle, person: Person | None, reason: str, **extra: Any
) -> None:
    change = extra.get("change", "")
    if person is not None:
        tell(person, cycle, reason, f"cycle-{cycle.id}:extension:person-{person.id}")
    elif change in ("dates", "extended"):
        for someone in people_still_to_file(cycle):
            key = f"cycle-{cycle.id}:{change}:opens-{cycle.opens_on.isoformat()}"
            tell(someone, cycle, reason, f"{key}:person-{someone.id}")
