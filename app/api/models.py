"""Personal access tokens: only a hash of the secret is stored, never the secret."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.api.scopes import Scope
from app.database import Base, UTCDateTime, created_at, int_pk
from app.people.models import Person


class ApiToken(Base):
    """A bearer token for the JSON API. It acts as the administrator who created it,
    limited to its scopes; it ends at `expires_at` or when revoked, whichever is first."""

    __tablename__ = "api_token"

    id: Mapped[int_pk]
    #: What the token is for, in the creator's words ("Grants system, nightly sync").
    name: Mapped[str] = mapped_column(String(100))
    #: The secret's first characters, shown in lists so people can tell tokens apart.
    prefix: Mapped[str] = mapped_column(String(16))
    #: SHA-256 (hex) of the whole secret: the secret itself is shown once and never kept.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: Scope values (app.api.scopes.Scope), sorted.
    scopes: Mapped[list[str]] = mapped_column(JSON)
    #: The administrator who created the token: it acts as them.
    owner_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    created_at: Mapped[created_at]
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    owner: Mapped[Person] = relationship(foreign_keys=[owner_id], lazy="joined")
    revoked_by: Mapped[Person | None] = relationship(foreign_keys=[revoked_by_id], lazy="joined")

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.prefix}>"

    @property
    def scope_set(self) -> frozenset[Scope]:
        return frozenset(Scope(value) for value in self.scopes if value in Scope._value2member_map_)

    def is_live(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at
