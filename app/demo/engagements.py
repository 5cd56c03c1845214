"""Demo engagement proposals and a request for counsel's advice, reached through the
engagement and advice operations: a collaboration that crosses a red line, one approved
with conditions, a visitor under review, and advice given on a draft contract."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.advice.operations import give_advice, request_advice
from app.clock import local_today
from app.engagements.enums import EngagementAction, EngagementKind
from app.engagements.models import EngagementProposal
from app.engagements.operations import new_proposal, save_proposal, take_action
from app.engagements.states import Capacity, Decision
from app.extensions import db
from app.people.models import Person

PI = frozenset({Capacity.PI})
DEPARTMENT = frozenset({Capacity.DEPARTMENT})
SECURITY = frozenset({Capacity.SECURITY})
COMMITTEE = frozenset({Capacity.COMMITTEE})


def _proposal(pi: Person, kind: EngagementKind, **fields: object) -> EngagementProposal:
    start = local_today() + timedelta(days=120)
    data = {
        "country": "CN",
        "starts_on": start,
        "ends_on": start + timedelta(days=365),
        "export_controlled": "no",
        "shared": ["information", "data"],
        "benefits_specific": "Their group has the only beamline time for these samples.",
        "benefits_broader": "Two joint papers a year; students trained on new methods.",
        "risk_of_not_doing": "The project slips by a year.",
        "norms_confirmed": True,
        "colleagues": [],
        "outsiders": [],
        "partners": [],
        **fields,
    }
    proposal = new_proposal(pi, kind)
    save_proposal(proposal, data, pi)
    return proposal


def seed_demo_engagements(
    people: dict[str, Person], heads: dict[str, Person], coi: Person, counsel: Person
) -> None:
    if db.session.scalar(select(EngagementProposal.id).limit(1)) is not None:
        return
    _proposal(
        people["Wei Zhang"],
        EngagementKind.RESEARCH_COLLABORATION,
        title="Hypersonic flow simulations",
        partners=["Harbin Institute of Technology"],
    )
    pi = people["Li Na Chen"]
    approved = _proposal(
        pi,
        EngagementKind.RESEARCH_COLLABORATION,
        title="Battery cathode chemistry",
        partners=["Zhejiang University"],
    )
    take_action(approved, EngagementAction.SUBMIT, pi, PI, Decision())
    take_action(
        approved,
        EngagementAction.ENDORSE,
        heads["CHEM"],
        DEPARTMENT,
        Decision(comment="A strong scientific case."),
    )
    take_action(
        approved,
        EngagementAction.REFER,
        coi,
        SECURITY,
        Decision(
            risk_assessment="Civilian university; no export-controlled items or data.",
            proposed_conditions="No export-controlled data; annual review.",
        ),
    )
    take_action(
        approved,
        EngagementAction.APPROVE_WITH_CONDITIONS,
        coi,
        COMMITTEE,
        Decision(
            conditions="No export-controlled data leaves the lab; annual review of outputs.",
            monitor_id=coi.id,
            review_on=local_today() + timedelta(days=365),
        ),
    )
    host = people["Ming Liu"]
    visitor = _proposal(
        host,
        EngagementKind.VISITING_RESEARCHER,
        title="Visiting postdoc in radar signal processing",
        visitor_employer="National University of Defense Technology",
        visitor_prior_affiliations="Tsinghua University",
    )
    take_action(visitor, EngagementAction.SUBMIT, host, PI, Decision())
    asker = people["Jian Wang"]
    advice = request_advice(
        asker,
        {
            "subject": "Consulting agreement for lidar calibration",
            "counterparty": "Shenzhen Lidar Systems Co., Ltd.",
            "country": "CN",
            "question": "May I sign this two-year consulting agreement? The draft is attached.",
        },
    )
    give_advice(advice, counsel, "You may sign once an export-control clause is added.")
