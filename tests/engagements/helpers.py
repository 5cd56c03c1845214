"""Filling in and moving proposals through the web, as people do."""

from __future__ import annotations

from app.engagements.models import EngagementProposal
from app.extensions import db
from tests.conftest import csrf_token_from
from tests.factories import login

#: A complete proposal, as the form posts it.
COMPLETE = {
    "title": "Joint work on battery materials",
    "partners": "Zhejiang University",
    "country": "CN",
    "starts_on": "2031-03-01",
    "ends_on": "2032-02-28",
    "funding_amount": "120000",
    "funding_currency": "USD",
    "funding_recipient": "The university",
    "shared": ["data", "students"],
    "export_controlled": "no",
    "description": "Co-authored papers on cathode chemistry.",
    "benefits_specific": "Their group makes the only samples of this kind.",
    "risk_of_not_doing": "We lose two years on the project.",
    "norms_confirmed": "y",
}


def switch(client, person) -> None:
    client.post("/logout", data={"csrf_token": csrf_token_from(client.get("/no-role").text)})
    login(client, person.email)


def start(client, kind: str = "research_collaboration") -> EngagementProposal:
    page = client.get("/engagements/new")
    response = client.post(
        "/engagements/new", data={"csrf_token": csrf_token_from(page.text), "kind": kind}
    )
    assert response.status_code == 302, response.text
    proposal_id = int(response.headers["Location"].rstrip("/").split("/")[-2])
    return db.session.get(EngagementProposal, proposal_id)


def save(client, proposal, **fields):
    page = client.get(f"/engagements/{proposal.id}/edit")
    return client.post(
        f"/engagements/{proposal.id}/edit",
        data={"csrf_token": csrf_token_from(page.text), **fields},
    )


def act(client, proposal, action: str, **fields):
    page = client.get(f"/engagements/{proposal.id}")
    return client.post(
        f"/engagements/{proposal.id}/act",
        data={
            "csrf_token": csrf_token_from(page.text),
            "action": action,
            "audience": "pi",
            **fields,
        },
    )
