"""Single sign-on: SAML 2.0 and OpenID Connect, and switching password sign-in off."""

from __future__ import annotations

import logging

from flask import Flask, Response, request, session, url_for

from app.security import CONTENT_SECURITY_POLICY
from app.sso.oidc import register_oidc_client
from app.sso.policy import oidc_enabled, password_form_offered, saml_enabled
from app.sso.signout import SAML_LOGOUT_KEY

log = logging.getLogger(__name__)


def init_sso(app: Flask) -> None:
    if oidc_enabled(app):
        register_oidc_client(app)

    @app.context_processor
    def sign_in_choices() -> dict[str, object]:
        def choices() -> list[tuple[str, str]]:
            next_url = request.args.get("next") or None
            offered = []
            if saml_enabled():
                label = app.config["SAML_BUTTON_LABEL"]
                offered.append((label, url_for("sso.saml_login", next=next_url)))
            if oidc_enabled():
                label = app.config["OIDC_BUTTON_LABEL"]
                offered.append((label, url_for("sso.oidc_login", next=next_url)))
            return offered

        return {"sso_choices": choices, "password_form_offered": password_form_offered}

    @app.after_request
    def allow_single_logout_redirect(response: Response) -> Response:
        """The sign-out form redirects to the IdP: `form-action` must allow its origin
        (browsers apply it to a form's redirects too), for SAML-signed-in browsers only."""
        # Runs before the security headers are added (Flask runs these in reverse order).
        policy = response.headers.get("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        if "form-action 'self'" not in policy or not session.get(SAML_LOGOUT_KEY):
            return response
        if not saml_enabled():
            return response
        from app.sso.saml import single_logout_origin  # pysaml2: only with SAML on

        try:
            origin = single_logout_origin()
        except Exception:  # an IdP whose metadata is unreadable just gets no single logout
            log.exception("could not read the IdP's single logout service")
            return response
        if origin:
            response.headers["Content-Security-Policy"] = policy.replace(
                "form-action 'self'", f"form-action 'self' {origin}"
            )
        return response
