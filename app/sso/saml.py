"""Candor as a SAML 2.0 service provider (pysaml2, which signs and checks with xmlsec1).

pysaml2 is an optional extra (`candor[saml]`): this module is only imported once SAML is
configured, and the configuration refuses to start SAML without it.

The pysaml2 client is built once per process from the configuration: the IdP's metadata
is read (from its file or URL) when the first SAML request arrives; a restart re-reads it.
Nothing is kept in process memory between requests: the outstanding request's ID and the
logout details travel in the signed session cookie, so any worker can finish a sign-in.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.ident import code, decode
from saml2.metadata import create_metadata_string
from saml2.s_utils import UnsupportedBinding
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_TRANSIENT
from saml2.sigver import get_xmlsec_binary
from saml2.xmldsig import SIG_RSA_SHA256

from app.sso.identity import AttributeMapping, Identity, Protocol, identity_from_attributes

EXTENSION_KEY = "candor.saml"
_build_lock = threading.Lock()

METADATA_PATH = "/sso/saml/metadata"
ACS_PATH = "/sso/saml/acs"
SLS_PATH = "/sso/saml/sls"


def idp_metadata_source(location: str) -> dict[str, list]:
    if urlsplit(location).scheme in ("http", "https"):
        return {"remote": [{"url": location}]}
    return {"local": [location]}


def sp_settings(config: dict) -> dict:
    """pysaml2's configuration for Candor's service provider."""
    base = config["BASE_URL"].rstrip("/")
    return {
        "entityid": base + METADATA_PATH,
        "xmlsec_binary": get_xmlsec_binary(),
        "key_file": config["SAML_SP_KEY_FILE"],
        "cert_file": config["SAML_SP_CERT_FILE"],
        "encryption_keypairs": [
            {"key_file": config["SAML_SP_KEY_FILE"], "cert_file": config["SAML_SP_CERT_FILE"]}
        ],
        "metadata": idp_metadata_source(config["SAML_IDP_METADATA"]),
        "service": {
            "sp": {
                "name": config["INSTITUTION_NAME"] + " Candor",
                "endpoints": {
                    "assertion_consumer_service": [(base + ACS_PATH, BINDING_HTTP_POST)],
                    "single_logout_service": [(base + SLS_PATH, BINDING_HTTP_REDIRECT)],
                },
                # An unsigned assertion is refused even inside a signed response.
                "want_assertions_signed": True,
                "want_response_signed": False,
                "authn_requests_signed": True,
                "logout_requests_signed": True,
                "allow_unsolicited": False,
                "name_id_format": [NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_TRANSIENT],
            }
        },
        "signing_algorithm": SIG_RSA_SHA256,
        "accepted_time_diff": 60,
        "allow_unknown_attributes": True,
    }


def saml_client() -> Saml2Client:
    app = current_app._get_current_object()
    client = app.extensions.get(EXTENSION_KEY)
    if client is None:
        with _build_lock:
            client = app.extensions.get(EXTENSION_KEY)
            if client is None:
                sp_config = SPConfig()
                sp_config.load(sp_settings(app.config))
                client = app.extensions[EXTENSION_KEY] = Saml2Client(config=sp_config)
    return client


def sp_metadata_xml() -> str:
    config = SPConfig()
    config.load(
        {**sp_settings(current_app.config), "metadata": {}}  # the IdP is not needed here
    )
    return create_metadata_string(None, config=config, sign=False).decode()


def the_idp(client: Saml2Client) -> str:
    """The one IdP in the configured metadata (federations with several are not offered)."""
    idps = sorted(client.metadata.identity_providers())
    if len(idps) != 1:
        raise ValueError(f"SAML_IDP_METADATA must describe exactly one IdP, found {len(idps)}")
    return idps[0]


def authn_request_redirect() -> tuple[str, str]:
    """The new request's ID (to match its response) and where to send the browser."""
    client = saml_client()
    request_id, info = client.prepare_for_authenticate(
        entityid=the_idp(client), binding=BINDING_HTTP_REDIRECT, sign=True, sigalg=SIG_RSA_SHA256
    )
    return request_id, dict(info["headers"])["Location"]


@dataclass(frozen=True)
class SamlSignIn:
    identity: Identity
    #: Kept in the session for single logout.
    logout_details: dict[str, str]


def read_authn_response(saml_response: str, request_id: str | None) -> SamlSignIn:
    """Check the IdP's answer (signature, audience, time, request it answers) and read it.

    Raises whatever pysaml2 raises for an answer it refuses, or ValueError.
    """
    client = saml_client()
    outstanding = {request_id: "/"} if request_id else {}
    response = client.parse_authn_request_response(
        saml_response, BINDING_HTTP_POST, outstanding=outstanding
    )
    if response is None:
        raise ValueError("the SAML response could not be read")
    info = response.session_info()
    name_id = info["name_id"]
    config = current_app.config
    mapping = AttributeMapping.from_setting(
        config["SAML_ACCOUNT_ATTRIBUTES"],
        config["SAML_NAME_ATTRIBUTE"],
        config["SAML_DEPARTMENT_ATTRIBUTE"],
    )
    identity = identity_from_attributes(
        Protocol.SAML, info["issuer"], name_id.text if name_id else "", info["ava"], mapping
    )
    details = {"issuer": info["issuer"], "name_id": code(name_id) if name_id else ""}
    if info.get("session_index"):
        details["session_index"] = info["session_index"]
    return SamlSignIn(identity, details)


def logout_request_redirect(details: dict[str, str]) -> str | None:
    """Where to send the browser so the IdP ends its session too; None if it cannot."""
    client = saml_client()
    issuer, coded_name_id = details.get("issuer", ""), details.get("name_id", "")
    destination = idp_logout_location(client, issuer)
    if destination is None or not coded_name_id:
        return None
    _, request = client.create_logout_request(
        destination,
        issuer,
        name_id=decode(coded_name_id),
        session_indexes=[details["session_index"]] if details.get("session_index") else None,
        sign=False,  # the redirect binding signs the query string instead
    )
    info = client.apply_binding(
        BINDING_HTTP_REDIRECT, str(request), destination, sign=True, sigalg=SIG_RSA_SHA256
    )
    return dict(info["headers"])["Location"]


def single_logout_origin() -> str | None:
    """The IdP's logout origin, which the sign-out form must be allowed to redirect to."""
    client = saml_client()
    location = idp_logout_location(client, the_idp(client))
    if location is None:
        return None
    parts = urlsplit(location)
    return f"{parts.scheme}://{parts.netloc}"


def idp_logout_location(client: Saml2Client, idp: str) -> str | None:
    """The IdP's single logout service for the redirect binding, if it offers one."""
    try:
        services = client.metadata.single_logout_service(idp, BINDING_HTTP_REDIRECT, "idpsso")
    except UnsupportedBinding:
        return None
    return services[0]["location"] if services else None


def read_logout_response(saml_response: str) -> bool:
    """True when the IdP answers our logout request with success."""
    response = saml_client().parse_logout_request_response(saml_response, BINDING_HTTP_REDIRECT)
    return response is not None and response.status_ok()


def answer_logout_request(
    saml_request: str, relay_state: str, sigalg: str, signature: str, details: dict | None
) -> tuple[bool, str]:
    """The IdP asks Candor to end a sign-in (logout started elsewhere). Whether it is this
    browser's sign-in, and where to send the browser with Candor's signed answer.

    Raises ValueError for an unsigned request (anyone could forge one), or whatever
    pysaml2 raises for a request it refuses.
    """
    if not signature:
        raise ValueError("the logout request is not signed")
    client = saml_client()
    parsed = client.parse_logout_request(
        saml_request,
        BINDING_HTTP_REDIRECT,
        relay_state=relay_state,
        sigalg=sigalg,
        signature=signature,
    )
    if parsed is None:
        raise ValueError("the logout request could not be read")
    message = parsed.message
    issuer = message.issuer.text if message.issuer is not None else ""
    ours = bool(
        details
        and details.get("issuer") == issuer
        and details.get("name_id")
        and message.name_id is not None
        and decode(details["name_id"]).text == message.name_id.text
    )
    destination = idp_logout_location(client, issuer)
    if destination is None:
        raise ValueError(f"{issuer} offers no single logout service")
    response = client.create_logout_response(message, [BINDING_HTTP_REDIRECT], sign=False)
    info = client.apply_binding(
        BINDING_HTTP_REDIRECT,
        str(response),
        destination,
        relay_state,
        response=True,
        sign=True,
        sigalg=SIG_RSA_SHA256,
    )
    return ours, dict(info["headers"])["Location"]
