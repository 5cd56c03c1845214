"""Candor under gunicorn and concurrent users, against a bare Flask route in the same run.

    .venv/bin/python benchmarks/load.py [--seconds 60] [--users 32] [--database-url URL]

Creates the PostgreSQL database `candor_load` on 127.0.0.1:5432 (dropped first if it is
there, dropped again at the end), migrates it, seeds the demo institution and adds 2,000
generated faculty (one in sixteen also heading their department), each with a draft annual
disclosure in the current cycle. Then:

1. serves Candor with gunicorn (2 sync workers, production settings, plain HTTP on
   127.0.0.1) and runs the simulated users against it for the given time. Each user loops
   over sessions, one account per session (1 user in 8 is a department head): sign-in page,
   sign in, dashboard, own disclosure, an item form and saving it, and (heads) the
   department rollup workbook;
2. serves a bare Flask app (one route returning a small page) the same way and runs the
   same number of users against it for the same time: the baseline.

Prints requests/s, p50 / p95 / p99 latency and errors for both, and whether the goals are
met: no errors, p95 of pages under 150 ms, Candor's throughput at least a quarter of the
baseline's. Users do not pause between requests (a closed loop at full speed), so latency
includes the time a request waits for a free worker; the latency of each step with one user
at a time ("alone") and the CPU time the server used per request show what the work itself
costs. Sign-in rate limits stay on: they count only refused attempts, and every simulated
sign-in succeeds.
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import secrets
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.load_support import (  # noqa: E402 - needs the repository on sys.path
    ITEM_FORMS,
    WORKERS,
    Browser,
    Latencies,
    Limits,
    RunOver,
    Sample,
    Server,
    StepFailed,
    cpu_seconds,
    csrf_token_from,
    gunicorn,
)

DEFAULT_DATABASE = "candor_load"
ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
GENERATED_DOMAIN = "load.candor.edu"
HEAD_EVERY = 16  # one generated faculty member in sixteen also heads their department
HEAD_USER_EVERY = 8  # one simulated user in eight signs in as a department head

GOAL_PAGE_P95_MS = 150.0
GOAL_THROUGHPUT_SHARE = 0.25


@dataclass(frozen=True)
class Account:
    email: str
    disclosure_id: int
    department_code: str
    is_head: bool


@dataclass(frozen=True)
class Institution:
    faculty: list[Account]
    heads: list[Account]
    cycle_year: int
    password: str


@dataclass(frozen=True)
class Run:
    samples: list[Sample]
    seconds: float
    sessions: int

    @property
    def requests_per_second(self) -> float:
        return len(self.samples) / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> list[Sample]:
        return [s for s in self.samples if not s.ok]


@dataclass(frozen=True)
class Measurement:
    run: Run
    #: Sessions run one at a time before the concurrent run: latency without queueing.
    alone: list[Sample]
    #: The machine's 1, 5 and 15 minute load averages as the run started.
    load_average: tuple[float, float, float]
    #: CPU seconds the gunicorn workers and the database connections used in the run.
    app_cpu: float
    database_cpu: float

    def cpu_ms_per_request(self, seconds: float) -> float:
        return 1000 * seconds / len(self.run.samples) if self.run.samples else math.nan

    @property
    def errors(self) -> list[Sample]:
        return [s for s in self.alone if not s.ok] + self.run.errors


# --- Database -------------------------------------------------------------------------


@contextmanager
def load_database(database_url: str | None) -> Iterator[str]:
    """A fresh `candor_load` database, dropped afterwards; or the given URL, left in place."""
    if database_url:
        yield database_url
        return
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(ADMIN_URL)
    conninfo = f"host={admin.host} port={admin.port} user={admin.username} dbname={admin.database}"
    with psycopg.connect(conninfo, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DEFAULT_DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DEFAULT_DATABASE}")
    try:
        yield admin.set(database=DEFAULT_DATABASE).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {DEFAULT_DATABASE} WITH (FORCE)")


def build_institution(database_url: str, instance_dir: Path, faculty: int) -> Institution:
    """Migrate, seed the demo, add generated faculty with draft disclosures (bulk inserts)."""
    from flask_migrate import upgrade
    from sqlalchemy import insert, inspect, select

    from app import create_app
    from app.auth.passwords import hash_password
    from app.clock import local_today
    from app.cycles.queries import current_cycle
    from app.demo.operations import DEMO_PASSWORD, DEPARTMENTS, seed_demo_institution
    from app.disclosures.enums import DisclosureKind, DisclosureStatus
    from app.disclosures.models import Disclosure
    from app.extensions import db
    from app.people.models import Department, Person, RoleGrant
    from app.people.roles import Role
    from app.transactions import committed
    from config import Config

    app = create_app(Config(server_environment(database_url, instance_dir, "development")))
    with app.app_context():
        if inspect(db.engine).has_table("person"):
            raise SystemExit(f"{database_url} already holds tables; give an empty database")
        logging.disable(logging.INFO)  # Alembic's line per migration
        upgrade()
        logging.disable(logging.NOTSET)
        with committed():
            seed_demo_institution()
        with committed():
            cycle = current_cycle(local_today())
            if cycle is None:
                raise SystemExit("seed-demo left no current cycle")
            codes = [code for code, _, _ in DEPARTMENTS]
            department_ids = dict(db.session.execute(select(Department.code, Department.id)).all())
            # One hash for everyone: argon2 is slow on purpose, and setup should not be.
            password_hash = hash_password(DEMO_PASSWORD)
            people = [
                {
                    "email": f"faculty{n:04d}@{GENERATED_DOMAIN}",
                    "full_name": f"Generated Faculty {n:04d}",
                    "department_id": department_ids[codes[n % len(codes)]],
                    "active": True,
                    "password_hash": password_hash,
                }
                for n in range(faculty)
            ]
            db.session.execute(insert(Person), people)
            person_ids = dict(
                db.session.execute(
                    select(Person.email, Person.id).where(
                        Person.email.endswith("@" + GENERATED_DOMAIN)
                    )
                ).all()
            )
            grants = [{"person_id": person_ids[p["email"]], "role": Role.FACULTY} for p in people]
            grants += [
                {
                    "person_id": person_ids[p["email"]],
                    "role": Role.DEPARTMENT_HEAD,
                    "department_id": p["department_id"],
                }
                for n, p in enumerate(people)
                if n % HEAD_EVERY == 0
            ]
            db.session.execute(insert(RoleGrant), grants)
            db.session.execute(
                insert(Disclosure),
                [
                    {
                        "person_id": person_ids[p["email"]],
                        "kind": DisclosureKind.ANNUAL,
                        "cycle_id": cycle.id,
                        "due_on": cycle.due_on,
                        "status": DisclosureStatus.DRAFT,
                    }
                    for p in people
                ],
            )
            disclosure_ids = dict(
                db.session.execute(
                    select(Disclosure.person_id, Disclosure.id).where(
                        Disclosure.cycle_id == cycle.id
                    )
                ).all()
            )
            year = cycle.year
        db.engine.dispose()

    faculty_accounts, head_accounts = [], []
    for n, p in enumerate(people):
        is_head = n % HEAD_EVERY == 0
        account = Account(
            p["email"], disclosure_ids[person_ids[p["email"]]], codes[n % len(codes)], is_head
        )
        (head_accounts if is_head else faculty_accounts).append(account)
    return Institution(faculty_accounts, head_accounts, year, DEMO_PASSWORD)


# --- Server settings ----------------------------------------------------------------


def server_environment(database_url: str, instance_dir: Path, candor_env: str) -> dict[str, str]:
    return {
        **os.environ,
        "CANDOR_ENV": candor_env,
        "SECRET_KEY": secrets.token_hex(32),
        # Plain HTTP on the loopback interface: a Secure cookie would never come back.
        "SESSION_COOKIE_SECURE": "false",
        "DATABASE_URL": database_url,
        "CANDOR_INSTANCE_DIR": str(instance_dir),
    }


# --- Simulated users ------------------------------------------------------------------


def candor_session(
    browser: Browser, account: Account, institution: Institution, session_number: int
) -> None:
    """One sign-in and what a filer (or a head) then does."""
    login = browser.get("sign-in page", "/login")
    signed_in = browser.post(
        "sign in",
        "/login",
        {
            "email": account.email,
            "password": institution.password,
            "csrf_token": csrf_token_from(login),
        },
    )
    dashboard = signed_in.location_path
    browser.get(f"dashboard {dashboard}", dashboard)
    disclosure = f"/disclosures/{account.disclosure_id}"
    browser.get("disclosure", disclosure)
    kind, form = ITEM_FORMS[session_number % len(ITEM_FORMS)]
    item_path = f"{disclosure}/items/new/{kind}"
    item_form = browser.get("item form", item_path)
    browser.post("item save", item_path, {**form, "csrf_token": csrf_token_from(item_form)})
    if account.is_head:
        browser.get(
            "rollup",
            f"/rollups/department/{account.department_code}/{institution.cycle_year}.xlsx",
        )


def run_users(
    users: int,
    seconds: float,
    max_requests: int,
    session: Callable[[Browser, int, int], None],
    port: int,
) -> Run:
    """`users` threads each running sessions back to back until time or budget is up."""
    samples: list[Sample] = []
    sessions = Counter[int]()
    limits = Limits(time.perf_counter() + seconds, max_requests)

    def user(index: int) -> None:
        number = 0
        while True:
            browser = Browser(port, limits, samples)
            try:
                session(browser, index, number)
            except RunOver:
                return
            except StepFailed:
                pass
            sessions[index] += 1
            number += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return Run(samples, time.perf_counter() - started, sessions.total())


def measure_candor(
    server: Server, database_url: str, institution: Institution, args: argparse.Namespace
) -> Measurement:
    head_users = len(range(0, args.users, HEAD_USER_EVERY))
    filers = args.users - head_users

    def account_for(user: int, session_number: int) -> Account:
        # Heads are the users 0, 8, 16, ...; each session signs in to a different account.
        if user % HEAD_USER_EVERY == 0:
            pool, slot, stride = institution.heads, user // HEAD_USER_EVERY, head_users
        else:
            pool, slot, stride = institution.faculty, user - user // HEAD_USER_EVERY - 1, filers
        return pool[(slot + session_number * stride) % len(pool)]

    def session(browser: Browser, user: int, number: int) -> None:
        candor_session(browser, account_for(user, number), institution, number)

    return measure(session, server, args, warm_up_rounds=3, database_url=database_url)


def measure_bare(server: Server, args: argparse.Namespace) -> Measurement:
    def session(browser: Browser, user: int, number: int) -> None:
        browser.get("bare page", "/")

    return measure(session, server, args, warm_up_rounds=20, database_url=None)


def measure(
    session: Callable[[Browser, int, int], None],
    server: Server,
    args: argparse.Namespace,
    warm_up_rounds: int,
    database_url: str | None,
) -> Measurement:
    """Sessions one at a time first (the first round only warms the workers up: templates
    compile on first use), then the concurrent run, with the CPU time the server's workers
    and its database connections used during it."""
    alone: list[Sample] = []
    for number in range(warm_up_rounds):
        for user in (0, 1):  # a head and a filer
            samples: list[Sample] = []
            browser = Browser(server.port, Limits(time.perf_counter() + 60, 100), samples)
            with suppress(StepFailed):
                session(browser, user, 100_000 + 2 * number + user)
            if number > 0:
                alone += samples
    load_average = os.getloadavg()
    app_before = cpu_seconds(server.worker_pids())
    backends = database_backends(database_url) if database_url else []
    database_before = cpu_seconds(backends)
    run = run_users(args.users, args.seconds, args.max_requests, session, server.port)
    app_cpu = cpu_used(app_before, cpu_seconds(server.worker_pids()))
    backends = database_backends(database_url) if database_url else []
    database_cpu = cpu_used(database_before, cpu_seconds(backends))
    return Measurement(run, alone, load_average, app_cpu, database_cpu)


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds between two readings; processes started in between count from zero."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def database_backends(database_url: str) -> list[int]:
    """The PostgreSQL server processes serving connections to this database."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    conninfo = f"host={url.host} port={url.port} user={url.username} dbname={url.database}"
    with psycopg.connect(conninfo) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return [pid for (pid,) in rows]


# --- Report ---------------------------------------------------------------------------

HEADER = (
    f"  {'':<22} {'count':>7}  {'p50 ms':>8}  {'p95 ms':>8}  {'p99 ms':>8}  {'max ms':>8}"
    f"  {'alone p50':>9}"
)


def latency_row(label: str, samples: list[Sample], alone: list[Sample]) -> str:
    lat = Latencies.of(samples)
    return (
        f"  {label:<22} {lat.count:>7}  {lat.p50_ms:>8.1f}  {lat.p95_ms:>8.1f}"
        f"  {lat.p99_ms:>8.1f}  {lat.max_ms:>8.1f}  {Latencies.of(alone).p50_ms:>9.1f}"
    )


def print_errors(title: str, errors: list[Sample]) -> None:
    by_kind = Counter((s.step, s.status) for s in errors)
    print(f"  {title}: {len(errors)} errors")
    for (step, status), count in by_kind.most_common():
        example = next(s.detail for s in errors if (s.step, s.status) == (step, status))
        print(f"    {count:>6} x {step} -> {status or 'exception'}: {example[:160]}")


def print_measurement(title: str, measurement: Measurement, rows: dict[str, set[str]]) -> None:
    run = measurement.run
    print(
        f"{title}  {run.requests_per_second:.1f} requests/s: {len(run.samples)} requests in "
        f"{run.seconds:.1f} s, {run.sessions} sessions, {len(measurement.errors)} errors "
        f"(load average before: {measurement.load_average[0]:.1f})"
    )
    print(
        f"  server CPU per request: {measurement.cpu_ms_per_request(measurement.app_cpu):.2f} ms"
        f" in the gunicorn workers, {measurement.cpu_ms_per_request(measurement.database_cpu):.2f}"
        " ms in PostgreSQL"
    )
    print(HEADER)
    for label, steps in rows.items():
        print(
            latency_row(
                label,
                [s for s in run.samples if s.step in steps],
                [s for s in measurement.alone if s.step in steps],
            )
        )


def report(candor: Measurement, bare: Measurement, args: argparse.Namespace) -> bool:
    steps = list(dict.fromkeys(s.step for s in candor.run.samples + candor.alone))
    pages = {step for step in steps if step != "rollup"}
    pages_p95 = Latencies.of([s for s in candor.run.samples if s.step in pages]).p95_ms
    ratio = (
        candor.run.requests_per_second / bare.run.requests_per_second
        if bare.run.requests_per_second
        else 0.0
    )
    print()
    print(
        f"Load benchmark: {args.users} users for {args.seconds:g} s per run, no pause between "
        f"requests; gunicorn, {WORKERS} sync workers, 127.0.0.1; {os.cpu_count()} CPUs shared "
        "by the servers, PostgreSQL and this load generator. 'alone p50': one user at a time."
    )
    print()
    print_measurement(
        "Candor",
        candor,
        {
            "pages (HTML + forms)": pages,
            "pages but sign in": pages - {"sign in"},
            "rollup downloads": {"rollup"},
        }
        | {"  " + step: {step} for step in steps},
    )
    print()
    print_measurement("Baseline (bare Flask)", bare, {"bare page": {"bare page"}})
    print()
    candor_errors, bare_errors = candor.errors, bare.errors
    goals = [
        (
            "no errors",
            not candor_errors and not bare_errors,
            f"{len(candor_errors)} Candor, {len(bare_errors)} baseline",
        ),
        (
            f"p95 of pages < {GOAL_PAGE_P95_MS:.0f} ms",
            pages_p95 < GOAL_PAGE_P95_MS,
            f"{pages_p95:.1f} ms",
        ),
        (
            f"throughput >= {GOAL_THROUGHPUT_SHARE:.0%} of baseline",
            ratio >= GOAL_THROUGHPUT_SHARE,
            f"{ratio:.1%} ({candor.run.requests_per_second:.1f} / "
            f"{bare.run.requests_per_second:.1f} requests/s)",
        ),
    ]
    print("Goals")
    for name, met, figure in goals:
        print(f"  {'met    ' if met else 'MISSED '} {name:<32} {figure}")
    for title, errors in (("Candor", candor_errors), ("baseline", bare_errors)):
        if errors:
            print_errors(title, errors)
    return all(met for _, met, _ in goals)


# --- Main -----------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each run")
    parser.add_argument("--users", type=int, default=32, help="concurrent simulated users")
    parser.add_argument("--faculty", type=int, default=2000, help="generated faculty")
    parser.add_argument(
        "--max-requests", type=int, default=1_000_000, help="cap on requests per run"
    )
    parser.add_argument(
        "--database-url",
        help="an existing, empty PostgreSQL database to use instead of a fresh candor_load "
        "(left in place afterwards)",
    )
    args = parser.parse_args()
    if args.users < 1 or args.seconds <= 0 or args.faculty < 2 * HEAD_EVERY:
        parser.error("need at least one user, a positive time and 32 faculty")

    with (
        tempfile.TemporaryDirectory(prefix="candor-load-") as tmp,
        load_database(args.database_url) as database_url,
    ):
        instance_dir = Path(tmp) / "instance"
        started = time.perf_counter()
        print(f"Setting up {database_url} with the demo and {args.faculty} faculty ...")
        institution = build_institution(database_url, instance_dir, args.faculty)
        print(f"Setup took {time.perf_counter() - started:.0f} s.")
        environment = server_environment(database_url, instance_dir, "production")

        print(f"Candor: {args.users} users for {args.seconds:g} s ...")
        candor_log = Path(tmp) / "candor.log"
        with gunicorn("app:create_app()", environment, "/login", candor_log) as server:
            candor = measure_candor(server, database_url, institution, args)
        print(f"Baseline: {args.users} users for {args.seconds:g} s ...")
        with gunicorn(
            "benchmarks.load_support:bare_app()", environment, "/", Path(tmp) / "bare.log"
        ) as server:
            bare = measure_bare(server, args)

        all_met = report(candor, bare, args)
        server_log = candor_log.read_text()
        if "Traceback" in server_log:
            print("\nCandor's server log has tracebacks; its last 3,000 characters:")
            print(server_log[-3000:])
    return 0 if all_met else 1


if __name__ == "__main__":
    sys.exit(main())
