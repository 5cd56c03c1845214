"""Token authentication for the API: each route declares the scope it needs.

The API never uses the browser's session: a request is who its bearer token says, and a
signed-in browser without a token gets 401 like anyone else. For the length of a request
the token's owner is Flask-Login's current user, so the operations it calls audit their
changes under the owner's name, exactly as if the owner had used the page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import g, request

from app.api.models import ApiToken
from app.api.operations import (
    RefusedUse,
    check_scope,
    record_refused_use,
    record_use,
    token_for_secret,
)
from app.api.problems import ApiProblem
from app.api.scopes import Scope
from app.extensions import login_manager
from app.people.models import Person

View = TypeVar("View", bound=Callable[..., Any])
LONGEST_SECRET = 200


def requires_scope(scope: Scope) -> Callable[[View], View]:
    """401 without a usable token, 403 when the token or its owner may not use `scope`."""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            authenticate(scope)
            return view(*args, **kwargs)

        guarded.required_scope = scope  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def authenticate(scope: Scope) -> ApiToken:
    # Whatever the session cookie says, nobody is signed in until the token is checked.
    login_manager._update_request_context_with_user(None)
    secret = bearer_secret()
    what = f"{request.method} {request.path}"[:200]
    token, refusal = token_for_secret(secret)
    if token is None or refusal is not None:
        record_refused_use(token, secret, refusal or RefusedUse.UNKNOWN, what)
        raise ApiProblem(401, (refusal or RefusedUse.UNKNOWN).label)
    refusal = check_scope(token, scope)
    if refusal is not None:
        record_refused_use(token, secret, refusal, what)
        raise ApiProblem(403, f"{refusal.label} ({scope.value})")
    record_use(token)
    login_manager._update_request_context_with_user(token.owner)
    g.api_token = token
    return token


def bearer_secret() -> str:
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret or len(secret) > LONGEST_SECRET:
        raise ApiProblem(401)
    return secret


def refuse_for_owner(detail: str) -> ApiProblem:
    """A 403 decided after the scope check (the owner's roles do not reach this far),
    audited like every refused use; raise what it returns."""
    what = f"{request.method} {request.path}"[:200]
    record_refused_use(g.api_token, "", RefusedUse.OWNER_MAY_NOT, what)
    return ApiProblem(403, detail)


def token_owner() -> Person:
    """The person the request's token acts as (only inside a guarded view)."""
    return g.api_token.owner
