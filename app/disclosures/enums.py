"""The vocabularies of disclosures, each a StrEnum stored by value with its labels here."""

from __future__ import annotations

from enum import StrEnum


class Labelled(StrEnum):
    """A StrEnum whose members have human labels, defined in LABELS of the subclass."""

    @property
    def label(self) -> str:
        labels: dict[str, str] = getattr(type(self), "_labels", {})
        return labels.get(self.value) or self.value.replace("_", " ").capitalize()

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


class DisclosureKind(Labelled):
    ANNUAL = "annual"
    EVENT = "event"


DisclosureKind._labels = {"annual": "Annual disclosure", "event": "Event-driven disclosure"}


class DisclosureStatus(Labelled):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    ESCALATED = "escalated"
    RETURNED = "returned"
    APPROVED = "approved"
    APPROVED_WITH_PLAN = "approved_with_plan"
    DISAPPROVED = "disapproved"

    @property
    def editable(self) -> bool:
        """The filer (or a delegate) may change items only in these states."""
        return self in (DisclosureStatus.DRAFT, DisclosureStatus.RETURNED)

    @property
    def awaiting_review(self) -> bool:
        return self in (
            DisclosureStatus.SUBMITTED,
            DisclosureStatus.UNDER_REVIEW,
            DisclosureStatus.ESCALATED,
        )

    @property
    def decided(self) -> bool:
        return self in (
            DisclosureStatus.APPROVED,
            DisclosureStatus.APPROVED_WITH_PLAN,
            DisclosureStatus.DISAPPROVED,
        )


DisclosureStatus._labels = {
    "escalated": "Escalated to the COI office",
    "returned": "Returned for revision",
    "approved_with_plan": "Approved with management plan",
    "disapproved": "Disapproved (unmanageable)",
}


class FilingStatus(Labelled):
    """A person's standing for one cycle, as dashboards show it."""

    NOT_STARTED = "not_started"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    OVERDUE = "overdue"


class ItemKind(Labelled):
    FINANCIAL_INTEREST = "financial_interest"
    OUTSIDE_ACTIVITY = "outside_activity"
    SUPPORT = "support"
    OUTSIDE_COMPENSATION = "outside_compensation"
    INFORMAL_COLLABORATION = "informal_collaboration"
    FOREIGN_APPOINTMENT = "foreign_appointment"
    SPONSORED_TRAVEL = "sponsored_travel"

    @property
    def may_have_contract(self) -> bool:
        return self in CONTRACT_KINDS


ItemKind._labels = {
    "financial_interest": "Financial interests",
    "outside_activity": "Outside activities and commitments",
    "support": "Current and pending support",
    "outside_compensation": "Outside compensation",
    "informal_collaboration": "Informal collaborations",
    "foreign_appointment": "Foreign appointments",
    "sponsored_travel": "Sponsored or reimbursed travel",
}

CONTRACT_KINDS = frozenset(
    {
        ItemKind.FINANCIAL_INTEREST,
        ItemKind.OUTSIDE_ACTIVITY,
        ItemKind.SUPPORT,
        ItemKind.OUTSIDE_COMPENSATION,
        ItemKind.FOREIGN_APPOINTMENT,
    }
)


class CarryForward(Labelled):
    NONE = "none"
    PENDING = "pending"
    CONFIRMED = "confirmed"


CarryForward._labels = {
    "none": "New",
    "pending": "Carried forward: confirm, update or remove",
    "confirmed": "Carried forward and confirmed",
}


class EntityType(Labelled):
    PUBLIC = "public"
    PRIVATE = "private"
    NON_PROFIT = "non_profit"
    GOVERNMENT = "government"
    UNIVERSITY = "university"


EntityType._labels = {
    "public": "Publicly traded company",
    "private": "Privately held company",
    "non_profit": "Non-profit",
}


class InterestRelationship(Labelled):
    EQUITY = "equity"
    CONSULTING_OR_SALARY = "consulting_or_salary"
    HONORARIA = "honoraria"
    ROYALTIES_IP = "royalties_ip"
    BOARD_SEAT = "board_seat"
    GIFTS = "gifts"


InterestRelationship._labels = {
    "consulting_or_salary": "Consulting or salary",
    "royalties_ip": "Royalties / intellectual property",
}


class HeldBy(Labelled):
    SELF = "self"
    SPOUSE = "spouse"
    DEPENDENT_CHILD = "dependent_child"


class ValueBand(Labelled):
    """The public-access bands of 42 CFR 50 Subpart F."""

    B0 = "0-4999"
    B5K = "5000-9999"
    B10K = "10000-19999"
    B20K = "20000-39999"
    B40K = "40000-59999"
    B60K = "60000-79999"
    B80K = "80000-99999"
    B100K = "100000-149999"
    B150K = "150000-199999"
    B200K = "200000-249999"
    B250K = "250000-299999"
    B300K = "300000+"

    @property
    def bounds(self) -> tuple[int, int | None]:
        low, _, high = self.value.rstrip("+").partition("-")
        return int(low), (int(high) if high else None)

    @property
    def label(self) -> str:
        low, high = self.bounds
        return f"${low:,} to ${high:,}" if high is not None else f"${low:,} or more"

    @classmethod
    def for_amount(cls, amount: int | float) -> ValueBand:
        for band in cls:
            low, high = band.bounds
            if amount >= low and (high is None or amount <= high):
                return band
        return cls.B0


class ActivityRole(Labelled):
    CONSULTANT = "consultant"
    ADVISOR = "advisor"
    BOARD_MEMBER = "board_member"
    VISITING_APPOINTMENT = "visiting_appointment"
    ADJUNCT_APPOINTMENT = "adjunct_appointment"
    EMPLOYMENT = "employment"
    EXPERT_WITNESS = "expert_witness"
    TEACHING = "teaching"
    OTHER = "other"


class SponsorType(Labelled):
    US_FEDERAL = "us_federal"
    US_STATE = "us_state"
    FOREIGN_GOVERNMENT = "foreign_government"
    INDUSTRY = "industry"
    FOUNDATION = "foundation"
    UNIVERSITY = "university"
    OTHER = "other"


SponsorType._labels = {
    "us_federal": "US federal agency",
    "us_state": "US state or local government",
}


class SupportStatus(Labelled):
    CURRENT = "current"
    PENDING = "pending"


class CompensationNature(Labelled):
    CONSULTING = "consulting"
    HONORARIUM = "honorarium"
    SPEAKING = "speaking"
    ROYALTIES = "royalties"
    EXPERT_WITNESS = "expert_witness"
    OTHER = "other"


class YesNoUnknown(Labelled):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


YesNoUnknown._labels = {"unknown": "Don't know"}


class CollaborationNature(Labelled):
    CO_AUTHORSHIP = "co_authorship"
    DATA_SHARING = "data_sharing"
    SAMPLE_SHARING = "sample_sharing"
    EQUIPMENT_SHARING = "equipment_sharing"
    VISITS = "visits"
    STUDENT_EXCHANGE = "student_exchange"
    JOINT_PROPOSAL = "joint_proposal"


CollaborationNature._labels = {"co_authorship": "Co-authorship"}


class AppointmentType(Labelled):
    PAID = "paid"
    UNPAID = "unpaid"
    HONORARY = "honorary"


class AttachmentPurpose(Labelled):
    CONTRACT = "contract"
    TRANSLATION = "translation"
    AWARD_LETTER = "award_letter"
    OTHER = "other"


AttachmentPurpose._labels = {"translation": "English translation"}


class FundsRoute(Labelled):
    """Whether the money of an item (and of the contract behind it) is paid to the
    university or to the person: institutional foreign-funding reports count only the
    first."""

    UNIVERSITY = "university"
    DIRECT = "direct"


FundsRoute._labels = {
    "university": "Through the university",
    "direct": "Directly to me",
}
