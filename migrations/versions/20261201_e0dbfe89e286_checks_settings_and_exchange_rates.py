"""Checks: the institution's check settings, and the exchange-rate table (Treasury Reporting
Rates of Exchange) amounts are converted to US dollars with.

Revision ID: e0dbfe89e286
Revises: a7e3c91d2b40
Create Date: 2026-12-01 20:37:12.163105
"""

import sqlalchemy as sa
from alembic import op

revision = "e0dbfe89e286"
down_revision = "a7e3c91d2b40"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exchange_rate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("country_currency_desc", sa.String(length=200), nullable=False),
        sa.Column("units_per_usd", sa.Numeric(precision=20, scale=6), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("record_date", sa.Date(), nullable=True),
        sa.Column("source_file", sa.String(length=255), nullable=False),
        sa.Column(
            "imported_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_rate")),
        sa.UniqueConstraint(
            "country_currency_desc",
            "effective_on",
            name=op.f("uq_exchange_rate_country_currency_desc_effective_on"),
        ),
    )
    with op.batch_alter_table("exchange_rate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exchange_rate_currency"), ["currency"], unique=False)

    op.create_table(
        "check_setting",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["person.id"], name=op.f("fk_check_setting_updated_by_id_person")
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_check_setting")),
    )


def downgrade() -> None:
    op.drop_table("check_setting")
    with op.batch_alter_table("exchange_rate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_rate_currency"))

    op.drop_table("exchange_rate")
