"""Sign-in and sign-out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from app.audit.operations import record
from app.auth.limits import LOCKOUT_MESSAGE, account_key, limiter, refused
from app.auth.operations import SignInResult, authenticate
from app.auth.permissions import home_endpoint_for
from app.auth.sessions import end_session, start_session
from app.extensions import db
from forms.auth import LoginForm

bp = Blueprint("auth", __name__)

#: Where the server-side session's token lives in the signed cookie.
SESSION_KEY = "sid"


def safe_next_url(target: str | None) -> str | None:
    """Only same-site paths: an open redirect would make our login page a phishing aid."""
    if not target or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
    methods=["POST"],
    deduct_when=refused,
    error_message=LOCKOUT_MESSAGE,
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    methods=["POST"],
    key_func=account_key,
    deduct_when=refused,
    error_message=LOCKOUT_MESSAGE,
)
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint_for(current_user)))
    form = LoginForm()
    if form.validate_on_submit():
        result = authenticate(form.email.data or "", form.password.data or "")
        if result.person is not None:
            next_url = safe_next_url(request.args.get("next"))
            # A fresh session on sign-in, so nothing from before it carries over.
            session.clear()
            session.permanent = True
            session[SESSION_KEY] = start_session(result.person).id
            login_user(result.person)
            record(
                "auth.sign_in",
                object_type="person",
                object_id=result.person.id,
                actor=result.person,
                summary=f"{result.person.email} signed in",
            )
            return redirect(next_url or url_for(home_endpoint_for(result.person)))
        form.form_errors.append(result.message)
        record_failed_sign_in(form.email.data or "", result)
    status = 401 if form.form_errors else (400 if form.errors else 200)
    return render_template("auth/login.html", form=form), status


def record_failed_sign_in(email: str, result: SignInResult) -> None:
    """Failed sign-ins are kept even though the response is an error, which would
    otherwise roll the request's transaction back: commit the entry on its own."""
    record(
        "auth.sign_in_failed",
        object_type="person",
        object_id=result.person_id or "unknown",
        actor_label=email.strip()[:254] or "(empty)",
        summary=f"Sign-in refused ({result.refusal.value if result.refusal else 'unknown'})",
    )
    db.session.commit()


@bp.post("/logout")
@login_required
def logout() -> Response:
    record(
        "auth.sign_out",
        object_type="person",
        object_id=current_user.id,
        summary=f"{current_user.email} signed out",
    )
    end_session(session.get(SESSION_KEY))
    logout_user()
    session.clear()
    flash("You have been signed out.", "info")
    return redirect(url_for("auth.login"))


def too_many_attempts(error: Exception) -> tuple[str, int]:
    """The lockout page: the sign-in form with one clear message, and status 429."""
    form = LoginForm()
    form.form_errors.append(LOCKOUT_MESSAGE)
    return render_template("auth/login.html", form=form), 429
