"""The declarative base, naming convention and reusable column types.

Every table's constraints and indexes get predictable names so that migrations can
refer to them on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

from sqlalchemy import Connection, DateTime, Engine, Enum, MetaData, event, text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every database.

    PostgreSQL stores ``timestamptz``; SQLite has no time zones, so values are stored as
    UTC and given their zone back when read. Naive datetimes are refused: they are bugs.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} given for a UTC timestamp column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


int_pk = Annotated[int, mapped_column(primary_key=True)]
#: Set once when the row is created.
created_at = Annotated[
    datetime, mapped_column(UTCDateTime(), default=utcnow, server_default=text("CURRENT_TIMESTAMP"))
]
#: Refreshed by every ORM update of the row.
updated_at = Annotated[
    datetime,
    mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, server_default=text("CURRENT_TIMESTAMP")
    ),
]


def enum_by_value(enum_class: type[StrEnum]) -> Enum:
    """Store a StrEnum as its value in a VARCHAR, so the database reads like the code."""
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=max(len(member.value) for member in enum_class) + 8,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def _sqlite_on_connect(dbapi_connection: object, connection_record: object) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        # Let SQLAlchemy issue BEGIN itself: pysqlite's own transaction handling breaks
        # SAVEPOINT, which per-row imports and the test suite rely on.
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys = ON")


def _sqlite_on_begin(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN")


def enable_sqlite_transactions() -> None:
    """Real transactions, savepoints and foreign keys on SQLite (SQLAlchemy's recipe)."""
    if not event.contains(Engine, "connect", _sqlite_on_connect):
        event.listen(Engine, "connect", _sqlite_on_connect)
        event.listen(Engine, "begin", _sqlite_on_begin)
