"""Real identity providers for the SSO tests, started per test session on free ports.

A pysaml2 IdP (tests/sso/saml_idp.py) and an Authlib OpenID provider
(tests/sso/oidc_provider.py) run as their own processes with keys made at test time.
Without their prerequisites (pysaml2, xmlsec1) the tests skip; under CI=true they fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from config import TestConfig
from tests.conftest import IsolatedClient
from tests.sso.keys import make_key_pair

HERE = Path(__file__).resolve().parent
#: The password every test person has at the test identity providers.
IDP_PASSWORD = "idp secret 2026"


def require_prerequisites() -> None:
    missing = []
    try:
        import saml2  # noqa: F401
    except ImportError:
        missing.append("pysaml2 (pip install 'candor[saml]')")
    if shutil.which("xmlsec1") is None:
        missing.append("xmlsec1 (apt-get install -y xmlsec1)")
    if missing:
        message = "SSO tests need " + " and ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {message}: .ci/run installs them")
        pytest.skip(message)


@dataclass
class Provider:
    """A running identity provider process and the files it re-reads at each request."""

    process: subprocess.Popen
    base_url: str
    users_file: Path
    registry: Path  # the SP metadata folder (SAML) or the clients file (OIDC)

    def add_user(self, username: str, details: dict) -> None:
        users = json.loads(self.users_file.read_text())
        users[username] = {"password": IDP_PASSWORD, **details}
        self.users_file.write_text(json.dumps(users))

    def events(self) -> dict:
        return requests.get(self.base_url + "/events", timeout=10).json()


def start(script: str, *args: str) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(  # noqa: S603 -- our own script, with our own arguments
        [sys.executable, str(HERE / script), *args],
        stdout=subprocess.PIPE,
        text=True,
    )
    line = process.stdout.readline() if process.stdout else ""
    match = re.match(r"listening (\d+)", line)
    if not match:
        process.kill()
        raise RuntimeError(f"{script} did not start: {line!r}")
    return process, f"http://127.0.0.1:{match.group(1)}"


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=10)
    if process.stdout:
        process.stdout.close()


@pytest.fixture(scope="session")
def sso_keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    require_prerequisites()
    directory = tmp_path_factory.mktemp("sso-keys")
    return {name: make_key_pair(directory, name) for name in ("sp", "idp")}


def start_saml_idp(directory: Path, keys: dict, *flags: str) -> Provider:
    (directory / "sp-metadata").mkdir(parents=True)
    users = directory / "users.json"
    users.write_text("{}")
    key, cert = keys["idp"]
    process, base = start(
        "saml_idp.py",
        "--key", str(key),
        "--cert", str(cert),
        "--sp-metadata-dir", str(directory / "sp-metadata"),
        "--users", str(users),
        *flags,
    )  # fmt: skip
    return Provider(process, base, users, directory / "sp-metadata")


@pytest.fixture(scope="session")
def saml_idp(tmp_path_factory: pytest.TempPathFactory, sso_keys: dict) -> Iterator[Provider]:
    idp = start_saml_idp(tmp_path_factory.mktemp("saml-idp"), sso_keys)
    yield idp
    stop(idp.process)


@pytest.fixture(scope="session")
def unsigned_saml_idp(
    tmp_path_factory: pytest.TempPathFactory, sso_keys: dict
) -> Iterator[Provider]:
    """An IdP that signs nothing in its assertions: Candor must refuse them."""
    idp = start_saml_idp(tmp_path_factory.mktemp("unsigned-idp"), sso_keys, "--unsigned-assertions")
    yield idp
    stop(idp.process)


def start_oidc_provider(directory: Path, *flags: str) -> Provider:
    users, clients = directory / "users.json", directory / "clients.json"
    users.write_text("{}")
    clients.write_text("{}")
    process, base = start(
        "oidc_provider.py", "--users", str(users), "--clients", str(clients), *flags
    )
    return Provider(process, base, users, clients)


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    provider = start_oidc_provider(tmp_path_factory.mktemp("oidc"))
    yield provider
    stop(provider.process)


@pytest.fixture(scope="session")
def forging_oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """Signs ID tokens with a key it does not publish, as a forger would."""
    provider = start_oidc_provider(
        tmp_path_factory.mktemp("forging-oidc"), "--sign-with-unpublished-key"
    )
    yield provider
    stop(provider.process)


@pytest.fixture(autouse=True)
def plain_http_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test providers speak HTTP on 127.0.0.1; Authlib refuses that unless told."""
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")


def register_oidc_client(provider: Provider, client_id: str, secret: str, callback: str) -> None:
    clients = json.loads(provider.registry.read_text())
    clients[client_id] = {"secret": secret, "redirect_uris": [callback]}
    provider.registry.write_text(json.dumps(clients))


def sso_config(
    app: Flask,
    tmp_path: Path,
    base_url: str,
    keys: dict | None = None,
    saml_metadata: str = "",
    oidc_provider: Provider | None = None,
    **overrides: object,
) -> TestConfig:
    """The suite's configuration with SAML and/or OpenID Connect switched on."""
    config = TestConfig(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path / "instance")
    config.BASE_URL = base_url
    if saml_metadata:
        assert keys is not None, "SAML needs the SP key pair"
        config.SAML_IDP_METADATA = saml_metadata
        config.SAML_SP_KEY_FILE, config.SAML_SP_CERT_FILE = (str(path) for path in keys["sp"])
    if oidc_provider is not None:
        client_id = "candor-" + re.sub(r"\W", "-", base_url)
        register_oidc_client(
            oidc_provider, client_id, "client secret", base_url + "/sso/oidc/callback"
        )
        config.OIDC_METADATA_URL = oidc_provider.base_url + "/.well-known/openid-configuration"
        config.OIDC_CLIENT_ID = client_id
        config.OIDC_CLIENT_SECRET = "client secret"
    for name, value in overrides.items():
        setattr(config, name, value)
    return config


def register_sp(app: Flask, idp: Provider, name: str) -> None:
    """Give the IdP this app's SP metadata, as an IdP administrator would."""
    with app.test_request_context():
        from app.sso.saml import sp_metadata_xml

        (idp.registry / f"{name}.xml").write_text(sp_metadata_xml())


def saml_app(
    app: Flask, tmp_path: Path, keys: dict, idp: Provider, name: str, **overrides: object
) -> Flask:
    metadata = tmp_path / f"{name}-idp-metadata.xml"
    metadata.write_text(requests.get(idp.base_url + "/metadata", timeout=10).text)
    sso_app = create_app(
        sso_config(app, tmp_path, f"http://{name}.test", keys, str(metadata), **overrides)
    )
    sso_app.test_client_class = IsolatedClient
    register_sp(sso_app, idp, name)
    return sso_app


def field(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no {name} field in:\n{page[:2000]}"
    return unescape(match.group(1))


def saml_round_trip(
    client: FlaskClient, idp: Provider, username: str, password: str = IDP_PASSWORD
):
    """Sign in at the real IdP over HTTP and hand its signed answer to Candor."""
    start_response = client.get("/sso/saml/login")
    assert start_response.status_code == 302, start_response.text
    location = start_response.headers["Location"]
    assert location.startswith(idp.base_url + "/sso/redirect?")
    login_page = requests.get(location, timeout=10)
    assert login_page.status_code == 200, login_page.text
    answer = requests.post(
        idp.base_url + "/login",
        data={"ticket": field(login_page.text, "ticket"), "username": username,
              "password": password},
        timeout=10,
    )  # fmt: skip
    assert answer.status_code == 200, answer.text
    return client.post("/sso/saml/acs", data={"SAMLResponse": field(answer.text, "SAMLResponse")})


def oidc_round_trip(client: FlaskClient, provider: Provider, username: str):
    """Sign in at the real provider over HTTP and bring its redirect back to Candor."""
    start_response = client.get("/sso/oidc/login")
    assert start_response.status_code == 302, start_response.text
    location = start_response.headers["Location"]
    assert location.startswith(provider.base_url + "/authorize?")
    answer = requests.post(
        location,
        data={"username": username, "password": IDP_PASSWORD},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text
    callback = answer.headers["Location"]
    path = callback[callback.index("/sso/oidc/callback") :]
    return start_response, client.get(path)
