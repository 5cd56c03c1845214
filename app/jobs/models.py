"""One row per background job: what it is, how far it got, and what it produced."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import Base, UTCDateTime, created_at, enum_by_value, int_pk
from app.people.models import Person


class JobKind(StrEnum):
    INSTITUTION_ROLLUP = "institution_rollup"
    RESCREEN = "rescreen"
    ROSTER_IMPORT = "roster_import"
    WATCHLIST_IMPORT = "watchlist_import"
    SEND_MAIL = "send_mail"

    @property
    def label(self) -> str:
        return JOB_KIND_LABELS[self]


JOB_KIND_LABELS = {
    JobKind.INSTITUTION_ROLLUP: "Institution rollup",
    JobKind.RESCREEN: "Re-screening of every stored item",
    JobKind.ROSTER_IMPORT: "Roster import",
    JobKind.WATCHLIST_IMPORT: "Watchlist import",
    JobKind.SEND_MAIL: "Sending the mail outbox",
}


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return {
            JobState.QUEUED: "Waiting to start",
            JobState.RUNNING: "Running",
            JobState.DONE: "Done",
            JobState.FAILED: "Failed",
        }[self]

    @property
    def finished(self) -> bool:
        return self in (JobState.DONE, JobState.FAILED)


class Job(Base):
    __tablename__ = "job"

    id: Mapped[int_pk]
    kind: Mapped[JobKind] = mapped_column(enum_by_value(JobKind))
    state: Mapped[JobState] = mapped_column(enum_by_value(JobState), default=JobState.QUEUED)
    #: Percent done, 0-100, as the job last reported it.
    progress: Mapped[int] = mapped_column(default=0)
    #: What the job is doing now, or what it did (shown beside the progress bar).
    message: Mapped[str] = mapped_column(String(500), default="")
    #: Why the job failed, in words a person can act on.
    error: Mapped[str | None] = mapped_column(Text)
    #: What the job works on (year, staged upload, list format); plain JSON values only.
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: The file the job produced (workbook, report), relative to JOBS_DIR.
    result_path: Mapped[str | None] = mapped_column(String(500))
    #: The name the result is downloaded as.
    result_name: Mapped[str | None] = mapped_column(String(200))
    started_by_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="RESTRICT"), index=True
    )
    #: The failed job this one retries, if any.
    retry_of_id: Mapped[int | None] = mapped_column(ForeignKey("job.id", ondelete="SET NULL"))
    created_at: Mapped[created_at]
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    started_by: Mapped[Person] = relationship(lazy="joined")

    __table_args__ = (
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_percent"),
        Index("ix_job_state_created_at", "state", "created_at"),
    )

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.kind} {self.state}>"
