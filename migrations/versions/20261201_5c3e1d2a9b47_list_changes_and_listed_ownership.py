"""Screening: what each official-list import changed, and listed ownership (BIS affiliates
rule) recorded by the COI office.

Revision ID: 5c3e1d2a9b47
Revises: 5be1c0a1a5e5
Create Date: 2026-12-01 20:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "5c3e1d2a9b47"
down_revision = "5be1c0a1a5e5"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watchlist_import_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.String(length=200), nullable=False),
        sa.Column("canonical_name", sa.String(length=500), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "added",
                "removed",
                "changed",
                "ended",
                name="listchangekind",
                native_enum=False,
                length=15,
            ),
            nullable=False,
        ),
        sa.Column("details", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["watchlist_import.id"],
            name=op.f("fk_watchlist_import_change_import_id_watchlist_import"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watchlist_import_change")),
    )
    with op.batch_alter_table("watchlist_import_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_watchlist_import_change_import_id"), ["import_id"], unique=False
        )

    op.create_table(
        "listed_ownership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("owner_entry_id", sa.String(length=200), nullable=False),
        sa.Column("owner_name", sa.String(length=500), nullable=False),
        sa.Column("share_percent", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_listed_ownership_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["person.id"],
            name=op.f("fk_listed_ownership_recorded_by_id_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_listed_ownership")),
    )
    with op.batch_alter_table("listed_ownership", schema=None) as batch_op:
        batch_op.create_index(
            "ix_listed_ownership_organisation_id", ["organisation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("listed_ownership", schema=None) as batch_op:
        batch_op.drop_index("ix_listed_ownership_organisation_id")
    op.drop_table("listed_ownership")
    with op.batch_alter_table("watchlist_import_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_watchlist_import_change_import_id"))
    op.drop_table("watchlist_import_change")
