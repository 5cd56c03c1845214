"""Migrations build the schema, agree with the models, and go down to base and back."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect

from app import MIGRATIONS_DIR, create_app
from app.extensions import db
from config import TestConfig
from tests.conftest import drop_postgres_schema, postgres_schema_url, run_schema


@pytest.fixture()
def scratch_database_url(tmp_path):
    """An empty database of the same kind as the suite's, just for this test."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    schema = run_schema("migrations")
    yield postgres_schema_url(url, schema)
    drop_postgres_schema(url, schema)


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
