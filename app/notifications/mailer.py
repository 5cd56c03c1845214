"""Deliver the outbox: through SMTP when MAIL_SERVER is set, else as .eml files.

Run by ``flask --app app send-mail`` (from cron, after ``remind``).
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Any, Protocol

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.notifications.models import OutboxMessage, OutboxStatus
from app.notifications.queries import due_for_delivery, ids_due_for_delivery

#: A failed message waits this long times its number of attempts before the next try.
RETRY_STEP = timedelta(minutes=5)
#: After this many failures a message stays failed (with its error) and is not retried.
MAX_ATTEMPTS = 10
SMTP_TIMEOUT_SECONDS = 30
LONGEST_ERROR = 2000


class Transport(Protocol):
    def send(self, email: EmailMessage, name: str) -> None: ...

    def close(self) -> None: ...


class FileTransport:
    """Development: each message becomes ``<timestamp>-<id>.eml`` in a folder."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def send(self, email: EmailMessage, name: str) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / f"{name}.eml").write_bytes(email.as_bytes())

    def close(self) -> None:
        """Nothing to close."""


class SmtpTransport:
    """One SMTP connection, opened on the first message and reopened after an error."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = config
        self.connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        connection = smtplib.SMTP(
            self.config["MAIL_SERVER"], self.config["MAIL_PORT"], timeout=SMTP_TIMEOUT_SECONDS
        )
        try:
            if self.config["MAIL_USE_TLS"]:
                connection.starttls(context=ssl.create_default_context())
            if self.config["MAIL_USERNAME"]:
                connection.login(self.config["MAIL_USERNAME"], self.config["MAIL_PASSWORD"])
        except BaseException:
            connection.close()
            raise
        return connection

    def send(self, email: EmailMessage, name: str) -> None:
        if self.connection is None:
            self.connection = self._connect()
        try:
            self.connection.send_message(email)
        except BaseException:
            # After a refusal the session's state is unknown: start afresh for the next one.
            self.close()
            raise

    def close(self) -> None:
        if self.connection is None:
            return
        connection, self.connection = self.connection, None
        try:
            connection.quit()
        except (smtplib.SMTPException, OSError):
            connection.close()


def transport_for(config: Mapping[str, Any]) -> Transport:
    if config["MAIL_SERVER"]:
        return SmtpTransport(config)
    return FileTransport(Path(config["MAIL_FILE_DIR"]))


def as_email(message: OutboxMessage, sender: str, now: datetime) -> EmailMessage:
    """The message as multipart/alternative: plain text first, HTML preferred."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = sender
    email["To"] = message.to_address
    email["Date"] = format_datetime(now)
    # The same id on every attempt, so a message delivered twice reads as one.
    email["Message-ID"] = f"<candor-outbox-{message.id}.{message.created_at:%Y%m%d%H%M%S}@{domain}>"
    # RFC 3834: nobody should auto-reply to this.
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(message.text_body)
    email.add_alternative(message.html_body, subtype="html")
    return email


def mark_sent(message: OutboxMessage, now: datetime) -> None:
    message.attempts += 1
    message.status = OutboxStatus.SENT
    message.sent_at = now
    message.next_attempt_at = None


def mark_failed(message: OutboxMessage, error: str, now: datetime) -> None:
    message.attempts += 1
    message.status = OutboxStatus.FAILED
    message.last_error = error[:LONGEST_ERROR]
    message.next_attempt_at = (
        now + RETRY_STEP * message.attempts if message.attempts < MAX_ATTEMPTS else None
    )


def claim(message_id: int, now: datetime) -> OutboxMessage | None:
    """The message, locked, if it is still due; None if another run has taken it.

    PostgreSQL skips rows locked by a concurrent ``send-mail``, so overlapping cron runs
    do not send a message twice; SQLite has no row locks (one writer at a time anyway).
    """
    return db.session.scalar(
        select(OutboxMessage)
        .where(OutboxMessage.id == message_id, due_for_delivery(now))
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )


def deliver_pending(now: datetime) -> tuple[int, int]:
    """Try every message that is due; returns (sent, failed).

    Unlike other operations this commits, after each message: a message that has left
    cannot be called back, so its "sent" must be saved at once. Committing the whole run
    at the end would let one later error (or a crash) roll back the "sent" of messages
    already delivered, and the next run would send them again.
    """
    config = current_app.config
    transport = transport_for(config)
    sent = failed = 0
    try:
        for message_id in ids_due_for_delivery(now):
            message = claim(message_id, now)
            if message is None:
                db.session.commit()
                continue
            email = as_email(message, config["MAIL_DEFAULT_SENDER"], now)
            try:
                transport.send(email, f"{now:%Y%m%dT%H%M%S%fZ}-{message.id}")
            except (smtplib.SMTPException, OSError) as error:
                mark_failed(message, f"{type(error).__name__}: {error}", now)
                failed += 1
            else:
                mark_sent(message, now)
                sent += 1
            db.session.commit()
    finally:
        transport.close()
    return sent, failed
