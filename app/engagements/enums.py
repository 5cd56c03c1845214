"""The vocabularies of engagement proposals, each a StrEnum stored by value with its labels."""

from __future__ import annotations

from app.disclosures.enums import Labelled


class EngagementKind(Labelled):
    RESEARCH_COLLABORATION = "research_collaboration"
    SPONSORED_RESEARCH = "sponsored_research"
    VISITING_RESEARCHER = "visiting_researcher"
    CONSULTING = "consulting"
    EXECUTIVE_EDUCATION = "executive_education"
    GIFT = "gift"

    @property
    def hosts_visitor(self) -> bool:
        return self is EngagementKind.VISITING_RESEARCHER


EngagementKind._labels = {
    "research_collaboration": "Research collaboration",
    "sponsored_research": "Sponsored research or corporate partnership",
    "visiting_researcher": "Visiting researcher or postdoc appointment",
    "consulting": "Outside consulting or contract",
    "executive_education": "Executive or professional education program",
    "gift": "Gift or in-kind support",
}


class EngagementStatus(Labelled):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SECURITY_REVIEW = "security_review"
    COMMITTEE_REVIEW = "committee_review"
    RETURNED = "returned"
    APPROVED = "approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    @property
    def editable(self) -> bool:
        """The PI changes the proposal only while it is theirs: a draft or returned."""
        return self in (EngagementStatus.DRAFT, EngagementStatus.RETURNED)

    @property
    def decided(self) -> bool:
        return self in (
            EngagementStatus.APPROVED,
            EngagementStatus.APPROVED_WITH_CONDITIONS,
            EngagementStatus.DECLINED,
        )

    @property
    def approved(self) -> bool:
        return self in (EngagementStatus.APPROVED, EngagementStatus.APPROVED_WITH_CONDITIONS)

    @property
    def open(self) -> bool:
        return not self.decided and self is not EngagementStatus.WITHDRAWN


EngagementStatus._labels = {
    "submitted": "Submitted: department review",
    "security_review": "Research-security review",
    "committee_review": "Awaiting the committee's decision",
    "returned": "Returned to the PI",
    "approved_with_conditions": "Approved with conditions",
}


class EngagementAction(Labelled):
    SUBMIT = "submit"
    ENDORSE = "endorse"
    REFER = "refer"
    APPROVE = "approve"
    APPROVE_WITH_CONDITIONS = "approve_with_conditions"
    DECLINE = "decline"
    RETURN = "return"
    WITHDRAW = "withdraw"


EngagementAction._labels = {
    "submit": "Submit for review",
    "endorse": "Endorse (department)",
    "refer": "Refer to the committee with a risk assessment",
    "approve": "Approve",
    "approve_with_conditions": "Approve with conditions",
    "decline": "Decline",
    "return": "Return to the PI for information",
    "withdraw": "Withdraw the proposal",
}


class SharedThing(Labelled):
    INFORMATION = "information"
    DATA = "data"
    SAMPLES = "samples"
    EQUIPMENT = "equipment"
    STUDENTS = "students"


class CommentAudience(Labelled):
    PI = "pi"
    REVIEWERS = "reviewers"


CommentAudience._labels = {"pi": "Also the PI", "reviewers": "Reviewers only"}


class PersonRole(Labelled):
    """How someone named on a proposal takes part."""

    INVESTIGATOR = "investigator"
    VISITOR = "visitor"
    PARTNER_CONTACT = "partner_contact"
    STUDENT = "student"


PersonRole._labels = {"partner_contact": "Contact at a partner"}
