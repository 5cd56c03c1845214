"""Disclosures, versions, delegation and attachments (cycles are in `app.cycles`).

Items of every kind are in `items.py`; the contract behind an item is in `contracts.py`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.cycles.models import Cycle
from app.database import Base, UTCDateTime, created_at, enum_by_value, int_pk, updated_at
from app.disclosures.enums import AttachmentPurpose, DisclosureKind, DisclosureStatus, YesNoUnknown
from app.people.models import Person

if TYPE_CHECKING:
    from app.disclosures.items import DisclosureItem


class Disclosure(Base):
    __tablename__ = "disclosure"

    id: Mapped[int_pk]
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    kind: Mapped[DisclosureKind] = mapped_column(enum_by_value(DisclosureKind))
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycle.id"), index=True)
    #: For event-driven disclosures: when the new interest or activity began.
    event_date: Mapped[date | None]
    event_summary: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date]
    status: Mapped[DisclosureStatus] = mapped_column(
        enum_by_value(DisclosureStatus), default=DisclosureStatus.DRAFT
    )
    #: The annual certification: party to a foreign talent recruitment program?
    talent_program_answer: Mapped[YesNoUnknown | None] = mapped_column(enum_by_value(YesNoUnknown))
    talent_program_details: Mapped[str] = mapped_column(Text, default="")
    #: Set when a submitted disclosure is reopened to be amended.
    amending: Mapped[bool] = mapped_column(default=False)
    #: When the filer began changing a certified disclosure again (amending it, or
    #: revising it after a return); None while what is certified is all there is.
    draft_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The year it reports on: the cycle's for an annual disclosure, the event's for an
    #: event-driven one. Dashboards, queues and rollups count it in that year.
    year: Mapped[int] = mapped_column(index=True)
    #: The latest certified version: what everyone but the filer and their delegates sees.
    certified_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("disclosure_version.id", use_alter=True)
    )
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Bumped by every update of the row: a reviewer acting on a stale page is refused.
    lock_version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[created_at]
    updated_at: Mapped[updated_at]

    person: Mapped[Person] = relationship(lazy="joined")
    cycle: Mapped[Cycle | None] = relationship(lazy="joined")
    items: Mapped[list[DisclosureItem]] = relationship(
        back_populates="disclosure", order_by="DisclosureItem.id"
    )
    versions: Mapped[list[DisclosureVersion]] = relationship(
        back_populates="disclosure",
        order_by="DisclosureVersion.number",
        foreign_keys="DisclosureVersion.disclosure_id",
    )

    __table_args__ = (
        # One annual disclosure per person and cycle (event disclosures have no cycle).
        UniqueConstraint("person_id", "cycle_id"),
    )
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": lock_version}

    def __repr__(self) -> str:
        return f"<Disclosure {self.id} {self.kind} of {self.person_id}>"

    @property
    def live_items(self) -> list[DisclosureItem]:
        return [item for item in self.items if item.withdrawn_at is None]

    @property
    def latest_version(self) -> DisclosureVersion | None:
        return self.versions[-1] if self.versions else None

    @property
    def certified_version(self) -> DisclosureVersion | None:
        return next((v for v in self.versions if v.id == self.certified_version_id), None)

    @property
    def draft_in_progress(self) -> bool:
        """The filer is changing a disclosure that has a certified version."""
        return self.draft_since is not None and self.certified_version_id is not None

    @property
    def title(self) -> str:
        if self.kind is DisclosureKind.ANNUAL and self.cycle is not None:
            return f"Annual disclosure {self.cycle.year}"
        return f"Event-driven disclosure ({self.event_date:%d %b %Y})"


class DisclosureVersion(Base):
    """A submitted disclosure, frozen: nothing in the app ever changes a version."""

    __tablename__ = "disclosure_version"

    id: Mapped[int_pk]
    disclosure_id: Mapped[int] = mapped_column(ForeignKey("disclosure.id"))
    number: Mapped[int]
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    certification: Mapped[str] = mapped_column(Text)
    typed_name: Mapped[str] = mapped_column(String(200))
    #: Everything the filer certified: the disclosure's answers and every item's fields.
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)

    disclosure: Mapped[Disclosure] = relationship(
        back_populates="versions", foreign_keys=[disclosure_id]
    )
    submitted_by: Mapped[Person] = relationship(lazy="joined")

    __table_args__ = (UniqueConstraint("disclosure_id", "number"),)

    def __repr__(self) -> str:
        return f"<DisclosureVersion {self.disclosure_id}v{self.number}>"


class Delegation(Base):
    """A faculty member lets an assistant prepare their drafts (never certify or submit)."""

    __tablename__ = "delegation"

    id: Mapped[int_pk]
    owner_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    delegate_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    created_at: Mapped[created_at]
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    owner: Mapped[Person] = relationship(foreign_keys=[owner_id], lazy="joined")
    delegate: Mapped[Person] = relationship(foreign_keys=[delegate_id], lazy="joined")

    def __repr__(self) -> str:
        return f"<Delegation {self.owner_id}->{self.delegate_id}>"


class Attachment(Base):
    """An uploaded document, stored outside the web root under a random name."""

    __tablename__ = "attachment"

    id: Mapped[int_pk]
    disclosure_id: Mapped[int] = mapped_column(ForeignKey("disclosure.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("disclosure_item.id"), index=True)
    purpose: Mapped[AttachmentPurpose] = mapped_column(enum_by_value(AttachmentPurpose))
    original_filename: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    #: Detected from the content, never taken from the browser or the file name.
    content_type: Mapped[str] = mapped_column(String(127))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    uploaded_at: Mapped[created_at]
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    disclosure: Mapped[Disclosure] = relationship()
    uploaded_by: Mapped[Person] = relationship(lazy="joined")

    __table_args__ = (Index("ix_attachment_sha256", "sha256"),)

    def __repr__(self) -> str:
        return f"<Attachment {self.id} {self.original_filename!r}>"
