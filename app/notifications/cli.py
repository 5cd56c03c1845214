"""``flask --app app send-mail`` and ``flask --app app remind``, both meant for cron:

*/10 * * * *  flask --app app send-mail
15 6 * * *    flask --app app remind && flask --app app send-mail
"""

from __future__ import annotations

from datetime import date, datetime

import click

from app.clock import local_today
from app.database import utcnow
from app.disclosures.models import Disclosure
from app.extensions import db
from app.notifications.mailer import deliver_pending
from app.notifications.operations import notify_plan_review_due
from app.notifications.queries import coi_office
from app.notifications.reminders import send_reminders
from app.review.queries import plans_due
from app.transactions import committed


@click.command("send-mail")
def send_mail_command() -> None:
    """Deliver queued mail (SMTP, or .eml files under MAIL_FILE_DIR without MAIL_SERVER)."""
    # deliver_pending commits after each message (see there); this commits whatever is left.
    with committed():
        sent, failed = deliver_pending(utcnow())
    click.echo(f"{sent} sent, {failed} failed")


def queue_plan_reviews(today: date) -> int:
    """Tell each due plan's monitor (the COI office, if the monitor has left) once per date."""
    queued = 0
    for plan in plans_due(today):
        disclosure = db.session.get(Disclosure, plan.disclosure_id)
        assert disclosure is not None  # a plan's disclosure is never deleted
        recipients = [plan.monitor] if plan.monitor.active else coi_office()
        queued += len(notify_plan_review_due(plan.id, disclosure, plan.review_on, recipients))
    return queued


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@click.command("remind")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Act as if today were this date (YYYY-MM-DD); default: today on campus.",
)
def remind_command(today: datetime | None) -> None:
    """Queue filing reminders and plan-review notices; running it again queues nothing new."""
    day = today.date() if today else local_today()
    with committed():
        reminders = send_reminders(day)
        plan_notices = queue_plan_reviews(day)
    click.echo(
        f"{plural(reminders, 'reminder')} and "
        f"{plural(plan_notices, 'management-plan review notice')} queued"
    )
