"""Filing reminders: "due in 14 / 7 / 1 days" and "overdue", each sent once.

Who needs reminding: an active faculty member whose current annual disclosure, or an
event-driven disclosure of theirs, is not started, a draft, overdue, or **returned for
revision** (a returned disclosure waits on the filer just like a draft). Someone who has
submitted (including while amending: the submitted version stands) or been approved
gets none.

Each reminder's event key names the disclosure owed, its due date, the filing round and
the threshold, so running ``remind`` again the same day, or the next, queues nothing new.
The due date is in the key so that a cycle whose deadline moves reminds against the new
date; the round (versions submitted so far) so that a disclosure returned for revision
gets its own reminders.
"""

from __future__ import annotations

from datetime import date

from app.disclosures.enums import FilingStatus
from app.disclosures.queries import Owed, what_is_owed
from app.notifications.models import OutboxMessage
from app.notifications.operations import notify_reminder
from app.notifications.queries import active_faculty
from app.people.models import Person

#: Days before the due date at which a reminder goes out, farthest first.
THRESHOLDS = (14, 7, 1)
OVERDUE = "overdue"
NEEDS_ACTION = frozenset(
    {FilingStatus.NOT_STARTED, FilingStatus.DRAFT, FilingStatus.OVERDUE, FilingStatus.RETURNED}
)


def reminder_stage(due_on: date, today: date) -> str | None:
    """Which reminder applies today: the closest threshold not yet passed, or overdue.

    A threshold covers the days down to the next one (14 covers 14..8, 7 covers 7..2,
    1 covers 1 and the due date itself), so a missed cron day still sends the nearest
    reminder, and never more than one per threshold.
    """
    days_left = (due_on - today).days
    if days_left < 0:
        return OVERDUE
    floors = (*THRESHOLDS[1:], -1)
    for threshold, floor in zip(THRESHOLDS, floors, strict=True):
        if floor < days_left <= threshold:
            return f"due-{threshold}"
    return None


def owed_key(person: Person, owed: Owed) -> str:
    """What a reminder is about, without its stage."""
    if owed.cycle is not None:
        subject = f"annual:person-{person.id}:cycle-{owed.cycle.id}"
    else:
        assert owed.disclosure is not None  # event disclosures are owed only once started
        subject = f"event:disclosure-{owed.disclosure.id}"
    filing_round = len(owed.disclosure.versions) if owed.disclosure is not None else 0
    return f"reminder:{subject}:{owed.due_on.isoformat()}:round-{filing_round}"


def needing_action(person: Person, today: date) -> list[Owed]:
    """What a person still has to file, the soonest due first."""
    owed = [entry for entry in what_is_owed(person, today) if entry.status in NEEDS_ACTION]
    return sorted(owed, key=lambda entry: entry.due_on)


def send_reminders(today: date) -> int:
    """Queue every reminder due today; returns how many were queued."""
    queued = 0
    for person in active_faculty():
        for owed in needing_action(person, today):
            stage = reminder_stage(owed.due_on, today)
            if stage is None:
                continue
            key = f"{owed_key(person, owed)}:{stage}"
            if notify_reminder(person, [owed], today, key) is not None:
                queued += 1
    return queued


def remind_person(person: Person, actor: Person, today: date) -> OutboxMessage | None:
    """A reminder someone asked for (the head's one click): at most one per person a day.

    None when the person owes nothing, is inactive, or was already reminded today. Who may
    ask is for the route to check (permissions), not for this function.
    """
    owed = needing_action(person, today)
    key = f"reminder:manual:person-{person.id}:{today.isoformat()}"
    return notify_reminder(person, owed, today, key, requested_by=actor)
