"""The outbox: every mail message Candor means to send, and what became of it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.database import Base, UTCDateTime, created_at, enum_by_value, int_pk


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class OutboxMessage(Base):
    """One message, queued in the transaction of the event that caused it.

    Queuing in the same transaction means a rolled-back action sends no mail, and an
    action that commits always leaves its mail behind for ``send-mail``.
    """

    __tablename__ = "outbox_message"

    id: Mapped[int_pk]
    to_address: Mapped[str] = mapped_column(String(254))
    #: The recipient when the address is a person's (None once the person is gone).
    to_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), index=True
    )
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    #: What caused the message, e.g. ``reminder:annual:person-7:cycle-2:...:due-7``. Unique:
    #: queuing the same event twice is a no-op, which makes events and reminders idempotent.
    event_key: Mapped[str] = mapped_column(String(255), unique=True)
    status: Mapped[OutboxStatus] = mapped_column(
        enum_by_value(OutboxStatus), default=OutboxStatus.PENDING
    )
    #: Delivery attempts so far, successful or not.
    attempts: Mapped[int] = mapped_column(default=0)
    #: The error of the last failed attempt, as the mail server or file system gave it.
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[created_at]
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: When a failed message may be tried again; None once it has been given up on.
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __table_args__ = (
        Index("ix_outbox_message_status_next_attempt_at", "status", "next_attempt_at"),
    )

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.status} {self.event_key}>"
