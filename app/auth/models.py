"""Server-side sessions: a signed cookie alone cannot be revoked, a row can."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.database import Base, UTCDateTime, created_at


class UserSession(Base):
    """One signed-in browser. Signing out, or idling past the timeout, ends it for good."""

    __tablename__ = "user_session"

    #: Random token kept in the (signed) session cookie; a new one at every sign-in.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    created_at: Mapped[created_at]
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ip_address: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")

    def __repr__(self) -> str:
        return f"<UserSession of {self.person_id} ended={self.ended_at is not None}>"
