"""Error pages that say what happened and what to do, in the site's own layout."""

from __future__ import annotations

from typing import NoReturn
from urllib.parse import urlsplit

from flask import Flask, Response, abort, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError
from wtforms import Form

from app.api.problems import is_api_request, problem_for_http_error
from app.auth.views import too_many_attempts
from app.extensions import db

#: What each status means to the person who sees it.
EXPLANATIONS = {
    400: ("Bad request", "The request could not be understood. Go back and try again."),
    403: ("Not allowed", "Your account does not have access to this page."),
    404: ("Not found", "There is nothing at this address. It may have moved or never existed."),
    405: ("Not allowed", "This page cannot be used that way."),
    409: (
        "Changed by someone else",
        "Someone changed this disclosure since you opened it, so nothing was saved. Reload "
        "it to see the current state, then do again what you meant to do.",
    ),
    413: ("Too large", "The upload is larger than allowed. Choose a smaller file."),
    503: ("Not saved", "The service is briefly unavailable. Please try again in a moment."),
    500: (
        "Something went wrong",
        "An unexpected error occurred and nothing was saved. Please try again; if it keeps "
        "happening, tell the research office what you were doing.",
    ),
}


def render_error(
    status: int, detail: str | None = None, reload_url: str | None = None
) -> tuple[str, int]:
    """The error page; ``reload_url`` adds a link back to a fresh copy of the page."""
    title, explanation = EXPLANATIONS.get(status, EXPLANATIONS[500])
    return (
        render_template(
            "errors/error.html",
            status=status,
            title=title,
            explanation=detail or explanation,
            reload_url=reload_url,
        ),
        status,
    )


def refuse_query(form: Form) -> NoReturn:
    """A list page's query parameter it cannot use: a 400 page naming each and why."""
    problems = " ".join(
        f"{form[name].label.text}: {' '.join(messages)}" for name, messages in form.errors.items()
    )
    abort(
        make_response(
            render_error(
                400,
                f"This page's address has a filter it cannot use, so nothing is shown. "
                f"{problems} Go back and choose the filter again.",
            )
        )
    )


def page_to_reload() -> str | None:
    """The page the stale form came from, when it is one of ours (never another site)."""
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.netloc and parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_error(
            400,
            "This form was missing its security token or it had expired, so nothing was "
            "saved. Reload the page and submit the form again.",
        )

    app.register_error_handler(429, too_many_attempts)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int] | Response:
        if is_api_request():  # an unknown API address or method, before any API view
            return problem_for_http_error(error)
        status = error.code or 500
        return render_error(status if status in EXPLANATIONS else 500)

    @app.errorhandler(StaleDataError)
    def stale_data(error: StaleDataError) -> tuple[str, int]:
        # A row changed under this request (its version check failed): not a fault of the
        # database, and trying again blindly would overwrite someone's work.
        db.session.rollback()
        return render_error(409, reload_url=page_to_reload())

    @app.errorhandler(SQLAlchemyError)
    def database_error(error: SQLAlchemyError) -> tuple[str, int]:
        # Nothing of the request is kept: the transaction is rolled back as a whole.
        db.session.rollback()
        app.logger.exception("Database error", exc_info=error)
        return render_error(
            503,
            "The database could not save this just now, so nothing was changed: what you "
            "had saved before is as you left it. Please try again in a moment.",
        )

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError) -> tuple[str, int]:
        db.session.rollback()
        return render_error(500)
