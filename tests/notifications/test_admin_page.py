"""/admin/mail: administrators only; message bodies viewable (escaped) only in development."""

from __future__ import annotations

import pytest

from app.notifications.operations import enqueue
from app.people.roles import Role
from tests.factories import login, make_person


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.ADMIN, 200),
        (Role.COI_OFFICE, 403),
        (Role.GENERAL_COUNSEL, 403),
        (Role.DEPARTMENT_HEAD, 403),
        (Role.FACULTY, 403),
    ],
)
def test_outbox_page_is_for_administrators(mail_client, db, role, status):
    message = enqueue(make_person(), "Hello", "body", "<p>body</p>", "test:page")
    person = make_person(role)
    login(mail_client, person.email)
    assert mail_client.get("/admin/mail").status_code == status
    assert mail_client.get(f"/admin/mail/{message.id}").status_code == status


def test_signed_out_visitors_are_sent_to_sign_in(mail_client, db):
    response = mail_client.get("/admin/mail")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_outbox_lists_messages_newest_first_with_status_and_error(mail_client, db):
    older = enqueue(make_person(), "Older subject", "t", "h", "test:older")
    newer = enqueue(make_person(), "Newer subject", "t", "h", "test:newer")
    newer.last_error = "SMTPRecipientsRefused: <550 no such user>"
    admin = make_person(Role.ADMIN)
    login(mail_client, admin.email)

    page = mail_client.get("/admin/mail").text

    assert page.index("Newer subject") < page.index("Older subject")
    assert older.to_address in page
    assert "SMTPRecipientsRefused: &lt;550 no such user&gt;" in page
    assert f'href="/admin/mail/{newer.id}"' in page


def test_message_body_is_shown_escaped_in_development(mail_client, db):
    message = enqueue(make_person(), "Subject", "<script>alert(1)</script>", "h", "test:xss")
    admin = make_person(Role.ADMIN)
    login(mail_client, admin.email)

    page = mail_client.get(f"/admin/mail/{message.id}").text

    assert "<pre" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)</script>" not in page
    assert mail_client.get("/admin/mail/999999999").status_code == 404


def test_bodies_are_not_viewable_when_real_mail_is_configured(
    mail_app, mail_client, db, monkeypatch
):
    message = enqueue(make_person(), "Subject", "private body", "h", "test:prod")
    monkeypatch.setitem(mail_app.config, "MAIL_SERVER", "smtp.example.edu")
    admin = make_person(Role.ADMIN)
    login(mail_client, admin.email)

    page = mail_client.get("/admin/mail").text

    assert "Subject" in page
    assert f"/admin/mail/{message.id}" not in page
    assert mail_client.get(f"/admin/mail/{message.id}").status_code == 404
