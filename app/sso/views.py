"""Single sign-on routes: SAML 2.0 (metadata, sign-in, assertion consumer, logout) and
OpenID Connect (sign-in, callback). Every route is not found unless its protocol is
configured; every sign-in and every refusal is audited."""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user

from app.auth.limits import LOCKOUT_MESSAGE, limiter, refused
from app.auth.permissions import home_endpoint_for
from app.auth.views import open_browser_session, safe_next_url
from app.extensions import csrf
from app.sso import oidc, saml
from app.sso.identity import Identity, Protocol
from app.sso.operations import (
    SsoRefusal,
    person_for_identity,
    record_sso_refusal,
    record_sso_sign_in,
)
from app.sso.signout import SAML_LOGOUT_KEY
from forms.auth import LoginForm

bp = Blueprint("sso", __name__, url_prefix="/sso")

log = logging.getLogger(__name__)

NEXT_KEY = "sso_next"
SAML_REQUEST_KEY = "saml_request_id"

sign_in_limit = limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
    deduct_when=refused,
    error_message=LOCKOUT_MESSAGE,
)


def require_saml() -> None:
    if not saml.saml_enabled():
        abort(404)


def require_oidc() -> None:
    if not oidc.oidc_enabled():
        abort(404)


def remember_next_url() -> None:
    session[NEXT_KEY] = safe_next_url(request.args.get("next")) or ""


def refuse(
    protocol: Protocol, refusal: SsoRefusal, identity: Identity | None, detail: str = ""
) -> tuple[str, int]:
    record_sso_refusal(protocol, refusal, identity, detail)
    form = LoginForm()
    form.form_errors.append(refusal.message)
    return render_template("auth/login.html", form=form), 403


def finish_sign_in(identity: Identity, keep: dict[str, object] | None = None) -> Response:
    result = person_for_identity(identity, current_app.config["SSO_CREATE_PEOPLE"])
    if result.person is None:
        assert result.refusal is not None
        return refuse(identity.protocol, result.refusal, identity)  # type: ignore[return-value]
    next_url = session.get(NEXT_KEY) or None
    open_browser_session(result.person)
    session.update(keep or {})
    record_sso_sign_in(result.person, identity)
    return redirect(safe_next_url(next_url) or url_for(home_endpoint_for(result.person)))


# --- SAML 2.0 ------------------------------------------------------------------------


@bp.get("/saml/metadata")
def saml_metadata() -> Response:
    require_saml()
    return Response(saml.sp_metadata_xml(), mimetype="application/samlmetadata+xml")


@bp.get("/saml/login")
def saml_login() -> Response:
    require_saml()
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint_for(current_user)))
    remember_next_url()
    request_id, location = saml.authn_request_redirect()
    session[SAML_REQUEST_KEY] = request_id
    return redirect(location)


@bp.post("/saml/acs")
@csrf.exempt  # the IdP posts here; the signed assertion answering our request is the check
@sign_in_limit
def saml_acs() -> Response | tuple[str, int]:
    require_saml()
    saml_response = request.form.get("SAMLResponse", "")
    request_id = session.get(SAML_REQUEST_KEY)
    if request_id is None and saml_response and request.form.get("continued") != "1":
        # An IdP on another site posts without our (SameSite=Lax) cookie: post the answer
        # once more from our own page, where the cookie comes along.
        return render_template("sso/continue.html", saml_response=saml_response), 200
    session.pop(SAML_REQUEST_KEY, None)
    if not saml_response:
        return refuse(Protocol.SAML, SsoRefusal.INVALID_ANSWER, None, "no SAMLResponse")
    try:
        signed_in = saml.read_authn_response(saml_response, request_id)
    except Exception as exc:  # pysaml2 has dozens of refusal types; all mean "not accepted"
        log.info("SAML response refused: %s", exc)
        return refuse(Protocol.SAML, SsoRefusal.INVALID_ANSWER, None, f"{type(exc).__name__}")
    return finish_sign_in(signed_in.identity, {SAML_LOGOUT_KEY: signed_in.logout_details})


@bp.get("/saml/sls")
def saml_single_logout() -> Response:
    """The IdP's answer to our logout request; Candor's own session already ended."""
    require_saml()
    answer = request.args.get("SAMLResponse", "")
    if not answer:
        abort(400)
    try:
        ended = saml.read_logout_response(answer)
    except Exception as exc:  # a garbled answer changes nothing: Candor already signed out
        log.info("SAML logout response refused: %s", exc)
        ended = False
    if ended:
        flash("You are also signed out of your institution's account.", "info")
    else:
        flash(
            "Your institution's sign-in may still be open: close the browser to end it.",
            "warning",
        )
    return redirect(url_for("auth.login"))


# --- OpenID Connect ------------------------------------------------------------------


@bp.get("/oidc/login")
def oidc_login() -> Response:
    require_oidc()
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint_for(current_user)))
    remember_next_url()
    return oidc.authorization_redirect()


@bp.get("/oidc/callback")
@sign_in_limit
def oidc_callback() -> Response | tuple[str, int]:
    require_oidc()
    if "error" in request.args:
        detail = request.args.get("error", "")[:100]
        return refuse(Protocol.OIDC, SsoRefusal.INVALID_ANSWER, None, f"provider: {detail}")
    try:
        identity = oidc.read_callback()
    except Exception as exc:  # state, code, signature, issuer, audience, nonce, expiry
        log.info("OpenID Connect answer refused: %s", exc)
        return refuse(Protocol.OIDC, SsoRefusal.INVALID_ANSWER, None, f"{type(exc).__name__}")
    return finish_sign_in(identity)
