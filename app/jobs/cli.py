"""``flask --app app jobs worker``: runs the jobs queued on Redis (``make run`` starts one
when REDIS_URL is set)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from rq import SimpleWorker

from app.jobs.dispatch import job_queue, redis_connection


@click.group("jobs")
def jobs_group() -> None:
    """Background jobs: the RQ worker."""


@jobs_group.command("worker")
@click.option("--burst", is_flag=True, help="Run what is queued, then stop.")
@with_appcontext
def worker_command(burst: bool) -> None:
    """Run queued jobs (needs REDIS_URL); each job gets an app context of its own."""
    app = current_app._get_current_object()
    if not app.config["REDIS_URL"]:
        raise click.ClickException("REDIS_URL is not set: jobs run in the app's own thread.")
    # SimpleWorker runs each job in this process rather than a fork: a forked child would
    # share the parent's database connections, which neither driver allows.
    worker = SimpleWorker([job_queue(app)], connection=redis_connection(app))
    click.echo(f"Working on queue {app.config['JOBS_QUEUE']} at {app.config['REDIS_URL']}")
    worker.work(burst=burst, with_scheduler=False, logging_level="WARNING")
