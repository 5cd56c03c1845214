"""Cycles that can be managed (closing, personal extensions); searchable alias keys.

`cycle.closed_at` / `closed_by_id` record a closed cycle; `cycle_extension` gives one
person their own due date in a cycle, with the reason.

`organisation.alias_keys` holds the match keys of an organisation's aliases: the aliases
are a JSON list, and JSON escapes non-ASCII text ("\\u534e\\u4e3a"), so SQL could not find
an alias written in Chinese. The keys are filled in from the aliases here.

Revision ID: 5be1c0a1a5e5
Revises: e0dbfe89e286
Create Date: 2026-12-01 20:50:00
"""

import sqlalchemy as sa
from alembic import op

from app.organisations.operations import alias_keys

revision = "5be1c0a1a5e5"
down_revision = "e0dbfe89e286"
branch_labels = None
depends_on = None

organisation = sa.table(
    "organisation",
    sa.column("id", sa.Integer),
    sa.column("aliases", sa.JSON),
    sa.column("alias_keys", sa.Text),
)


def upgrade() -> None:
    op.create_table(
        "cycle_extension",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=False),
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
        sa.ForeignKeyConstraint(
            ["cycle_id"], ["cycle.id"], name=op.f("fk_cycle_extension_cycle_id_cycle")
        ),
        sa.ForeignKeyConstraint(
            ["granted_by_id"], ["person.id"], name=op.f("fk_cycle_extension_granted_by_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_cycle_extension_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cycle_extension")),
        sa.UniqueConstraint(
            "cycle_id", "person_id", name=op.f("uq_cycle_extension_cycle_id_person_id")
        ),
    )
    with op.batch_alter_table("cycle_extension", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cycle_extension_cycle_id"), ["cycle_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_cycle_extension_person_id"), ["person_id"], unique=False
        )

    with op.batch_alter_table("cycle", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("closed_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_cycle_closed_by_id_person"), "person", ["closed_by_id"], ["id"]
        )

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

    with op.batch_alter_table("cycle", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_cycle_closed_by_id_person"), type_="foreignkey")
        batch_op.drop_column("closed_by_id")
        batch_op.drop_column("closed_at")

    with op.batch_alter_table("cycle_extension", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cycle_extension_person_id"))
        batch_op.drop_index(batch_op.f("ix_cycle_extension_cycle_id"))

    op.drop_table("cycle_extension")
