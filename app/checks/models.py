"""The institution's check settings: one row per setting an administrator changed."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.database import Base, updated_at


class CheckSetting(Base):
    """A setting's value as text (parsed by its definition in `app.checks.settings`).

    A setting without a row has its default, so new settings need no data migration.
    """

    __tablename__ = "check_setting"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[updated_at]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))

    def __repr__(self) -> str:
        return f"<CheckSetting {self.key}={self.value}>"
