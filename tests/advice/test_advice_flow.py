"""Asking general counsel's advice: the request, the answer, privileged visibility, and
the contract disclosed later linking to the advice."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.advice.models import AdviceRequest, AdviceStatus
from app.audit.models import AuditEntry
from app.clock import local_today
from app.disclosures.enums import ItemKind
from app.extensions import db
from app.notifications.models import OutboxMessage
from app.people.roles import Role
from app.record.models import VersionContract
from tests.conftest import csrf_token_from
from tests.engagements.helpers import switch
from tests.factories import (
    login,
    make_cycle,
    make_department,
    make_disclosure,
    make_item,
    make_person,
    make_submitted,
)

QUESTION = "May I sign a two-year consulting contract with Shenzhen Example Robotics?"


@pytest.fixture()
def people(db):
    chemistry = make_department("CHEM", "Chemistry")
    return {
        "faculty": make_person(Role.FACULTY, department=chemistry, name="Ana Ruiz"),
        "colleague": make_person(Role.FACULTY, department=chemistry),
        "head": make_person(Role.FACULTY, Role.DEPARTMENT_HEAD, department=chemistry),
        "counsel": make_person(Role.GENERAL_COUNSEL, name="Grace Counsel"),
        "coi": make_person(Role.COI_OFFICE),
        "admin": make_person(Role.ADMIN),
    }


def ask(client) -> AdviceRequest:
    page = client.get("/advice/new")
    response = client.post(
        "/advice/new",
        data={
            "csrf_token": csrf_token_from(page.text),
            "subject": "Consulting contract",
            "counterparty": "Shenzhen Example Robotics Co.",
            "country": "CN",
            "question": QUESTION,
        },
    )
    assert response.status_code == 302, response.text
    return db.session.scalars(select(AdviceRequest).order_by(AdviceRequest.id.desc())).first()


def post(client, path, **data):
    page = client.get(path.rsplit("/", 1)[0] if not path.endswith("/new") else path)
    return client.post(path, data={"csrf_token": csrf_token_from(page.text), **data})


def test_a_request_without_a_question_is_refused_beside_the_field(client, people):
    login(client, people["faculty"].email)
    page = client.get("/advice/new")
    response = client.post(
        "/advice/new",
        data={"csrf_token": csrf_token_from(page.text), "subject": "Kept as typed"},
    )
    assert response.status_code == 422
    assert "Write your question." in response.text
    assert "Kept as typed" in response.text


def test_counsel_answers_and_only_privileged_readers_see_it(client, people):
    login(client, people["faculty"].email)
    request = ask(client)
    document = io.BytesIO(b"%PDF-1.4\n%draft contract\n")
    page = client.get(f"/advice/{request.id}")
    assert "Privileged and confidential" in page.text
    response = client.post(
        f"/advice/{request.id}/documents",
        data={"csrf_token": csrf_token_from(page.text), "file": (document, "draft.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    switch(client, people["counsel"])
    assert "Consulting contract" in client.get("/advice/").text
    response = post(client, f"/advice/{request.id}/advise", advice="Add an export-control clause.")
    assert response.status_code == 302
    db.session.refresh(request)
    assert request.status is AdviceStatus.ADVISED
    assert request.advised_by_id == people["counsel"].id
    for reader in ("faculty", "coi"):
        switch(client, people[reader])
        assert "Add an export-control clause." in client.get(f"/advice/{request.id}").text
    for outsider in ("colleague", "head", "admin"):
        switch(client, people[outsider])
        assert client.get(f"/advice/{request.id}").status_code == 404
    mails = db.session.execute(select(OutboxMessage.to_address, OutboxMessage.text_body)).all()
    assert {to for to, _ in mails} == {people["counsel"].email, people["faculty"].email}
    assert not any("export-control" in body or QUESTION in body for _, body in mails)
    # The audit trail says advice was given, never what it said.
    summaries = db.session.scalars(
        select(AuditEntry.summary).where(AuditEntry.object_type == "advice_request")
    ).all()
    assert summaries and not any("export-control" in s for s in summaries)


def test_counsel_cannot_advise_twice_and_others_cannot_advise(client, people):
    login(client, people["faculty"].email)
    request = ask(client)
    switch(client, people["coi"])
    assert post(client, f"/advice/{request.id}/advise", advice="x").status_code == 403
    switch(client, people["counsel"])
    post(client, f"/advice/{request.id}/advise", advice="First.")
    response = post(client, f"/advice/{request.id}/advise", advice="Second.")
    assert response.status_code == 422
    db.session.refresh(request)
    assert request.advice == "First."


def test_the_disclosed_contract_links_to_the_advice_and_the_register_says_so(client, people):
    login(client, people["faculty"].email)
    request = ask(client)
    switch(client, people["counsel"])
    post(client, f"/advice/{request.id}/advise", advice="Sign with an export clause.")
    today = local_today()
    disclosure = make_disclosure(
        people["faculty"], make_cycle(today.year, today - timedelta(10), today + timedelta(20))
    )
    item = make_item(
        disclosure,
        ItemKind.OUTSIDE_COMPENSATION,
        organisation="Shenzhen Example Robotics Co.",
        country="CN",
        backed_by_contract=True,
        contract_type="Consulting agreement",
        contract_signed_on=today - timedelta(3),
    )
    switch(client, people["faculty"])
    page = client.get(f"/advice/{request.id}")
    assert "Shenzhen Example Robotics Co., Consulting agreement" in page.text
    response = client.post(
        f"/advice/{request.id}/link",
        data={"csrf_token": csrf_token_from(page.text), "contract_id": str(item.contract.id)},
    )
    assert response.status_code == 302
    db.session.expire_all()  # the link was made by the request's session
    make_submitted(disclosure)
    frozen = db.session.scalar(
        select(VersionContract).where(VersionContract.contract_id == item.contract.id)
    )
    assert frozen.advice_id == request.id
    switch(client, people["counsel"])
    register = client.get("/counsel/contracts").text
    assert "advice sought on" in register


def test_a_contract_of_someone_else_cannot_be_linked(client, people):
    today = local_today()
    other = make_disclosure(
        people["colleague"], make_cycle(today.year, today - timedelta(10), today + timedelta(20))
    )
    item = make_item(
        other,
        ItemKind.OUTSIDE_COMPENSATION,
        backed_by_contract=True,
        contract_type="Other",
        contract_signed_on=today,
    )
    login(client, people["faculty"].email)
    request = ask(client)
    page = client.get(f"/advice/{request.id}")
    response = client.post(
        f"/advice/{request.id}/link",
        data={"csrf_token": csrf_token_from(page.text), "contract_id": str(item.contract.id)},
    )
    assert response.status_code == 422
    db.session.expire_all()
    assert item.contract.advice_id is None
