"""Reminders before a training completion expires (queued once per completion)."""

from __future__ import annotations

from datetime import date

from app.notifications.operations import SUBJECT_PREFIX, enqueue, link_to, render_mail
from app.training.models import TrainingKind
from app.training.queries import expiring


def queue_training_reminders(today: date) -> int:
    queued = 0
    for completion in expiring(today):
        kind = TrainingKind(completion.kind)
        text, html = render_mail(
            "training_expiring",
            recipient=completion.person,
            kind=kind,
            completion=completion,
            link=link_to("home.faculty_dashboard"),
        )
        subject = f"{SUBJECT_PREFIX} {kind.label} training expires {completion.expires_on:%d %b %Y}"
        key = f"training-expiring:{completion.id}"
        if enqueue(completion.person, subject, text, html, key) is not None:
            queued += 1
    return queued
