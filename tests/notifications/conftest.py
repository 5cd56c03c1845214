"""Fixtures for notifications: the outbox, a fake SMTP server, an app serving /admin/mail.

Importing the outbox model here also puts its table on the metadata before
app/model_registry.py lists it.
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app import create_app
from app.extensions import db as flask_db
from app.notifications.models import OutboxMessage
from app.notifications.views import bp as mail_bp
from config import TestConfig
from tests.conftest import IsolatedClient


def outbox() -> list[OutboxMessage]:
    return list(flask_db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


@pytest.fixture(scope="session")
def mail_app(app: Flask) -> Iterator[Flask]:
    """The suite's app if it serves the mail blueprint; else a twin that does.

    The twin shares the database and, through the ``db`` fixture, each test's transaction.
    """
    if "mail" in app.blueprints:
        yield app
        return
    twin = create_app(TestConfig(app.config["SQLALCHEMY_DATABASE_URI"], app.config["INSTANCE_DIR"]))
    twin.register_blueprint(mail_bp)
    twin.test_client_class = IsolatedClient
    yield twin
    with twin.app_context():
        flask_db.engine.dispose()


@pytest.fixture()
def mail_client(mail_app: Flask, db: object) -> FlaskClient:
    return mail_app.test_client()


class FakeSMTP:
    """Stands in for smtplib.SMTP: refuses while ``refusing`` is set, else records."""

    refusing = False
    sent: list[EmailMessage]
    calls: list[tuple]

    def __init__(self, host: str, port: int, timeout: float) -> None:
        type(self).calls.append(("connect", host, port))

    def starttls(self, context: object) -> None:
        type(self).calls.append(("starttls",))

    def login(self, user: str, password: str) -> None:
        type(self).calls.append(("login", user))

    def send_message(self, email: EmailMessage) -> None:
        if type(self).refusing:
            raise smtplib.SMTPRecipientsRefused({email["To"]: (550, b"5.1.1 No such user here")})
        type(self).sent.append(email)

    def quit(self) -> None:
        type(self).calls.append(("quit",))

    def close(self) -> None:
        type(self).calls.append(("close",))


@pytest.fixture()
def fake_smtp(app: Flask, monkeypatch: pytest.MonkeyPatch) -> type[FakeSMTP]:
    """smtplib.SMTP replaced, and the app configured to use a mail server."""
    fake = type("FakeSMTPForTest", (FakeSMTP,), {"sent": [], "calls": [], "refusing": False})
    monkeypatch.setattr(smtplib, "SMTP", fake)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.edu")
    monkeypatch.setitem(app.config, "MAIL_PORT", 587)
    monkeypatch.setitem(app.config, "MAIL_USE_TLS", True)
    monkeypatch.setitem(app.config, "MAIL_USERNAME", "candor-mailer")
    monkeypatch.setitem(app.config, "MAIL_PASSWORD", "smtp-secret-password")
    return fake
