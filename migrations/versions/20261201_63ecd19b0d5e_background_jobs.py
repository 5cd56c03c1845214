"""Background jobs: one row per job, its progress and its result file.

Revision ID: 63ecd19b0d5e
Revises: 5c3e1d2a9b47
Create Date: 2026-12-01 20:37:50.473627
"""

import sqlalchemy as sa
from alembic import op

revision = "63ecd19b0d5e"
down_revision = "5c3e1d2a9b47"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "institution_rollup",
                "rescreen",
                "roster_import",
                "watchlist_import",
                "send_mail",
                name="jobkind",
                native_enum=False,
                length=26,
            ),
            nullable=False,
        ),
        sa.Column(
            "state",
            sa.Enum(
                "queued", "running", "done", "failed", name="jobstate", native_enum=False, length=15
            ),
            nullable=False,
        ),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("message", sa.String(length=500), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("result_path", sa.String(length=500), nullable=True),
        sa.Column("result_name", sa.String(length=200), nullable=True),
        sa.Column("started_by_id", sa.Integer(), nullable=False),
        sa.Column("retry_of_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "progress >= 0 AND progress <= 100", name=op.f("ck_job_progress_percent")
        ),
        sa.ForeignKeyConstraint(
            ["retry_of_id"], ["job.id"], name=op.f("fk_job_retry_of_id_job"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["started_by_id"],
            ["person.id"],
            name=op.f("fk_job_started_by_id_person"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job")),
    )
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_job_started_by_id"), ["started_by_id"], unique=False)
        batch_op.create_index("ix_job_state_created_at", ["state", "created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("job", schema=None) as batch_op:
        batch_op.drop_index("ix_job_state_created_at")
        batch_op.drop_index(batch_op.f("ix_job_started_by_id"))

    op.drop_table("job")
