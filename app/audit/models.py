"""Audit entries. Rows are only ever inserted: the application has no code path that
updates or deletes one, and the database refuses it (triggers, see the migration)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.database import Base, UTCDateTime, int_pk

#: The previous hash of the first entry of the chain.
GENESIS_HASH = "0" * 64
#: Key in `Session.info`: this transaction's entries waiting for their links.
UNLINKED_ENTRIES = "candor.audit_unlinked"


class AuditEntry(Base):
    __tablename__ = "audit_entry"

    id: Mapped[int_pk]
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"))
    #: Who acted, as they were known then (an email, or "system" for the command line).
    actor_label: Mapped[str] = mapped_column(String(254))
    #: What was done, as "object.verb" (e.g. "disclosure.submit").
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    ip_address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    #: The hash of the entry before this one in the same transaction (a random opening
    #: value for the first); entries written before 2026-12 chain across transactions.
    prev_hash: Mapped[str] = mapped_column(String(64))
    #: SHA-256 of this entry's canonical content, previous hash included.
    entry_hash: Mapped[str] = mapped_column(String(64), unique=True)

    __table_args__ = (
        Index("ix_audit_entry_object_type_object_id", "object_type", "object_id"),
        Index("ix_audit_entry_actor_id_occurred_at", "actor_id", "occurred_at"),
        Index("ix_audit_entry_action_occurred_at", "action", "occurred_at"),
    )

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action} {self.object_type}:{self.object_id}>"


class AuditLink(Base):
    """The order of the trail: one link per entry, each hashing the one before.

    Entries are written in their change's transaction; their links are appended just
    before it commits, under a short lock, so a long transaction (an import) holds the
    chain for milliseconds rather than for its whole length. No foreign key: a removed
    entry must leave its link behind, for verification to name it.
    """

    __tablename__ = "audit_link"

    position: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    entry_id: Mapped[int] = mapped_column(unique=True)
    #: The entry's own hash, as it was when linked.
    entry_hash: Mapped[str] = mapped_column(String(64))
    prev_link_hash: Mapped[str] = mapped_column(String(64))
    #: SHA-256 of the previous link's hash and this entry's hash.
    link_hash: Mapped[str] = mapped_column(String(64), unique=True)

    def __repr__(self) -> str:
        return f"<AuditLink {self.position} -> entry {self.entry_id}>"
