"""Review routes: queues, decisions (with their confirmation), comments, flag
dispositions, plan acknowledgement."""

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
from app.disclosures.models import Disclosure
from app.errors import refuse_query, render_error
from app.extensions import db
from app.notifications.reminders import remind_person
from app.people.models import Person
from app.people.roles import Role
from app.record.models import VersionFlag
from app.record.queries import record_counts, record_years
from app.review import operations
from app.review.models import CommentVisibility, Disposition, ManagementPlan, ReviewAction
from app.review.panel import action_form_for, decision_summary, offer_actions
from app.review.queries import QueueFilters, coi_flag_queue, review_queue
from app.review.states import EXPLAINED_TO_FILER, NEEDS_CONFIRMATION, TransitionRefused
from app.screening.flags import Severity
from forms.filters import ReviewQueueFilterForm
from forms.review import CommentForm, DispositionForm, ReviewActionForm

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
    form = ReviewQueueFilterForm(request.args)
    if not form.validate():
        refuse_query(form)
    filters = QueueFilters(
        year=form.year.data if form.year.data in record_years() else None,
        status=form.status.data,
        severity=form.severity.data,
        kind=form.kind.data,
        person=(form.person.data or "").strip(),
    )
    queue_page = review_queue(departments, filters, form.page.data or 1)
    return render_template(
        "review/queue.html",
        queue=queue_page,
        page_links=[
            (number, url_for(".queue", **{**request.args.to_dict(), "page": number}))
            for number in range(1, queue_page.pages + 1)
        ],
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


def decision_page(
    disclosure: Disclosure, form: ReviewActionForm, status: int = 200
) -> tuple[str, int]:
    """The decision form on a page of its own, holding what the reviewer typed."""
    summary = decision_summary(current_user, disclosure)
    offer_actions(form, summary.actions)
    return (
        render_template("review/decide.html", disclosure=disclosure, form=form, summary=summary),
        status,
    )


def refused(
    disclosure: Disclosure, form: ReviewActionForm, error: TransitionRefused
) -> tuple[str, int]:
    """Nothing is saved; the reason goes beside the field it is about."""
    db.session.rollback()
    field = getattr(form, error.field, form.action)
    field.errors = [*field.errors, error.message]
    return decision_page(disclosure, form, 400)


def stale(disclosure_id: int, error: operations.ConcurrentChange) -> tuple[str, int]:
    db.session.rollback()
    return render_error(
        409, str(error), reload_url=url_for("disclosures.show", disclosure_id=disclosure_id)
    )


def plan_from(form: ReviewActionForm) -> operations.PlanTerms | None:
    if form.action.data != ReviewAction.APPROVE_WITH_PLAN.value:
        return None
    # A listed person: the form only accepts the monitors it offered.
    monitor = db.session.get(Person, form.plan_monitor_id.data)
    return operations.PlanTerms(form.plan_conditions.data or "", monitor, form.plan_review_on.data)


@bp.post("/disclosures/<int:disclosure_id>/decide")
@login_required
def decide(disclosure_id: int) -> Response | tuple[str, int]:
    """Refused: the form again, as typed, reason beside the field (400). An approval or a
    disapproval not yet confirmed: the confirmation page. Confirmed or other: taken."""
    disclosure = get_disclosure_or_404(current_user, disclosure_id)
    if not is_reviewer_of(current_user, disclosure) or disclosure.person_id == current_user.id:
        abort(403)
    # Every action is a valid choice here: whether it is possible now (and whether the
    # page was stale) is the operation's decision, so the reviewer is told which.
    form = action_form_for(disclosure, list(ReviewAction))
    if not form.validate_on_submit():
        return decision_page(disclosure, form, 400)
    if form.change.data:
        return decision_page(disclosure, form)
    action, plan = ReviewAction(form.action.data), plan_from(form)
    comment = form.comment.data or ""
    try:
        if action in NEEDS_CONFIRMATION and not form.confirm.data:
            target = operations.check_action(
                disclosure, action, current_user, form.seen_version.data, comment, plan
            )
            return render_template(
                "review/confirm.html",
                disclosure=disclosure,
                form=form,
                action=action,
                target=target,
                plan=plan,
                seen_by=CommentVisibility.FILER
                if action in EXPLAINED_TO_FILER
                else CommentVisibility(form.visibility.data),
                summary=decision_summary(current_user, disclosure),
            ), 200
        event = operations.take_action(
            disclosure,
            action,
            current_user,
            form.seen_version.data,
            comment,
            CommentVisibility(form.visibility.data),
            plan,
        )
    except TransitionRefused as error:
        return refused(disclosure, form, error)
    except operations.ConcurrentChange as error:
        return stale(disclosure_id, error)
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
