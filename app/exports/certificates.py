"""Whether a disclosure supports the talent-program certificate, and the facts it states."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.disclosures.enums import DisclosureKind, YesNoUnknown
from app.disclosures.models import Disclosure
from app.exports.certificate import CertificateFacts
from app.extensions import db
from app.record.queries import findings_of, open_flags_of_version
from app.review.models import Disposition, FlagDisposition
from app.screening.flags import Category

#: Findings that stand in the way of certifying "not a party to a program".
BLOCKING_RULES = frozenset({"talent_answer_contradicted"})


def _latest_disposition(flag_id: int) -> Disposition | None:
    decided = db.session.scalar(
        select(FlagDisposition)
        .where(FlagDisposition.flag_id == flag_id)
        .order_by(FlagDisposition.decided_at.desc(), FlagDisposition.id.desc())
        .limit(1)
    )
    return decided.disposition if decided is not None else None


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
    version = disclosure.certified_version
    if version is None:
        return None
    for finding in findings_of(version):
        if finding.severity == "block" or finding.rule in BLOCKING_RULES:
            return f"A check on the certified version stands in the way: {finding.message}"
    for flag in open_flags_of_version(version):
        if (
            flag.category == Category.TALENT_PROGRAM
            and _latest_disposition(flag.id) is not Disposition.CLEARED
        ):
            return (
                f"An item of the certified version names a talent recruitment program "
                f"({flag.canonical_name}) that the COI office has not cleared."
            )
    return None


def certificate_facts(disclosure: Disclosure, today: date, institution: str) -> CertificateFacts:
    version = disclosure.certified_version
    return CertificateFacts(
        name=disclosure.person.full_name,
        signed_on=today,
        institution=institution,
        rests_on=f"{disclosure.title}, version {version.number}, certified on "
        f"{version.submitted_at.day} {version.submitted_at:%B %Y}",
    )
