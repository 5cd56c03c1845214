"""Audit: the chain's order in links appended at commit (audit_link), so a long
transaction no longer holds the chain's lock from its first entry to its end. Existing
entries are linked in their order; the table is append-only like the entries.

Revision ID: a7c3e91d2b40
Revises: 6f9698beba8d
Create Date: 2026-12-01 21:30:00
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "a7c3e91d2b40"
down_revision = "6f9698beba8d"
branch_labels = None
depends_on = None

GENESIS_HASH = "0" * 64
CREATE_TRIGGERS = {
    "postgresql": [
        """
        CREATE TRIGGER audit_link_append_only BEFORE UPDATE OR DELETE ON audit_link
        FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change()
        """,
        """
        CREATE TRIGGER audit_link_no_truncate BEFORE TRUNCATE ON audit_link
        FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_change()
        """,
    ],
    "sqlite": [
        """
        CREATE TRIGGER audit_link_no_update BEFORE UPDATE ON audit_link
        BEGIN SELECT RAISE(ABORT, 'audit_link is append-only: UPDATE refused'); END
        """,
        """
        CREATE TRIGGER audit_link_no_delete BEFORE DELETE ON audit_link
        BEGIN SELECT RAISE(ABORT, 'audit_link is append-only: DELETE refused'); END
        """,
    ],
}
DROP_TRIGGERS = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS audit_link_no_truncate ON audit_link",
        "DROP TRIGGER IF EXISTS audit_link_append_only ON audit_link",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_link_no_update",
        "DROP TRIGGER IF EXISTS audit_link_no_delete",
    ],
}


def upgrade() -> None:
    audit_link = op.create_table(
        "audit_link",
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.Column("prev_link_hash", sa.String(length=64), nullable=False),
        sa.Column("link_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_audit_link")),
        sa.UniqueConstraint("entry_id", name=op.f("uq_audit_link_entry_id")),
        sa.UniqueConstraint("link_hash", name=op.f("uq_audit_link_link_hash")),
    )
    bind = op.get_bind()
    entries = sa.table("audit_entry", sa.column("id"), sa.column("entry_hash"))
    previous, rows = GENESIS_HASH, []
    for position, (entry_id, hash_of_entry) in enumerate(
        bind.execute(sa.select(entries.c.id, entries.c.entry_hash).order_by(entries.c.id)), 1
    ):
        link = hashlib.sha256(f"{previous}:{hash_of_entry}".encode()).hexdigest()
        rows.append(
            {
                "position": position,
                "entry_id": entry_id,
                "entry_hash": hash_of_entry,
                "prev_link_hash": previous,
                "link_hash": link,
            }
        )
        previous = link
    if rows:
        op.bulk_insert(audit_link, rows)
    for statement in CREATE_TRIGGERS.get(bind.dialect.name, []):
        op.execute(statement)


def downgrade() -> None:
    for statement in DROP_TRIGGERS.get(op.get_bind().dialect.name, []):
        op.execute(statement)
    op.drop_table("audit_link")
