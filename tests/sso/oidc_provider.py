"""A real OpenID Connect provider for the tests: Authlib's authorization server.

Run as a script; it binds a free port on 127.0.0.1 and prints `listening PORT`. Clients
come from --clients (JSON: {client_id: {"secret": ..., "redirect_uris": [...]}}), people
from --users (JSON: {username: {"password": ..., "claims": {...}}}); both are re-read at
each request. PKCE (S256) and a nonce are required; ID tokens are RS256-signed with the
key published at /jwks, or, with --sign-with-unpublished-key, with another key under the
same key ID, which a client that checks signatures must refuse.
"""

from __future__ import annotations

import argparse
import hmac
import html
import json
import logging
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from flask import Flask, Response, jsonify, request
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server

SCOPES = {"openid", "email", "profile"}


@dataclass
class Client(ClientMixin):
    client_id: str
    secret: str
    redirect_uris: list[str]

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope: str) -> str:
        return " ".join(part for part in (scope or "").split() if part in SCOPES)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return hmac.compare_digest(self.secret, client_secret or "")

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == ("client_secret_basic" if self.secret else "none")

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class Code:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    username: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> None:
        return None

    def get_amr(self) -> None:
        return None


def create_provider(issuer: str, args: argparse.Namespace) -> Flask:
    app = Flask("candor_test_oidc")
    app.config["OAUTH2_REFRESH_TOKEN_GENERATOR"] = False
    published = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig"})
    signing = (
        RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig"})
        if args.sign_with_unpublished_key
        else published
    )
    codes: dict[str, Code] = {}
    events: dict[str, list] = {"sign_ins": [], "tokens": []}

    def clients() -> dict[str, Client]:
        data = json.loads(Path(args.clients).read_text())
        return {cid: Client(cid, c["secret"], c["redirect_uris"]) for cid, c in data.items()}

    def users() -> dict[str, dict]:
        return json.loads(Path(args.users).read_text())

    class CodeGrant(grants.AuthorizationCodeGrant):
        TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "none"]

        def save_authorization_code(self, code: str, request: object) -> None:
            payload = request.payload
            codes[code] = Code(
                code=code,
                client_id=request.client.client_id,
                redirect_uri=payload.redirect_uri,
                scope=request.scope,
                username=request.user,
                nonce=payload.data.get("nonce"),
                code_challenge=payload.data.get("code_challenge"),
                code_challenge_method=payload.data.get("code_challenge_method"),
            )

        def query_authorization_code(self, code: str, client: Client) -> Code | None:
            found = codes.get(code)
            return found if found and found.client_id == client.client_id else None

        def delete_authorization_code(self, authorization_code: Code) -> None:
            codes.pop(authorization_code.code, None)

        def authenticate_user(self, authorization_code: Code) -> str:
            return authorization_code.username

    class IdToken(OpenIDCode):
        def exists_nonce(self, nonce: str, request: object) -> bool:
            return any(code.nonce == nonce for code in codes.values())

        def resolve_client_private_key(self, client: Client) -> RSAKey:
            return signing

        def get_client_algorithm(self, client: Client) -> str:
            return "RS256"

        def get_client_claims(self, client: Client) -> dict:
            return {"iss": issuer, "aud": [client.client_id]}

        def generate_user_info(self, user: str, scope: str) -> UserInfo:
            return UserInfo(sub=f"sub-{user}", **users()[user]["claims"])

    server = AuthorizationServer(
        app,
        query_client=lambda client_id: clients().get(client_id),
        save_token=lambda token, request: events["tokens"].append(request.client.client_id),
    )
    server.register_grant(CodeGrant, [IdToken(require_nonce=True), CodeChallenge(required=True)])

    @app.get("/.well-known/openid-configuration")
    def discovery() -> Response:
        return jsonify(
            issuer=issuer,
            authorization_endpoint=issuer + "/authorize",
            token_endpoint=issuer + "/token",
            jwks_uri=issuer + "/jwks",
            response_types_supported=["code"],
            subject_types_supported=["public"],
            id_token_signing_alg_values_supported=["RS256"],
            code_challenge_methods_supported=["S256"],
            scopes_supported=sorted(SCOPES),
            token_endpoint_auth_methods_supported=["client_secret_basic", "none"],
        )

    @app.get("/jwks")
    def jwks() -> Response:
        return jsonify(KeySet([published]).as_dict(private=False))

    def login_page(error: str = "") -> str:
        action = "/authorize?" + urlencode(list(request.args.items(multi=True)))
        return f"""<!doctype html><html lang="en"><head><title>Test OIDC sign-in</title></head>
<body><h1>Candor test OpenID provider</h1><p class="error">{html.escape(error)}</p>
<form method="post" action="{html.escape(action)}">
<label>Username <input id="username" name="username"></label>
<label>Password <input id="password" name="password" type="password"></label>
<button type="submit" id="op-sign-in">Sign in</button></form></body></html>"""

    @app.route("/authorize", methods=["GET", "POST"])
    def authorize() -> Response | str:
        if request.method == "GET":
            server.get_consent_grant(end_user=None)  # refuses a bad request before login
            return login_page()
        username = request.form.get("username", "")
        user = users().get(username)
        if user is None or user["password"] != request.form.get("password"):
            return login_page("Wrong username or password")
        events["sign_ins"].append(username)
        return server.create_authorization_response(grant_user=username)

    @app.post("/token")
    def token() -> Response:
        return server.create_token_response()

    @app.get("/events")
    def list_events() -> Response:
        return jsonify(events)

    app.secret_key = secrets.token_hex(16)
    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", required=True)
    parser.add_argument("--users", required=True)
    parser.add_argument("--sign-with-unpublished-key", action="store_true")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    httpd = make_server("127.0.0.1", 0, None, threaded=True)
    issuer = f"http://127.0.0.1:{httpd.server_port}"
    httpd.app = create_provider(issuer, args)
    print(f"listening {httpd.server_port}", flush=True)
    httpd.serve_forever()


if __name__ == "__main__":
    main()
