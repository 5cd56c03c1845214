"""People and roles in the browser (admins only): thin routes over app.admin.operations."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.admin.history import person_history
from app.admin.operations import (
    change_activation,
    grant_role_to,
    move_to_department,
    revoke_grant,
)
from app.admin.queries import all_departments, search_people
from app.auth.permissions import roles_required
from app.extensions import db
from app.people.models import Department, Person, RoleGrant
from app.people.roles import Role
from app.refusals import Refusal
from forms.admin import GrantRoleForm, MoveDepartmentForm, PeopleSearchForm, ReasonForm
from forms.base import CandorForm
from forms.choices import options

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
@roles_required(Role.ADMIN)
def admins_only() -> None:
    """Every route here is for administrators (the matrix checks each one)."""


def department_options(blank: str) -> list:
    return options([("", blank), *((d.code, f"{d.name} ({d.code})") for d in all_departments())])


@bp.get("/people")
def people() -> tuple[str, int]:
    form = PeopleSearchForm(request.args)
    form.department.choices = department_options("Every department")
    if not form.validate():
        return render_template("admin/people.html", form=form, found=None), 400
    found = search_people(form.q.data or "", form.department.data or "", form.page.data or 1)
    return render_template("admin/people.html", form=form, found=found), 200


def person_or_404(person_id: int) -> Person:
    return db.session.get(Person, person_id) or abort(404)


def person_page(person: Person, status: int = 200, **forms: CandorForm) -> tuple[str, int]:
    grant_form = forms.get("grant_form") or GrantRoleForm(prefix="grant")
    grant_form.department.choices = department_options("No department")
    move_form = forms.get("move_form") or MoveDepartmentForm(prefix="move")
    move_form.department.choices = department_options("Choose a department…")
    return render_template(
        "admin/person.html",
        person=person,
        grant_form=grant_form,
        move_form=move_form,
        revoke_form=forms.get("revoke_form") or ReasonForm(prefix="revoke"),
        revoking=forms.get("revoking"),
        activation_form=forms.get("activation_form") or ReasonForm(prefix="activation"),
        is_self=person.id == current_user.id,
        history=person_history(person),
    ), status


@bp.get("/people/<int:person_id>")
def person(person_id: int) -> tuple[str, int]:
    return person_page(person_or_404(person_id))


def _department(code: str) -> Department | None:
    return db.session.scalar(db.select(Department).where(Department.code == code)) if code else None


def _refused(form: CandorForm, refusal: Refusal) -> None:
    field = getattr(form, refusal.field, None) or form.reason
    field.errors = [*field.errors, refusal.message]


@bp.post("/people/<int:person_id>/roles")
def grant_role(person_id: int) -> Response | tuple[str, int]:
    found = person_or_404(person_id)
    form = GrantRoleForm(prefix="grant")
    form.department.choices = department_options("No department")
    if form.validate_on_submit():
        role = Role(form.role.data)
        try:
            grant_role_to(found, role, _department(form.department.data), form.reason.data)
        except Refusal as refusal:
            _refused(form, refusal)
        else:
            flash(f"{found.full_name} now holds the {role.label} role.", "success")
            return redirect(url_for(".person", person_id=found.id))
    return person_page(found, 400, grant_form=form)


@bp.post("/people/<int:person_id>/roles/<int:grant_id>/revoke")
def revoke_role(person_id: int, grant_id: int) -> Response | tuple[str, int]:
    found = person_or_404(person_id)
    grant = db.session.get(RoleGrant, grant_id)
    if grant is None or grant.person_id != found.id:
        abort(404)
    form = ReasonForm(prefix="revoke")
    if form.validate_on_submit():
        label = grant.role.label
        try:
            revoke_grant(current_user, found, grant, form.reason.data)
        except Refusal as refusal:
            _refused(form, refusal)
        else:
            flash(f"{found.full_name} no longer holds the {label} role.", "info")
            return redirect(url_for(".person", person_id=found.id))
    return person_page(found, 400, revoke_form=form, revoking=grant.id)


@bp.post("/people/<int:person_id>/department")
def move_department(person_id: int) -> Response | tuple[str, int]:
    found = person_or_404(person_id)
    form = MoveDepartmentForm(prefix="move")
    form.department.choices = department_options("Choose a department…")
    if form.validate_on_submit():
        department = _department(form.department.data)
        if department is None:
            form.department.errors = ["Choose a department."]
        else:
            try:
                move_to_department(found, department, form.reason.data)
            except Refusal as refusal:
                _refused(form, refusal)
            else:
                flash(f"{found.full_name} moved to {department.name}.", "success")
                return redirect(url_for(".person", person_id=found.id))
    return person_page(found, 400, move_form=form)


def _activation(person_id: int, active: bool) -> Response | tuple[str, int]:
    found = person_or_404(person_id)
    form = ReasonForm(prefix="activation")
    if form.validate_on_submit():
        try:
            change_activation(current_user, found, active, form.reason.data)
        except Refusal as refusal:
            _refused(form, refusal)
        else:
            verb = "reactivated" if active else "deactivated"
            flash(f"{found.full_name} {verb}.", "success" if active else "info")
            return redirect(url_for(".person", person_id=found.id))
    return person_page(found, 400, activation_form=form)


@bp.post("/people/<int:person_id>/deactivate")
def deactivate(person_id: int) -> Response | tuple[str, int]:
    return _activation(person_id, active=False)


@bp.post("/people/<int:person_id>/reactivate")
def reactivate(person_id: int) -> Response | tuple[str, int]:
    return _activation(person_id, active=True)
