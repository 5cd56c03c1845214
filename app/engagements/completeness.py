"""What a proposal must say before it is submitted, field by field. Pure."""

from __future__ import annotations

from app.engagements.models import EngagementProposal


def missing_for_submission(proposal: EngagementProposal) -> dict[str, str]:
    """Field name -> what to add; empty when the proposal can be submitted."""
    missing: dict[str, str] = {}
    if not proposal.title.strip():
        missing["title"] = "Give the engagement a title."
    if not proposal.partners and not proposal.kind.hosts_visitor:
        # A visitor's institution is named as their employer instead.
        missing["partners"] = "Name at least one partner organisation."
    if not proposal.country:
        missing["country"] = "Choose the country."
    if proposal.starts_on is None:
        missing["starts_on"] = "Give the planned start."
    if proposal.export_controlled is None:
        missing["export_controlled"] = "Say whether the work is export-controlled or sensitive."
    if not proposal.benefits_specific.strip():
        missing["benefits_specific"] = "Set out the benefits of working with this entity."
    if not proposal.risk_of_not_doing.strip():
        missing["risk_of_not_doing"] = "Describe the risks of not doing the engagement."
    if proposal.kind.hosts_visitor and not proposal.visitor_employer.strip():
        missing["visitor_employer"] = "Name the visitor's current employer."
    if not proposal.norms_confirmed:
        missing["norms_confirmed"] = (
            "Confirm that your group has been told the norms for sharing outside the group."
        )
    return missing
