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
from app.people.models import Person
from app.sso.policy import SSO_ONLY_MESSAGE, may_try_password, may_use_password
from app.sso.signout import identity_provider_logout_url
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
        email = form.email.data or ""
        result = (
            authenticate(email, form.password.data or "") if may_try_password(email) else None
        )
        if result is not None and result.person is not None and may_use_password(result.person):
            next_url = safe_next_url(request.args.get("next"))
            open_browser_session(result.person)
            record(
                "auth.sign_in",
                object_type="person",
                object_id=result.person.id,
                actor=result.person,
                summary=f"{result.person.email} signed in",
            )
            return redirect(next_url or url_for(home_endpoint_for(result.person)))
        if result is None or result.person is not None:
            # Password sign-in is off for this account (SSO only): say so, whoever it is.
            form.form_errors.append(SSO_ONLY_MESSAGE)
        else:
            form.form_errors.append(result.message)
        record_failed_sign_in(email, result)
    status = 401 if form.form_errors else (400 if form.errors else 200)
    return render_template("auth/login.html", form=form), status


def open_browser_session(person: Person) -> None:
    """Sign this browser in, with a fresh server-side session: nothing from before the
    sign-in carries over. Used by the password form and by single sign-on."""
    session.clear()
    session.permanent = True
    session[SESSION_KEY] = start_session(person).id
    login_user(person)


def close_browser_session() -> None:
    """End this browser's server-side session for good, and forget the cookie's contents."""
    end_session(session.get(SESSION_KEY))
    logout_user()
    session.clear()


def record_failed_sign_in(email: str, result: SignInResult | None) -> None:
    """Failed sign-ins are kept even though the response is an error, which would
    otherwise roll the request's transaction back: commit the entry on its own."""
    if result is None or result.person is not None:
        reason = "password sign-in switched off"
    else:
        reason = result.refusal.value if result.refusal else "unknown"
    person_id = result.person.id if result and result.person else None
    record(
        "auth.sign_in_failed",
        object_type="person",
        object_id=person_id or (result.person_id if result else None) or "unknown",
        actor_label=email.strip()[:254] or "(empty)",
        summary=f"Sign-in refused ({reason})",
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
    identity_provider_logout = identity_provider_logout_url()
    close_browser_session()
    flash("You have been signed out.", "info")
    return redirect(identity_provider_logout or url_for("auth.login"))


def too_many_attempts(error: Exception) -> tuple[str, int]:
    """The lockout page: the sign-in form with one clear message, and status 429."""
    form = LoginForm()
    form.form_errors.append(LOCKOUT_MESSAGE)
    return render_template("auth/login.html", form=form), 429
