"""Organisations: searchable match keys of the aliases, so "华为" finds Huawei.

The aliases are a JSON list, and JSON escapes non-ASCII text ("\\u534e\\u4e3a"), so SQL
could not find an alias written in Chinese. The keys are filled in from the aliases here.

Revision ID: 5be1c0a1a5e5
Revises: 04c214b83122
Create Date: 2026-12-01 20:50:00
"""

import sqlalchemy as sa
from alembic import op

from app.organisations.operations import alias_keys

revision = "5be1c0a1a5e5"
down_revision = "04c214b83122"
branch_labels = None
depends_on = None

organisation = sa.table(
    "organisation",
    sa.column("id", sa.Integer),
    sa.column("aliases", sa.JSON),
    sa.column("alias_keys", sa.Text),
)


def upgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("alias_keys", sa.Text(), server_default="", nullable=False))
    connection = op.get_bind()
    rows = connection.execute(sa.select(organisation.c.id, organisation.c.aliases)).all()
    for row_id, aliases in rows:
        if aliases:
            connection.execute(
                organisation.update()
                .where(organisation.c.id == row_id)
                .values(alias_keys=alias_keys(list(aliases)))
            )


def downgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("alias_keys")
