"""OpenID Connect sign-in through Authlib: authorization code flow with PKCE (S256), the
ID token's signature checked against the provider's published keys, with its issuer,
audience, expiry and nonce. State, nonce and PKCE verifier live in the signed session."""

from __future__ import annotations

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app
from werkzeug.wrappers import Response

from app.sso.identity import AttributeMapping, Identity, Protocol, identity_from_attributes

EXTENSION_KEY = "candor.oidc"
CALLBACK_PATH = "/sso/oidc/callback"


def register_oidc_client(app: Flask) -> None:
    """Registered once per app; the provider's discovery document is fetched when first
    needed, so an unreachable provider does not stop the app from starting."""
    oauth = OAuth(app)
    secret = app.config["OIDC_CLIENT_SECRET"]
    app.extensions[EXTENSION_KEY] = oauth.register(
        name="candor_oidc",
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=secret or None,
        server_metadata_url=app.config["OIDC_METADATA_URL"],
        client_kwargs={
            "scope": app.config["OIDC_SCOPES"],
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": "client_secret_basic" if secret else "none",
        },
    )


def callback_url() -> str:
    return current_app.config["BASE_URL"].rstrip("/") + CALLBACK_PATH


def authorization_redirect() -> Response:
    return current_app.extensions[EXTENSION_KEY].authorize_redirect(callback_url())


def read_callback() -> Identity:
    """Exchange the code and read the ID token's claims; raises on anything refused."""
    client = current_app.extensions[EXTENSION_KEY]
    token = client.authorize_access_token()
    claims = dict(token.get("userinfo") or {})
    if not claims:
        raise ValueError("the provider returned no ID token")
    config = current_app.config
    mapping = AttributeMapping.from_setting(
        config["OIDC_ACCOUNT_CLAIMS"], config["OIDC_NAME_CLAIM"], config["OIDC_DEPARTMENT_CLAIM"]
    )
    if any(name not in claims for name in mapping.account):
        # Providers may keep profile claims out of the ID token; the userinfo endpoint
        # has them, over the same TLS channel, for the same access token.
        claims = {**client.userinfo(token=token), **claims}
    if claims.get("email_verified") is False:
        # An unverified address could be anyone's: it must not pick the account.
        claims.pop("email", None)
    return identity_from_attributes(
        Protocol.OIDC, str(claims.get("iss", "")), str(claims.get("sub", "")), claims, mapping
    )
