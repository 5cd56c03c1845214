"""Migrations build the schema, agree with the models, and go down to base and back."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from app import MIGRATIONS_DIR, create_app
from app.extensions import db
from config import TestConfig

SCRATCH_SCHEMA = "candor_migration_test"


@pytest.fixture()
def scratch_database_url(tmp_path):
    """An empty database of the same kind as the suite's, just for this test."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCRATCH_SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {SCRATCH_SCHEMA}"))
    scratch = make_url(url).update_query_dict({"options": f"-csearch_path={SCRATCH_SCHEMA}"})
    yield scratch.render_as_string(hide_password=False)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {SCRATCH_SCHEMA} CASCADE"))
    engine.dispose()


def application_tables(engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def test_upgrade_check_downgrade_upgrade(scratch_database_url, tmp_path):
    app = create_app(TestConfig(scratch_database_url, tmp_path / "instance"))
    with app.app_context():
        alembic_config = app.extensions["migrate"].migrate.get_config(str(MIGRATIONS_DIR))
        command.upgrade(alembic_config, "head")
        assert application_tables(db.engine) == set(db.metadata.tables)
        command.check(alembic_config)  # raises if the models and migrations disagree
        command.downgrade(alembic_config, "base")
        assert application_tables(db.engine) == set()
        command.upgrade(alembic_config, "head")
        assert application_tables(db.engine) == set(db.metadata.tables)
        db.engine.dispose()


def test_revision_files_are_date_prefixed():
    names = [p.name for p in (Path(MIGRATIONS_DIR) / "versions").glob("*.py")]
    assert names
    for name in names:
        assert re.match(r"^\d{8}_[0-9a-f]{12}_\w+\.py$", name), name
