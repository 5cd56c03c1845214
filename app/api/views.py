"""The JSON API, v1: people, what they certified, open flags, and roster rows.

Every route names the scope it needs (`requires_scope`); objects are then filtered with
the page rules of app/auth/permissions.py applied to the token's owner.
"""

from __future__ import annotations

import hashlib
from typing import Any

from flask import Blueprint, abort, current_app, request
from flask_limiter.util import get_remote_address

from app.api import queries
from app.api.auth import refuse_for_owner, requires_scope, token_owner
from app.api.openapi import openapi_document
from app.api.parameters import (
    page_from_args,
    query_parameters,
    refuse_unknown_parameters,
    search_from_args,
)
from app.api.problems import ApiProblem, register_problem_handlers
from app.api.representations import certified_disclosure_json, flag_json, person_json
from app.api.roster_rows import roster_rows_from_json
from app.api.scopes import Scope
from app.auth.limits import limiter
from app.auth.permissions import can_view_disclosure, can_view_institution_flags
from app.extensions import csrf
from app.people.models import Person
from app.people.operations import import_roster

bp = Blueprint("api", __name__, url_prefix="/api/v1")
register_problem_handlers(bp)
# A bearer token in a header is not sent by browsers on their own, so there is no
# cross-site request to forge; the pages keep their CSRF protection.
csrf.exempt(bp)


def address_key() -> str:
    return "api-address:" + get_remote_address()


def token_key() -> str:
    """Per token, or per address for requests without one."""
    header = request.headers.get("Authorization", "")
    if not header:
        return address_key()
    # The header's hash, not the header: limiter storage (Redis) never holds a secret.
    return "api-token:" + hashlib.sha256(header.encode("utf-8", "replace")).hexdigest()


limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=token_key)(bp)
limiter.limit(lambda: current_app.config["API_RATE_LIMIT_PER_ADDRESS"], key_func=address_key)(bp)
bp.before_request(refuse_unknown_parameters)


def paged(items: list[dict[str, Any]], total: int, page: queries.Page) -> dict[str, Any]:
    return {"items": items, "page": page.number, "per_page": page.size, "total": total}


def person_or_404(person_id: int) -> Person:
    person = queries.person_by_id(person_id)
    if person is None:
        abort(404)
    return person


@bp.get("/openapi.json")
def openapi() -> dict[str, Any]:
    return openapi_document()


@bp.get("/people")
@requires_scope(Scope.PEOPLE_READ)
@query_parameters("q", "page", "per_page")
def people() -> dict[str, Any]:
    search, page = search_from_args(), page_from_args()
    found, total = queries.people_page(search, page)
    return paged([person_json(person) for person in found], total, page)


@bp.get("/people/<int:person_id>")
@requires_scope(Scope.PEOPLE_READ)
def person(person_id: int) -> dict[str, Any]:
    return person_json(person_or_404(person_id))


@bp.get("/people/<int:person_id>/disclosures")
@requires_scope(Scope.DISCLOSURES_READ)
def certified_disclosures(person_id: int) -> dict[str, Any]:
    filer, owner = person_or_404(person_id), token_owner()
    return {
        "person_id": filer.id,
        "disclosures": [
            certified_disclosure_json(disclosure, version)
            for disclosure, version in queries.latest_certified_versions(filer)
            if can_view_disclosure(owner, disclosure)
        ],
    }


@bp.get("/people/<int:person_id>/flags")
@requires_scope(Scope.FLAGS_READ)
def person_flags(person_id: int) -> dict[str, Any]:
    filer, owner = person_or_404(person_id), token_owner()
    visible = [d for d in queries.certified_disclosures_of(filer) if can_view_disclosure(owner, d)]
    return {
        "person_id": filer.id,
        "flags": [flag_json(f) for f in queries.open_flags_on_certified_disclosures(visible)],
    }


@bp.get("/flags")
@requires_scope(Scope.FLAGS_READ)
@query_parameters("page", "per_page")
def institution_flags() -> dict[str, Any]:
    if not can_view_institution_flags(token_owner()):
        raise refuse_for_owner("Only a token of the COI office sees every flag of the institution.")
    page = page_from_args()
    flags, total = queries.institution_open_flags(page)
    return paged([flag_json(f) for f in flags], total, page)


@bp.post("/roster")
@requires_scope(Scope.ROSTER_WRITE)
def roster() -> dict[str, Any]:
    if not request.is_json:
        raise ApiProblem(415)
    body = request.get_json(silent=True)
    if body is None:
        raise ApiProblem(400, "The body is not valid JSON.")
    rows, errors = roster_rows_from_json(body)
    report = import_roster(rows, errors, skip_invalid=False)
    if report.errors:
        raise ApiProblem(
            422,
            "Some rows break the rules, so nothing was saved.",
            errors=[
                # Row 0 is the body as a whole (no rows, too many, not a list).
                {"row": line or None, "field": field, "detail": reason}
                for line, field, reason in report.errors
            ],
        )
    return {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}
