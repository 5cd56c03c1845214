"""Alembic environment: the app's engine and the metadata of every feature's models."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

import app.model_registry  # noqa: F401 - registers every table on the metadata
from app.database import UTCDateTime

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

db = current_app.extensions["migrate"].db
config.set_main_option(
    "sqlalchemy.url", db.engine.url.render_as_string(hide_password=False).replace("%", "%%")
)


def skip_empty_autogenerate(context, revision, directives):
    """`flask db migrate` with no model change writes no empty revision."""
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def render_item(type_, obj, autogen_context):
    """Write our column types as plain SQLAlchemy ones, so revisions never import the app."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=db.metadata,
        literal_binds=True,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    configure_args = dict(current_app.extensions["migrate"].configure_args)
    configure_args.setdefault("process_revision_directives", skip_empty_autogenerate)
    with db.engine.connect() as connection:
        configure_args.update(
            connection=connection,
            target_metadata=db.metadata,
            # SQLite cannot ALTER most things; batch mode recreates the table instead.
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            render_item=render_item,
        )
        context.configure(**configure_args)
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Batch mode copies a table and drops the original, which SQLite refuses while
            # other tables refer to it; the foreign keys are checked after the migrations.
            _sqlite_pragma(connection, "PRAGMA foreign_keys = OFF")
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migrations left broken foreign keys: {broken[:5]}")
        if sqlite:
            _sqlite_pragma(connection, "PRAGMA foreign_keys = ON")


def _sqlite_pragma(connection, statement: str) -> None:
    """Run a PRAGMA outside any transaction (inside one, SQLite ignores foreign_keys)."""
    connection.connection.driver_connection.execute(statement)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
