"""An app whose database really commits, as a worker in another thread or process needs:
the suite's usual rolled-back transaction would hide every job from the worker."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from flask import Flask
from flask_migrate import upgrade

from app import create_app
from app.extensions import db
from config import TestConfig
from tests.conftest import drop_postgres_schema, postgres_schema_url, run_schema
from tests.jobs.redis_server import redis_url_or_skip


@pytest.fixture(scope="module")
def committed_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    tmp_dir = tmp_path_factory.mktemp("jobs")
    postgres = os.environ.get("TEST_DATABASE_URL")
    schema = run_schema("jobs")
    url = (
        postgres_schema_url(postgres, schema)
        if postgres
        else f"sqlite:///{tmp_dir / 'jobs.sqlite3'}"
    )
    app = create_app(TestConfig(url, tmp_dir / "instance"))
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()
    if postgres:
        drop_postgres_schema(postgres, schema)


@pytest.fixture()
def redis_url() -> str:
    return redis_url_or_skip()
