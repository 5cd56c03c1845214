"""Whether the password form may be used: always, unless switched off for SSO, when only
the break-glass administrators keep it (for the day the identity provider is down)."""

from __future__ import annotations

from flask import Flask, current_app

from app.people.models import Person
from app.people.roles import Role

SSO_ONLY_MESSAGE = (
    "Password sign-in is switched off: please sign in with your institution's account "
    "instead."
)


def saml_enabled(app: Flask | None = None) -> bool:
    return bool((app or current_app).config["SAML_IDP_METADATA"])


def oidc_enabled(app: Flask | None = None) -> bool:
    return bool((app or current_app).config["OIDC_METADATA_URL"])


def password_form_offered() -> bool:
    return bool(current_app.config["PASSWORD_SIGN_IN"])


def may_try_password(email: str) -> bool:
    """Checked before the password, so switched-off accounts cannot even be guessed at."""
    return password_form_offered() or email.strip().lower() in break_glass_emails()


def may_use_password(person: Person) -> bool:
    """A break-glass account must also be an administrator: a faculty address listed by
    mistake does not get around single sign-on."""
    if password_form_offered():
        return True
    return person.email in break_glass_emails() and person.has_role(Role.ADMIN)


def break_glass_emails() -> frozenset[str]:
    return current_app.config["BREAK_GLASS_EMAILS"]
