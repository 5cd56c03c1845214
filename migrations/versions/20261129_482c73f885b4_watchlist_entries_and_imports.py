"""Screening: the database watchlist (official-list imports and local entries).

Revision ID: 482c73f885b4
Revises: 3841371fde0c
Create Date: 2026-11-29 04:57:55.020097
"""

import sqlalchemy as sa
from alembic import op

revision = "482c73f885b4"
down_revision = "3841371fde0c"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watchlist_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "origin",
            sa.Enum(
                "dod1260h",
                "dod1286",
                "csl",
                "local",
                name="watchlistorigin",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column(
            "imported_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("imported_by_id", sa.Integer(), nullable=True),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["imported_by_id"],
            ["person.id"],
            name=op.f("fk_watchlist_import_imported_by_id_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlist_import")),
    )
    with op.batch_alter_table("watchlist_import", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_watchlist_import_sha256"), ["sha256"], unique=False)

    op.create_table(
        "watchlist_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.String(length=200), nullable=False),
        sa.Column(
            "origin",
            sa.Enum(
                "dod1260h",
                "dod1286",
                "csl",
                "local",
                name="watchlistorigin",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("canonical_name", sa.String(length=500), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column(
            "severity",
            sa.Enum(
                "critical",
                "high",
                "elevated",
                "info",
                name="severity",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["person.id"], name=op.f("fk_watchlist_entry_created_by_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["watchlist_import.id"],
            name=op.f("fk_watchlist_entry_import_id_watchlist_import"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlist_entry")),
        sa.UniqueConstraint("entry_id", name=op.f("uq_watchlist_entry_entry_id")),
    )
    with op.batch_alter_table("watchlist_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_watchlist_entry_origin"), ["origin"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("watchlist_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_watchlist_entry_origin"))

    op.drop_table("watchlist_entry")
    with op.batch_alter_table("watchlist_import", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_watchlist_import_sha256"))

    op.drop_table("watchlist_import")
