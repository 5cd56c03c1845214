"""People and organisation: departments, persons and role grants.

Revision ID: 91ddd28314a1
Revises:
Create Date: 2026-11-29 04:39:17.088220
"""

import sqlalchemy as sa
from alembic import op

revision = "91ddd28314a1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "department",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("school", sa.String(length=200), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.CheckConstraint("code = upper(code)", name=op.f("ck_department_code_upper_case")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_department")),
        sa.UniqueConstraint("code", name=op.f("uq_department_code")),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
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
        sa.CheckConstraint("email = lower(email)", name=op.f("ck_person_email_lower_case")),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_person_department_id_department"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("email", name=op.f("uq_person_email")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_department_id"), ["department_id"], unique=False
        )

    op.create_table(
        "role_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "faculty",
                "department_head",
                "coi_office",
                "general_counsel",
                "admin",
                name="role",
                native_enum=False,
                length=23,
            ),
            nullable=False,
        ),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "(role = 'department_head') = (department_id IS NOT NULL)",
            name=op.f("ck_role_grant_department_only_for_heads"),
        ),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["department.id"],
            name=op.f("fk_role_grant_department_id_department"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_role_grant_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_grant")),
    )
    with op.batch_alter_table("role_grant", schema=None) as batch_op:
        batch_op.create_index("ix_role_grant_department_id", ["department_id"], unique=False)
        batch_op.create_index(
            "uq_role_grant_person_id_role_department_id",
            ["person_id", "role", "department_id"],
            unique=True,
            sqlite_where=sa.text("department_id IS NOT NULL"),
            postgresql_where=sa.text("department_id IS NOT NULL"),
        )
        batch_op.create_index(
            "uq_role_grant_person_id_role_unscoped",
            ["person_id", "role"],
            unique=True,
            sqlite_where=sa.text("department_id IS NULL"),
            postgresql_where=sa.text("department_id IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("role_grant", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_role_grant_person_id_role_unscoped",
            sqlite_where=sa.text("department_id IS NULL"),
            postgresql_where=sa.text("department_id IS NULL"),
        )
        batch_op.drop_index(
            "uq_role_grant_person_id_role_department_id",
            sqlite_where=sa.text("department_id IS NOT NULL"),
            postgresql_where=sa.text("department_id IS NOT NULL"),
        )
        batch_op.drop_index("ix_role_grant_department_id")

    op.drop_table("role_grant")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_department_id"))

    op.drop_table("person")
    op.drop_table("department")
