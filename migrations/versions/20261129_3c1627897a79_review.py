"""Review: transitions, comments, flag dispositions, management plans, and the
disclosure lock version for optimistic concurrency.

Revision ID: 3c1627897a79
Revises: 482c73f885b4
Create Date: 2026-11-29 05:03:25.902904
"""

import sqlalchemy as sa
from alembic import op

revision = "3c1627897a79"
down_revision = "482c73f885b4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "management_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("disclosure_id", sa.Integer(), nullable=False),
        sa.Column("conditions", sa.Text(), nullable=False),
        sa.Column("monitor_id", sa.Integer(), nullable=False),
        sa.Column("review_on", sa.Date(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by_id", sa.Integer(), nullable=True),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["acknowledged_by_id"],
            ["person.id"],
            name=op.f("fk_management_plan_acknowledged_by_id_person"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["person.id"], name=op.f("fk_management_plan_created_by_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["disclosure_id"],
            ["disclosure.id"],
            name=op.f("fk_management_plan_disclosure_id_disclosure"),
        ),
        sa.ForeignKeyConstraint(
            ["monitor_id"], ["person.id"], name=op.f("fk_management_plan_monitor_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_management_plan")),
    )
    with op.batch_alter_table("management_plan", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_management_plan_disclosure_id"), ["disclosure_id"], unique=False
        )

    op.create_table(
        "review_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("disclosure_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "visibility",
            sa.Enum("reviewers", "filer", name="commentvisibility", native_enum=False, length=17),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["person.id"], name=op.f("fk_review_comment_author_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["disclosure_id"],
            ["disclosure.id"],
            name=op.f("fk_review_comment_disclosure_id_disclosure"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_comment")),
    )
    with op.batch_alter_table("review_comment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_comment_disclosure_id"), ["disclosure_id"], unique=False
        )

    op.create_table(
        "review_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("disclosure_id", sa.Integer(), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "start_review",
                "approve",
                "approve_with_plan",
                "return",
                "escalate",
                "disapprove",
                name="reviewaction",
                native_enum=False,
                length=25,
            ),
            nullable=False,
        ),
        sa.Column(
            "from_status",
            sa.Enum(
                "draft",
                "submitted",
                "under_review",
                "escalated",
                "returned",
                "approved",
                "approved_with_plan",
                "disapproved",
                name="disclosurestatus",
                native_enum=False,
                length=26,
            ),
            nullable=False,
        ),
        sa.Column(
            "to_status",
            sa.Enum(
                "draft",
                "submitted",
                "under_review",
                "escalated",
                "returned",
                "approved",
                "approved_with_plan",
                "disapproved",
                name="disclosurestatus",
                native_enum=False,
                length=26,
            ),
            nullable=False,
        ),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["person.id"], name=op.f("fk_review_event_actor_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["review_comment.id"],
            name=op.f("fk_review_event_comment_id_review_comment"),
        ),
        sa.ForeignKeyConstraint(
            ["disclosure_id"],
            ["disclosure.id"],
            name=op.f("fk_review_event_disclosure_id_disclosure"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_event")),
    )
    with op.batch_alter_table("review_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_event_disclosure_id"), ["disclosure_id"], unique=False
        )

    op.create_table(
        "flag_disposition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("flag_id", sa.Integer(), nullable=False),
        sa.Column(
            "disposition",
            sa.Enum(
                "confirmed",
                "cleared",
                "disallowed",
                name="disposition",
                native_enum=False,
                length=18,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=False),
        sa.Column(
            "decided_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["person.id"], name=op.f("fk_flag_disposition_decided_by_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["flag_id"], ["item_flag.id"], name=op.f("fk_flag_disposition_flag_id_item_flag")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flag_disposition")),
    )
    with op.batch_alter_table("flag_disposition", schema=None) as batch_op:
        batch_op.create_index(
            "ix_flag_disposition_flag_id_decided_at", ["flag_id", "decided_at"], unique=False
        )

    with op.batch_alter_table("disclosure", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("lock_version", sa.Integer(), server_default="1", nullable=False)
        )
        batch_op.alter_column(
            "status",
            existing_type=sa.VARCHAR(length=20),
            type_=sa.Enum(
                "draft",
                "submitted",
                "under_review",
                "escalated",
                "returned",
                "approved",
                "approved_with_plan",
                "disapproved",
                name="disclosurestatus",
                native_enum=False,
                length=26,
            ),
            existing_nullable=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("disclosure", schema=None) as batch_op:
        batch_op.alter_column(
            "status",
            existing_type=sa.Enum(
                "draft",
                "submitted",
                "under_review",
                "escalated",
                "returned",
                "approved",
                "approved_with_plan",
                "disapproved",
                name="disclosurestatus",
                native_enum=False,
                length=26,
            ),
            type_=sa.VARCHAR(length=20),
            existing_nullable=False,
        )
        batch_op.drop_column("lock_version")

    with op.batch_alter_table("flag_disposition", schema=None) as batch_op:
        batch_op.drop_index("ix_flag_disposition_flag_id_decided_at")

    op.drop_table("flag_disposition")
    with op.batch_alter_table("review_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_event_disclosure_id"))

    op.drop_table("review_event")
    with op.batch_alter_table("review_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_comment_disclosure_id"))

    op.drop_table("review_comment")
    with op.batch_alter_table("management_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_management_plan_disclosure_id"))

    op.drop_table("management_plan")
