"""Issuing, revoking and checking personal access tokens; every step is audited.

Operations flush; the request commits. A refused use is the exception: its audit entry
is committed on its own, because the refusal's error response rolls the request back.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import select

from app.api.models import ApiToken
from app.api.scopes import Scope
from app.audit.operations import record
from app.auth.permissions import api_scope_usable, can_manage_api_tokens
from app.database import utcnow
from app.extensions import db
from app.people.models import Person
from app.refusals import Refusal

#: Every secret starts with this, so leaked tokens are easy to recognise (secret scanners).
RECOGNISABLE_START = "candor_"
#: How much of the secret is kept in clear, to tell tokens apart in lists.
VISIBLE_CHARACTERS = len(RECOGNISABLE_START) + 6
LONGEST_LIFETIME_DAYS = 366


class TokenRefusal(Refusal):
    """A token the rules refuse to issue, naming the form field."""


class RefusedUse(StrEnum):
    """Why a request's token was not accepted."""

    UNKNOWN = "unknown"
    REVOKED = "revoked"
    EXPIRED = "expired"
    OWNER_INACTIVE = "owner_inactive"
    OWNER_NOT_ADMIN = "owner_not_admin"
    SCOPE_MISSING = "scope_missing"
    OWNER_MAY_NOT = "owner_may_not"

    @property
    def label(self) -> str:
        return REFUSAL_LABELS[self]


REFUSAL_LABELS = {
    RefusedUse.UNKNOWN: "The token is not valid.",
    RefusedUse.REVOKED: "The token has been revoked.",
    RefusedUse.EXPIRED: "The token has expired.",
    RefusedUse.OWNER_INACTIVE: "The token's owner has been deactivated.",
    RefusedUse.OWNER_NOT_ADMIN: "The token's owner is no longer an administrator.",
    RefusedUse.SCOPE_MISSING: "The token does not have the scope this request needs.",
    RefusedUse.OWNER_MAY_NOT: "The token's owner is not allowed to do this.",
}


def hash_secret(secret: str) -> str:
    # A random 256-bit secret cannot be guessed, so a fast hash is enough (no salt needed).
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    #: The secret, to be shown once and then forgotten.
    secret: str


def issue_token(
    owner: Person, name: str, scopes: Iterable[Scope], lifetime_days: int
) -> IssuedToken:
    """A new token acting as `owner`; refused for scopes the owner's roles give nothing."""
    if not can_manage_api_tokens(owner):
        raise TokenRefusal("name", "only administrators create API tokens")
    name = " ".join(name.split())
    if not name:
        raise TokenRefusal("name", "give the token a name that says what it is for")
    chosen = sorted(set(scopes))
    if not chosen:
        raise TokenRefusal("scopes", "choose at least one scope")
    useless = [scope for scope in chosen if not api_scope_usable(owner, scope)]
    if useless:
        raise TokenRefusal(
            "scopes",
            "your roles give a token nothing under "
            + ", ".join(scope.value for scope in useless)
            + " (it acts as you and sees only what you may see)",
        )
    if not 1 <= lifetime_days <= LONGEST_LIFETIME_DAYS:
        raise TokenRefusal(
            "lifetime_days", f"a token lasts between 1 and {LONGEST_LIFETIME_DAYS} days"
        )
    secret = RECOGNISABLE_START + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        prefix=secret[:VISIBLE_CHARACTERS],
        token_hash=hash_secret(secret),
        scopes=[scope.value for scope in chosen],
        owner=owner,
        expires_at=utcnow() + timedelta(days=lifetime_days),
    )
    db.session.add(token)
    db.session.flush()
    record(
        "api_token.create",
        object_type="api_token",
        object_id=token.id,
        actor=owner,
        summary=f"API token {token.prefix}… ({name}) created for {owner.email}",
        after={"name": name, "scopes": token.scopes, "expires_at": token.expires_at.isoformat()},
    )
    return IssuedToken(token, secret)


def revoke_token(token: ApiToken, by: Person) -> bool:
    """End a token for good; False if it was already revoked."""
    if token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    token.revoked_by = by
    db.session.flush()
    record(
        "api_token.revoke",
        object_type="api_token",
        object_id=token.id,
        actor=by,
        summary=f"API token {token.prefix}… ({token.name}) revoked",
        before={"revoked_at": None},
        after={"revoked_at": token.revoked_at.isoformat()},
    )
    return True


def token_for_secret(secret: str) -> tuple[ApiToken | None, RefusedUse | None]:
    """The token a secret belongs to if it may be used now, else why not."""
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_secret(secret)))
    if token is None:
        return None, RefusedUse.UNKNOWN
    if token.revoked_at is not None:
        return token, RefusedUse.REVOKED
    if not token.is_live(utcnow()):
        return token, RefusedUse.EXPIRED
    if not token.owner.active:
        return token, RefusedUse.OWNER_INACTIVE
    if not can_manage_api_tokens(token.owner):
        return token, RefusedUse.OWNER_NOT_ADMIN
    return token, None


def check_scope(token: ApiToken, scope: Scope) -> RefusedUse | None:
    """Both the token's scope and its owner's roles must allow the request."""
    if scope not in token.scope_set:
        return RefusedUse.SCOPE_MISSING
    if not api_scope_usable(token.owner, scope):
        return RefusedUse.OWNER_MAY_NOT
    return None


def record_use(token: ApiToken) -> None:
    token.last_used_at = utcnow()
    db.session.flush()


def record_refused_use(token: ApiToken | None, secret: str, reason: RefusedUse, what: str) -> None:
    """Audit a refused use and commit it at once, before the error rolls the request back."""
    db.session.rollback()
    if token is not None:
        shown = token.prefix + "…"
    elif secret.startswith(RECOGNISABLE_START):
        shown = secret[:VISIBLE_CHARACTERS] + "…"
    else:
        shown = "(not a Candor token)"  # never keep a stranger's text: it may be a password
    record(
        "api_token.refused",
        object_type="api_token",
        object_id=token.id if token is not None else "unknown",
        actor=token.owner if token is not None else None,
        actor_label=None if token is not None else f"API token {shown}",
        summary=f"API request {what} refused for token {shown}: {reason.value}",
        after={"reason": reason.value, "request": what},
    )
    db.session.commit()
