"""Filing routes: thin. Load, check access, validate the form, call one operation."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from app.auth.permissions import (
    can_amend_disclosure,
    can_edit_disclosure,
    can_submit_disclosure,
    get_disclosure_or_404,
    roles_required,
)
from app.clock import local_today
from app.cycles.models import Cycle
from app.disclosures import operations
from app.disclosures.attachments import list_attachments
from app.disclosures.enums import ItemKind, YesNoUnknown
from app.disclosures.filters import snapshot_value
from app.disclosures.items import DisclosureItem
from app.disclosures.models import Disclosure
from app.disclosures.presubmit import submission_findings
from app.disclosures.queries import item_form_data, items_by_kind
from app.disclosures.snapshots import diff_snapshots
from app.errors import refuse_query
from app.exports.panel import outputs_panel
from app.extensions import db
from app.people.roles import Role
from app.record.queries import certified_by_kind, findings_of, open_version_flags_for
from app.review.panel import review_panel
from app.screening.queries import open_flags_for
from forms.attachments import upload_form_for
from forms.disclosures import (
    ITEM_FORMS,
    StartAnnualForm,
    StartEventForm,
    TalentQuestionForm,
    submit_form_for,
)
from forms.filters import CompareVersionsForm

bp = Blueprint("disclosures", __name__, url_prefix="/disclosures")


def show_error(form: FlaskForm, error: operations.FilingError) -> None:
    """Put an operation's refusal beside its field, or above the form."""
    field = getattr(form, error.field, None)
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def editable_or_403(disclosure: Disclosure) -> None:
    if not can_edit_disclosure(current_user, disclosure):
        abort(403)


def item_of(disclosure: Disclosure, item_id: int) -> DisclosureItem:
    item = db.session.get(DisclosureItem, item_id)
    if item is None or item.disclosure_id != disclosure.id or item.withdrawn_at is not None:
        abort(404)
    return item


@bp.get("/<int:disclosure_id>")
@login_required
def show(disclosure_id: int) -> str:
    disclosure = get_disclosure_or_404(current_user, disclosure_id)
    # The filer and their delegates work on the draft; everyone else sees what was
    # certified, and only that an amendment or a revision is in progress.
    drafting = can_edit_disclosure(current_user, disclosure)
    if drafting:
        grouped = items_by_kind(disclosure)
        flags = open_flags_for([item.id for item in disclosure.live_items])
    else:
        grouped = certified_by_kind(disclosure.certified_version)
        flags = open_version_flags_for([i.id for items in grouped.values() for i in items])
    talent_form = TalentQuestionForm(
        data={
            "answer": disclosure.talent_program_answer and disclosure.talent_program_answer.value,
            "details": disclosure.talent_program_details,
        }
    )
    return render_template(
        "disclosures/show.html",
        disclosure=disclosure,
        drafting=drafting,
        certified=disclosure.certified_version,
        certified_talent_answer=certified_talent_answer(disclosure),
        grouped=grouped,
        flags=flags,
        problems=operations.submission_problems(disclosure),
        talent_form=talent_form,
        can_edit=drafting,
        can_submit=can_submit_disclosure(current_user, disclosure),
        can_amend=can_amend_disclosure(current_user, disclosure),
        action_form=FlaskForm(),
        review=review_panel(current_user, disclosure),
        findings=findings_of(disclosure.certified_version),
        attachments=list_attachments(disclosure, certified_only=not drafting),
        upload_form=upload_form_for(disclosure),
        outputs=outputs_panel(current_user, disclosure.person, disclosure),
    )


def certified_talent_answer(disclosure: Disclosure) -> str | None:
    version = disclosure.certified_version
    answer = version.snapshot.get("talent_program_answer") if version else None
    return snapshot_value(None, "talent_program_answer", answer) if answer else None


@bp.post("/start/annual/<int:cycle_id>")
@login_required
@roles_required(Role.FACULTY)
def start_annual(cycle_id: int) -> Response:
    cycle = db.session.get(Cycle, cycle_id) or abort(404)
    form = StartAnnualForm()
    if not form.validate_on_submit() or cycle.opens_on > local_today() or cycle.closed:
        abort(400)
    disclosure = operations.start_annual_disclosure(current_user, cycle, form.carry_forward.data)
    return redirect(url_for(".show", disclosure_id=disclosure.id))


@bp.route("/start/event", methods=["GET", "POST"])
@login_required
@roles_required(Role.FACULTY)
def start_event() -> str | Response:
    form = StartEventForm()
    if form.validate_on_submit():
        try:
            disclosure = operations.start_event_disclosure(
                current_user, form.event_date.data, form.summary.data
            )
        except operations.FilingError as error:
            show_error(form, error)
        else:
            return redirect(url_for(".show", disclosure_id=disclosure.id))
    status = 400 if form.errors or form.form_errors else 200
    return render_template("disclosures/start_event.html", form=form), status


@bp.route("/<int:disclosure_id>/items/new/<kind>", methods=["GET", "POST"])
@login_required
def new_item(disclosure_id: int, kind: str) -> str | Response:
    disclosure = get_disclosure_or_404(current_user, disclosure_id)
    editable_or_403(disclosure)
    item_kind = ItemKind(kind) if kind in ItemKind._value2member_map_ else abort(404)
    form = ITEM_FORMS[item_kind]()
    return _save_item_form(disclosure, item_kind, form, None)


@bp.route("/<int:disclosure_id>/items/<int:item_id>", methods=["GET", "POST"])
@login_required
def edit_item(disclosure_id: int, item_id: int) -> str | Response:
    disclosure = get_disclosure_or_404(current_user, disclosure_id)
    editable_or_403(disclosure)
    item = item_of(disclosure, item_id)
    item_kind = ItemKind(item.kind)
    form_class = ITEM_FORMS[item_kind]
    form = form_class() if request.method == "POST" else form_class(data=item_form_data(item))
    return _save_item_form(disclosure, item_kind, form, item)


def _save_item_form(
    disclosure: Disclosure, kind: ItemKind, form: FlaskForm, item: DisclosureItem | None
) -> str | Response:
    if form.validate_on_submit():
        try:
            operations.save_item(disclosure, kind, form.data, current_user, item)
        except operations.FilingError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            flash(f"Saved: {kind.label.lower()}.", "success")
            return redirect(url_for(".show", disclosure_id=disclosure.id) + f"#{kind.value}")
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "disclosures/item_form.html", disclosure=disclosure, kind=kind, form=form, item=item
    ), status


@bp.post("/<int:disclosure_id>/items/<int:item_id>/withdraw")
@login_required
def withdraw_item(disclosure_id: int, item_id: int) -> Response:
    disclosure = get_disclosure_or_404(current_user, disclosure_id)
    editable_or_403(disclosure)
    if not FlaskForm().validate_on_submit():
        abort(400)
    operations.withdraw_item(item_of(disclosure, item_id), current_user)
    flash("The item was removed from this disclosure.", "info")
    return redirect(url_for(".show", disclosure_id=disclosure.id))


@bp.post("/<int:disclosure_id>/items/<int:item_id>/confirm")
@login_required
def confirm_item(disclosure_id: int, item_id: int) -> Response:
    disclosure = get_disclosure_or_404(current_user, disclosure_id)
    editable_or_403(disclosure)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        operations.confirm_carried_item(item_of(disclosure, item_id), current_user)
    except operations.FilingError as error:
        flash(error.message, "danger")
    return redirect(url_for(".show", disclosure_id=disclosure.id))


@bp.post("/<int:disclosure_id>/talent")
@login_required
def answer_talent_question(disclosure_id: int) -> str | Response:
    disclosure = get_disclosure_or_404(current_user, disclosure_id)
    editable_or_403(disclosure)
    form = TalentQuestionForm()
    if form.validate_on_submit():
        operations.answer_talent_question(
            disclosure, YesNoUnknown(form.answer.data), form.details.data or "", current_user
        )
        flash("Your answer to the talent program question was saved.", "success")
        return redirect(url_for(".show", disclosure_id=disclosure.id))
    for field_errors in form.errors.values():
        for message in field_errors:
            flash(message, "danger")
    return redirect(url_for(".show", disclosure_id=disclosure.id) + "#talent")


@bp.route("/<int:disclosure_id>/submit", methods=["GET", "POST"])
@login_required
def submit(disclosure_id: int) -> str | Response:
    disclosure = get_disclosure_or_404(current_user, disclosure_id)
    if already_submitted(disclosure):
        # A second click (or a second tab) after the first submission went through.
        flash(
            f"This disclosure was already submitted as version {disclosure.latest_version.number}.",
            "info",
        )
        return redirect(url_for(".show", disclosure_id=disclosure.id))
    if not can_submit_disclosure(current_user, disclosure):
        abort(403)
    findings = submission_findings(disclosure)
    warnings = [checked for checked in findings if checked.warns]
    form = submit_form_for([warning.rule for warning in warnings])()
    if form.validate_on_submit():
        notes = {w.rule: form[f"note_{w.rule}"].data or "" for w in warnings}
        try:
            version = operations.submit_disclosure(
                disclosure, current_user, form.typed_name.data, form.certified.data, notes
            )
            db.session.flush()
        except operations.FilingError as error:
            db.session.rollback()
            show_error(form, error)
        except (IntegrityError, StaleDataError):
            # Two submissions raced: the other one won and this one changed nothing.
            db.session.rollback()
            flash("This disclosure was just submitted from another window.", "info")
            return redirect(url_for(".show", disclosure_id=disclosure_id))
        else:
            flash(f"Submitted as version {version.number}. Thank you.", "success")
            return redirect(url_for(".show", disclosure_id=disclosure.id))
    status = 400 if form.errors or form.form_errors else 200
    return render_template(
        "disclosures/submit.html",
        disclosure=disclosure,
        form=form,
        statement=operations.CERTIFICATION_STATEMENT,
        problems=operations.submission_problems(disclosure),
        findings=findings,
        grouped=items_by_kind(disclosure),
        flags=open_flags_for([item.id for item in disclosure.live_items]),
    ), status


def already_submitted(disclosure: Disclosure) -> bool:
    return (
        disclosure.person_id == current_user.id
        and not disclosure.status.editable
        and disclosure.latest_version is not None
    )


@bp.post("/<int:disclosure_id>/amend")
@login_required
def amend(disclosure_id: int) -> Response:
    disclosure = get_disclosure_or_404(current_user, disclosure_id)
    if not can_amend_disclosure(current_user, disclosure) or not FlaskForm().validate_on_submit():
        abort(403)
    operations.amend_disclosure(disclosure, current_user)
    flash(
        "You are amending this disclosure. Submitted versions stay as they were; "
        "submitting again creates a new version.",
        "info",
    )
    return redirect(url_for(".show", disclosure_id=disclosure.id))


@bp.get("/<int:disclosure_id>/versions/<int:number>")
@login_required
def version(disclosure_id: int, number: int) -> str:
    disclosure = get_disclosure_or_404(current_user, disclosure_id)
    found = next((v for v in disclosure.versions if v.number == number), None) or abort(404)
    previous = next((v for v in disclosure.versions if v.number == number - 1), None)
    changes = diff_snapshots(previous.snapshot, found.snapshot) if previous else []
    grouped = certified_by_kind(found)
    return render_template(
        "disclosures/version.html",
        disclosure=disclosure,
        version=found,
        previous=previous,
        changes=changes,
        grouped=grouped,
        flags=open_version_flags_for([i.id for items in grouped.values() for i in items]),
        findings=findings_of(found),
        talent_answer=snapshot_value(
            None, "talent_program_answer", found.snapshot.get("talent_program_answer")
        ),
        is_filer=disclosure.person_id == current_user.id,
        review=review_panel(current_user, disclosure),
    )


@bp.get("/<int:disclosure_id>/compare")
@login_required
def compare(disclosure_id: int) -> str:
    disclosure = get_disclosure_or_404(current_user, disclosure_id)
    form = CompareVersionsForm(request.args)
    if not form.validate():
        refuse_query(form)
    numbers = {v.number: v for v in disclosure.versions}
    before = numbers.get(form["from"].data)
    after = numbers.get(form["to"].data)
    if before is None or after is None:
        abort(404)
    return render_template(
        "disclosures/compare.html",
        disclosure=disclosure,
        before=before,
        after=after,
        changes=diff_snapshots(before.snapshot, after.snapshot),
    )
