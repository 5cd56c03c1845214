"""Single logout: after Candor ends its own session, the browser may go on to the
identity provider so that its session ends too (SAML, where the IdP offers it)."""

from __future__ import annotations

import logging

from flask import session

from app.sso.policy import saml_enabled

#: The SAML NameID, session index and IdP of this browser's sign-in, for single logout.
SAML_LOGOUT_KEY = "saml_logout"

log = logging.getLogger(__name__)


def identity_provider_logout_url() -> str | None:
    """Where the browser should go next to sign out at the IdP; read before the session
    is cleared. None when the sign-in was not through an IdP that offers single logout."""
    details = session.get(SAML_LOGOUT_KEY)
    if not details or not saml_enabled():
        return None
    from app.sso.saml import logout_request_redirect  # pysaml2: only with SAML on

    try:
        return logout_request_redirect(details)
    except Exception:  # Candor's sign-out stands even if the IdP's part cannot be built
        log.exception("could not build the SAML logout request")
        return None
