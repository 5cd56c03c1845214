"""Faults: a failing database during submit, double submission, restarts."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from app import create_app
from app.disclosures import operations
from app.disclosures.enums import DisclosureStatus, ItemKind, YesNoUnknown
from app.disclosures.models import Disclosure, DisclosureVersion
from app.signals import disclosure_submitted
from config import TestConfig
from tests.conftest import csrf_token_from
from tests.factories import login, make_disclosure, make_item


@pytest.fixture()
def ready_draft(db):
    disclosure = make_disclosure()
    make_item(disclosure, ItemKind.SPONSORED_TRAVEL)
    operations.answer_talent_question(disclosure, YesNoUnknown.NO, "", disclosure.person)
    return disclosure


def post_submit(client, disclosure):
    page = client.get(f"/disclosures/{disclosure.id}/submit")
    return client.post(
        f"/disclosures/{disclosure.id}/submit",
        data={
            "csrf_token": csrf_token_from(page.text),
            "certified": "y",
            "typed_name": disclosure.person.full_name,
        },
    )


def test_a_database_error_during_submit_rolls_back_and_keeps_the_draft(client, db, ready_draft):
    def failing_notification(sender, **kwargs):
        # After the version row was written: the whole transaction must go.
        raise OperationalError("INSERT INTO outbox_message", {}, Exception("disk full"))

    login(client, ready_draft.person.email)
    with disclosure_submitted.connected_to(failing_notification):
        response = post_submit(client, ready_draft)
    assert response.status_code == 503
    assert "nothing was changed" in response.text
    db.session.expire_all()
    assert ready_draft.status is DisclosureStatus.DRAFT
    assert db.session.scalars(select(DisclosureVersion)).all() == []
    assert len(ready_draft.live_items) == 1
    assert post_submit(client, ready_draft).status_code == 302  # trying again works


def test_a_double_clicked_submit_creates_one_version(client, db, ready_draft):
    login(client, ready_draft.person.email)
    page = client.get(f"/disclosures/{ready_draft.id}/submit")
    data = {
        "csrf_token": csrf_token_from(page.text),
        "certified": "y",
        "typed_name": ready_draft.person.full_name,
    }
    first = client.post(f"/disclosures/{ready_draft.id}/submit", data=data)
    second = client.post(f"/disclosures/{ready_draft.id}/submit", data=data)
    assert first.status_code == second.status_code == 302
    versions = db.session.scalars(
        select(DisclosureVersion).where(DisclosureVersion.disclosure_id == ready_draft.id)
    ).all()
    assert len(versions) == 1
    page = client.get(f"/disclosures/{ready_draft.id}").text
    assert "already submitted as version 1" in page


def test_restarting_the_app_loses_nothing(app, client, db, ready_draft):
    login(client, ready_draft.person.email)
    assert post_submit(client, ready_draft).status_code == 302
    cookie = client.get_cookie("candor_session").value
    restarted = create_app(same_configuration(app))  # a new process, as after a restart
    restarted.test_client_class = app.test_client_class
    again = restarted.test_client()
    again.set_cookie("candor_session", cookie)
    page = again.get(f"/disclosures/{ready_draft.id}")
    assert page.status_code == 200  # still signed in: the session lives in the database
    assert "Version 1" in page.text
    assert db.session.get(Disclosure, ready_draft.id).versions[0].number == 1


def same_configuration(app):
    config = TestConfig(app.config["SQLALCHEMY_DATABASE_URI"], app.config["INSTANCE_DIR"])
    config.SECRET_KEY = app.config["SECRET_KEY"]
    return config
