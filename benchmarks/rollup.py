"""Institution rollup against a bare openpyxl write-only baseline, measured in the same run.

    .venv/bin/python benchmarks/rollup.py [--faculty 5000] [--items 100000] [--repeat 3]

Builds a synthetic institution in a temporary SQLite database with bulk inserts (faculty
in departments of 200, items of every kind, 2% of them flagged, contracts, reviews and
plans), then measures, each in a fresh subprocess so that setup memory does not count:

- the institution rollup end to end (queries + workbook, written atomically to a file);
- a bare openpyxl write-only workbook with the same sheets, rows, columns and cell types
  (one prepared row appended again and again: openpyxl's own cost and nothing else);
- the rollup of one 200-faculty department.

Peak memory is the subprocess's maximum resident set size (RSS) from just before the
measured work starts (the peak is reset there on Linux), so it includes the interpreter and
the imported application as they sit in memory, but not start-up's transient peaks.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DEPARTMENT_SIZE = 200
BENCH_YEAR = 2026
FLAGGED_SHARE = 0.02
CONTRACT_SHARE = 0.05


def peak_rss_mb() -> float:
    """This process's peak resident set size.

    Linux's VmHWM belongs to the process image, so it starts afresh at exec; getrusage's
    ru_maxrss would carry over the peak of the parent that forked the measurement.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak_rss() -> None:
    """Start the peak afresh (Linux): app start-up hashes a password with Argon2, whose
    memory-hard 64 MB would otherwise be counted as the rollup's."""
    clear_refs = Path("/proc/self/clear_refs")
    if clear_refs.exists():
        clear_refs.write_text("5")


def environment(database_url: str, instance_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "CANDOR_ENV": "development",
        "CANDOR_INSTANCE_DIR": str(instance_dir),
        "DATABASE_URL": database_url,
        "SECRET_KEY": "benchmark-only-" + "x" * 32,
    }


# --- Synthetic institution ------------------------------------------------------------


def item_values(kind: Any, rng: random.Random, day: date) -> dict[str, Any]:
    """Valid values for one kind's own columns."""
    from app.disclosures.enums import ItemKind as K

    amount = Decimal(rng.randrange(100, 500_000)) / 100
    text = f"Synthetic description {rng.randrange(10**6)} of an outside interest."
    return {
        K.FINANCIAL_INTEREST: {
            "entity_type": "private",
            "relationship_type": "equity",
            "held_by": "self",
            "value_band": "10000-19999",
            "exact_amount": amount,
            "currency": "USD",
            "acquired_on": day,
            "description": text,
        },
        K.OUTSIDE_ACTIVITY: {
            "role": "consultant",
            "role_title": "Technical advisor",
            "starts_on": day,
            "days_per_year": Decimal(6),
            "compensated": True,
            "amount": amount,
            "currency": "EUR",
            "description": text,
        },
        K.SUPPORT: {
            "title": f"Research award {rng.randrange(10**6)}",
            "sponsor_type": "us_federal",
            "award_number": f"AW-{rng.randrange(10**6)}",
            "status": "current",
            "starts_on": day,
            "ends_on": day + timedelta(days=1000),
            "total_amount": amount * 100,
            "currency": "USD",
            "calendar_months": Decimal("1.5"),
            "objectives": text,
        },
        K.OUTSIDE_COMPENSATION: {
            "amount": amount,
            "currency": "GBP",
            "nature": "honorarium",
            "received_on": day,
            "payer_government_funded": "no",
            "description": text,
        },
        K.INFORMAL_COLLABORATION: {
            "collaborator": f"Dr. Colleague {rng.randrange(10**4)}",
            "nature": "co_authorship",
            "shared": text,
            "since": day,
        },
        K.FOREIGN_APPOINTMENT: {
            "title": "Visiting professor",
            "appointment_type": "unpaid",
            "starts_on": day,
            "currency": "JPY",
            "description": text,
        },
        K.SPONSORED_TRAVEL: {
            "destination": "Lucca",
            "departs_on": day,
            "returns_on": day + timedelta(days=5),
            "purpose": text,
            "value": amount,
            "currency": "EUR",
        },
    }[kind]


def build_institution(database_url: str, instance_dir: Path, faculty: int, items: int) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import bindparam, insert

    from app import create_app
    from app.cycles.models import Cycle
    from app.disclosures.contracts import Contract
    from app.disclosures.enums import CONTRACT_KINDS, ItemKind
    from app.disclosures.items import ITEM_CLASSES, DisclosureItem
    from app.disclosures.models import Disclosure, DisclosureVersion
    from app.extensions import db
    from app.organisations.models import Organisation
    from app.people.models import Department, Person, RoleGrant
    from app.record.models import FROZEN_CLASSES, VersionContract, VersionFlag, VersionItem
    from app.review.models import FlagDisposition, ManagementPlan, ReviewEvent
    from config import Config

    rng = random.Random(2026)
    now = datetime.now(UTC)
    app = create_app(Config(environment(database_url, instance_dir)))
    with app.app_context():
        upgrade()
        session = db.session
        departments = (faculty + DEPARTMENT_SIZE - 1) // DEPARTMENT_SIZE
        session.execute(
            insert(Department),
            [
                {"id": d + 1, "code": f"D{d:03d}", "name": f"Department {d}", "school": "Bench"}
                for d in range(departments)
            ],
        )
        coi_id = faculty + 1
        session.execute(
            insert(Person),
            [
                {
                    "id": p,
                    "email": f"person{p}@bench.example.edu",
                    "full_name": f"Faculty Member {p}",
                    "department_id": (p - 1) // DEPARTMENT_SIZE + 1,
                }
                for p in range(1, faculty + 1)
            ]
            + [{"id": coi_id, "email": "coi@bench.example.edu", "full_name": "COI Officer"}],
        )
        session.execute(
            insert(RoleGrant),
            [{"person_id": p, "role": "faculty"} for p in range(1, faculty + 1)]
            + [{"person_id": coi_id, "role": "coi_office"}],
        )
        session.execute(
            insert(Cycle),
            [
                {
                    "id": 1,
                    "year": BENCH_YEAR,
                    "opens_on": date(BENCH_YEAR, 1, 1),
                    "due_on": date(BENCH_YEAR, 12, 31),
                }
            ],
        )
        statuses = ["submitted"] * 30 + ["under_review"] * 10 + ["approved"] * 35
        statuses += ["approved_with_plan"] * 5 + ["returned"] * 5 + ["draft"] * 5
        disclosures, versions, events, plans, filed = [], [], [], [], []
        for person in range(1, faculty + 1):
            if rng.random() < 0.10:
                continue  # not started
            status = rng.choice(statuses)
            disclosures.append(
                {
                    "id": person,
                    "person_id": person,
                    "kind": "annual",
                    "cycle_id": 1,
                    "year": BENCH_YEAR,
                    "due_on": date(BENCH_YEAR, 12, 31),
                    "status": status,
                    "talent_program_answer": "no",
                    "submitted_at": None if status == "draft" else now,
                }
            )
            if status == "draft":
                continue
            filed.append(person)
            disclosures[-1]["certified_version_id"] = person
            versions.append(
                {
                    "id": person,
                    "disclosure_id": person,
                    "number": 1,
                    "submitted_at": now,
                    "submitted_by_id": person,
                    "certification": "I certify.",
                    "typed_name": f"Faculty Member {person}",
                    "snapshot": {},
                }
            )
            if status in ("approved", "approved_with_plan", "returned"):
                events.append(
                    {
                        "disclosure_id": person,
                        "version_number": 1,
                        "action": {"returned": "return"}.get(status, status.replace("d", "", 0)),
                        "from_status": "under_review",
                        "to_status": status,
                        "actor_id": coi_id,
                    }
                )
            if status == "approved_with_plan":
                plans.append(
                    {
                        "disclosure_id": person,
                        "conditions": "Disclose the interest in every publication.",
                        "monitor_id": coi_id,
                        "review_on": date(BENCH_YEAR + 1, 6, 30),
                        "created_by_id": coi_id,
                    }
                )
        for event in events:
            event["action"] = {
                "approved": "approve",
                "approved_with_plan": "approve_with_plan",
                "returned": "return",
            }[event["to_status"]]
        # The version ids are only filled in once the versions exist (they refer to each other).
        certified = {d["id"]: d.pop("certified_version_id", None) for d in disclosures}
        session.execute(insert(Disclosure), disclosures)
        session.execute(insert(DisclosureVersion), versions)
        session.execute(
            Disclosure.__table__.update()
            .where(Disclosure.__table__.c.id == bindparam("disclosure"))
            .values(certified_version_id=bindparam("version")),
            [{"disclosure": d, "version": v} for d, v in certified.items() if v],
        )
        if events:
            session.execute(insert(ReviewEvent), events)
        if plans:
            session.execute(insert(ManagementPlan), plans)
        organisations = 1000
        session.execute(
            insert(Organisation),
            [
                {"id": o, "name": f"Organisation {o} Ltd", "match_key": f"organisation {o}"}
                for o in range(1, organisations + 1)
            ],
        )
        kinds = list(ItemKind)
        base_rows, own_rows, contracts, flags = [], {k: [] for k in kinds}, [], []
        frozen_rows, frozen_contracts = [], []
        for item_id in range(1, items + 1):
            kind = kinds[item_id % len(kinds)]
            disclosure = filed[item_id % len(filed)]
            backed = kind in CONTRACT_KINDS and rng.random() < CONTRACT_SHARE
            organisation = rng.randrange(1, organisations + 1)
            base_rows.append(
                {
                    "id": item_id,
                    "disclosure_id": disclosure,
                    "kind": kind.value,
                    "organisation_id": organisation,
                    "country": rng.choice(("US", "GB", "DE", "JP", "CN")),
                    "backed_by_contract": backed,
                    "created_by_id": disclosure,
                    "updated_by_id": disclosure,
                }
            )
            # Every item here is certified: its frozen copy in the version is what is read.
            frozen_rows.append(
                {
                    "id": item_id,
                    "version_id": disclosure,
                    "item_id": item_id,
                    "kind": kind.value,
                    "organisation_id": organisation,
                    "organisation_name": f"Organisation {organisation} Ltd",
                    "country": base_rows[-1]["country"],
                    "backed_by_contract": backed,
                }
            )
            day = date(2020, 1, 1) + timedelta(days=rng.randrange(2000))
            own_rows[kind].append({"id": item_id, **item_values(kind, rng, day)})
            if backed:
                terms = {
                    "counterparty_id": organisation,
                    "country": "US",
                    "contract_type": "Consulting agreement",
                    "signed_on": day,
                    "ip_terms": "University retains all IP.",
                }
                contracts.append({"id": len(contracts) + 1, "item_id": item_id, **terms})
                frozen_contracts.append(
                    {
                        "version_item_id": item_id,
                        "contract_id": len(contracts),
                        "counterparty_name": f"Organisation {organisation} Ltd",
                        **terms,
                    }
                )
            if rng.random() < FLAGGED_SHARE:
                flags.append(
                    {
                        "id": len(flags) + 1,
                        "version_item_id": item_id,
                        "field": "organisation",
                        "category": "defense_institution",
                        "severity": rng.choice(("critical", "high", "elevated", "info")),
                        "entry_id": "bench-entry",
                        "canonical_name": f"Organisation {organisation} Ltd",
                        "matched": f"Organisation {organisation}",
                        "start": 0,
                        "end": 10,
                        "matches": [
                            {"field": "organisation", "matched": "x", "start": 0, "end": 10}
                        ],
                        "source": "Benchmark list",
                        "explanation": "Synthetic.",
                        "watchlist_version": "bench",
                    }
                )
        session.execute(insert(DisclosureItem.__table__), base_rows)
        session.execute(insert(VersionItem.__table__), frozen_rows)
        for kind, rows in own_rows.items():
            session.execute(insert(ITEM_CLASSES[kind].__table__), rows)
            session.execute(insert(FROZEN_CLASSES[kind].__table__), rows)
        if contracts:
            session.execute(insert(Contract), contracts)
            session.execute(insert(VersionContract), frozen_contracts)
        if flags:
            session.execute(insert(VersionFlag), flags)
            session.execute(
                insert(FlagDisposition),
                [
                    {"flag_id": f["id"], "disposition": "cleared", "decided_by_id": coi_id}
                    for f in flags[::2]
                ],
            )
        session.commit()
        print(
            f"Synthetic institution: {faculty:,} faculty in {departments} departments, "
            f"{items:,} items, {len(flags):,} flagged, {len(contracts):,} contracts."
        )


# --- Measurements (each in its own process) -------------------------------------------


def measure_rollup(database_url: str, instance_dir: Path, output: Path, department: str) -> dict:
    from app import create_app
    from app.extensions import db
    from app.people.operations import department_by_code
    from app.rollups.operations import department_export, export_rollup
    from app.rollups.queries import Scope, cycle_for_year
    from config import Config

    app = create_app(Config(environment(database_url, instance_dir)))
    with app.app_context():
        cycle = cycle_for_year(BENCH_YEAR)
        scope = Scope(cycle, department_by_code(department) if department else None)
        reset_peak_rss()
        before = peak_rss_mb()
        started = time.perf_counter()
        shapes = export_rollup(department_export(scope), None, output)
        seconds = time.perf_counter() - started
        db.session.rollback()
    return {
        "seconds": seconds,
        "rss_before_mb": before,
        "peak_rss_mb": peak_rss_mb(),
        "shapes": [(s.title, s.rows, [k.value for k in s.kinds]) for s in shapes],
    }


def baseline_value(kind: str, number: int) -> Any:
    return {
        "text": f"Text value {number} of a typical length",
        "integer": number,
        "decimal": Decimal("1.5"),
        "money": Decimal("12345.67"),
        "date": date(2024, 3, 1),
        "timestamp": datetime(2026, 5, 1, 12, 30, tzinfo=UTC).replace(tzinfo=None),
        "yes_no": "Yes",
        "link": f"http://127.0.0.1:5000/disclosures/{number}/versions/1",
    }[kind]


def measure_baseline(shapes: list, output: Path) -> dict:
    """The same sheets, rows and columns with values of the same types, nothing else."""
    from openpyxl import Workbook

    reset_peak_rss()
    before = peak_rss_mb()
    started = time.perf_counter()
    book = Workbook(write_only=True)
    for title, rows, kinds in shapes:
        sheet = book.create_sheet(title)
        sheet.append([f"Header {i}" for i in range(len(kinds))])
        row = [baseline_value(kind, i) for i, kind in enumerate(kinds)]
        for _ in range(rows):
            sheet.append(row)
    book.save(output)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "rss_before_mb": before, "peak_rss_mb": peak_rss_mb()}


def run_measurement(*arguments: str) -> dict:
    done = subprocess.run(  # noqa: S603 - this script, with arguments it built itself
        [sys.executable, __file__, *arguments], check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faculty", type=int, default=5000)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument(
        "--repeat", type=int, default=3, help="Runs of each, taking turns; the fastest counts."
    )
    parser.add_argument("--measure", choices=("rollup", "baseline"), help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--instance", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--department", default="", help=argparse.SUPPRESS)
    parser.add_argument("--shapes", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure == "rollup":
        result = measure_rollup(args.database, args.instance, args.output, args.department)
        print(json.dumps(result))
        return
    if args.measure == "baseline":
        print(json.dumps(measure_baseline(json.loads(args.shapes.read_text()), args.output)))
        return

    with tempfile.TemporaryDirectory(prefix="candor-rollup-bench-") as folder:
        tmp = Path(folder)
        instance = tmp / "instance"
        database = f"sqlite:///{tmp / 'bench.sqlite3'}"
        started = time.perf_counter()
        build_institution(database, instance, args.faculty, args.items)
        print(f"Setup (migrations and bulk inserts): {time.perf_counter() - started:.1f} s")

        common = ("--database", database, "--instance", str(instance))
        shapes = tmp / "shapes.json"
        rollups, baselines, departments = [], [], []
        # Taking turns, so that a busy machine slows both alike; the fastest run counts.
        for _ in range(max(args.repeat, 1)):
            rollups.append(
                run_measurement("--measure", "rollup", *common, "--output", str(tmp / "i.xlsx"))
            )
            shapes.write_text(json.dumps(rollups[-1]["shapes"]))
            baselines.append(
                run_measurement(
                    "--measure",
                    "baseline",
                    "--shapes",
                    str(shapes),
                    "--output",
                    str(tmp / "b.xlsx"),
                )
            )
            departments.append(
                run_measurement(
                    "--measure",
                    "rollup",
                    *common,
                    "--output",
                    str(tmp / "d.xlsx"),
                    "--department",
                    "D000",
                )
            )
        rollup, baseline, department = (
            min(runs, key=lambda r: r["seconds"]) for runs in (rollups, baselines, departments)
        )
        print("Runs (s): institution", ", ".join(f"{r['seconds']:.2f}" for r in rollups))
        print("          baseline   ", ", ".join(f"{r['seconds']:.2f}" for r in baselines))
        print("          department ", ", ".join(f"{r['seconds']:.2f}" for r in departments))
        rows = sum(rows for _, rows, _ in rollup["shapes"])
        cells = sum(rows * len(kinds) for _, rows, kinds in rollup["shapes"])
        size = (tmp / "i.xlsx").stat().st_size / 2**20
        print(f"Workbook: {len(rollup['shapes']) + 1} sheets, {rows:,} rows, {cells:,} cells")
        print(f"  file size {size:.1f} MB")
        report("Institution rollup (queries + workbook)", rollup)
        report("Bare openpyxl write-only baseline", baseline)
        report(f"Department rollup ({DEPARTMENT_SIZE} faculty)", department)
        ratio = rollup["seconds"] / baseline["seconds"]
        # The goals of issue 15 (measured at 50,000 faculty and 1,000,000 items on PostgreSQL).
        goals = (
            ("Ratio institution / baseline", ratio, 1.5, f"{ratio:.2f}x", "at most 1.5x"),
            (
                "Institution peak RSS",
                rollup["peak_rss_mb"],
                200,
                f"{rollup['peak_rss_mb']:.0f} MB",
                "at most 200 MB",
            ),
            (
                f"Department rollup ({DEPARTMENT_SIZE} faculty)",
                department["seconds"],
                0.5,
                f"{department['seconds']:.2f} s",
                "at most 0.5 s",
            ),
        )
        for label, value, limit, shown, goal in goals:
            verdict = "met" if value <= limit else "missed"
            print(f"{label}: {shown} (goal {goal}): {verdict}")


def report(label: str, result: dict) -> None:
    print(
        f"{label}: {result['seconds']:.2f} s, peak RSS {result['peak_rss_mb']:.0f} MB "
        f"({result['rss_before_mb']:.0f} MB before it started)"
    )


if __name__ == "__main__":
    main()
