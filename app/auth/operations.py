"""Checking credentials."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.auth.passwords import hash_password, password_needs_rehash, verify_password
from app.extensions import db
from app.people.models import Person
from app.people.operations import person_by_email


class SignInRefusal(StrEnum):
    BAD_CREDENTIALS = "bad_credentials"
    DEACTIVATED = "deactivated"


#: One message for an unknown email and a wrong password, so neither reveals the other.
REFUSAL_MESSAGES = {
    SignInRefusal.BAD_CREDENTIALS: "Incorrect email or password.",
    SignInRefusal.DEACTIVATED: (
        "This account has been deactivated. Please contact the research office."
    ),
}


@dataclass(frozen=True)
class SignInResult:
    person: Person | None
    refusal: SignInRefusal | None
    #: Who the refused attempt was for, when the email names a real account (audit only).
    person_id: int | None = None

    @property
    def message(self) -> str:
        return REFUSAL_MESSAGES[self.refusal] if self.refusal else ""


def authenticate(email: str, password: str) -> SignInResult:
    """The person these credentials belong to, or why they are refused.

    A deactivated account is only named as such to someone who knows its password.
    """
    person = person_by_email(email)
    password_hash = person.password_hash if person is not None else None
    person_id = person.id if person is not None else None
    if not verify_password(password_hash, password) or person is None:
        return SignInResult(None, SignInRefusal.BAD_CREDENTIALS, person_id)
    if not person.active:
        return SignInResult(None, SignInRefusal.DEACTIVATED, person_id)
    if password_needs_rehash(person.password_hash or ""):
        person.password_hash = hash_password(password)
        db.session.flush()
    return SignInResult(person, None)
