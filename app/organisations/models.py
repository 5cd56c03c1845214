"""Organisations named in disclosures."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import Base, created_at, enum_by_value, int_pk, updated_at


class OrganisationType(StrEnum):
    COMPANY = "company"
    UNIVERSITY = "university"
    GOVERNMENT = "government"
    NON_PROFIT = "non_profit"
    FOUNDATION = "foundation"
    HOSPITAL = "hospital"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", "-").capitalize()


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[int_pk]
    name: Mapped[str] = mapped_column(String(300))
    #: Folded form of the name used to find the same organisation however it is typed.
    match_key: Mapped[str] = mapped_column(String(300), index=True)
    #: Other names: former names, abbreviations, and the names of records merged into it.
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: The match keys of the aliases, one per line between line breaks ("\nhuawei\n华为\n"):
    #: JSON escapes non-ASCII text, so SQL cannot search the aliases column for "华为".
    alias_keys: Mapped[str] = mapped_column(Text, default="", server_default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    org_type: Mapped[OrganisationType] = mapped_column(
        enum_by_value(OrganisationType), default=OrganisationType.OTHER
    )
    #: Checked by the COI office against an authoritative source.
    verified: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    #: Set when this record was merged into another; the record is kept for history.
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    merged_into: Mapped[Organisation | None] = relationship(remote_side="Organisation.id")

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"

    @property
    def all_names(self) -> list[str]:
        return [self.name, *self.aliases]
