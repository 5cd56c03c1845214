"""Review routes: queues, decisions, comments, flag dispositions, plan acknowledgement."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from app.auth.permissions import (
    can_comment,
    can_dispose_flags,
    can_remind,
    get_disclosure_or_404,
    has_any_role,
    is_reviewer_of,
)
from app.clock import local_today
from app.disclosures.enums import DisclosureStatus, ItemKind
from app.extensions import db
from app.notifications.reminders import remind_person
from app.people.models import Person
from app.people.roles import Role
from app.record.models import VersionFlag
from app.record.queries import record_counts, record_years
from app.review import operations
from app.review.models import CommentVisibility, Disposition, ManagementPlan, ReviewAction
from app.review.panel import action_form_for
from app.review.queries import QueueFilters, coi_flag_queue, review_queue
from app.review.states import TransitionRefused
from app.screening.flags import Severity
from forms.review import CommentForm, DispositionForm

bp = Blueprint("review", __name__, url_prefix="/review")


def back_to(disclosure_id: int, anchor: str = "review") -> Response:
    return redirect(url_for("disclosures.show", disclosure_id=disclosure_id) + f"#{anchor}")


@bp.get("/queue")
@login_required
def queue() -> str:
    if has_any_role(current_user, (Role.COI_OFFICE,)):
        departments = None
    elif has_any_role(current_user, (Role.DEPARTMENT_HEAD,)):
        departments = sorted(current_user.headed_department_ids)
    else:
        abort(403)
    year = request.args.get("year", type=int)
    filters = QueueFilters(
        year=year if year in record_years() else None,
        status=request.args.get("status", ""),
        severity=request.args.get("severity", ""),
        kind=request.args.get("kind", ""),
        person=request.args.get("person", "").strip(),
    )
    return render_template(
        "review/queue.html",
        rows=review_queue(departments, filters),
        counts=record_counts(filters.year, departments),
        years=record_years(),
        filters=filters,
        statuses=[s for s in DisclosureStatus if s.awaiting_review],
        severities=list(Severity),
        kinds=list(ItemKind),
    )


@bp.get("/flags")
@login_required
def flag_queue() -> str:
    if not can_dispose_flags(current_user):
        abort(403)
    return render_template("review/flags.html", entries=coi_flag_queue(), form=DispositionForm())


@bp.post("/disclosures/<int:disclosure_id>/decide")
@login_required
def decide(disclosure_id: int) -> Response | str:
    disclosure = get_disclosure_or_404(current_user, disclosure_id)
    if not is_reviewer_of(current_user, disclosure) or disclosure.person_id == current_user.id:
        abort(403)
    # Every action is a valid choice here: whether it is possible now (and whether the
    # page was stale) is the operation's decision, so the reviewer is told which.
    form = action_form_for(disclosure, list(ReviewAction))
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "danger")
        return back_to(disclosure.id)
    plan = None
    if form.action.data == ReviewAction.APPROVE_WITH_PLAN.value:
        # A listed person: the form only accepts the monitors it offered.
        monitor = db.session.get(Person, form.plan_monitor_id.data)
        plan = operations.PlanTerms(
            form.plan_conditions.data or "", monitor, form.plan_review_on.data
        )
    try:
        event = operations.take_action(
            disclosure,
            ReviewAction(form.action.data),
            current_user,
            form.seen_version.data,
            form.comment.data or "",
            CommentVisibility(form.visibility.data),
            plan,
        )
    except (TransitionRefused, operations.ConcurrentChange) as error:
        db.session.rollback()
        flash(str(error), "danger")
        return back_to(disclosure_id)
    flash(
        f"{event.action.label}: the disclosure is now {event.to_status.label.lower()}.", "success"
    )
    return back_to(disclosure.id)


@bp.post("/disclosures/<int:disclosure_id>/comments")
@login_required
def comment(disclosure_id: int) -> Response:
    disclosure = get_disclosure_or_404(current_user, disclosure_id)
    if not can_comment(current_user, disclosure):
        abort(403)
    form = CommentForm()
    if not form.validate_on_submit():
        flash("Write the comment before posting it.", "danger")
        return back_to(disclosure.id, "comments")
    try:
        operations.add_comment(
            disclosure, current_user, form.body.data, CommentVisibility(form.visibility.data)
        )
    except TransitionRefused as error:
        abort(403, str(error))
    flash("Comment added.", "success")
    return back_to(disclosure.id, "comments")


@bp.post("/flags/<int:flag_id>/disposition")
@login_required
def dispose(flag_id: int) -> Response:
    if not can_dispose_flags(current_user):
        abort(403)
    flag = db.session.get(VersionFlag, flag_id) or abort(404)
    item = flag.item
    disclosure = get_disclosure_or_404(current_user, item.version.disclosure_id)
    form = DispositionForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "danger")
    else:
        operations.dispose_flag(
            flag, Disposition(form.disposition.data), form.reason.data or "", current_user
        )
        flash(
            f"Flag on “{flag.matched}”: {Disposition(form.disposition.data).label.lower()}.",
            "success",
        )
    if request.args.get("back") == "queue":
        return redirect(url_for(".flag_queue"))
    return back_to(disclosure.id, f"item-{item.id}")


@bp.post("/plans/<int:plan_id>/acknowledge")
@login_required
def acknowledge(plan_id: int) -> Response:
    plan = db.session.get(ManagementPlan, plan_id) or abort(404)
    if plan.disclosure_id is None:
        abort(404)  # an engagement's conditions are acknowledged on the engagement
    disclosure = get_disclosure_or_404(current_user, plan.disclosure_id)
    if not FlaskForm().validate_on_submit() or disclosure.person_id != current_user.id:
        abort(403)
    operations.acknowledge_plan(plan, disclosure, current_user)
    flash("You have acknowledged the management plan.", "success")
    return back_to(disclosure.id, "plan")


@bp.post("/remind/<int:person_id>")
@login_required
def remind(person_id: int) -> Response:
    person = db.session.get(Person, person_id)
    if person is None or not can_remind(current_user, person):
        abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    message = remind_person(person, current_user, local_today())
    if message is None:
        flash(f"{person.full_name} owes nothing now or was already reminded today.", "info")
    else:
        flash(f"A reminder is on its way to {person.full_name}.", "success")
    return redirect(url_for("home.index"))
