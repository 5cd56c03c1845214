"""The certified-record migration on data written before it: duplicate flags of one
entry on one item become one flag with every mention, the version's items become rows,
and every decision is kept on the certified flag it was made on."""

from __future__ import annotations

import json

from alembic import command
from sqlalchemy import column, table, text

from app import MIGRATIONS_DIR, create_app
from app.extensions import db
from config import TestConfig
from tests.test_migrations import scratch_database_url  # noqa: F401 - a fixture

BEFORE = "04c214b83122"
MENTIONS = [
    ("description", "千人计划", 10, 14),
    ("description", "千人计划", 30, 34),
    ("role_title", "Thousand Talents Plan", 0, 21),
]


def insert(table_name: str, /, **values: object) -> int:
    """A row written as the schema before the migration had it (no models of that time)."""
    target = table(table_name, column("id"), *(column(key) for key in values))
    return db.session.execute(target.insert().values(**values).returning(target.c.id)).scalar_one()


def old_world() -> dict[str, int]:
    """A submitted disclosure whose item named one program three times, two decisions."""
    department = insert("department", code="PHYS", name="Physics", school="Science")
    person = insert("person", email="a@example.edu", full_name="Ada", department_id=department)
    coi = insert("person", email="coi@example.edu", full_name="Coi")
    cycle = insert("cycle", year=2026, opens_on="2026-01-01", due_on="2026-12-31")
    disclosure = insert(
        "disclosure",
        person_id=person,
        kind="annual",
        cycle_id=cycle,
        event_summary="",
        due_on="2026-12-31",
        status="under_review",
        talent_program_details="",
        amending=False,
    )
    item = insert(
        "disclosure_item",
        disclosure_id=disclosure,
        kind="outside_activity",
        country="CN",
        backed_by_contract=False,
        carry_forward="none",
        created_by_id=person,
        updated_by_id=person,
    )
    db.session.execute(
        text(
            "INSERT INTO outside_activity (id, role, role_title, starts_on, days_per_year, "
            "compensated, description) VALUES (:id, 'advisor', 'Thousand Talents Plan', "
            "'2025-01-01', 4, false, 'Member of 千人计划 since 2019; 千人计划 pays travel.')"
        ),
        {"id": item},
    )
    snapshot = {
        "talent_program_answer": "no",
        "talent_program_details": "",
        "items": [
            {
                "item_id": item,
                "kind": "outside_activity",
                "organisation": "",
                "country": "CN",
                "backed_by_contract": False,
                "fields": {
                    "role": "advisor",
                    "role_title": "Thousand Talents Plan",
                    "starts_on": "2025-01-01",
                    "ends_on": None,
                    "days_per_year": "4.0",
                    "compensated": False,
                    "amount": None,
                    "currency": "USD",
                    "description": "Member of 千人计划 since 2019; 千人计划 pays travel.",
                },
            }
        ],
    }
    insert(
        "disclosure_version",
        disclosure_id=disclosure,
        number=1,
        submitted_at="2026-03-01 10:00:00+00:00",
        submitted_by_id=person,
        certification="I certify.",
        typed_name="Ada",
        snapshot=json.dumps(snapshot),
    )
    flags = [
        insert(
            "item_flag",
            item_id=item,
            field=field,
            category="talent_program",
            severity="high",
            entry_id="thousand-talents",
            canonical_name="Thousand Talents Plan",
            matched=matched,
            start=start,
            end=end,
            source="Built-in watchlist",
            explanation="A talent recruitment program.",
            watchlist_version="2026.11",
            raised_at="2026-02-01 09:00:00+00:00",
        )
        for field, matched, start, end in MENTIONS
    ]
    for flag, decided_at in (
        (flags[0], "2026-03-05 12:00:00+00:00"),
        (flags[2], "2026-03-06 12:00:00+00:00"),
    ):
        insert(
            "flag_disposition",
            flag_id=flag,
            disposition="confirmed",
            reason="Reviewed.",
            decided_by_id=coi,
            decided_at=decided_at,
        )
    db.session.commit()
    return {"disclosure": disclosure, "item": item}


def test_duplicates_merge_into_one_flag_and_every_decision_is_kept(scratch_database_url, tmp_path):  # noqa: F811
    app = create_app(TestConfig(scratch_database_url, tmp_path / "instance"))
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config(str(MIGRATIONS_DIR))
        command.upgrade(config, BEFORE)
        world = old_world()
        command.upgrade(config, "head")
        command.check(config)

        rows = db.session.execute(
            text("SELECT id, matches FROM item_flag WHERE cleared_at IS NULL")
        ).all()
        assert len(rows) == 1  # one open draft flag for the entry on the item
        matches = rows[0][1] if isinstance(rows[0][1], list) else json.loads(rows[0][1])
        assert [(m["field"], m["matched"], m["start"]) for m in matches] == [
            (f, m, s) for f, m, s, _ in MENTIONS
        ]
        version_flags = db.session.execute(
            text(
                "SELECT vf.id, vf.matches FROM version_flag vf JOIN version_item vi "
                "ON vi.id = vf.version_item_id WHERE vi.item_id = :item"
            ),
            {"item": world["item"]},
        ).all()
        assert len(version_flags) == 1
        certified_flag = version_flags[0][0]
        decisions = db.session.execute(
            text("SELECT flag_id, reason FROM flag_disposition ORDER BY id")
        ).all()
        assert decisions == [(certified_flag, "Reviewed."), (certified_flag, "Reviewed.")]
        disclosure = db.session.execute(
            text("SELECT year, certified_version_id FROM disclosure WHERE id = :id"),
            {"id": world["disclosure"]},
        ).one()
        assert disclosure[0] == 2026 and disclosure[1] is not None
        frozen = db.session.execute(
            text("SELECT description, days_per_year FROM version_outside_activity")
        ).one()
        assert "千人计划" in frozen[0] and float(frozen[1]) == 4.0
        db.session.remove()
        command.downgrade(config, BEFORE)
        assert db.session.execute(text("SELECT count(*) FROM flag_disposition")).scalar() == 2
        db.session.remove()
        db.engine.dispose()
