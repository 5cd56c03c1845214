"""Queue mail for the events people must hear about.

Every function here only adds rows to the outbox, in the caller's transaction: if the
action that caused the mail rolls back, so does the mail. ``send-mail`` delivers them.

Bodies carry a link back and what the recipient needs to act, never a secret: no
passwords or tokens, and no flagged text or item details (the recipient follows the link,
and the application decides what they may see).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy.exc import IntegrityError

from app.disclosures.enums import FilingStatus
from app.disclosures.models import Disclosure
from app.disclosures.queries import Owed
from app.extensions import db
from app.notifications.models import OutboxMessage
from app.notifications.queries import coi_office, department_heads, message_with_key
from app.people.models import Person
from app.screening.flags import Severity
from app.screening.models import FlagFields

SUBJECT_PREFIX = "[Candor]"
#: Only these flags are urgent enough to mail the COI office about; the rest wait in its queue.
SEVERITIES_TO_NOTIFY = (Severity.CRITICAL, Severity.HIGH)
#: Longer lists of flag ids are hashed to keep the event key short.
LONGEST_FLAG_ID_LIST = 120


def enqueue(to: Person, subject: str, text: str, html: str, event_key: str) -> OutboxMessage | None:
    """Queue one message, unless one with this event key exists (then None).

    Also None for a deactivated person: people who have left get no mail.
    """
    if not to.active or message_with_key(event_key) is not None:
        return None
    message = OutboxMessage(
        to_address=to.email,
        to_person_id=to.id,
        # A header is one line: a newline in a name must not start a new header.
        subject=" ".join(subject.split())[:300],
        text_body=text,
        html_body=html,
        event_key=event_key,
    )
    try:
        with db.session.begin_nested():
            db.session.add(message)
    except IntegrityError:
        # Another process queued the same event between our look-up and our insert.
        return None
    return message


def link_to(endpoint: str, **values: Any) -> str:
    """An absolute link for a mail: BASE_URL followed by the route's path.

    Not ``url_for(_external=True)``: CLI commands have no request to take a host from.
    """
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path


def disclosure_link(disclosure: Disclosure) -> str:
    return link_to("disclosures.show", disclosure_id=disclosure.id)


def render_mail(name: str, **context: Any) -> tuple[str, str]:
    """The plain-text and HTML bodies from ``mail/<name>.txt`` and ``mail/<name>.html``.

    The app's Jinja environment, so ``.html`` is autoescaped and ``.txt`` is not; but not
    ``render_template``, whose context processors need a request that CLI commands lack.
    """
    env = current_app.jinja_env
    context = {"institution_name": current_app.config["INSTITUTION_NAME"], **context}
    text = env.get_template(f"mail/{name}.txt").render(context)
    html = env.get_template(f"mail/{name}.html").render(context)
    return text, html


def queued(messages: Iterable[OutboxMessage | None]) -> list[OutboxMessage]:
    return [message for message in messages if message is not None]


def notify_submission_receipt(disclosure: Disclosure, version_number: int) -> OutboxMessage | None:
    """Give the filer a receipt: what they certified, when, and that it is under review."""
    filer = disclosure.person
    version = disclosure.versions[version_number - 1]
    text, html = render_mail(
        "submission_receipt",
        recipient=filer,
        disclosure=disclosure,
        version=version,
        link=disclosure_link(disclosure),
    )
    subject = f"{SUBJECT_PREFIX} Submitted and certified: {disclosure.title}"
    key = f"receipt:disclosure-{disclosure.id}:v{version_number}"
    return enqueue(filer, subject, text, html, key)


def notify_submitted(disclosure: Disclosure, version_number: int) -> list[OutboxMessage]:
    """Tell every active head of the filer's department that a version awaits review."""
    filer = disclosure.person
    subject = f"{SUBJECT_PREFIX} Submitted for review: {disclosure.title}, {filer.full_name}"
    link = disclosure_link(disclosure)
    messages = []
    for head in department_heads(filer.department_id):
        if head.id == filer.id:
            continue  # a head who files is not told about their own submission
        text, html = render_mail(
            "submitted",
            recipient=head,
            filer=filer,
            disclosure=disclosure,
            version_number=version_number,
            link=link,
        )
        key = f"submitted:disclosure-{disclosure.id}:v{version_number}:head-{head.id}"
        messages.append(enqueue(head, subject, text, html, key))
    return queued(messages)


def flag_batch_key(flag_ids: Iterable[int]) -> str:
    """The same set of flags gives the same key, whatever order they come in."""
    joined = "-".join(str(flag_id) for flag_id in sorted(set(flag_ids)))
    if len(joined) <= LONGEST_FLAG_ID_LIST:
        return f"flags-{joined}"
    return "flags-sha256-" + hashlib.sha256(joined.encode()).hexdigest()[:32]


def notify_new_flags(flags: Sequence[FlagFields], disclosure: Disclosure) -> list[OutboxMessage]:
    """Tell the COI office about new critical or high flags: counts and a link, no text."""
    serious = [flag for flag in flags if flag.severity in SEVERITIES_TO_NOTIFY]
    if not serious:
        return []
    counts = Counter(flag.severity for flag in serious)
    by_severity = [(severity, counts[severity]) for severity in SEVERITIES_TO_NOTIFY]
    worst = min(counts, key=lambda severity: severity.rank)
    subject = (
        f"{SUBJECT_PREFIX} New {worst.label.lower()} flag: {disclosure.title}, "
        f"{disclosure.person.full_name}"
    )
    link = disclosure_link(disclosure)
    batch = flag_batch_key(flag.id for flag in serious)
    messages = []
    for person in coi_office():
        text, html = render_mail(
            "new_flags",
            recipient=person,
            disclosure=disclosure,
            by_severity=[(severity, n) for severity, n in by_severity if n],
            link=link,
        )
        key = f"flags:disclosure-{disclosure.id}:{batch}:coi-{person.id}"
        messages.append(enqueue(person, subject, text, html, key))
    return queued(messages)


def notify_plan_review_due(
    plan_id: int, disclosure: Disclosure, due_on: date, recipients: Iterable[Person]
) -> list[OutboxMessage]:
    """Tell those who monitor a management plan that its review date has come."""
    subject = (
        f"{SUBJECT_PREFIX} Management plan review due {due_on:%d %b %Y}: {disclosure.title}, "
        f"{disclosure.person.full_name}"
    )
    link = disclosure_link(disclosure)
    messages = []
    for person in recipients:
        text, html = render_mail(
            "plan_review_due",
            recipient=person,
            disclosure=disclosure,
            due_on=due_on,
            link=link,
        )
        key = f"plan-review:plan-{plan_id}:{due_on.isoformat()}:person-{person.id}"
        messages.append(enqueue(person, subject, text, html, key))
    return queued(messages)


def reminder_line(owed: Owed, today: date) -> str:
    """One sentence per disclosure owed; plain text, which the HTML template escapes."""
    due = f"{owed.due_on:%d %B %Y}"
    days_left = (owed.due_on - today).days
    if owed.status is FilingStatus.RETURNED:
        return f"{owed.title} was returned to you for revision: amend and resubmit it (due {due})."
    if days_left < 0:
        return f"{owed.title} was due on {due} and is overdue."
    if days_left == 0:
        return f"{owed.title} is due today, {due}."
    if days_left == 1:
        return f"{owed.title} is due tomorrow, {due}."
    return f"{owed.title} is due in {days_left} days, on {due}."


def reminder_subject(owed: Sequence[Owed], today: date, requested_by: Person | None) -> str:
    if requested_by is not None:
        return f"{SUBJECT_PREFIX} Reminder from {requested_by.full_name}: disclosure to complete"
    first = owed[0]
    days_left = (first.due_on - today).days
    if days_left < 0:
        return f"{SUBJECT_PREFIX} Overdue: {first.title}"
    if days_left == 0:
        return f"{SUBJECT_PREFIX} Due today: {first.title}"
    if days_left == 1:
        return f"{SUBJECT_PREFIX} Due tomorrow: {first.title}"
    return f"{SUBJECT_PREFIX} Due in {days_left} days: {first.title}"


def notify_reminder(
    person: Person,
    owed: Sequence[Owed],
    today: date,
    event_key: str,
    requested_by: Person | None = None,
) -> OutboxMessage | None:
    """Remind a person of disclosures that need their action (scheduled or asked for)."""
    if not owed:
        return None
    only = owed[0] if len(owed) == 1 else None
    if only is not None and only.disclosure is not None:
        link = disclosure_link(only.disclosure)
    else:
        link = link_to("home.faculty_dashboard")
    lines = [reminder_line(entry, today) for entry in owed]
    text, html = render_mail(
        "reminder", recipient=person, lines=lines, requested_by=requested_by, link=link
    )
    subject = reminder_subject(owed, today, requested_by)
    return enqueue(person, subject, text, html, event_key)
