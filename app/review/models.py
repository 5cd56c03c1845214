"""What reviewers record: every transition, comments, flag dispositions, plans."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.database import Base, UTCDateTime, created_at, enum_by_value, int_pk
from app.disclosures.enums import DisclosureStatus
from app.people.models import Person


class ReviewAction(StrEnum):
    START_REVIEW = "start_review"
    APPROVE = "approve"
    APPROVE_WITH_PLAN = "approve_with_plan"
    RETURN = "return"
    ESCALATE = "escalate"
    DISAPPROVE = "disapprove"
    REOPEN = "reopen"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    ReviewAction.START_REVIEW: "Start review",
    ReviewAction.APPROVE: "Approve",
    ReviewAction.APPROVE_WITH_PLAN: "Approve with management plan",
    ReviewAction.RETURN: "Return for revision",
    ReviewAction.ESCALATE: "Escalate to the COI office",
    ReviewAction.DISAPPROVE: "Disapprove (unmanageable)",
    ReviewAction.REOPEN: "Reopen the decision",
}


class CommentVisibility(StrEnum):
    REVIEWERS = "reviewers"
    FILER = "filer"

    @property
    def label(self) -> str:
        return "Reviewers only" if self is CommentVisibility.REVIEWERS else "Also the filer"


class Disposition(StrEnum):
    CONFIRMED = "confirmed"
    CLEARED = "cleared"
    DISALLOWED = "disallowed"

    @property
    def label(self) -> str:
        return DISPOSITION_LABELS[self]


DISPOSITION_LABELS = {
    Disposition.CONFIRMED: "Confirmed: needs elevated-risk review",
    Disposition.CLEARED: "Cleared as not relevant",
    Disposition.DISALLOWED: "Disallowed",
}


class ReviewEvent(Base):
    """One transition of a disclosure's review, kept for its history."""

    __tablename__ = "review_event"

    id: Mapped[int_pk]
    disclosure_id: Mapped[int] = mapped_column(ForeignKey("disclosure.id"), index=True)
    version_number: Mapped[int]
    action: Mapped[ReviewAction] = mapped_column(enum_by_value(ReviewAction))
    from_status: Mapped[DisclosureStatus] = mapped_column(enum_by_value(DisclosureStatus))
    to_status: Mapped[DisclosureStatus] = mapped_column(enum_by_value(DisclosureStatus))
    actor_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("review_comment.id"))
    created_at: Mapped[created_at]

    actor: Mapped[Person] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<ReviewEvent {self.disclosure_id} {self.action}>"


class ReviewComment(Base):
    __tablename__ = "review_comment"

    id: Mapped[int_pk]
    disclosure_id: Mapped[int] = mapped_column(ForeignKey("disclosure.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    body: Mapped[str] = mapped_column(Text)
    visibility: Mapped[CommentVisibility] = mapped_column(enum_by_value(CommentVisibility))
    created_at: Mapped[created_at]

    author: Mapped[Person] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<ReviewComment {self.id} on {self.disclosure_id}>"


class FlagDisposition(Base):
    """The COI office's decision on one flag of a certified version; the latest one for a
    flag is in force. When the filer submits a new version in which the same item still
    shows the same finding, the decision is carried forward to its flag (`carried_from`)."""

    __tablename__ = "flag_disposition"

    id: Mapped[int_pk]
    flag_id: Mapped[int] = mapped_column(ForeignKey("version_flag.id"))
    disposition: Mapped[Disposition] = mapped_column(enum_by_value(Disposition))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    decided_at: Mapped[created_at]
    #: The decision on the same finding in an earlier version that this one repeats.
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("flag_disposition.id"))

    decided_by: Mapped[Person] = relationship(lazy="joined")

    __table_args__ = (Index("ix_flag_disposition_flag_id_decided_at", "flag_id", "decided_at"),)

    def __repr__(self) -> str:
        return f"<FlagDisposition {self.flag_id} {self.disposition}>"


class ManagementPlan(Base):
    """Conditions under which a conflict, or an approved engagement, is managed, monitored
    and reviewed. A plan belongs to a disclosure or to an engagement proposal."""

    __tablename__ = "management_plan"

    id: Mapped[int_pk]
    disclosure_id: Mapped[int | None] = mapped_column(ForeignKey("disclosure.id"), index=True)
    engagement_id: Mapped[int | None] = mapped_column(
        ForeignKey("engagement_proposal.id"), index=True
    )
    conditions: Mapped[str] = mapped_column(Text)
    monitor_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    review_on: Mapped[date]
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    created_at: Mapped[created_at]
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    #: Set when a later plan replaces this one; plans are never deleted.
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    title: Mapped[str] = mapped_column(String(200), default="Management plan")

    monitor: Mapped[Person] = relationship(foreign_keys=[monitor_id], lazy="joined")
    created_by: Mapped[Person] = relationship(foreign_keys=[created_by_id])

    def __repr__(self) -> str:
        return f"<ManagementPlan {self.id} for {self.disclosure_id}>"
