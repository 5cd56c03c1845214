"""A real SAML 2.0 identity provider for the tests: pysaml2's IdP behind a login form.

Run as a script; it binds a free port on 127.0.0.1 and prints `listening PORT`. Service
providers are whatever metadata files lie in --sp-metadata-dir (re-read at each request,
so tests can register an SP after start-up); people and their attributes are read from
--users (JSON: {username: {"password": ..., "attributes": {name: [values]}}}).
GET /events lists the sign-ins and logouts it handled, so tests can see what it did.
"""

from __future__ import annotations

import argparse
import html
import json
import logging
import secrets
import sys
import warnings
from pathlib import Path

# pysaml2's IdP imports a cipher mode that cryptography has deprecated; not ours to fix.
warnings.simplefilter("ignore")

from flask import Flask, Response, abort, jsonify, redirect, request  # noqa: E402
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT  # noqa: E402
from saml2.config import IdPConfig  # noqa: E402
from saml2.metadata import create_metadata_string  # noqa: E402
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID  # noqa: E402
from saml2.server import Server  # noqa: E402
from saml2.sigver import get_xmlsec_binary  # noqa: E402
from saml2.xmldsig import SIG_RSA_SHA256  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

AUTHN_PASSWORD = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"


def idp_settings(base: str, args: argparse.Namespace) -> dict:
    return {
        "entityid": base + "/metadata",
        "xmlsec_binary": get_xmlsec_binary(),
        "key_file": args.key,
        "cert_file": args.cert,
        "metadata": {"local": sorted(str(p) for p in Path(args.sp_metadata_dir).glob("*.xml"))},
        "service": {
            "idp": {
                "name": "Candor test IdP",
                "endpoints": {
                    "single_sign_on_service": [(base + "/sso/redirect", BINDING_HTTP_REDIRECT)],
                    "single_logout_service": [(base + "/slo/redirect", BINDING_HTTP_REDIRECT)],
                },
                "policy": {
                    "default": {
                        "lifetime": {"minutes": 15},
                        "attribute_restrictions": None,
                        "name_form": NAME_FORMAT_URI,
                    }
                },
                "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                "want_authn_requests_signed": True,
            }
        },
    }


def create_idp(base: str, args: argparse.Namespace) -> Flask:
    app = Flask("candor_test_idp")
    pending: dict[str, tuple[object, str]] = {}
    events: dict[str, list] = {"sign_ins": [], "logouts": [], "logout_answers": []}

    def server() -> Server:
        config = IdPConfig()
        config.load(idp_settings(base, args))
        return Server(config=config)

    @app.get("/metadata")
    def metadata() -> Response:
        config = IdPConfig()
        config.load({**idp_settings(base, args), "metadata": {}})
        xml = create_metadata_string(None, config=config, sign=False)
        return Response(xml, mimetype="application/samlmetadata+xml")

    @app.get("/sso/redirect")
    def single_sign_on() -> str:
        parsed = server().parse_authn_request(
            request.args["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=request.args.get("RelayState"),
            sigalg=request.args.get("SigAlg"),
            signature=request.args.get("Signature"),
        )
        ticket = secrets.token_urlsafe(16)
        pending[ticket] = (parsed.message, request.args.get("RelayState", ""))
        return login_page(ticket, "")

    def login_page(ticket: str, error: str) -> str:
        return f"""<!doctype html><html lang="en"><head><title>Test IdP sign-in</title></head>
<body><h1>Candor test IdP</h1><p class="error">{html.escape(error)}</p>
<form method="post" action="/login"><input type="hidden" name="ticket" value="{ticket}">
<label>Username <input id="username" name="username"></label>
<label>Password <input id="password" name="password" type="password"></label>
<button type="submit" id="idp-sign-in">Sign in</button></form></body></html>"""

    @app.post("/login")
    def login() -> str:
        ticket = request.form.get("ticket", "")
        if ticket not in pending:
            abort(400)
        users = json.loads(Path(args.users).read_text())
        username = request.form.get("username", "")
        user = users.get(username)
        if user is None or user["password"] != request.form.get("password"):
            return login_page(ticket, "Wrong username or password")
        message, relay_state = pending.pop(ticket)
        idp = server()
        response_args = idp.response_args(message, [BINDING_HTTP_POST])
        name_id = NameID(
            format=NAMEID_FORMAT_PERSISTENT,
            text=f"id-{username}",
            name_qualifier=idp.config.entityid,
            sp_name_qualifier=response_args["sp_entity_id"],
        )
        response = idp.create_authn_response(
            user["attributes"],
            userid=username,
            name_id=name_id,
            authn={"class_ref": AUTHN_PASSWORD, "authn_auth": idp.config.entityid},
            sign_assertion=not args.unsigned_assertions,
            sign_response=False,
            sign_alg=SIG_RSA_SHA256,
            **response_args,
        )
        events["sign_ins"].append(username)
        http_args = idp.apply_binding(
            BINDING_HTTP_POST,
            str(response),
            response_args["destination"],
            relay_state,
            response=True,
        )
        # pysaml2's self-posting page has no title; browsers' checks want one.
        return http_args["data"].replace("<head>", "<head><title>Returning</title>", 1)

    @app.get("/initiate-logout")
    def initiate_logout() -> Response:
        """Logout started at the IdP (or at another SP): ask the SP to end its sign-in."""
        idp = server()
        sp = request.args["sp"]
        destination = idp.metadata.single_logout_service(sp, BINDING_HTTP_REDIRECT, "spsso")
        location = destination[0]["location"]
        _, logout_request = idp.create_logout_request(
            location, sp, name_id=NameID(format=NAMEID_FORMAT_PERSISTENT,
                                         text=request.args["name_id"]), sign=False,
        )  # fmt: skip
        http_args = idp.apply_binding(
            BINDING_HTTP_REDIRECT,
            str(logout_request),
            location,
            "",
            sign=request.args.get("unsigned") != "1",
            sigalg=SIG_RSA_SHA256,
        )
        return redirect(dict(http_args["headers"])["Location"])

    @app.get("/slo/redirect")
    def single_logout() -> Response | str:
        idp = server()
        if "SAMLResponse" in request.args:  # an SP answers a logout the IdP started
            answer = idp.parse_logout_request_response(
                request.args["SAMLResponse"], BINDING_HTTP_REDIRECT
            )
            events["logout_answers"].append(
                {"from": answer.response.issuer.text, "ok": answer.status_ok()}
            )
            return "<!doctype html><html lang='en'><head><title>Signed out</title></head></html>"
        parsed = idp.parse_logout_request(
            request.args["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=request.args.get("RelayState"),
            sigalg=request.args.get("SigAlg"),
            signature=request.args.get("Signature"),
        )
        if parsed is None or not request.args.get("Signature"):
            abort(400)  # an unsigned logout request could sign anyone out
        message = parsed.message
        events["logouts"].append(
            {"name_id": message.name_id.text, "session_index": len(message.session_index)}
        )
        logout_response = idp.create_logout_response(
            message, [BINDING_HTTP_REDIRECT], status=None, sign=False
        )
        binding, destination = idp.pick_binding(
            "single_logout_service", [BINDING_HTTP_REDIRECT], "spsso", message
        )
        http_args = idp.apply_binding(
            binding,
            str(logout_response),
            destination,
            request.args.get("RelayState", ""),
            response=True,
            sign=True,
            sigalg=SIG_RSA_SHA256,
        )
        return redirect(dict(http_args["headers"])["Location"])

    @app.get("/events")
    def list_events() -> Response:
        return jsonify(events)

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--key", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--sp-metadata-dir", required=True)
    parser.add_argument("--users", required=True)
    parser.add_argument("--unsigned-assertions", action="store_true")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    httpd = make_server("127.0.0.1", 0, None, threaded=True)  # port first: URLs name it
    base = f"http://127.0.0.1:{httpd.server_port}"
    httpd.app = create_idp(base, args)
    print(f"listening {httpd.server_port}", flush=True)
    sys.stdout.flush()
    httpd.serve_forever()


if __name__ == "__main__":
    main()
