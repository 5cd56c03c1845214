"""The home page sends each person to the dashboard of their role."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from app.auth.permissions import home_endpoint_for, roles_required
from app.clock import local_today
from app.disclosures.queries import current_cycle, earlier_disclosures, what_is_owed
from app.people.queries import (
    count_people,
    departments_by_ids,
    departments_with_headcount,
    people_in_departments,
)
from app.people.roles import Role
from app.review.queries import (
    QueueFilters,
    coi_flag_queue,
    completion_by_department,
    open_flags_by,
    plans_awaiting_acknowledgement,
    plans_due,
    review_queue,
)
from forms.disclosures import StartAnnualForm

bp = Blueprint("home", __name__)


@bp.get("/")
@login_required
def index() -> Response:
    return redirect(url_for(home_endpoint_for(current_user)))


@bp.get("/no-role")
@login_required
def no_role() -> str:
    return render_template("home/no_role.html")


@bp.get("/my")
@login_required
@roles_required(Role.FACULTY)
def faculty_dashboard() -> str:
    today = local_today()
    return render_template(
        "home/faculty.html",
        owed=what_is_owed(current_user, today),
        earlier=earlier_disclosures(current_user, today),
        plans_to_acknowledge=plans_awaiting_acknowledgement(current_user),
        start_form=StartAnnualForm(),
        today=today,
    )


@bp.get("/department")
@login_required
@roles_required(Role.DEPARTMENT_HEAD)
def department_dashboard() -> str:
    headed = sorted(current_user.headed_department_ids)
    today = local_today()
    cycle = current_cycle(today)
    by_category, by_severity = open_flags_by(headed)
    return render_template(
        "home/department.html",
        departments=departments_by_ids(headed),
        faculty=people_in_departments(headed),
        cycle=cycle,
        completion=completion_by_department(cycle, headed, today) if cycle else [],
        flags_by_category=by_category,
        flags_by_severity=by_severity,
        awaiting=len(review_queue(headed, QueueFilters())),
        remind_form=FlaskForm(),
    )


@bp.get("/coi")
@login_required
@roles_required(Role.COI_OFFICE)
def coi_dashboard() -> str:
    today = local_today()
    cycle = current_cycle(today)
    by_category, by_severity = open_flags_by(None)
    return render_template(
        "home/coi.html",
        cycle=cycle,
        completion=completion_by_department(cycle, None, today) if cycle else [],
        flags_by_category=by_category,
        flags_by_severity=by_severity,
        flags_waiting=len(coi_flag_queue()),
        awaiting=len(review_queue(None, QueueFilters())),
        plans_due=plans_due(today),
    )


@bp.get("/counsel")
@login_required
@roles_required(Role.GENERAL_COUNSEL)
def counsel_dashboard() -> str:
    return render_template("home/counsel.html")


@bp.get("/admin")
@login_required
@roles_required(Role.ADMIN)
def admin_dashboard() -> str:
    return render_template(
        "home/admin.html", departments=departments_with_headcount(), people_count=count_people()
    )
