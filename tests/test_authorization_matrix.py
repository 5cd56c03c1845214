"""Every route of the app, against every role and own / same-department / other-department
objects. The expected outcome of each route is decided below; a route that is not listed
fails the test until someone decides who may use it."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from werkzeug.datastructures import FileStorage

from app.advice.operations import request_advice
from app.api.operations import issue_token
from app.api.scopes import Scope
from app.clock import local_today
from app.disclosures.attachments import store_attachment
from app.disclosures.delegation import add_delegate
from app.disclosures.enums import AttachmentPurpose, ItemKind
from app.engagements.documents import store_document
from app.engagements.enums import EngagementAction, EngagementKind
from app.engagements.operations import new_proposal, save_proposal, take_action
from app.engagements.states import Capacity, Decision
from app.notifications.operations import enqueue
from app.people.roles import Role
from app.review.operations import PlanTerms, set_management_plan
from app.screening.flags import Category, Severity
from app.screening.watchlist_operations import add_local_entry
from tests.conftest import csrf_token_from
from tests.factories import (
    certified_flags,
    login,
    make_cycle,
    make_department,
    make_disclosure,
    make_item,
    make_person,
    make_submitted,
)

ALLOW, DENY, LOGIN = "allow", "deny", "login"
#: A complete engagement proposal, as the proposal form gives it to the operation.
PROPOSAL_DATA = {
    "title": "Matrix collaboration",
    "partners": ["Zhejiang University"],
    "country": "CN",
    "starts_on": date(2031, 1, 1),
    "export_controlled": "no",
    "benefits_specific": "Samples.",
    "risk_of_not_doing": "Delay.",
    "norms_confirmed": True,
}
#: The JSON API ignores the browser's session: without a bearer token it answers 401 with
#: a problem document, whoever is signed in (tests/api cover what tokens may do).
TOKEN = "token"
ROLES = ("anonymous", "faculty", "head", "coi", "counsel", "admin")
RELATIONS = ("own", "same", "other")
FILERS = {"faculty", "head"}


@dataclass(frozen=True)
class Who:
    role: str
    relation: str


Rule = Callable[[Who], str]


def signed_in(rule: Rule) -> Rule:
    return lambda who: LOGIN if who.role == "anonymous" else rule(who)


def roles(*allowed: str) -> Rule:
    return signed_in(lambda who: ALLOW if who.role in allowed else DENY)


anyone = signed_in(lambda who: ALLOW)
filer_only = signed_in(lambda who: ALLOW if who.relation == "own" else DENY)
#: A draft: the filer, and the institution-wide readers (COI office, general counsel).
draft_reader = signed_in(
    lambda who: ALLOW if who.relation == "own" or who.role in ("coi", "counsel") else DENY
)
#: A submitted disclosure: also the head of the filer's department.
submitted_reader = signed_in(
    lambda who: (
        ALLOW
        if who.relation == "own"
        or who.role in ("coi", "counsel")
        or (who.role == "head" and who.relation == "same")
        else DENY
    )
)
#: Reviewing: the COI office, or the head of the filer's department; never one's own.
reviewer = signed_in(
    lambda who: (
        ALLOW
        if who.relation != "own"
        and (who.role == "coi" or (who.role == "head" and who.relation == "same"))
        else DENY
    )
)
department_rollup = signed_in(
    lambda who: (
        ALLOW
        if who.role in ("coi", "counsel") or (who.role == "head" and who.relation != "other")
        else DENY
    )
)


#: A submitted engagement proposal: the PI, the head of the PI's department, the COI office
#: (research security, and committee while no one holds that role); not general counsel.
engagement_reader = signed_in(
    lambda who: (
        ALLOW
        if who.relation == "own"
        or who.role == "coi"
        or (who.role == "head" and who.relation == "same")
        else DENY
    )
)


#: A request for general counsel's advice (privileged): the requester, counsel, the COI office.
privileged = signed_in(
    lambda who: ALLOW if who.relation == "own" or who.role in ("coi", "counsel") else DENY
)
requester_or_counsel = signed_in(
    lambda who: ALLOW if who.relation == "own" or who.role == "counsel" else DENY
)


def token_only(who: Who) -> str:
    return TOKEN


reminder = signed_in(
    lambda who: (
        ALLOW
        if who.role == "coi" or (who.role == "head" and who.relation in ("own", "same"))
        else DENY
    )
)

#: (endpoint, method) -> who may use it. The object named in the URL belongs to the filer.
EXPECTED: dict[tuple[str, str], Rule] = {
    ("auth.login", "GET"): lambda who: ALLOW,
    ("auth.login", "POST"): lambda who: ALLOW,
    ("auth.logout", "POST"): anyone,
    ("home.index", "GET"): anyone,
    ("home.no_role", "GET"): anyone,
    ("home.faculty_dashboard", "GET"): roles("faculty", "head"),
    ("home.department_dashboard", "GET"): roles("head"),
    ("home.coi_dashboard", "GET"): roles("coi"),
    ("home.counsel_dashboard", "GET"): roles("counsel"),
    ("home.admin_dashboard", "GET"): roles("admin"),
    ("disclosures.start_annual", "POST"): roles("faculty", "head"),
    ("disclosures.start_event", "GET"): roles("faculty", "head"),
    ("disclosures.start_event", "POST"): roles("faculty", "head"),
    ("disclosures.show", "GET"): draft_reader,
    ("disclosures.new_item", "GET"): filer_only,
    ("disclosures.new_item", "POST"): filer_only,
    ("disclosures.edit_item", "GET"): filer_only,
    ("disclosures.edit_item", "POST"): filer_only,
    ("disclosures.withdraw_item", "POST"): filer_only,
    ("disclosures.confirm_item", "POST"): filer_only,
    ("disclosures.answer_talent_question", "POST"): filer_only,
    ("disclosures.submit", "GET"): filer_only,
    ("disclosures.submit", "POST"): filer_only,
    ("disclosures.amend", "POST"): filer_only,
    ("disclosures.version", "GET"): submitted_reader,
    ("disclosures.compare", "GET"): submitted_reader,
    ("attachments.upload", "POST"): filer_only,
    ("attachments.download", "GET"): submitted_reader,
    ("attachments.withdraw", "POST"): filer_only,
    ("delegation.index", "GET"): anyone,
    ("delegation.index", "POST"): anyone,
    ("delegation.revoke", "POST"): filer_only,
    ("cycles.index", "GET"): roles("admin", "coi"),
    ("cycles.index", "POST"): roles("admin", "coi"),
    ("review.queue", "GET"): roles("head", "coi"),
    ("review.flag_queue", "GET"): roles("coi"),
    ("review.decide", "POST"): reviewer,
    ("review.comment", "POST"): reviewer,
    ("review.dispose", "POST"): roles("coi"),
    ("review.acknowledge", "POST"): filer_only,
    ("review.remind", "POST"): reminder,
    ("organisations.suggest", "GET"): anyone,
    ("organisations.index", "GET"): roles("coi", "counsel", "head"),
    ("organisations.show", "GET"): roles("coi", "counsel", "head"),
    ("organisations.edit", "POST"): roles("coi"),
    ("organisations.merge", "POST"): roles("coi"),
    ("watchlist.index", "GET"): roles("admin", "coi"),
    ("watchlist.try_text", "POST"): roles("admin", "coi"),
    ("watchlist.add_local", "POST"): roles("admin"),
    ("watchlist.retire_local", "POST"): roles("admin"),
    ("counsel.contracts", "GET"): roles("counsel", "coi"),
    ("counsel.contract", "GET"): roles("counsel", "coi"),
    ("counsel.contracts_export", "GET"): roles("counsel", "coi"),
    ("counsel.audit", "GET"): roles("counsel", "coi"),
    ("counsel.audit_export", "GET"): roles("counsel", "coi"),
    ("rollups.index", "GET"): roles("head", "coi", "counsel"),
    ("rollups.department", "GET"): department_rollup,
    ("rollups.institution", "GET"): roles("coi", "counsel"),
    ("rollups.contracts", "GET"): roles("coi", "counsel"),
    ("mail.outbox", "GET"): roles("admin"),
    ("mail.message", "GET"): roles("admin"),
    ("api.openapi", "GET"): lambda who: ALLOW,
    ("api.people", "GET"): token_only,
    ("api.person", "GET"): token_only,
    ("api.certified_disclosures", "GET"): token_only,
    ("api.person_flags", "GET"): token_only,
    ("api.institution_flags", "GET"): token_only,
    ("api.roster", "POST"): token_only,
    ("api_tokens.index", "GET"): roles("admin"),
    ("api_tokens.create", "POST"): roles("admin"),
    ("api_tokens.revoke", "POST"): roles("admin"),
    ("engagements.index", "GET"): roles("faculty", "head", "coi"),
    ("engagements.help_page", "GET"): anyone,
    ("engagements.new", "GET"): roles("faculty", "head"),
    ("engagements.new", "POST"): roles("faculty", "head"),
    ("engagements.show", "GET"): engagement_reader,
    ("engagements.edit", "GET"): filer_only,
    ("engagements.edit", "POST"): filer_only,
    ("engagements.act", "POST"): engagement_reader,
    ("engagements.comment", "POST"): engagement_reader,
    ("engagements.upload", "POST"): filer_only,
    ("engagements.document", "GET"): engagement_reader,
    ("advice.index", "GET"): roles("faculty", "head", "coi", "counsel"),
    ("advice.new", "GET"): roles("faculty", "head"),
    ("advice.new", "POST"): roles("faculty", "head"),
    ("advice.show", "GET"): privileged,
    ("advice.advise", "POST"): roles("counsel"),
    ("advice.close", "POST"): requester_or_counsel,
    ("advice.upload", "POST"): filer_only,
    ("advice.document", "GET"): privileged,
    ("advice.link", "POST"): filer_only,
}

#: Static files are public by nature.
UNGUARDED = {"static", "bootstrap.static"}
#: Routes that act on the filer's draft (the others use the submitted disclosure).
ON_DRAFT = {
    "disclosures.show",
    "disclosures.new_item",
    "disclosures.edit_item",
    "disclosures.withdraw_item",
    "disclosures.confirm_item",
    "disclosures.answer_talent_question",
    "disclosures.submit",
    "attachments.upload",
    "attachments.withdraw",
    "engagements.edit",
    "engagements.upload",
}


#: Query strings a route needs to mean anything.
QUERIES = {"disclosures.compare": "?from=1&to=1"}


def upload(disclosure, filer):
    document = FileStorage(io.BytesIO(b"%PDF-1.4\n%matrix\n"), "letter.pdf")
    return store_attachment(disclosure, document, AttachmentPurpose.OTHER, filer)


def engagement_world(filer):
    """A submitted proposal with a draft agreement, and a draft proposal, of the filer."""
    proposal = new_proposal(filer, EngagementKind.RESEARCH_COLLABORATION)
    save_proposal(proposal, {**PROPOSAL_DATA, "colleagues": [], "outsiders": []}, filer)
    take_action(proposal, EngagementAction.SUBMIT, filer, frozenset({Capacity.PI}), Decision())
    document = store_document(
        FileStorage(io.BytesIO(b"%PDF-1.4\n%draft\n"), "draft.pdf"), filer, proposal.id
    )
    return proposal, new_proposal(filer, EngagementKind.CONSULTING), document


def advice_world(filer):
    """The filer's request for counsel's advice, with the draft contract attached."""
    advice = request_advice(
        filer,
        {"subject": "Draft", "counterparty": "Matrix Robotics", "country": "CN", "question": "?"},
    )
    document = store_document(
        FileStorage(io.BytesIO(b"%PDF-1.4\n%contract\n"), "contract.pdf"),
        filer,
        advice_request_id=advice.id,
    )
    return advice, document


def build_world(role: str, relation: str) -> tuple[object, dict[str, object]]:
    """The actor, and the filer's objects in the relation asked for."""
    home, elsewhere = make_department("HOME", "Home"), make_department("AWAY", "Away")
    actor_roles = {
        "faculty": (Role.FACULTY,),
        "head": (Role.FACULTY, Role.DEPARTMENT_HEAD),
        "coi": (Role.COI_OFFICE,),
        "counsel": (Role.GENERAL_COUNSEL,),
        "admin": (Role.ADMIN,),
        "anonymous": (Role.FACULTY,),
    }[role]
    actor = make_person(*actor_roles, department=home)
    if relation == "own":
        filer = actor
    else:
        filer = make_person(Role.FACULTY, department=home if relation == "same" else elsewhere)
    coi = make_person(Role.COI_OFFICE)
    today = local_today()
    submitted = make_disclosure(
        filer, make_cycle(today.year - 1, today - timedelta(400), today - timedelta(300), coi)
    )
    item = make_item(
        submitted,
        ItemKind.OUTSIDE_COMPENSATION,
        organisation="Huawei",
        country="CN",
        backed_by_contract=True,
        contract_type="Other",
        contract_signed_on=today - timedelta(500),
    )
    submitted_attachment = upload(submitted, filer)
    make_submitted(submitted)
    plan = set_management_plan(submitted, PlanTerms("Conditions", coi, today), coi)
    draft = make_disclosure(
        filer, make_cycle(today.year, today - timedelta(10), today + timedelta(20), coi)
    )
    draft_item = make_item(draft, ItemKind.SUPPORT)
    draft_attachment = upload(draft, filer)
    entry = add_local_entry(
        "Matrix Corp", [], Category.MILITARY_COMPANY, Severity.CRITICAL, "CN", "Matrix", coi.id
    )
    message = enqueue(coi, "Subject", "Text", "<p>Html</p>", "matrix:message")
    proposal, draft_proposal, document = engagement_world(filer)
    advice, advice_document = advice_world(filer)
    objects = {
        "submitted": {
            "disclosure_id": submitted.id,
            "item_id": item.id,
            "number": 1,
            "attachment_id": submitted_attachment.id,
            "flag_id": certified_flags(submitted)[0].id,
            "plan_id": plan.id,
            "proposal_id": proposal.id,
        },
        "draft": {
            "disclosure_id": draft.id,
            "item_id": draft_item.id,
            "attachment_id": draft_attachment.id,
            "proposal_id": draft_proposal.id,
        },
        "common": {
            "kind": "support",
            "person_id": filer.id,
            "cycle_id": draft.cycle_id,
            "organisation_id": item.organisation_id,
            # The register opens certified contracts: ids of their own, which differ from
            # the live contract's once sequences have moved on (PostgreSQL keeps them).
            "contract_id": certified_flags(submitted)[0].item.contract.id,
            "delegation_id": add_delegate(filer, make_person(Role.FACULTY)).id,
            "record_id": entry.id,
            "message_id": message.id,
            "document_id": document.id,
            "request_id": advice.id,
            "advice_document_id": advice_document.id,
            "code": filer.department.code,
            "year": submitted.cycle.year,
            "token_id": issue_token(
                make_person(Role.ADMIN), "Matrix", [Scope.PEOPLE_READ], 1
            ).token.id,
        },
    }
    return actor, objects


def outcome(response) -> str:
    if response.status_code == 401 and response.mimetype == "application/problem+json":
        return TOKEN
    if response.status_code in (403, 404):
        return DENY
    if (
        response.status_code == 302
        and "/login" in response.headers.get("Location", "")
        and "next=" in response.headers.get("Location", "")
    ):
        return LOGIN
    return ALLOW


CASES = [("anonymous", "other")] + [
    (role, relation)
    for role in ROLES[1:]
    for relation in RELATIONS
    if relation != "own" or role in FILERS
]


@pytest.mark.parametrize(("role", "relation"), CASES, ids=[f"{r}-{rel}" for r, rel in CASES])
def test_every_route_for_every_role_and_relation(app, client, db, role, relation):
    actor, objects = build_world(role, relation)
    if role != "anonymous":
        login(client, actor.email)
        token = csrf_token_from(client.get("/delegates/").text)
    else:
        token = csrf_token_from(client.get("/login").text)
    connection = db.session.get_bind()
    who = Who(role, relation)
    undecided, wrong = [], []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in UNGUARDED:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            key = (rule.endpoint, method)
            if key not in EXPECTED:
                undecided.append(f"{method} {rule.rule}")
                continue
            if key == ("auth.logout", "POST"):
                continue  # signing out would end the rest of this walk
            values = {
                **objects["common"],
                **objects["draft" if rule.endpoint in ON_DRAFT else "submitted"],
            }
            path = rule.build({name: values[name] for name in rule.arguments})[1]
            path += QUERIES.get(rule.endpoint, "")
            savepoint = connection.begin_nested()  # each request leaves nothing behind
            response = client.open(path, method=method, data={"csrf_token": token})
            response.close()
            savepoint.rollback()
            expected, got = EXPECTED[key](who), outcome(response)
            if expected != got:
                wrong.append(
                    f"{method} {path}: expected {expected}, got {got} ({response.status_code})"
                )
    assert not undecided, "decide who may use these routes:\n" + "\n".join(undecided)
    assert not wrong, "\n".join(wrong)
