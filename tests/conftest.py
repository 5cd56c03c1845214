"""Fixtures shared by the whole suite.

The database is built once per run by ``upgrade head`` (never ``create_all``), on SQLite
by default or on the PostgreSQL named by ``TEST_DATABASE_URL`` (in a schema of the run's
own, dropped at the end). Each test runs inside one
transaction that is rolled back afterwards; code under test may commit, which only
releases a savepoint.
"""

from __future__ import annotations

import contextvars
import os
import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db as flask_db
from config import TestConfig

POSTGRES_URL_ENV = "TEST_DATABASE_URL"


def run_schema(purpose: str) -> str:
    """A PostgreSQL schema of this test run's own, so runs side by side never collide."""
    return f"candor_{purpose}_{os.getpid()}"


def postgres_schema_url(url: str, schema: str) -> str:
    """An empty schema made for this run, and the URL that works inside it."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return scoped.render_as_string(hide_password=False)


def drop_postgres_schema(url: str, schema: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


def pytest_report_header(config: pytest.Config) -> str:
    url = os.environ.get(POSTGRES_URL_ENV)
    return f"database: {url.split('@')[-1] if url else 'SQLite (temporary file)'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    tmp_dir = tmp_path_factory.mktemp("candor")
    postgres = os.environ.get(POSTGRES_URL_ENV)
    schema = run_schema("test")
    url = (
        postgres_schema_url(postgres, schema)
        if postgres
        else f"sqlite:///{tmp_dir / 'test.sqlite3'}"
    )
    application = create_app(TestConfig(url, tmp_dir / "instance"))
    application.test_client_class = IsolatedClient
    with application.app_context():
        upgrade()
    yield application
    with application.app_context():
        flask_db.engine.dispose()
    if postgres:
        drop_postgres_schema(postgres, schema)


@pytest.fixture()
def db(app: Flask) -> Iterator[object]:
    """The database, in a transaction that is rolled back after the test."""
    with app.app_context():
        connection = flask_db.engine.connect()
        transaction = connection.begin()
        original_session = flask_db.session
        flask_db.session = flask_db._make_scoped_session(
            {
                "bind": connection,
                "join_transaction_mode": "create_savepoint",
                "class_": ConnectionBoundSession,
            }
        )
        try:
            yield flask_db
        finally:
            flask_db.session.remove()
            flask_db.session = original_session
            transaction.rollback()
            connection.close()


class ConnectionBoundSession(Session):
    """Every query goes through the test's connection (Flask-SQLAlchemy would otherwise
    pick the engine by table, escaping the test's transaction)."""

    def get_bind(self, *args: object, **kwargs: object) -> Connection:  # type: ignore[override]
        assert isinstance(self.bind, Connection)
        return self.bind


class IsolatedClient(FlaskClient):
    """A test client whose requests do not share the test's application context.

    Flask reuses an application context that is already pushed, which would let `g` and
    the session's identity map leak between requests; production never does that.
    """

    def open(self, *args: object, **kwargs: object):  # type: ignore[override]
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture()
def client(app: Flask, db: object) -> FlaskClient:
    return app.test_client()


CSRF_INPUT = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|'
    r'name="csrf_token" value="([^"]+)"'
)


def csrf_token_from(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "the page has no CSRF token"
    return match.group(1) or match.group(2)
