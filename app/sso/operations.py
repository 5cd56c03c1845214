"""Who an identity provider's answer signs in, and the audit entry either way."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from app.audit.operations import record
from app.extensions import db
from app.people.models import Person
from app.people.operations import department_by_code, grant_role, upsert_person
from app.people.roles import Role
from app.sso.identity import Identity, Protocol


class SsoRefusal(StrEnum):
    INVALID_ANSWER = "invalid_answer"
    NO_ACCOUNT = "no_account"
    UNKNOWN_PERSON = "unknown_person"
    UNKNOWN_DEPARTMENT = "unknown_department"
    DEACTIVATED = "deactivated"

    @property
    def message(self) -> str:
        return REFUSAL_MESSAGES[self]


REFUSAL_MESSAGES = {
    SsoRefusal.INVALID_ANSWER: (
        "Your institution's sign-in could not be confirmed. Please try again; if it keeps "
        "happening, contact the research office."
    ),
    SsoRefusal.NO_ACCOUNT: (
        "Your institution's sign-in did not say which account you hold. Please contact "
        "the research office."
    ),
    SsoRefusal.UNKNOWN_PERSON: (
        "You signed in at your institution, but Candor has no account for you yet. "
        "Please contact the research office."
    ),
    SsoRefusal.UNKNOWN_DEPARTMENT: (
        "You signed in at your institution, but your department is not set up in Candor "
        "yet. Please contact the research office."
    ),
    SsoRefusal.DEACTIVATED: (
        "This account has been deactivated. Please contact the research office."
    ),
}


@dataclass(frozen=True)
class SsoResult:
    person: Person | None
    refusal: SsoRefusal | None = None
    created: bool = False


def person_for_identity(identity: Identity, create_unknown: bool) -> SsoResult:
    """The person the identity names (matched by email), created as faculty if allowed."""
    if not identity.emails:
        return SsoResult(None, SsoRefusal.NO_ACCOUNT)
    # Several candidates may each name someone: the mapping's order decides.
    found = db.session.scalars(select(Person).where(Person.email.in_(identity.emails)))
    by_email = {candidate.email: candidate for candidate in found}
    person = next((by_email[email] for email in identity.emails if email in by_email), None)
    if person is not None:
        if not person.active:
            return SsoResult(None, SsoRefusal.DEACTIVATED)
        return SsoResult(person)
    if not create_unknown:
        return SsoResult(None, SsoRefusal.UNKNOWN_PERSON)
    department = department_by_code(identity.department_code) if identity.department_code else None
    if department is None:
        return SsoResult(None, SsoRefusal.UNKNOWN_DEPARTMENT)
    person, _ = upsert_person(
        identity.emails[0], identity.full_name or identity.emails[0], department
    )
    grant_role(person, Role.FACULTY)
    return SsoResult(person, created=True)


def record_sso_sign_in(person: Person, identity: Identity) -> None:
    record(
        "auth.sso_sign_in",
        object_type="person",
        object_id=person.id,
        actor=person,
        summary=f"{person.email} signed in through {identity.protocol.label}",
        after={"issuer": identity.issuer, "subject": identity.subject},
    )


def record_sso_refusal(
    protocol: Protocol, refusal: SsoRefusal, identity: Identity | None, detail: str = ""
) -> None:
    """The refusal's entry, committed on its own: the error response rolls back the rest."""
    record(
        "auth.sso_sign_in_refused",
        object_type="person",
        object_id="unknown",
        actor_label=(identity.label if identity else "(unidentified)")[:254],
        summary=f"{protocol.label} sign-in refused ({refusal.value})",
        after={
            "issuer": identity.issuer if identity else None,
            "subject": identity.subject if identity else None,
            "detail": detail[:500],
        },
    )
    db.session.commit()
