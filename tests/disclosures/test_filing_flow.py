"""A faculty member's whole filing experience, through the web."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.clock import local_today
from app.disclosures.enums import DisclosureStatus, ItemKind
from app.disclosures.models import Disclosure, DisclosureVersion
from app.people.roles import Role
from tests.disclosures.helpers import certify, post_form, post_item
from tests.factories import login, make_cycle, make_person


def start_annual(client, cycle, carry_forward=False):
    data = {"carry_forward": True} if carry_forward else {}
    response = post_form(client, "/my", f"/disclosures/start/annual/{cycle.id}", **data)
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[-1])


def answer_no(client, disclosure_id):
    return post_form(
        client, f"/disclosures/{disclosure_id}", f"/disclosures/{disclosure_id}/talent", answer="no"
    )


def submit(client, disclosure_id, name, certified=True):
    return certify(client, disclosure_id, name, certified)


def test_file_save_leave_return_submit_and_amend_with_all_kinds(client, db):
    cycle = make_cycle(2026, local_today() - timedelta(days=10), local_today() + timedelta(days=30))
    person = make_person(Role.FACULTY, name="Marie Curie")
    login(client, person.email)
    assert "Start" in client.get("/my").text
    disclosure_id = start_annual(client, cycle)

    for kind in ItemKind:
        response = post_item(client, disclosure_id, kind)
        assert response.status_code == 302, (kind, response.text[:2000])
    # Leave and come back: everything saved on the server is there.
    client.post("/logout", data={"csrf_token": _token(client, "/my")})
    login(client, person.email)
    page = client.get("/my").text
    assert "Continue" in page and "Draft" in page
    page = client.get(f"/disclosures/{disclosure_id}").text
    for name in (
        "Acme Instruments Inc.",
        "Northwind Analytics LLC",
        "Quantum sensing",
        "Royal Society of Chemistry",
        "Uppsala University",
        "University of Tokyo",
        "Gordon Research Conferences",
    ):
        assert name in page

    assert "Answer the foreign talent recruitment program question" in page
    answer_no(client, disclosure_id)
    assert submit(client, disclosure_id, "marie curie").status_code == 302
    disclosure = db.session.get(Disclosure, disclosure_id)
    db.session.refresh(disclosure)
    assert disclosure.status is DisclosureStatus.SUBMITTED
    assert len(disclosure.versions) == 1
    first_snapshot = dict(disclosure.versions[0].snapshot)
    assert len(first_snapshot["items"]) == 7

    # Amend: change one item, remove another, resubmit.
    assert (
        post_form(
            client, f"/disclosures/{disclosure_id}", f"/disclosures/{disclosure_id}/amend"
        ).status_code
        == 302
    )
    activity = next(i for i in disclosure.live_items if i.kind is ItemKind.OUTSIDE_ACTIVITY)
    travel = next(i for i in disclosure.live_items if i.kind is ItemKind.SPONSORED_TRAVEL)
    assert (
        post_item(
            client, disclosure_id, ItemKind.OUTSIDE_ACTIVITY, activity.id, days_per_year="12"
        ).status_code
        == 302
    )
    post_form(
        client,
        f"/disclosures/{disclosure_id}",
        f"/disclosures/{disclosure_id}/items/{travel.id}/withdraw",
    )
    assert submit(client, disclosure_id, "Marie Curie").status_code == 302

    db.session.expire_all()
    versions = db.session.scalars(
        select(DisclosureVersion)
        .where(DisclosureVersion.disclosure_id == disclosure_id)
        .order_by(DisclosureVersion.number)
    ).all()
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].snapshot == first_snapshot  # the old version is intact
    assert len(versions[1].snapshot["items"]) == 6
    compare = client.get(f"/disclosures/{disclosure_id}/compare?from=1&to=2")
    assert compare.status_code == 200
    assert "Days per year" in compare.text and "12.0" in compare.text
    assert "Removed" in compare.text and "Gordon Research Conferences" in compare.text
    assert client.get(f"/disclosures/{disclosure_id}/versions/1").status_code == 200


def test_certification_needs_the_box_and_the_exact_name(client, db):
    cycle = make_cycle(2026, local_today() - timedelta(days=1), local_today() + timedelta(days=30))
    person = make_person(Role.FACULTY, name="Ada Lovelace")
    login(client, person.email)
    disclosure_id = start_annual(client, cycle)
    answer_no(client, disclosure_id)
    unticked = submit(client, disclosure_id, "Ada Lovelace", certified=False)
    assert unticked.status_code == 400 and "Tick the box to certify." in unticked.text
    wrong_name = submit(client, disclosure_id, "Ada King")
    assert wrong_name.status_code == 400
    assert "Type your full name exactly as it appears: Ada Lovelace." in wrong_name.text
    assert 'value="Ada King"' in wrong_name.text  # the input is kept
    assert db.session.get(Disclosure, disclosure_id).versions == []


def test_event_disclosure_is_due_thirty_days_after_the_event(client, db):
    person = make_person(Role.FACULTY)
    login(client, person.email)
    event = local_today() - timedelta(days=3)
    response = post_form(
        client,
        "/disclosures/start/event",
        "/disclosures/start/event",
        event_date=event,
        summary="Joined an advisory board",
    )
    assert response.status_code == 302
    disclosure = db.session.scalar(select(Disclosure).where(Disclosure.person_id == person.id))
    assert disclosure.due_on == event + timedelta(days=30)
    assert "Event-driven disclosure" in client.get("/my").text


def test_event_date_in_the_future_is_refused_beside_the_field(client, db):
    login(client, make_person(Role.FACULTY).email)
    response = post_form(
        client,
        "/disclosures/start/event",
        "/disclosures/start/event",
        event_date=local_today() + timedelta(days=5),
        summary="Not yet",
    )
    assert response.status_code == 400
    assert "This date cannot be in the future." in response.text
    assert 'value="Not yet"' in response.text


def _token(client, path):
    from tests.conftest import csrf_token_from

    return csrf_token_from(client.get(path).text)


def test_signing_in_again_returns_to_the_draft(client, db):
    from tests.factories import make_disclosure

    disclosure = make_disclosure()
    form_path = f"/disclosures/{disclosure.id}/items/new/support"
    response = client.get(form_path)  # as if the session had expired
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    login_page = client.get(response.headers["Location"])
    from tests.conftest import csrf_token_from

    signed_in = client.post(
        response.headers["Location"],
        data={
            "email": disclosure.person.email,
            "password": "correct horse battery",
            "csrf_token": csrf_token_from(login_page.text),
        },
    )
    assert signed_in.headers["Location"].endswith(form_path)
    page = client.get(form_path).text
    assert 'data-draft-key="' + form_path + '"' in page
    assert "draft-keeper.js" in page
