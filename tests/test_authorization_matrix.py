"""Every route of the app, against every role; the filer's objects seen as one's own, a
departmental colleague's, another department's, or as the filer's delegate (an assistant
with an active delegation); and every route that concerns a disclosure in each state it
can be in: draft, submitted, under review, returned, approved, amendment in progress.

The expected outcome of each route is decided below; a route that is not listed fails the
test until someone decides who may use it. An "allow" is proved, not presumed: the request
carries a valid form and must answer 2xx or 3xx with no error message on the page or on
the page it redirects to. A "refused" is a person who may use the route whose request the
object's state refuses, with the reason (400, or a page showing an error)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import current_app
from werkzeug.datastructures import FileStorage

from app.api.operations import issue_token
from app.api.scopes import Scope
from app.checks.rules import CHECKS
from app.clock import local_today
from app.disclosures.attachments import store_attachment
from app.disclosures.delegation import add_delegate
from app.disclosures.enums import AttachmentPurpose, ItemKind, YesNoUnknown
from app.disclosures.models import Disclosure
from app.disclosures.operations import (
    amend_disclosure,
    answer_talent_question,
    start_annual_disclosure,
    start_event_disclosure,
)
from app.extensions import db
from app.jobs.models import Job, JobKind, JobState
from app.notifications.operations import enqueue
from app.organisations.operations import find_or_create_organisation
from app.people.roles import Role
from app.review.models import Disposition, ReviewAction
from app.review.operations import PlanTerms, dispose_flag, set_management_plan, take_action
from app.screening.flags import Category, Severity
from app.screening.watchlist_operations import add_local_entry
from tests.conftest import csrf_token_from
from tests.disclosures.helpers import form_encode
from tests.factories import (
    ITEM_DATA,
    PASSWORD,
    certified_flags,
    login,
    make_cycle,
    make_department,
    make_disclosure,
    make_item,
    make_person,
    make_project,
    make_submitted,
)

ALLOW, DENY, LOGIN, REFUSED = "allow", "deny", "login", "refused"
#: The JSON API ignores the browser's session: without a bearer token it answers 401 with
#: a problem document, whoever is signed in (tests/api cover what tokens may do).
TOKEN = "token"
ROLES = ("anonymous", "faculty", "head", "coi", "counsel", "admin")
RELATIONS = ("own", "same", "other", "delegate")
FILERS = {"faculty", "head"}
STATES = ("draft", "submitted", "under_review", "returned", "approved", "amending")
#: The filer (or their delegate) may change the disclosure in these states.
EDITABLE = {"draft", "returned", "amending"}
#: The filer may reopen these to amend them.
AMENDABLE = {"submitted", "approved"}
#: Institution-wide readers: they open every disclosure (of a draft, only that it exists).
SEE_DRAFTS = ("coi", "counsel")


@dataclass(frozen=True)
class Who:
    role: str
    relation: str
    #: The state of the filer's disclosure the route acts on (None: no disclosure).
    state: str | None = None

    @property
    def filer_side(self) -> bool:
        """The filer, or someone preparing their drafts for them."""
        return self.relation in ("own", "delegate")

    @property
    def heads_filer(self) -> bool:
        return self.role == "head" and self.relation in ("own", "same")

    @property
    def reviews_filer(self) -> bool:
        """Reviewing: the COI office, or the head of the filer's department; never one's own."""
        return self.relation != "own" and (
            self.role == "coi" or (self.role == "head" and self.relation == "same")
        )


Rule = Callable[[Who], str]


def signed_in(rule: Rule) -> Rule:
    return lambda who: LOGIN if who.role == "anonymous" else rule(who)


def roles(*allowed: str) -> Rule:
    return signed_in(lambda who: ALLOW if who.role in allowed else DENY)


def when(test: Callable[[Who], bool]) -> Rule:
    return signed_in(lambda who: ALLOW if test(who) else DENY)


def sees(who: Who) -> bool:
    """Who may see the disclosure in its state (a head: once it was ever submitted)."""
    return (
        who.filer_side
        or who.role in SEE_DRAFTS
        or (who.role == "head" and who.relation == "same" and who.state != "draft")
    )


anyone = signed_in(lambda who: ALLOW)
filer_only = when(lambda who: who.relation == "own")
reader = when(sees)
#: Versions exist once the disclosure was submitted.
version_reader = when(lambda who: sees(who) and who.state != "draft")
#: A document of the draft is the filer's side's alone; reviewers open certified ones.
document_reader = when(lambda who: who.filer_side or (sees(who) and who.state != "draft"))
#: Changing items, answers and documents: the filer's side, while the state allows it.
editor = when(lambda who: who.filer_side and who.state in EDITABLE)


@signed_in
def confirm_carried(who: Who) -> str:
    """Only a draft carries last year's items; elsewhere the item is not one to confirm."""
    if not (who.filer_side and who.state in EDITABLE):
        return DENY
    return ALLOW if who.state == "draft" else REFUSED


@signed_in
def decider(who: Who) -> str:
    """A reviewer posts the decision open in each state (see DECISIONS); where none is
    open to them, the decision is refused with the reason."""
    if not who.reviews_filer or who.state == "draft":
        return DENY
    if who.state in ("submitted", "under_review"):
        return ALLOW
    if who.state == "approved" and who.role == "coi":
        return ALLOW  # the COI office reopens a decision
    return REFUSED


commenter = when(lambda who: who.reviews_filer and who.state != "draft")
department_rollup = when(lambda who: who.role in ("coi", "counsel") or who.heads_filer)
reminder = when(lambda who: who.role == "coi" or who.heads_filer)
#: An organisation named only in another department's disclosures is not a head's to see.
organisation_reader = when(lambda who: who.role in ("coi", "counsel") or who.heads_filer)


def token_only(who: Who) -> str:
    return TOKEN


def refused_unless(*allowed: str) -> Rule:
    """Roles allowed to post a form this walk cannot fill in validly: refused with 400."""
    return signed_in(lambda who: REFUSED if who.role in allowed else DENY)


#: A person's agency files: the person, and the COI office.
support_exporter = when(lambda who: who.relation == "own" or who.role == "coi")


@signed_in
def certificate(who: Who) -> str:
    """The filer's own statement; issued only from a certified annual disclosure that is not
    being changed (last year's approved one), refused with the reason from the others."""
    if who.relation != "own":
        return DENY
    return ALLOW if who.state == "approved" else REFUSED


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
    ("disclosures.show", "GET"): reader,
    ("disclosures.new_item", "GET"): editor,
    ("disclosures.new_item", "POST"): editor,
    ("disclosures.edit_item", "GET"): editor,
    ("disclosures.edit_item", "POST"): editor,
    ("disclosures.withdraw_item", "POST"): editor,
    ("disclosures.confirm_item", "POST"): confirm_carried,
    ("disclosures.answer_talent_question", "POST"): editor,
    # In a state that cannot be submitted the filer is told it already was (a redirect).
    ("disclosures.submit", "GET"): filer_only,
    ("disclosures.submit", "POST"): filer_only,
    ("disclosures.amend", "POST"): when(
        lambda who: who.relation == "own" and who.state in AMENDABLE
    ),
    ("disclosures.version", "GET"): version_reader,
    ("disclosures.compare", "GET"): version_reader,
    ("attachments.upload", "POST"): editor,
    ("attachments.download", "GET"): document_reader,
    ("attachments.withdraw", "POST"): editor,
    ("delegation.index", "GET"): anyone,
    ("delegation.index", "POST"): roles("faculty", "head"),
    ("delegation.revoke", "POST"): filer_only,
    ("cycles.index", "GET"): roles("admin", "coi"),
    ("cycles.index", "POST"): roles("admin", "coi"),
    ("review.queue", "GET"): roles("head", "coi"),
    ("review.flag_queue", "GET"): roles("coi"),
    ("review.decide", "POST"): decider,
    ("review.comment", "POST"): commenter,
    ("review.dispose", "POST"): roles("coi"),
    ("review.acknowledge", "POST"): filer_only,
    ("review.remind", "POST"): reminder,
    ("organisations.suggest", "GET"): anyone,
    ("organisations.index", "GET"): roles("coi", "counsel", "head"),
    ("organisations.show", "GET"): organisation_reader,
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
    ("cycles.show", "GET"): roles("admin", "coi"),
    ("cycles.dates", "POST"): roles("admin", "coi"),
    ("cycles.extend", "POST"): roles("admin", "coi"),
    ("cycles.close", "POST"): roles("admin", "coi"),
    ("cycles.extension", "POST"): roles("admin", "coi"),
    ("profiles.entity", "GET"): anyone,
    ("profiles.organisation", "GET"): anyone,
    ("profiles.record_ownership", "POST"): roles("coi"),
    ("profiles.lookup", "GET"): anyone,
    ("admin.people", "GET"): roles("admin"),
    ("admin.person", "GET"): roles("admin"),
    ("admin.grant_role", "POST"): roles("admin"),
    ("admin.revoke_role", "POST"): roles("admin"),
    ("admin.move_department", "POST"): roles("admin"),
    ("admin.deactivate", "POST"): roles("admin"),
    # The filer is active: reactivating them is refused, with the reason.
    ("admin.reactivate", "POST"): signed_in(lambda who: REFUSED if who.role == "admin" else DENY),
    ("admin_tasks.roster", "GET"): roles("admin"),
    ("admin_tasks.roster_preview", "POST"): roles("admin"),
    ("admin_tasks.roster_apply", "POST"): roles("admin"),
    ("admin_tasks.watchlist_upload", "GET"): roles("admin"),
    ("admin_tasks.watchlist_preview", "POST"): roles("admin"),
    ("admin_tasks.watchlist_apply", "POST"): roles("admin"),
    ("admin_tasks.maintenance", "GET"): roles("admin"),
    ("admin_tasks.rescreen", "POST"): roles("admin"),
    ("admin_tasks.send_mail", "POST"): roles("admin"),
    ("admin_tasks.retry_failed", "POST"): roles("admin"),
    ("jobs.index", "GET"): anyone,
    ("jobs.start_rollup", "POST"): roles("coi", "counsel"),
    ("jobs.show", "GET"): filer_only,
    ("jobs.status", "GET"): filer_only,
    ("jobs.result", "GET"): signed_in(lambda who: DENY),
    ("jobs.retry", "POST"): signed_in(lambda who: DENY),
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
    ("checks.settings", "GET"): roles("admin"),
    ("checks.save_settings", "POST"): roles("admin"),
    # Single sign-on is off in the matrix's app, so its routes are not found for anyone;
    # switched on, they are public (tests/sso/ covers them against real providers).
    ("sso.saml_metadata", "GET"): lambda who: DENY,
    ("sso.saml_login", "GET"): lambda who: DENY,
    ("sso.saml_acs", "POST"): lambda who: DENY,
    ("sso.saml_single_logout", "GET"): lambda who: DENY,
    ("sso.oidc_login", "GET"): lambda who: DENY,
    ("sso.oidc_callback", "GET"): lambda who: DENY,
    ("projects.index", "GET"): roles("admin", "coi"),
    ("projects.preview", "POST"): roles("admin", "coi"),
    ("projects.confirm", "POST"): refused_unless("admin", "coi"),
    ("fcoi.queue", "GET"): roles("coi"),
    ("fcoi.investigator", "GET"): roles("coi"),
    ("fcoi.determine", "POST"): refused_unless("coi"),
    ("fcoi.reported", "POST"): refused_unless("coi"),
    ("fcoi.report_xlsx", "GET"): roles("coi"),
    ("fcoi.report_json", "GET"): roles("coi"),
    ("exports.cpos", "GET"): support_exporter,
    ("exports.cpos_xml", "GET"): support_exporter,
    ("exports.cpos_xlsx", "GET"): support_exporter,
    ("exports.certificate", "GET"): certificate,
    ("training.index", "GET"): roles("admin", "coi"),
    ("training.upload", "POST"): roles("admin", "coi"),
    ("funding.index", "GET"): roles("counsel", "coi"),
    ("funding.nsf", "GET"): roles("counsel", "coi"),
    ("funding.section_117", "GET"): roles("counsel", "coi"),
}

#: Static files are public by nature.
UNGUARDED = {"static", "bootstrap.static"}
#: A route naming one of these acts on a disclosure: it is tried in every state.
DISCLOSURE_ARGUMENTS = {"disclosure_id", "item_id", "attachment_id", "flag_id", "number"}

#: Query strings a route needs to mean anything.
QUERIES = {"disclosures.compare": "?from=1&to=1"}

PDF = b"%PDF-1.4\n%matrix\n"

#: The decision a reviewer posts in each state: the one open there, if any.
DECISIONS = {
    "draft": {"action": "start_review"},
    "submitted": {"action": "start_review"},
    "under_review": {"action": "return", "comment": "Add the award number."},
    "returned": {"action": "start_review"},
    "approved": {"action": "reopen", "comment": "A new agreement came to light."},
    "amending": {"action": "start_review"},
}


def form_data(endpoint: str, values: dict[str, Any]) -> dict[str, Any]:
    """A valid form for each route that takes one (what a browser would post)."""
    today = local_today()
    if endpoint in ("disclosures.new_item", "disclosures.edit_item"):
        return form_encode({"contract_type": "", **ITEM_DATA[ItemKind.SUPPORT]})
    forms: dict[str, dict[str, Any]] = {
        "auth.login": {"email": values["actor_email"], "password": PASSWORD},
        "disclosures.start_event": {
            "event_date": (today - timedelta(days=3)).isoformat(),
            "summary": "Joined an advisory board",
        },
        "disclosures.answer_talent_question": {"answer": "no"},
        "disclosures.submit": {
            "certified": "y",
            "typed_name": values["filer_name"],
            **{f"note_{rule}": "Explained for the reviewers." for rule in CHECKS},
        },
        "attachments.upload": {
            "file": (io.BytesIO(PDF), "letter.pdf"),
            "purpose": AttachmentPurpose.OTHER.value,
            "item_id": "0",
        },
        "delegation.index": {"email": values["assistant_email"]},
        "cycles.index": {
            "year": str(today.year + 5),
            "opens_on": date(today.year + 5, 1, 1).isoformat(),
            "due_on": date(today.year + 5, 3, 31).isoformat(),
        },
        "review.decide": {
            "seen_version": str(values.get("lock_version", 1)),
            "visibility": "filer",
            **DECISIONS[values.get("state") or "draft"],
        },
        "review.comment": {"body": "A note for the file.", "visibility": "reviewers"},
        "review.dispose": {"disposition": Disposition.CONFIRMED.value},
        "organisations.edit": {
            "edit-name": "Huawei Technologies Co., Ltd.",
            "edit-country": "CN",
            "edit-org_type": "company",
        },
        "organisations.merge": {"merge-survivor": values["survivor_name"]},
        "watchlist.try_text": {"text": "A visit to Matrix Corp."},
        # Forms of their own pages, each under its prefix (and its own security token).
        **prefixed(
            values["csrf"],
            {
                ("cycles.dates", "dates"): {
                    "opens_on": (today - timedelta(days=10)).isoformat(),
                    "due_on": (today + timedelta(days=25)).isoformat(),
                    "reason": "Matrix: the dates were wrong.",
                },
                ("cycles.extend", "extend"): {
                    "due_on": (today + timedelta(days=40)).isoformat(),
                    "reason": "Matrix: more time for everyone.",
                },
                ("cycles.close", "close"): {"reason": "Matrix: the cycle is over."},
                ("cycles.extension", "extension"): {
                    "email": values["filer_email"],
                    "due_on": (today + timedelta(days=40)).isoformat(),
                    "reason": "Matrix: on leave.",
                },
                ("admin.grant_role", "grant"): {
                    "role": "admin",
                    "department": "",
                    "reason": "Matrix",
                },
                ("admin.revoke_role", "revoke"): {"reason": "Matrix"},
                ("admin.move_department", "move"): {
                    "department": values["move_to"],
                    "reason": "Matrix",
                },
                ("admin.deactivate", "activation"): {"reason": "Matrix"},
                ("admin.reactivate", "activation"): {"reason": "Matrix"},
                ("admin_tasks.rescreen", "rescreen"): {"reason": "Matrix"},
                ("admin_tasks.send_mail", "send"): {"reason": "Matrix"},
                ("admin_tasks.retry_failed", "retry"): {"reason": "Matrix"},
            },
        ),
        "admin_tasks.roster_preview": {
            "roster": (io.BytesIO(ROSTER), "roster.csv"),
        },
        "admin_tasks.watchlist_preview": {
            "list_format": "csl",
            "list_file": (io.BytesIO(CSL.read_bytes()), "csl.csv"),
        },
        "profiles.record_ownership": {
            "owner": "Huawei",
            "share_percent": "60",
            "evidence": "The owner's annual report, 2025.",
        },
        "jobs.start_rollup": {"year": str(today.year)},
        "projects.preview": {"file": (io.BytesIO(values["projects_file"]), "grants.csv")},
        "training.upload": {"file": (io.BytesIO(values["training_file"]), "training.csv")},
        "api_tokens.create": {
            "name": "Matrix token",
            "scopes": "people:read",
            "lifetime_days": "30",
        },
        "checks.save_settings": values["check_settings"],
        "watchlist.add_local": {
            "canonical_name": "Matrix Optics",
            "aliases": "",
            "category": Category.MILITARY_COMPANY.value,
            "severity": Severity.CRITICAL.value,
            "country": "CN",
            "source": "Local review",
        },
    }
    return forms.get(endpoint, {})


ROSTER = (
    b"email,name,department_code,department_name,roles\n"
    b"new.hire@example.edu,New Hire,HOME,Home,faculty\n"
)
CSL = Path(__file__).parent / "screening" / "fixtures" / "csl_sample.csv"


def prefixed(token: str, forms: dict[tuple[str, str], dict[str, str]]) -> dict[str, dict]:
    """Forms whose fields carry a prefix on their page, with the token under it too."""
    return {
        endpoint: {f"{prefix}-csrf_token": token, **{f"{prefix}-{k}": v for k, v in data.items()}}
        for (endpoint, prefix), data in forms.items()
    }


def check_settings_data() -> dict[str, Any]:
    """The settings form as its page fills it: every current value, posted unchanged but
    the outside-days limit (a change, so something is saved)."""
    from app.checks.queries import institution_settings
    from forms.checks import check_settings_form

    with current_app.test_request_context():
        form = check_settings_form(institution_settings())
        data = {f.name: f.data for f in form if f.name != "csrf_token"}
    data["outside_days_limit__days"] = "30"
    return form_encode(data)


def upload(disclosure, filer):
    document = FileStorage(io.BytesIO(PDF), "letter.pdf")
    return store_attachment(disclosure, document, AttachmentPurpose.OTHER, filer)


def disclosure_objects(disclosure, filer) -> dict[str, Any]:
    """A disclosure of the filer with a flagged item, a plain item and a document; the
    flagged item must be added before the disclosure is submitted."""
    make_item(
        disclosure,
        ItemKind.OUTSIDE_COMPENSATION,
        organisation="Huawei",
        country="CN",
        backed_by_contract=True,
        contract_type="Other",
        contract_signed_on=local_today() - timedelta(500),
    )
    support = make_item(disclosure, ItemKind.SUPPORT)
    return {
        "disclosure_id": disclosure.id,
        "item_id": support.id,
        "attachment_id": upload(disclosure, filer).id,
        "number": 1,
    }


def finished_job(starter):
    """A done institution rollup started by `starter`, with its workbook on disk."""
    job = Job(
        kind=JobKind.INSTITUTION_ROLLUP,
        state=JobState.DONE,
        progress=100,
        params={"year": 2026},
        started_by=starter,
        result_path=f"results/matrix-{starter.id}/rollup.xlsx",
        result_name="rollup.xlsx",
    )
    db.session.add(job)
    db.session.flush()
    path = Path(current_app.config["JOBS_DIR"]) / job.result_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"PK matrix")
    return job


def build_world(role: str, relation: str) -> tuple[object, dict[str, Any]]:
    """The actor, and the filer's objects: one disclosure in each state."""
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
        department = home if relation == "same" else elsewhere
        filer = make_person(Role.FACULTY, department=department, name="Filer Person")
    if relation == "delegate":
        add_delegate(filer, actor)
    coi = make_person(Role.COI_OFFICE)
    today = local_today()
    last_year = make_cycle(today.year - 1, today - timedelta(400), today - timedelta(300), coi)
    this_year = make_cycle(today.year, today - timedelta(10), today + timedelta(20), coi)
    next_year = make_cycle(today.year + 1, today + timedelta(300), today + timedelta(400), coi)

    def event(summary: str):
        return start_event_disclosure(filer, today - timedelta(5), summary)

    states: dict[str, dict[str, Any]] = {}
    approved = make_disclosure(filer, last_year)
    states["approved"] = disclosure_objects(approved, filer)
    make_submitted(approved)
    take_action(approved, ReviewAction.START_REVIEW, coi, approved.lock_version)
    for flag in certified_flags(approved):
        dispose_flag(flag, Disposition.CLEARED, "Not the listed company.", coi)
    take_action(approved, ReviewAction.APPROVE, coi, approved.lock_version)
    plan = set_management_plan(approved, PlanTerms("Conditions", coi, today), coi)

    draft = make_disclosure(filer, this_year)
    states["draft"] = disclosure_objects(draft, filer)
    answer_talent_question(draft, YesNoUnknown.NO, "", filer)
    # Last year's items, carried into a new annual disclosure, wait to be confirmed.
    carried = start_annual_disclosure(filer, next_year, carry_forward=True)
    states["draft"]["for"] = {
        "disclosures.confirm_item": {
            "disclosure_id": carried.id,
            "item_id": carried.live_items[0].id,
        }
    }
    for state in ("submitted", "under_review", "returned", "amending"):
        disclosure = event(f"Disclosure {state}")
        states[state] = disclosure_objects(disclosure, filer)
        make_submitted(disclosure)
        if state in ("under_review", "returned"):
            take_action(disclosure, ReviewAction.START_REVIEW, coi, disclosure.lock_version)
        if state == "returned":
            take_action(disclosure, ReviewAction.RETURN, coi, disclosure.lock_version, "Why?")
        if state == "amending":
            amend_disclosure(disclosure, filer)
    for state, values in states.items():
        values["state"] = state
        disclosure = db.session.get(Disclosure, values["disclosure_id"])
        # A draft has no certified flags (decisions are on certified versions): its
        # flag routes are tried on last year's approved disclosure's flag.
        certified = disclosure if disclosure.certified_version_id else approved
        values["flag_id"] = next(
            flag.id for flag in certified_flags(certified) if flag.severity is not Severity.INFO
        )

    entry = add_local_entry(
        "Matrix Corp", [], Category.MILITARY_COMPANY, Severity.CRITICAL, "CN", "Matrix", coi.id
    )
    survivor = find_or_create_organisation("Matrix Survivor Holdings", "CN")
    message = enqueue(coi, "Subject", "Text", "<p>Html</p>", "matrix:message")
    common = {
        "kind": "support",
        "person_id": filer.id,
        "cycle_id": this_year.id,
        "organisation_id": approved.live_items[0].organisation_id,
        "contract_id": approved.certified_version and certified_contract_id(approved),
        "delegation_id": add_delegate(filer, make_person(Role.FACULTY)).id,
        "record_id": entry.id,
        "message_id": message.id,
        "plan_id": plan.id,
        "code": filer.department.code,
        "year": approved.cycle.year,
        "actor_email": actor.email,
        "filer_name": filer.full_name,
        "assistant_email": make_person(Role.FACULTY).email,
        "survivor_name": survivor.name,
        "filer_email": filer.email,
        "move_to": "HOME" if filer.department.code == "AWAY" else "AWAY",
        "check_settings": check_settings_data(),
        "entity_id": "huawei",
        "grant_id": filer.grants[0].id,
        "job_id": finished_job(filer).id,
        "token_id": issue_token(make_person(Role.ADMIN), "Matrix", [Scope.PEOPLE_READ], 1).token.id,
        "project_id": make_project(filer).id,
        "report_type": "original",
        "projects_file": (
            "number,title,sponsor,sponsor_type,stage,start,end,pi_email,key_personnel\n"
            f"R01MATRIX,Matrix,NIH,nih,award,2026-01-01,2030-12-31,{filer.email},\n"
        ).encode(),
        "training_file": (
            f"email,course,completed_on\n{filer.email},FCOI course,2025-01-01\n"
        ).encode(),
    }
    return actor, {"common": common, "states": states}


def certified_contract_id(disclosure) -> int:
    """The contract of the disclosure's certified version (what counsel opens)."""
    from app.record.queries import certified_items

    return next(i.contract.id for i in certified_items(disclosure.certified_version) if i.contract)


#: A message shown as an error: a flashed "danger" alert, or an error beside a field.
ERROR_MESSAGE = re.compile(r'class="alert alert-danger"[^>]*role="alert"|class="invalid-feedback')


def outcome(client, response) -> str:
    status = response.status_code
    if status == 401 and response.mimetype == "application/problem+json":
        response.close()
        return TOKEN
    location = response.headers.get("Location", "")
    response.close()
    if status in (403, 404):
        return DENY
    if status == 302 and "/login" in location and "next=" in location:
        return LOGIN
    if status >= 500:
        return f"error {status}"
    if status >= 400:
        return REFUSED
    if 300 <= status < 400:
        # The message a redirect carries is shown on the page it leads to.
        response = client.get(location)
        response.close()
        if response.status_code >= 400:
            return f"redirected to {response.status_code}"
    if response.mimetype == "text/html" and ERROR_MESSAGE.search(response.text):
        return REFUSED
    return ALLOW


CASES = [("anonymous", "other")] + [
    (role, relation)
    for role in ROLES[1:]
    for relation in RELATIONS
    if relation != "own" or role in FILERS
]


@pytest.mark.parametrize(("role", "relation"), CASES, ids=[f"{r}-{rel}" for r, rel in CASES])
def test_every_route_for_every_role_relation_and_state(app, client, db, role, relation):
    actor, objects = build_world(role, relation)
    if role != "anonymous":
        login(client, actor.email)
        token = csrf_token_from(client.get("/delegates/").text)
    else:
        token = csrf_token_from(client.get("/login").text)
    connection = db.session.get_bind()
    undecided, wrong = [], []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in UNGUARDED:
            continue
        states = STATES if rule.arguments & DISCLOSURE_ARGUMENTS else (None,)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            key = (rule.endpoint, method)
            if key not in EXPECTED:
                undecided.append(f"{method} {rule.rule}")
                continue
            if key == ("auth.logout", "POST"):
                continue  # signing out would end the rest of this walk
            for state in states:
                who = Who(role, relation, state)
                found = try_route(app, client, connection, rule, method, objects, state, token)
                expected = EXPECTED[key](who)
                if expected != found[0]:
                    wrong.append(
                        f"{method} {found[1]} ({state}): expected {expected}, got {found[0]}"
                    )
    assert not undecided, "decide who may use these routes:\n" + "\n".join(undecided)
    assert not wrong, "\n".join(wrong)


def try_route(app, client, connection, rule, method, objects, state, token) -> tuple[str, str]:
    """The outcome of one request, which leaves nothing behind."""
    values = {**objects["common"]}
    if state is not None:
        values.update(objects["states"][state])
        values.update(objects["states"][state].get("for", {}).get(rule.endpoint, {}))
        disclosure = db.session.get(Disclosure, values["disclosure_id"])
        values["lock_version"] = disclosure.lock_version
    path = rule.build({name: values[name] for name in rule.arguments})[1]
    path += QUERIES.get(rule.endpoint, "")
    savepoint = connection.begin_nested()
    try:
        if method == "GET":
            response = client.get(path)
        else:
            # A separate browser signs in, so that this walk's session is left as it is.
            browser = app.test_client() if rule.endpoint == "auth.login" else client
            if browser is not client:
                token = csrf_token_from(browser.get("/login").text)
            data = {"csrf_token": token, **form_data(rule.endpoint, {**values, "csrf": token})}
            response = browser.post(path, data=data)
            if browser is not client:
                return outcome(browser, response), path
        return outcome(client, response), path
    finally:
        savepoint.rollback()
        db.session.expire_all()
