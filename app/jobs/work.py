"""What each kind of job does. Every handler calls the feature's own operations (the same
ones the command line uses) and returns an Outcome; the runner commits or rolls back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from app.database import utcnow
from app.disclosures.rescreen import rescreen_items
from app.extensions import db
from app.jobs.models import Job, JobKind
from app.jobs.uploads import StagedUploadMissing, discard_upload, staged_file
from app.notifications.mailer import deliver_pending
from app.notifications.queries import ids_due_for_delivery
from app.people.operations import import_roster
from app.people.roster import RosterFileError, read_roster
from app.refusals import Refusal
from app.rollups.operations import department_export, export_rollup
from app.rollups.queries import Scope, cycle_for_year
from app.screening.models import WatchlistOrigin
from app.screening.official_lists import ListFormatError
from app.screening.stored import sync_active_matcher
from app.screening.watchlist_operations import import_official_list


class JobRefused(Exception):
    """The job cannot do what was asked (no such cycle, bad rows): said in words."""


#: Failures that are about the input, not the code: shown as they are, not logged as bugs.
EXPECTED_FAILURES = (
    JobRefused,
    Refusal,
    RosterFileError,
    ListFormatError,
    StagedUploadMissing,
)


@dataclass(frozen=True)
class Outcome:
    message: str
    #: A file the job wrote (under result_path_for), offered for download.
    result: Path | None = None
    result_name: str | None = None
    #: Lines of a plain-text report, written and offered for download by the runner.
    report_lines: list[str] = field(default_factory=list)
    #: Run once the job's transaction has committed (refreshing this process's caches).
    after_commit: Callable[[], None] | None = None


class Progress:
    """Reports how far a job got. Each report commits, so the page polling the job sees
    it: call it only between steps that may be committed on their own, never in the
    middle of an all-or-nothing change."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def __call__(self, percent: int, message: str) -> None:
        self.job.progress = max(1, min(99, percent))
        self.job.message = message[:500]
        db.session.commit()


Handler = Callable[[Job, Progress], Outcome]


def result_path_for(job: Job, name: str) -> Path:
    folder = Path(current_app.config["JOBS_DIR"]) / "results" / str(job.id)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def institution_rollup(job: Job, progress: Progress) -> Outcome:
    year = int(job.params["year"])
    cycle = cycle_for_year(year)
    if cycle is None:
        raise JobRefused(f"There is no disclosure cycle for {year}.")
    export = department_export(Scope(cycle))
    progress(10, f"Gathering the certified records of the {year} cycle")
    path = result_path_for(job, export.filename)
    sheets = export_rollup(export, job.started_by, path)
    return Outcome(
        f"{export.summary}: {len(sheets)} sheets written", result=path, result_name=export.filename
    )


def rescreen(job: Job, progress: Progress) -> Outcome:
    progress(5, "Screening every stored item against the current watchlist")
    result = rescreen_items()
    summary = (
        f"Re-screened {result.items} items with watchlist {result.version}: "
        f"{result.flags_added} new flags, {result.flags_cleared} cleared"
    )
    return Outcome(summary, report_lines=[summary, f"Finished {utcnow():%Y-%m-%d %H:%M} UTC"])


def roster_import(job: Job, progress: Progress) -> Outcome:
    path = staged_file(job.params["upload"])
    progress(5, f"Reading {path.name}")
    rows, parse_errors = read_roster(path)
    progress(20, f"Applying {len(rows)} rows of {path.name}")
    report = import_roster(rows, parse_errors, skip_invalid=False)
    if report.errors:
        # The same rule as the command line: any bad row and nothing is imported.
        lines = "; ".join(
            f"line {line}, {field}: {reason}" for line, field, reason in report.errors
        )
        raise JobRefused(
            f"{path.name}: {len(report.errors)} bad row(s); nothing was imported ({lines})."
        )
    discard_upload(job.params["upload"])
    summary = (
        f"{path.name}: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged"
    )
    return Outcome(summary, report_lines=[summary])


def watchlist_import(job: Job, progress: Progress) -> Outcome:
    path = staged_file(job.params["upload"])
    origin = WatchlistOrigin(job.params["format"])
    progress(10, f"Reading and merging {path.name}")
    result = import_official_list(origin, path, actor_id=job.started_by_id)
    discard_upload(job.params["upload"])
    summary = (
        f"{path.name}: {result.added} added, {result.updated} updated, {result.unchanged} unchanged"
    )
    refresh = (lambda: sync_active_matcher(force=True)) if result.changed else None
    return Outcome(summary, report_lines=[summary], after_commit=refresh)


def send_mail(job: Job, progress: Progress) -> Outcome:
    now = utcnow()
    progress(5, f"Delivering {len(ids_due_for_delivery(now))} messages")
    # deliver_pending commits after each message: a message that left is never unsent.
    sent, failed = deliver_pending(now)
    return Outcome(f"{sent} sent, {failed} failed")


HANDLERS: dict[JobKind, Handler] = {
    JobKind.INSTITUTION_ROLLUP: institution_rollup,
    JobKind.RESCREEN: rescreen,
    JobKind.ROSTER_IMPORT: roster_import,
    JobKind.WATCHLIST_IMPORT: watchlist_import,
    JobKind.SEND_MAIL: send_mail,
}
