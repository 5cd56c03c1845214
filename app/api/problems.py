"""Errors of the JSON API as problem details (RFC 9457, application/problem+json).

Every error an API address can produce takes this shape, never an HTML page: those raised
by the API's views (registered on its blueprint) and those raised before any view is
chosen, such as an unknown address or a wrong method (app/errors.py asks `is_api_request`).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, json, request
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from app.extensions import db

API_PREFIX = "/api/"
PROBLEM_TYPE = "application/problem+json"

#: What each status means to the program that receives it.
DETAILS = {
    400: "The request is malformed: see the errors.",
    401: "Send a valid personal access token: Authorization: Bearer <token>.",
    403: "The token may not do this.",
    404: "There is nothing at this address, or the token may not see it.",
    405: "This address does not take that method.",
    409: "The request conflicts with a change made at the same time. Try it again.",
    413: "The request body is too large.",
    415: "Send the body as JSON (Content-Type: application/json).",
    422: "The data is well-formed but breaks the rules: see the errors. Nothing was saved.",
    429: "Too many requests with this token. Wait a minute and try again.",
    500: "An unexpected error occurred and nothing was saved.",
    503: "The database could not answer just now; nothing was changed. Try again shortly.",
}


class ApiProblem(Exception):
    """Raised by API code to answer with a problem; `extra` adds members (e.g. errors)."""

    def __init__(
        self,
        status: int,
        detail: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or DETAILS.get(status, ""))
        self.status = status
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra


def problem(
    status: int,
    detail: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    body = {
        "type": "about:blank",
        "title": HTTP_STATUS_CODES.get(status, "Error"),
        "status": status,
        "detail": detail or DETAILS.get(status, ""),
        "instance": request.path,
        **extra,
    }
    response = current_app.response_class(json.dumps(body), status=status, mimetype=PROBLEM_TYPE)
    response.headers.update(headers or {})
    if status == 401:
        response.headers.setdefault("WWW-Authenticate", 'Bearer realm="candor"')
    return response


def is_api_request() -> bool:
    return request.path.startswith(API_PREFIX)


def problem_for_http_error(error: HTTPException) -> Response:
    status = error.code or 500
    headers = {
        name: value
        for name, value in error.get_headers()
        if name.lower() not in ("content-type", "content-length")
    }
    return problem(status if status in DETAILS else 500, headers=headers)


def register_problem_handlers(bp: Blueprint) -> None:
    """Every error raised under the blueprint answers as a problem."""

    @bp.errorhandler(ApiProblem)
    def api_problem(error: ApiProblem) -> Response:
        return problem(error.status, error.detail, error.headers, **error.extra)

    @bp.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        return problem_for_http_error(error)

    # Handlers registered for a status code win over those for a class, and the app has
    # one for 429 (the sign-in lockout page): the API needs its own.
    bp.register_error_handler(429, http_error)

    @bp.errorhandler(IntegrityError)
    def conflict(error: IntegrityError) -> Response:
        # Two requests created the same person or department at once: the loser retries.
        db.session.rollback()
        return problem(409)

    @bp.errorhandler(SQLAlchemyError)
    def database_error(error: SQLAlchemyError) -> Response:
        db.session.rollback()
        current_app.logger.exception("Database error in the API", exc_info=error)
        return problem(503)

    @bp.errorhandler(Exception)
    def server_error(error: Exception) -> Response:
        db.session.rollback()
        current_app.logger.exception("Unexpected error in the API", exc_info=error)
        return problem(500)
