"""Single sign-on routes: SAML 2.0 (metadata, sign-in, assertion consumer, logout) and
OpenID Connect (sign-in, callback). Every route is not found unless its protocol is
configured; every sign-in and every refusal is audited."""

from __future__ import annotations

import logging
from types import ModuleType

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

from app.audit.operations import record
from app.auth.limits import LOCKOUT_MESSAGE, limiter, refused
from app.auth.permissions import home_endpoint_for
from app.auth.views import close_browser_session, open_browser_session, safe_next_url
from app.extensions import csrf
from app.sso import oidc
from app.sso.identity import Identity, Protocol
from app.sso.operations import (
    SsoRefusal,
    person_for_identity,
    record_sso_refusal,
    record_sso_sign_in,
)
from app.sso.policy import oidc_enabled, saml_enabled
from app.sso.signout import SAML_LOGOUT_KEY
from forms.auth import LoginForm

bp = Blueprint("sso", __name__, url_prefix="/sso")

log = logging.getLogger(__name__)

NEXT_KEY = "sso_next"
PROVIDER_UNAVAILABLE = (
    "Your institution's sign-in cannot be reached right now. Please try again in a few "
    "minutes."
)
SAML_REQUEST_KEY = "saml_request_id"

sign_in_limit = limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
    deduct_when=refused,
    error_message=LOCKOUT_MESSAGE,
)


def saml_provider() -> ModuleType:
    """The SAML module, once SAML is switched on (its pysaml2 is an optional extra)."""
    if not saml_enabled():
        abort(404)
    from app.sso import saml

    return saml


def require_oidc() -> None:
    if not oidc_enabled():
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


def provider_unavailable() -> tuple[str, int]:
    form = LoginForm()
    form.form_errors.append(PROVIDER_UNAVAILABLE)
    return render_template("auth/login.html", form=form), 503


def finish_sign_in(
    identity: Identity, keep: dict[str, object] | None = None
) -> Response | tuple[str, int]:
    result = person_for_identity(identity, current_app.config["SSO_CREATE_PEOPLE"])
    if result.refusal is not None or result.person is None:
        return refuse(identity.protocol, result.refusal or SsoRefusal.NO_ACCOUNT, identity)
    next_url = session.get(NEXT_KEY) or None
    open_browser_session(result.person)
    session.update(keep or {})
    record_sso_sign_in(result.person, identity)
    return redirect(safe_next_url(next_url) or url_for(home_endpoint_for(result.person)))


# --- SAML 2.0 ------------------------------------------------------------------------


@bp.get("/saml/metadata")
def saml_metadata() -> Response:
    saml = saml_provider()
    return Response(saml.sp_metadata_xml(), mimetype="application/samlmetadata+xml")


@bp.get("/saml/login")
def saml_login() -> Response | tuple[str, int]:
    saml = saml_provider()
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint_for(current_user)))
    remember_next_url()
    try:
        request_id, location = saml.authn_request_redirect()
    except Exception:  # the IdP's metadata could not be read (unreachable, malformed)
        log.exception("could not start a SAML sign-in")
        return provider_unavailable()
    session[SAML_REQUEST_KEY] = request_id
    return redirect(location)


@bp.post("/saml/acs")
@csrf.exempt  # the IdP posts here; the signed assertion answering our request is the check
@sign_in_limit
def saml_acs() -> Response | tuple[str, int]:
    saml = saml_provider()
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
    """Single logout: the IdP's answer to Candor's logout request (Candor's session has
    already ended), or the IdP's request to end this browser's sign-in."""
    saml = saml_provider()
    if "SAMLRequest" in request.args:
        return logout_requested_by_idp(saml)
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


def logout_requested_by_idp(saml: ModuleType) -> Response:
    args = request.args
    try:
        ours, answer_url = saml.answer_logout_request(
            args["SAMLRequest"],
            args.get("RelayState", ""),
            args.get("SigAlg", ""),
            args.get("Signature", ""),
            session.get(SAML_LOGOUT_KEY),
        )
    except Exception as exc:  # unsigned, forged or garbled: nobody is signed out
        log.info("SAML logout request refused: %s", exc)
        abort(400)
    if ours and current_user.is_authenticated:
        record(
            "auth.sign_out",
            object_type="person",
            object_id=current_user.id,
            summary=f"{current_user.email} signed out at the identity provider",
        )
        close_browser_session()
    return redirect(answer_url)


# --- OpenID Connect ------------------------------------------------------------------


@bp.get("/oidc/login")
def oidc_login() -> Response | tuple[str, int]:
    require_oidc()
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint_for(current_user)))
    remember_next_url()
    try:
        return oidc.authorization_redirect()
    except Exception:  # the provider's discovery document could not be fetched
        log.exception("could not start an OpenID Connect sign-in")
        return provider_unavailable()


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
