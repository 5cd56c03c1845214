"""Read-side helpers for jobs."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.jobs.models import Job
from app.people.models import Person

#: How many of a person's jobs their jobs page lists.
RECENT_JOBS = 50


def jobs_started_by(person: Person, limit: int = RECENT_JOBS) -> list[Job]:
    return list(
        db.session.scalars(
            select(Job)
            .where(Job.started_by_id == person.id)
            .order_by(Job.created_at.desc(), Job.id.desc())
            .limit(limit)
        )
    )
