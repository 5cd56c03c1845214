"""Requests for general counsel's advice: thin routes; access in app/auth/permissions."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from app.advice import operations
from app.advice.models import AdviceStatus
from app.advice.queries import advice_queue, contracts_linked_to, requests_of
from app.auth.permissions import (
    can_close_advice,
    can_give_advice,
    can_link_advice,
    can_request_advice,
    can_use_advice_queue,
    can_view_engagement,
    get_advice_or_404,
)
from app.disclosures.contracts import Contract
from app.disclosures.operations import FilingError
from app.engagements.documents import documents_of, store_document
from app.engagements.models import EngagementDocument, EngagementProposal
from app.engagements.views import send_document
from app.extensions import db
from app.record.models import VersionItem
from app.refusals import Refusal
from forms.advice import AdviceForm, AdviceRequestForm, LinkContractForm
from forms.choices import options
from forms.engagements import DocumentForm

bp = Blueprint("advice", __name__, url_prefix="/advice")


@bp.get("/")
@login_required
def index() -> str:
    if not (can_use_advice_queue(current_user) or can_request_advice(current_user)):
        abort(403)
    return render_template(
        "advice/index.html",
        queue=advice_queue() if can_use_advice_queue(current_user) else None,
        mine=requests_of(current_user) if can_request_advice(current_user) else [],
        can_request=can_request_advice(current_user),
    )


def source_of_request() -> tuple[EngagementProposal | None, VersionItem | None]:
    """The proposal or certified item the request is opened from, if it is the asker's."""
    proposal = item = None
    proposal_id = request.args.get("proposal", type=int)
    if proposal_id is not None:
        proposal = db.session.get(EngagementProposal, proposal_id)
        if proposal is None or proposal.pi_id != current_user.id:
            abort(404)
    item_id = request.args.get("item", type=int)
    if item_id is not None:
        item = db.session.get(VersionItem, item_id)
        if item is None or item.version.disclosure.person_id != current_user.id:
            abort(404)
    return proposal, item


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> Response | tuple[str, int]:
    if not can_request_advice(current_user):
        abort(403)
    proposal, item = source_of_request()
    form = AdviceRequestForm()
    if request.method == "GET":
        if proposal is not None and can_view_engagement(current_user, proposal):
            form.subject.data = proposal.display_title
            form.counterparty.data = proposal.partners[0].name if proposal.partners else ""
            form.country.data = proposal.country
        if item is not None:
            form.counterparty.data = item.organisation_name
            form.country.data = item.country
    if form.validate_on_submit():
        data = {
            **form.data,
            "proposal_id": proposal.id if proposal else None,
            "version_item_id": item.id if item else None,
        }
        advice_request = operations.request_advice(current_user, data)
        flash("Your request is with general counsel. Attach the draft agreement below.", "success")
        return redirect(url_for(".show", request_id=advice_request.id))
    status = 422 if form.errors else 200
    return render_template("advice/new.html", form=form, proposal=proposal, item=item), status


def render_request(advice_request, **forms) -> str:
    link_form = forms.get("link_form") or LinkContractForm()
    link_form.contract_id.choices = options(
        [
            (str(c.id), f"{c.counterparty_name}, {c.contract_type}")
            for c in operations.contracts_to_link(advice_request)
        ]
    )
    linked = contracts_linked_to(advice_request)
    return render_template(
        "advice/show.html",
        advice_request=advice_request,
        documents=documents_of(advice_request_id=advice_request.id),
        advice_form=forms.get("advice_form") or AdviceForm(),
        document_form=forms.get("document_form") or DocumentForm(),
        link_form=link_form,
        linked=linked,
        can_advise=can_give_advice(current_user, advice_request)
        and advice_request.status is AdviceStatus.OPEN,
        can_close=can_close_advice(current_user, advice_request)
        and advice_request.status is not AdviceStatus.CLOSED,
        can_attach=advice_request.requester_id == current_user.id
        and advice_request.status is not AdviceStatus.CLOSED,
        can_link=can_link_advice(current_user, advice_request),
    )


@bp.get("/<int:request_id>")
@login_required
def show(request_id: int) -> str:
    return render_request(get_advice_or_404(current_user, request_id))


@bp.post("/<int:request_id>/advise")
@login_required
def advise(request_id: int) -> Response | tuple[str, int]:
    advice_request = get_advice_or_404(current_user, request_id)
    if not can_give_advice(current_user, advice_request):
        abort(403)
    form = AdviceForm()
    if form.validate_on_submit():
        try:
            operations.give_advice(advice_request, current_user, form.advice.data)
        except Refusal as refusal:
            db.session.rollback()
            form.advice.errors = [*form.advice.errors, refusal.message]
        else:
            flash("Your advice has been given to the requester.", "success")
            return redirect(url_for(".show", request_id=advice_request.id))
    advice_request = get_advice_or_404(current_user, request_id)
    return render_request(advice_request, advice_form=form), 422


@bp.post("/<int:request_id>/close")
@login_required
def close(request_id: int) -> Response:
    advice_request = get_advice_or_404(current_user, request_id)
    if not can_close_advice(current_user, advice_request):
        abort(403)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        operations.close_request(advice_request, current_user)
    except Refusal as refusal:
        flash(refusal.message, "info")
    else:
        flash("The request is closed.", "success")
    return redirect(url_for(".show", request_id=advice_request.id))


@bp.post("/<int:request_id>/documents")
@login_required
def upload(request_id: int) -> Response | tuple[str, int]:
    advice_request = get_advice_or_404(current_user, request_id)
    if advice_request.requester_id != current_user.id:
        abort(403)
    form = DocumentForm()
    if form.validate_on_submit():
        try:
            store_document(form.file.data, current_user, advice_request_id=advice_request.id)
        except FilingError as error:
            db.session.rollback()
            form.file.errors = [*form.file.errors, error.message]
        else:
            flash("The draft agreement is attached.", "success")
            return redirect(url_for(".show", request_id=advice_request.id))
    advice_request = get_advice_or_404(current_user, request_id)
    return render_request(advice_request, document_form=form), 422


@bp.get("/documents/<int:advice_document_id>")
@login_required
def document(advice_document_id: int) -> Response:
    document = db.session.get(EngagementDocument, advice_document_id)
    if document is None or document.advice_request_id is None:
        abort(404)
    get_advice_or_404(current_user, document.advice_request_id)
    return send_document(document)


@bp.post("/<int:request_id>/link")
@login_required
def link(request_id: int) -> Response | tuple[str, int]:
    advice_request = get_advice_or_404(current_user, request_id)
    if not can_link_advice(current_user, advice_request):
        abort(403)
    form = LinkContractForm()
    if form.validate_on_submit():
        contract = db.session.get(Contract, form.contract_id.data)
        try:
            if contract is None:
                raise Refusal("contract_id", "Choose the contract.")
            operations.link_contract(advice_request, contract, current_user)
        except Refusal as refusal:
            db.session.rollback()
            form.contract_id.errors = [*form.contract_id.errors, refusal.message]
        else:
            flash("The contract is linked to this advice.", "success")
            return redirect(url_for(".show", request_id=advice_request.id))
    advice_request = get_advice_or_404(current_user, request_id)
    return render_request(advice_request, link_form=form), 422
