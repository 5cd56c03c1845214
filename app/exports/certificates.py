"""Whether a disclosure supports the talent-program certificate, and the facts it states."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import or_, select

from app.disclosures.enums import DisclosureKind, YesNoUnknown
from app.disclosures.models import Disclosure
from app.exports.certificate import CertificateFacts
from app.extensions import db
from app.record.models import VersionFinding, VersionFlag, VersionItem
from app.review.models import Disposition, FlagDisposition
from app.screening.flags import Category

#: Findings that stand in the way of certifying "not a party to a program".
BLOCKING_RULES = frozenset({"talent_answer_contradicted"})


def certificate_refusal(disclosure: Disclosure) -> str | None:
    """Why the certificate cannot be issued from this disclosure, or None if it can."""
    version = disclosure.certified_version
    if version is None:
        return "This disclosure has not been certified yet."
    if disclosure.kind is not DisclosureKind.ANNUAL:
        return "The certificate rests on an annual disclosure."
    if disclosure.draft_in_progress:
        return (
            "You are changing this disclosure; submit it (or discard the changes) before "
            "issuing the certificate, so that it rests on what you certified."
        )
    if disclosure.talent_program_answer is not YesNoUnknown.NO:
        answer = disclosure.talent_program_answer
        words = answer.label if answer is not None else "not answered"
        return (
            f"Your certified answer to the talent-program question is \u201c{words}\u201d; "
            "the certificate states that you are not a party to a malign foreign talent "
            "recruitment program, which only a \u201cNo\u201d supports."
        )
    return blocking_reason(disclosure)


def blocking_reason(disclosure: Disclosure) -> str | None:
    """A check on the certified version that stands in the way, or None."""
    return blocking_reasons([disclosure]).get(disclosure.id)


def blocking_reasons(disclosures: Sequence[Disclosure]) -> dict[int, str]:
    """For each certified disclosure that has one, what stands in the way of certifying
    "not a party to a program": a blocking finding, a contradicted talent answer, or a
    talent-program flag the COI office has not cleared. A few queries for any number."""
    disclosure_of = {
        d.certified_version_id: d.id for d in disclosures if d.certified_version_id is not None
    }
    if not disclosure_of:
        return {}
    reasons: dict[int, str] = {}
    for finding in db.session.scalars(
        select(VersionFinding)
        .where(
            VersionFinding.version_id.in_(list(disclosure_of)),
            or_(VersionFinding.severity == "block", VersionFinding.rule.in_(BLOCKING_RULES)),
        )
        .order_by(VersionFinding.id)
    ):
        reasons.setdefault(
            disclosure_of[finding.version_id],
            f"A check on the certified version stands in the way: {finding.message}",
        )
    flags = list(
        db.session.execute(
            select(VersionFlag, VersionItem.version_id)
            .join(VersionItem, VersionItem.id == VersionFlag.version_item_id)
            .where(
                VersionItem.version_id.in_(list(disclosure_of)),
                VersionFlag.cleared_at.is_(None),
                VersionFlag.category == Category.TALENT_PROGRAM,
            )
            .order_by(VersionFlag.id)
        )
    )
    latest: dict[int, Disposition] = {}
    if flags:
        for decided in db.session.scalars(
            select(FlagDisposition)
            .where(FlagDisposition.flag_id.in_([flag.id for flag, _ in flags]))
            .order_by(FlagDisposition.decided_at, FlagDisposition.id)
        ):
            latest[decided.flag_id] = decided.disposition
    for flag, version_id in flags:
        if latest.get(flag.id) is not Disposition.CLEARED:
            reasons.setdefault(
                disclosure_of[version_id],
                f"An item of the certified version names a talent recruitment program "
                f"({flag.canonical_name}) that the COI office has not cleared.",
            )
    return reasons


def certificate_facts(disclosure: Disclosure, today: date, institution: str) -> CertificateFacts:
    version = disclosure.certified_version
    return CertificateFacts(
        name=disclosure.person.full_name,
        signed_on=today,
        institution=institution,
        rests_on=f"{disclosure.title}, version {version.number}, certified on "
        f"{version.submitted_at.day} {version.submitted_at:%B %Y}",
    )
