"""Engagement proposal routes: thin; rules live in operations and app/auth/permissions."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from app.audit.operations import record
from app.auth.permissions import (
    can_comment_on_engagement,
    can_edit_engagement,
    can_propose_engagement,
    can_propose_from_item,
    can_see_reviewer_engagement_comments,
    can_view_engagement,
    can_view_engagement_overview,
    engagement_actions,
    engagement_capacities,
    engagement_comment_audiences,
    engagement_overview_scope,
    get_engagement_or_404,
)
from app.clock import local_today
from app.disclosures.attachments import attachment_path, download_name
from app.disclosures.operations import FilingError
from app.engagements import operations
from app.engagements.documents import documents_of, store_document
from app.engagements.enums import CommentAudience, EngagementAction, EngagementKind
from app.engagements.linking import Coverage, coverage_of, proposal_from_item
from app.engagements.models import RISK_AREAS, EngagementDocument, EngagementProposal
from app.engagements.precheck_facts import precheck
from app.engagements.queries import (
    Overview,
    comments_of,
    engagement_overview,
    events_of,
    plan_of,
    proposals_of,
    what_candor_knows,
)
from app.engagements.red_lines import crossings
from app.engagements.states import Decision, TransitionRefused
from app.extensions import db
from app.record.models import VersionItem
from app.refusals import Refusal
from app.review.panel import monitor_choices
from forms.choices import options
from forms.engagements import (
    DocumentForm,
    EngagementCommentForm,
    ProposalForm,
    ReviewStepForm,
    StartProposalForm,
    lines,
)

bp = Blueprint("engagements", __name__, url_prefix="/engagements")


def overview_for_viewer() -> Overview | None:
    """Every proposal for the COI office and the committee; a head's departments'."""
    if not can_view_engagement_overview(current_user):
        return None
    return engagement_overview(engagement_overview_scope(current_user), local_today())


@bp.app_template_global()
def engagement_counts() -> str:
    """For dashboards: the Engagements view in a few words."""
    overview = overview_for_viewer()
    if overview is None:
        return ""
    return (
        f"{len(overview.open)} open, {len(overview.decided)} decided, "
        f"{len(overview.conditions_due)} with conditions due"
    )


@bp.get("/")
@login_required
def index() -> str:
    overview = overview_for_viewer()
    if overview is None and not can_propose_engagement(current_user):
        abort(403)
    return render_template(
        "engagements/index.html",
        mine=proposals_of(current_user) if can_propose_engagement(current_user) else [],
        overview=overview,
        can_propose=can_propose_engagement(current_user),
        start_form=StartProposalForm(),
    )


@bp.get("/help")
@login_required
def help_page() -> str:
    return render_template("engagements/help.html")


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> Response | str:
    if not can_propose_engagement(current_user):
        abort(403)
    item_id = request.args.get("item", type=int)
    if item_id is not None:
        return new_from_item(item_id)
    form = StartProposalForm()
    if form.validate_on_submit():
        proposal = operations.new_proposal(current_user, EngagementKind(form.kind.data))
        return redirect(url_for(".edit", proposal_id=proposal.id))
    return render_template("engagements/new.html", form=form)


def new_from_item(item_id: int) -> Response | str:
    """Offer, then open, a proposal pre-filled from one's own certified item."""
    item = db.session.get(VersionItem, item_id)
    if item is None or not can_propose_from_item(current_user, item):
        abort(404)
    form = FlaskForm()
    if form.validate_on_submit():
        proposal = proposal_from_item(current_user, item)
        flash("The proposal is pre-filled from your disclosure; complete it and submit.", "info")
        return redirect(url_for(".edit", proposal_id=proposal.id))
    return render_template("engagements/new_from_item.html", item=item, form=form)


@bp.app_template_global()
def engagement_coverage(item: VersionItem) -> Coverage | None:
    """For flag lists: the approved engagement a certified item reports."""
    return coverage_of(item)


@bp.app_template_global()
def may_propose_from(item: VersionItem) -> bool:
    return can_propose_from_item(current_user, item)


def proposal_form_for(proposal: EngagementProposal) -> ProposalForm:
    """The form filled from the proposal as saved, for a GET."""
    form = ProposalForm(obj=proposal)
    form.partners.data = "\n".join(o.name for o in proposal.partners)
    form.colleagues.data = "\n".join(p.person.email for p in proposal.people if p.person)
    form.outsiders.data = "\n".join(
        f"{p.name}, {p.affiliation}" if p.affiliation else p.name
        for p in proposal.people
        if p.person is None
    )
    form.export_controlled.data = proposal.export_controlled or ""
    return form


def proposal_data(form: ProposalForm) -> dict:
    data = dict(form.data)
    data.pop("csrf_token", None)
    data["partners"] = lines(form.partners.data)
    data["colleagues"] = operations.colleagues_by_email(lines(form.colleagues.data))
    data["outsiders"] = [operations.Outsider(n, a) for n, a in form.outsider_pairs()]
    return data


@bp.route("/<int:proposal_id>/edit", methods=["GET", "POST"])
@login_required
def edit(proposal_id: int) -> Response | str:
    proposal = get_engagement_or_404(current_user, proposal_id)
    if not can_edit_engagement(current_user, proposal):
        abort(403)
    form = ProposalForm() if request.method == "POST" else proposal_form_for(proposal)
    if form.validate_on_submit():
        try:
            operations.save_proposal(proposal, proposal_data(form), current_user)
        except Refusal as refusal:
            db.session.rollback()
            form[refusal.field].errors.append(refusal.message)
        else:
            flash("Saved. Partners and people were screened.", "success")
            return redirect(url_for(".show", proposal_id=proposal.id))
    return render_template(
        "engagements/edit.html", form=form, proposal=proposal, risk_areas=RISK_AREAS
    ), (422 if form.errors else 200)


def step_form_for(proposal: EngagementProposal) -> ReviewStepForm:
    form = ReviewStepForm()
    form.action.choices = options(
        [(a.value, a.label) for a in engagement_actions(current_user, proposal)]
    )
    form.monitor_id.choices = options(
        [("", "Choose…")] + [(str(i), n) for i, n in monitor_choices()]
    )
    form.audience.choices = options(
        [(a.value, a.label) for a in engagement_comment_audiences(current_user, proposal)]
    )
    return form


@bp.get("/<int:proposal_id>")
@login_required
def show(proposal_id: int) -> str:
    proposal = get_engagement_or_404(current_user, proposal_id)
    return render_page(proposal, step_form_for(proposal), EngagementCommentForm())


def render_page(
    proposal: EngagementProposal,
    step_form: ReviewStepForm,
    comment_form: EngagementCommentForm,
    document_form: DocumentForm | None = None,
) -> str:
    comment_form.audience.choices = options(
        [(a.value, a.label) for a in engagement_comment_audiences(current_user, proposal)]
    )
    return render_template(
        "engagements/show.html",
        proposal=proposal,
        known=what_candor_knows(proposal),
        precheck=precheck(proposal),
        crossed=crossings(proposal.kind, proposal.findings),
        events=events_of(proposal),
        comments=comments_of(
            proposal, can_see_reviewer_engagement_comments(current_user, proposal)
        ),
        plan=plan_of(proposal),
        documents=documents_of(proposal_id=proposal.id),
        risk_areas=RISK_AREAS,
        actions=engagement_actions(current_user, proposal),
        step_form=step_form,
        comment_form=comment_form,
        document_form=document_form or DocumentForm(),
        can_edit=can_edit_engagement(current_user, proposal),
        can_comment=can_comment_on_engagement(current_user, proposal),
    )


@bp.post("/<int:proposal_id>/act")
@login_required
def act(proposal_id: int) -> Response | tuple[str, int]:
    proposal = get_engagement_or_404(current_user, proposal_id)
    capacities = engagement_capacities(current_user, proposal)
    if not engagement_actions(current_user, proposal):
        abort(403)
    form = step_form_for(proposal)
    if form.validate_on_submit():
        decision = Decision(
            comment=form.comment.data or "",
            risk_assessment=form.risk_assessment.data or "",
            proposed_conditions=form.proposed_conditions.data or "",
            justification=form.justification.data or "",
            conditions=form.conditions.data or "",
            monitor_id=form.monitor_id.data,
            review_on=form.review_on.data,
        )
        try:
            event = operations.take_action(
                proposal,
                EngagementAction(form.action.data),
                current_user,
                capacities,
                decision,
                CommentAudience(form.audience.data),
            )
        except (TransitionRefused, Refusal) as refusal:
            db.session.rollback()
            field = refusal.field if refusal.field in form else "action"
            form[field].errors = [*form[field].errors, str(refusal)]
        else:
            flash(f"{event.action.label}: {event.to_status.label.lower()}.", "success")
            return redirect(url_for(".show", proposal_id=proposal.id))
    proposal = get_engagement_or_404(current_user, proposal_id)
    return render_page(proposal, form, EngagementCommentForm()), 422


@bp.post("/<int:proposal_id>/comments")
@login_required
def comment(proposal_id: int) -> Response | tuple[str, int]:
    proposal = get_engagement_or_404(current_user, proposal_id)
    if not can_comment_on_engagement(current_user, proposal):
        abort(403)
    form = EngagementCommentForm()
    form.audience.choices = options(
        [(a.value, a.label) for a in engagement_comment_audiences(current_user, proposal)]
    )
    if form.validate_on_submit():
        operations.add_comment(
            proposal, current_user, form.body.data, CommentAudience(form.audience.data)
        )
        flash("Comment added.", "success")
        return redirect(url_for(".show", proposal_id=proposal.id) + "#comments")
    return render_page(proposal, step_form_for(proposal), form), 422


@bp.post("/<int:proposal_id>/documents")
@login_required
def upload(proposal_id: int) -> Response | tuple[str, int]:
    proposal = get_engagement_or_404(current_user, proposal_id)
    if not can_edit_engagement(current_user, proposal):
        abort(403)
    form = DocumentForm()
    if form.validate_on_submit():
        try:
            store_document(form.file.data, current_user, proposal_id=proposal.id)
        except FilingError as error:
            db.session.rollback()
            form.file.errors = [*form.file.errors, error.message]
        else:
            flash("The draft agreement is attached.", "success")
            return redirect(url_for(".show", proposal_id=proposal.id) + "#documents")
    proposal = get_engagement_or_404(current_user, proposal_id)
    page = render_page(proposal, step_form_for(proposal), EngagementCommentForm(), form)
    return page, 422


@bp.get("/documents/<int:document_id>")
@login_required
def document(document_id: int) -> Response:
    document = db.session.get(EngagementDocument, document_id)
    if document is None or document.proposal_id is None:
        abort(404)
    proposal = db.session.get(EngagementProposal, document.proposal_id)
    if proposal is None or not can_view_engagement(current_user, proposal):
        abort(404)
    return send_document(document)


def send_document(document: EngagementDocument) -> Response:
    path = attachment_path(document)  # type: ignore[arg-type]
    if not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=document.content_type,
        as_attachment=True,
        download_name=download_name(document),  # type: ignore[arg-type]
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    record(
        "engagement_document.download",
        object_type="engagement_document",
        object_id=document.id,
        summary=f"{document.original_filename} downloaded",
    )
    return response
