"""Who may do what: the one place that decides. Anything not granted here is denied."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from app.advice.models import AdviceRequest
from app.api.scopes import Scope
from app.disclosures.enums import DisclosureStatus
from app.disclosures.models import Attachment, Delegation, Disclosure
from app.engagements.enums import CommentAudience, EngagementAction
from app.engagements.models import EngagementProposal
from app.engagements.states import Capacity
from app.engagements.states import actions_for as engagement_actions_for
from app.extensions import db
from app.jobs.models import Job, JobKind
from app.people.models import Person, RoleGrant
from app.people.roles import Role
from app.record.models import VersionItem
from app.review.models import ReviewAction
from app.review.states import actions_for

#: Each role's dashboard, in the order the home page prefers them.
DASHBOARD_ENDPOINTS: dict[Role, str] = {
    Role.ADMIN: "home.admin_dashboard",
    Role.COI_OFFICE: "home.coi_dashboard",
    Role.GENERAL_COUNSEL: "home.counsel_dashboard",
    Role.RISK_COMMITTEE: "engagements.index",
    Role.DEPARTMENT_HEAD: "home.department_dashboard",
    Role.FACULTY: "home.faculty_dashboard",
}


def home_endpoint_for(person: Person) -> str:
    """The dashboard a person lands on: that of their most encompassing role."""
    for role, endpoint in DASHBOARD_ENDPOINTS.items():
        if person.has_role(role):
            return endpoint
    return "home.no_role"


def dashboards_for(person: Person) -> list[tuple[Role, str]]:
    """Every dashboard a person may open, for the navigation bar."""
    return [
        (role, endpoint) for role, endpoint in DASHBOARD_ENDPOINTS.items() if person.has_role(role)
    ]


def is_signed_in(person: Person | Any) -> bool:
    return (
        getattr(person, "is_authenticated", False) and isinstance(person, Person) and person.active
    )


def has_any_role(person: Person | Any, roles: tuple[Role, ...]) -> bool:
    return is_signed_in(person) and any(person.has_role(role) for role in roles)


def heads_department(person: Person, department_id: int | None) -> bool:
    return department_id is not None and department_id in person.headed_department_ids


View = TypeVar("View", bound=Callable[..., Any])


def roles_required(*roles: Role) -> Callable[[View], View]:
    """Refuse (403) a signed-in person who holds none of the roles; login_required first."""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if not has_any_role(current_user, roles):
                abort(403)
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorate


# --- Disclosures -------------------------------------------------------------------------
# Faculty see their own; a delegate prepares the drafts of whoever delegated to them; a
# department head sees submitted disclosures of the departments they head; the COI office
# and general counsel see everything (counsel read-only). Anything else is denied.

REVIEWER_ROLES = (Role.COI_OFFICE, Role.GENERAL_COUNSEL)


def is_active_delegate(person: Person, owner_id: int) -> bool:
    return (
        db.session.scalar(
            select(Delegation.id).where(
                Delegation.owner_id == owner_id,
                Delegation.delegate_id == person.id,
                Delegation.revoked_at.is_(None),
            )
        )
        is not None
    )


def is_drafter(person: Person, disclosure: Disclosure) -> bool:
    """The filer or their delegate: the only people who see a disclosure's draft."""
    return disclosure.person_id == person.id or is_active_delegate(person, disclosure.person_id)


def can_open_attachment(person: Person, attachment: Attachment) -> bool:
    """Drafters open any of the disclosure's documents; everyone else who may see the
    disclosure opens only those that were part of its latest certified version."""
    disclosure = attachment.disclosure
    if not can_view_disclosure(person, disclosure):
        return False
    if is_drafter(person, disclosure):
        return True
    version = disclosure.certified_version
    return (
        version is not None
        and attachment.uploaded_at <= version.submitted_at
        and (attachment.withdrawn_at is None or attachment.withdrawn_at > version.submitted_at)
    )


def can_view_disclosure(person: Person, disclosure: Disclosure) -> bool:
    if not is_signed_in(person):
        return False
    if disclosure.person_id == person.id or is_active_delegate(person, disclosure.person_id):
        return True
    if has_any_role(person, REVIEWER_ROLES):
        return True
    # A head sees what was submitted; an amendment in progress still shows its versions.
    return (
        has_any_role(person, (Role.DEPARTMENT_HEAD,))
        and heads_department(person, disclosure.person.department_id)
        and (disclosure.status is not DisclosureStatus.DRAFT or bool(disclosure.versions))
    )


def can_edit_disclosure(person: Person, disclosure: Disclosure) -> bool:
    """Change items and answers: the filer or their delegate, while the state allows it."""
    if not disclosure.status.editable or not is_signed_in(person):
        return False
    return disclosure.person_id == person.id or is_active_delegate(person, disclosure.person_id)


def can_submit_disclosure(person: Person, disclosure: Disclosure) -> bool:
    """Certify and submit: only the filer themselves, never a delegate."""
    return (
        disclosure.status.editable
        and disclosure.person_id == person.id
        and has_any_role(person, (Role.FACULTY,))
    )


#: A disclosure under active review is not reopened under the reviewer's feet: the
#: reviewer returns it instead.
AMENDABLE = (
    DisclosureStatus.SUBMITTED,
    DisclosureStatus.APPROVED,
    DisclosureStatus.APPROVED_WITH_PLAN,
    DisclosureStatus.DISAPPROVED,
)


def can_amend_disclosure(person: Person, disclosure: Disclosure) -> bool:
    return (
        disclosure.status in AMENDABLE
        and disclosure.person_id == person.id
        and has_any_role(person, (Role.FACULTY,))
    )


def can_manage_cycles(person: Person) -> bool:
    return has_any_role(person, (Role.ADMIN, Role.COI_OFFICE))


def can_view_organisation(person: Person) -> bool:
    """Reviewers and counsel see every relationship anyone has with an organisation."""
    return has_any_role(person, (Role.COI_OFFICE, Role.GENERAL_COUNSEL, Role.DEPARTMENT_HEAD))


def sees_every_organisation(person: Person) -> bool:
    """The COI office and general counsel; others see verified organisations, those they
    named, and (heads) those certified in their departments."""
    return has_any_role(person, REVIEWER_ROLES)


def can_curate_organisations(person: Person) -> bool:
    """Verify, rename and merge organisation records."""
    return has_any_role(person, (Role.COI_OFFICE,))


def get_disclosure_or_404(person: Person, disclosure_id: int) -> Disclosure:
    """The disclosure if this person may see it; 404 otherwise (never reveal existence)."""
    disclosure = db.session.get(Disclosure, disclosure_id)
    if disclosure is None or not can_view_disclosure(person, disclosure):
        abort(404)
    return disclosure


# --- Watchlist ----------------------------------------------------------------------------


def can_view_watchlist(person: Person) -> bool:
    """See entries and sources, and try texts: administrators and the COI office."""
    return has_any_role(person, (Role.ADMIN, Role.COI_OFFICE))


def can_manage_watchlist(person: Person) -> bool:
    """Add and retire local entries."""
    return has_any_role(person, (Role.ADMIN,))


def can_view_entity_profiles(person: Person) -> bool:
    """Entity profiles hold only public facts about listed bodies: everyone signed in,
    so a filer can see who a partner is before filing."""
    return is_signed_in(person)


def can_record_listed_ownership(person: Person) -> bool:
    """Record that listed parties own an organisation (the BIS affiliates rule)."""
    return has_any_role(person, (Role.COI_OFFICE,))


# --- Review -------------------------------------------------------------------------------


def is_reviewer_of(person: Person, disclosure: Disclosure) -> bool:
    """The COI office for every submitted disclosure; a head for their departments'."""
    if disclosure.status is DisclosureStatus.DRAFT and not disclosure.versions:
        return False
    if has_any_role(person, (Role.COI_OFFICE,)):
        return True
    return has_any_role(person, (Role.DEPARTMENT_HEAD,)) and heads_department(
        person, disclosure.person.department_id
    )


def review_actions_for(person: Person, disclosure: Disclosure) -> list[ReviewAction]:
    """What this person may do to this disclosure's review now (before guards)."""
    if not is_reviewer_of(person, disclosure) or disclosure.person_id == person.id:
        return []
    return actions_for(
        disclosure.status,
        is_coi=has_any_role(person, (Role.COI_OFFICE,)),
        is_head=has_any_role(person, (Role.DEPARTMENT_HEAD,)),
    )


def can_comment(person: Person, disclosure: Disclosure) -> bool:
    return is_reviewer_of(person, disclosure) and disclosure.person_id != person.id


def can_dispose_flags(person: Person) -> bool:
    return has_any_role(person, (Role.COI_OFFICE,))


def can_see_reviewer_comments(person: Person, disclosure: Disclosure) -> bool:
    """Reviewer-only comments: reviewers and general counsel, never the filer."""
    return disclosure.person_id != person.id and (
        is_reviewer_of(person, disclosure) or has_any_role(person, (Role.GENERAL_COUNSEL,))
    )


def can_remind(person: Person, target: Person) -> bool:
    """Send someone a filing reminder: the head of their department, or the COI office."""
    return has_any_role(person, (Role.COI_OFFICE,)) or (
        has_any_role(person, (Role.DEPARTMENT_HEAD,))
        and heads_department(person, target.department_id)
    )


# --- General counsel's workspace -----------------------------------------------------------


def can_use_counsel_workspace(person: Person) -> bool:
    """The contracts register and the audit log: general counsel, and the COI office."""
    return has_any_role(person, (Role.GENERAL_COUNSEL, Role.COI_OFFICE))


# --- Rollups ------------------------------------------------------------------------------

#: Institution-wide readers: every department's rollup, the institution's, the register.
ROLLUP_READERS = (Role.COI_OFFICE, Role.GENERAL_COUNSEL)


def can_download_department_rollup(person: Person, department_id: int | None) -> bool:
    """A head for the departments they head; the COI office and general counsel for all."""
    if has_any_role(person, ROLLUP_READERS):
        return True
    return has_any_role(person, (Role.DEPARTMENT_HEAD,)) and heads_department(person, department_id)


def can_download_institution_rollup(person: Person) -> bool:
    return has_any_role(person, ROLLUP_READERS)


def can_download_contracts_register(person: Person) -> bool:
    return has_any_role(person, ROLLUP_READERS)


# --- Federal outputs: projects, relatedness, agency files, training ------------------------


def can_manage_projects(person: Person) -> bool:
    """Import sponsored projects and training records: administrators and the COI office."""
    return has_any_role(person, (Role.ADMIN, Role.COI_OFFICE))


def can_determine_relatedness(person: Person) -> bool:
    """PHS relatedness and FCOI determinations, and the NIH FCOI report: the COI office."""
    return has_any_role(person, (Role.COI_OFFICE,))


def can_export_support_of(person: Person, target: Person) -> bool:
    """A person's SciENcv current-and-pending file: the person, and the COI office."""
    return is_signed_in(person) and (
        person.id == target.id or has_any_role(person, (Role.COI_OFFICE,))
    )


def can_download_certificate(person: Person, disclosure: Disclosure) -> bool:
    """The talent-program certificate is the filer's own statement: only the filer."""
    return is_signed_in(person) and disclosure.person_id == person.id


def can_read_foreign_funding(person: Person) -> bool:
    """The institution's foreign-funding reports: general counsel and the COI office."""
    return has_any_role(person, (Role.GENERAL_COUNSEL, Role.COI_OFFICE))


# --- Administration and background jobs ---------------------------------------------------


def can_administer(person: Person) -> bool:
    """People, roles, roster and watchlist imports, re-screening, the outbox: admins only."""
    return has_any_role(person, (Role.ADMIN,))


def can_start_job(person: Person, kind: JobKind) -> bool:
    """An institution rollup is for those who may download it; the rest is administration."""
    if kind is JobKind.INSTITUTION_ROLLUP:
        return can_download_institution_rollup(person)
    return can_administer(person)


def can_view_job(person: Person, job: Job) -> bool:
    """A job, its progress and its result belong to the person who started it."""
    return is_signed_in(person) and job.started_by_id == person.id


def can_download_job_result(person: Person, job: Job) -> bool:
    """The starter, while they still may start that kind of job: a workbook built by
    someone who has since left the COI office is no longer theirs to read."""
    return can_view_job(person, job) and can_start_job(person, job.kind)


def get_job_or_404(person: Person, job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or not can_view_job(person, job):
        abort(404)
    return job
# --- Engagement proposals ------------------------------------------------------------------
# The PI sees and edits their proposal while it is theirs (draft or returned); once
# submitted, the head of the PI's department, the COI office and the elevated-risk
# committee see it too. Each reviewing stage acts in its own capacity; nobody reviews
# their own proposal. General counsel has no part in it.


def committee_is_configured() -> bool:
    """Someone active holds the committee role; otherwise the COI office acts as committee."""
    return (
        db.session.scalar(
            select(RoleGrant.id)
            .join(Person, RoleGrant.person_id == Person.id)
            .where(RoleGrant.role == Role.RISK_COMMITTEE, Person.active.is_(True))
            .limit(1)
        )
        is not None
    )


def sits_on_committee(person: Person) -> bool:
    if has_any_role(person, (Role.RISK_COMMITTEE,)):
        return True
    return has_any_role(person, (Role.COI_OFFICE,)) and not committee_is_configured()


def can_propose_engagement(person: Person) -> bool:
    return has_any_role(person, (Role.FACULTY,))


def can_propose_from_item(person: Person, item: VersionItem) -> bool:
    """Open a proposal from one's own certified item (its flag needs elevated review)."""
    return can_propose_engagement(person) and item.version.disclosure.person_id == person.id


def engagement_capacities(person: Person, proposal: EngagementProposal) -> frozenset[Capacity]:
    """In which capacities this person may act on this proposal."""
    if not is_signed_in(person):
        return frozenset()
    if proposal.pi_id == person.id:
        return frozenset({Capacity.PI}) if has_any_role(person, (Role.FACULTY,)) else frozenset()
    capacities = set()
    coi = has_any_role(person, (Role.COI_OFFICE,))
    if coi or (
        has_any_role(person, (Role.DEPARTMENT_HEAD,))
        and heads_department(person, proposal.pi.department_id)
    ):
        capacities.add(Capacity.DEPARTMENT)
    if coi:
        capacities.add(Capacity.SECURITY)
    if sits_on_committee(person):
        capacities.add(Capacity.COMMITTEE)
    return frozenset(capacities)


def can_view_engagement(person: Person, proposal: EngagementProposal) -> bool:
    if not is_signed_in(person):
        return False
    if proposal.pi_id == person.id:
        return True
    return proposal.submitted_at is not None and bool(engagement_capacities(person, proposal))


def can_edit_engagement(person: Person, proposal: EngagementProposal) -> bool:
    return proposal.status.editable and Capacity.PI in engagement_capacities(person, proposal)


def engagement_actions(person: Person, proposal: EngagementProposal) -> list[EngagementAction]:
    return engagement_actions_for(proposal.status, engagement_capacities(person, proposal))


def can_comment_on_engagement(person: Person, proposal: EngagementProposal) -> bool:
    """Reviewers comment; the PI answers in their comments too."""
    return can_view_engagement(person, proposal) and proposal.submitted_at is not None


def engagement_comment_audiences(
    person: Person, proposal: EngagementProposal
) -> list[CommentAudience]:
    """Who a comment by this person may be addressed to (the PI only writes to everyone)."""
    if proposal.pi_id == person.id:
        return [CommentAudience.PI]
    return [CommentAudience.PI, CommentAudience.REVIEWERS]


def can_see_reviewer_engagement_comments(person: Person, proposal: EngagementProposal) -> bool:
    return proposal.pi_id != person.id and can_view_engagement(person, proposal)


def can_view_engagement_overview(person: Person) -> bool:
    """Every proposal (the COI office, the committee) or a department's (its head)."""
    return has_any_role(person, (Role.COI_OFFICE, Role.RISK_COMMITTEE, Role.DEPARTMENT_HEAD))


def engagement_overview_scope(person: Person) -> list[int] | None:
    """The departments whose proposals the overview lists; None for all of them."""
    if has_any_role(person, (Role.COI_OFFICE, Role.RISK_COMMITTEE)):
        return None
    return sorted(person.headed_department_ids)


def get_engagement_or_404(person: Person, proposal_id: int) -> EngagementProposal:
    proposal = db.session.get(EngagementProposal, proposal_id)
    if proposal is None or not can_view_engagement(person, proposal):
        abort(404)
    return proposal


# --- General counsel's advice --------------------------------------------------------------
# Privileged: a request and its advice are seen by the requester, general counsel and the
# COI office, nobody else. Counsel writes the advice; this is counsel's only write action.


def can_request_advice(person: Person) -> bool:
    return has_any_role(person, (Role.FACULTY,))


def can_view_advice(person: Person, request: AdviceRequest) -> bool:
    if not is_signed_in(person):
        return False
    return request.requester_id == person.id or has_any_role(
        person, (Role.GENERAL_COUNSEL, Role.COI_OFFICE)
    )


def can_use_advice_queue(person: Person) -> bool:
    return has_any_role(person, (Role.GENERAL_COUNSEL, Role.COI_OFFICE))


def can_give_advice(person: Person, request: AdviceRequest) -> bool:
    return has_any_role(person, (Role.GENERAL_COUNSEL,)) and request.requester_id != person.id


def can_close_advice(person: Person, request: AdviceRequest) -> bool:
    return request.requester_id == person.id or can_give_advice(person, request)


def can_link_advice(person: Person, request: AdviceRequest) -> bool:
    """Link one's own disclosed contract to the advice one asked for."""
    return request.requester_id == person.id


def get_advice_or_404(person: Person, request_id: int) -> AdviceRequest:
    request = db.session.get(AdviceRequest, request_id)
    if request is None or not can_view_advice(person, request):
        abort(404)
    return request


# --- JSON API -----------------------------------------------------------------------------
# A personal access token acts as the administrator who created it, limited by its scopes.
# Each use checks three things again: the token is live, its owner is still an active
# administrator, and the owner's own roles allow what the scope names (the same rules as
# the pages: a token never sees more than its owner would). Objects are then filtered with
# the page rules above, e.g. can_view_disclosure for each disclosure.


def can_manage_api_tokens(person: Person) -> bool:
    return has_any_role(person, (Role.ADMIN,))


def can_list_people(person: Person) -> bool:
    """The institution's people directory: administrators."""
    return has_any_role(person, (Role.ADMIN,))


def can_write_roster(person: Person) -> bool:
    """Create and update people, departments and roles from roster rows: administrators."""
    return has_any_role(person, (Role.ADMIN,))


def can_read_disclosures_of_others(person: Person) -> bool:
    """Whoever may see some colleague's certified disclosures (each still checked)."""
    return has_any_role(person, (*REVIEWER_ROLES, Role.DEPARTMENT_HEAD))


def can_view_institution_flags(person: Person) -> bool:
    """Every open flag of the institution: the COI office, as on its flag queue."""
    return can_dispose_flags(person)


def api_scope_usable(person: Person, scope: Scope) -> bool:
    """Whether the person's own roles give a token of theirs anything under this scope."""
    rule = {
        Scope.PEOPLE_READ: can_list_people,
        Scope.DISCLOSURES_READ: can_read_disclosures_of_others,
        Scope.FLAGS_READ: can_read_disclosures_of_others,
        Scope.ROSTER_WRITE: can_write_roster,
    }.get(scope)
    return rule is not None and can_manage_api_tokens(person) and rule(person)
