"""The hash chain: verify passes on a real scenario, and any altered row is named."""

from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import DBAPIError

from app.audit.chain import HASHED_FIELDS, entry_hash
from app.audit.models import AuditEntry
from app.audit.operations import record


def entries(db) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_after_the_demo_scenario_verify_exits_zero(app, db):
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "Audit chain intact" in result.output
    assert len(entries(db)) > 100


@pytest.mark.parametrize("column", ["summary", "actor_label", "object_id", "after"])
def test_altering_any_row_is_detected_and_named(app, db, column):
    for number in range(5):
        record(
            "test.event",
            object_type="thing",
            object_id=number,
            summary=f"event {number}",
            after={"n": number},
        )
    db.session.commit()  # the entries are linked into the chain when they commit
    target = entries(db)[2]
    dialect = db.session.get_bind().dialect.name
    if dialect == "sqlite":
        db.session.execute(text("DROP TRIGGER audit_entry_no_update"))
    else:
        db.session.execute(text("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only"))
    value = '{"n": 99}' if column == "after" else "tampered"
    # The column comes from the test's own parameter list, never from input.
    statement = f"UPDATE audit_entry SET {column} = :value WHERE id = :id"  # noqa: S608
    db.session.execute(text(statement), {"value": value, "id": target.id})
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code != 0
    assert f"broken at entry {target.id}" in result.output


def test_removing_a_row_is_detected_and_named(app, db):
    for number in range(4):
        record("test.event", object_type="thing", object_id=number, summary=f"event {number}")
    db.session.commit()
    doomed = entries(db)[1]
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text("DROP TRIGGER audit_entry_no_delete"))
    else:
        db.session.execute(text("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only"))
    db.session.execute(text("DELETE FROM audit_entry WHERE id = :id"), {"id": doomed.id})
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code != 0
    assert f"broken at entry {doomed.id}: it was removed" in result.output


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entry SET summary = 'x'",
        "DELETE FROM audit_entry",
    ],
)
def test_the_database_refuses_updates_and_deletes(db, statement):
    record("test.event", object_type="thing", object_id=1, summary="kept")
    with pytest.raises(DBAPIError, match="append-only"), db.session.begin_nested():
        db.session.execute(text(statement))


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="PostgreSQL only")
def test_truncate_is_refused_on_postgresql(db):
    with pytest.raises(DBAPIError, match="append-only"), db.session.begin_nested():
        db.session.execute(text("TRUNCATE audit_entry"))


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="PostgreSQL only")
def test_concurrent_appends_keep_the_chain_linear(app):
    """Real concurrent transactions (own connections, committed), then the chain is checked."""
    from app.audit.queries import verify_chain
    from app.extensions import db

    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with app.app_context(), engine.connect() as check:
        before = check.execute(text("SELECT count(*) FROM audit_entry")).scalar()

        def append_many(worker: int) -> None:
            with app.app_context():
                for number in range(15):
                    record(
                        "test.concurrent",
                        object_type="worker",
                        object_id=worker,
                        summary=f"worker {worker} entry {number}",
                    )
                    db.session.commit()
                db.session.remove()

        threads = [threading.Thread(target=append_many, args=(w,)) for w in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        count, broken = verify_chain()
        db.session.remove()
        after = check.execute(text("SELECT count(*) FROM audit_entry")).scalar()
    engine.dispose()
    assert after - before == 60
    assert broken is None, broken
    assert count == after


def test_an_entry_slipped_in_without_its_link_is_named(app, db):
    record("test.event", object_type="thing", object_id=1, summary="linked")
    db.session.commit()
    forged = {**{c: getattr(entries(db)[-1], c) for c in HASHED_FIELDS}, "summary": "forged"}
    forged_hash = entry_hash(forged)
    db.session.add(AuditEntry(**forged, entry_hash=forged_hash))
    db.session.flush()
    db.session.expunge_all()
    db.session.commit()
    forged_id = db.session.scalar(select(AuditEntry.id).where(AuditEntry.entry_hash == forged_hash))
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code != 0
    assert f"broken at entry {forged_id}: it was never linked" in result.output


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="PostgreSQL only")
def test_a_long_transaction_does_not_hold_up_other_writers(app):
    """An import-sized transaction writes entries and stays open; meanwhile another
    person's change is audited and committed (it is not made to wait for the import)."""
    from app.audit.queries import verify_chain
    from app.extensions import db

    long_has_written, short_done, long_may_commit = (threading.Event() for _ in range(3))

    def long_import() -> None:
        with app.app_context():
            for number in range(50):
                record("test.import", object_type="row", object_id=number, summary="import row")
            long_has_written.set()
            long_may_commit.wait(60)
            db.session.commit()
            db.session.remove()

    def short_change() -> None:
        with app.app_context():
            long_has_written.wait(60)
            record("test.save", object_type="item", object_id=1, summary="a save meanwhile")
            db.session.commit()
            db.session.remove()
            short_done.set()

    importer, saver = threading.Thread(target=long_import), threading.Thread(target=short_change)
    importer.start()
    saver.start()
    finished_while_import_open = short_done.wait(60)
    long_may_commit.set()
    importer.join()
    saver.join()
    assert finished_while_import_open
    with app.app_context():
        _count, broken = verify_chain()
        db.session.remove()
    assert broken is None, broken
