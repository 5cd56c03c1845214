"""The home page sends each person to the dashboard of their role."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from app.auth.permissions import home_endpoint_for, roles_required
from app.clock import local_today
from app.cycles.models import Cycle
from app.cycles.queries import current_cycle
from app.disclosures.queries import earlier_disclosures, what_is_owed
from app.exports.panel import outputs_panel
from app.fcoi.queries import determinations_due, reporting_clock
from app.people.queries import (
    count_people,
    departments_by_ids,
    departments_with_headcount,
    people_in_departments,
)
from app.people.roles import Role
from app.record.queries import record_counts, record_years
from app.review.queries import completion_by_department, plans_awaiting_acknowledgement, plans_due
from app.training.queries import readiness_of
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
        outputs=outputs_panel(current_user, current_user),
    )


def counted_year(cycle: Cycle | None, today: date) -> int:
    """The year a dashboard counts: the one asked for (among those with certified
    disclosures), else the current cycle's, else this calendar year."""
    asked = request.args.get("year", type=int)
    if asked is not None and asked in record_years():
        return asked
    return cycle.year if cycle else today.year


@bp.get("/department")
@login_required
@roles_required(Role.DEPARTMENT_HEAD)
def department_dashboard() -> str:
    headed = sorted(current_user.headed_department_ids)
    today = local_today()
    cycle = current_cycle(today)
    year = counted_year(cycle, today)
    return render_template(
        "home/department.html",
        departments=departments_by_ids(headed),
        faculty=people_in_departments(headed),
        cycle=cycle,
        completion=completion_by_department(cycle, headed, today) if cycle else [],
        counts=record_counts(year, headed),
        record_years=record_years(),
        remind_form=FlaskForm(),
        readiness=readiness_of(people_in_departments(headed), today),
    )


@bp.get("/coi")
@login_required
@roles_required(Role.COI_OFFICE)
def coi_dashboard() -> str:
    today = local_today()
    cycle = current_cycle(today)
    year = counted_year(cycle, today)
    return render_template(
        "home/coi.html",
        cycle=cycle,
        completion=completion_by_department(cycle, None, today) if cycle else [],
        counts=record_counts(year, None),
        record_years=record_years(),
        all_years=record_counts(None, None),
        plans_due=plans_due(today),
        clocks=reporting_clock(today),
        reported_form=None,
        determinations_due=len(determinations_due(today)),
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
