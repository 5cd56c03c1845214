"""The COI office's relatedness work: the queue, one investigator's interests on one
project, marking a conflict reported, and the NIH FCOI report downloads."""

from __future__ import annotations

import io
import json

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.auth.permissions import can_determine_relatedness
from app.clock import local_today
from app.database import utcnow
from app.disclosures.models import DisclosureVersion
from app.extensions import db
from app.fcoi.models import Determination
from app.fcoi.operations import (
    DeterminationRefused,
    DeterminationTerms,
    mark_reported,
    record_determination,
)
from app.fcoi.queries import determinations_due, history_of, interests_of, reporting_clock
from app.fcoi.report import ReportType, fcoi_report_rows
from app.people.models import Person
from app.projects.models import SponsoredProject
from app.review.queries import current_plan
from forms.federal import DeterminationForm, ReportedForm
from reports.fcoi_report import write_fcoi_report

bp = Blueprint("fcoi", __name__, url_prefix="/fcoi")

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _coi_or_403() -> None:
    if not can_determine_relatedness(current_user):
        abort(403)


@bp.get("/")
@login_required
def queue() -> str:
    _coi_or_403()
    today = local_today()
    return render_template(
        "fcoi/queue.html",
        due=determinations_due(today),
        clocks=reporting_clock(today),
        reported_form=ReportedForm(),
        years=range(today.year, today.year - 5, -1),
        report_types=list(ReportType),
    )


def _project_and_investigator(project_id: int, person_id: int) -> tuple[SponsoredProject, Person]:
    project = db.session.get(SponsoredProject, project_id)
    person = db.session.get(Person, person_id)
    if project is None or person is None:
        abort(404)
    if person.id not in {who.id for who, _ in project.investigators}:
        abort(404)
    return project, person


def _page(project, person, form: DeterminationForm | None, status: int = 200):
    today = local_today()
    interests = interests_of(person, today)
    forms = {}
    for found in interests:
        key = found.interest.entity_key
        forms[key] = (
            form
            if form is not None and form.entity_key.data == key
            else DeterminationForm(entity_key=key)
        )
    #: The plan each interest's disclosure has now, which a conflict may be linked to.
    plans = {
        found.version_id: current_plan(
            db.session.get(DisclosureVersion, found.version_id).disclosure
        )
        for found in interests
    }
    return render_template(
        "fcoi/investigator.html",
        project=project,
        person=person,
        interests=interests,
        forms=forms,
        plans=plans,
        history=history_of(project, person),
    ), status


@bp.get("/projects/<int:project_id>/investigators/<int:person_id>")
@login_required
def investigator(project_id: int, person_id: int) -> tuple[str, int]:
    _coi_or_403()
    project, person = _project_and_investigator(project_id, person_id)
    return _page(project, person, None)


@bp.post("/projects/<int:project_id>/investigators/<int:person_id>")
@login_required
def determine(project_id: int, person_id: int) -> Response | tuple[str, int]:
    _coi_or_403()
    project, person = _project_and_investigator(project_id, person_id)
    form = DeterminationForm()
    if not form.validate_on_submit():
        return _page(project, person, form, 400)
    today = local_today()
    found = next(
        (f for f in interests_of(person, today) if f.interest.entity_key == form.entity_key.data),
        None,
    )
    if found is None:
        abort(404)
    terms = DeterminationTerms(
        related=form.related.data == "yes",
        financial_conflict=form.financial_conflict.data == "yes",
        reasons=form.reasons.data or "",
        investigator_role=form.investigator_role.data or "",
        safeguards=form.safeguards.data or "",
        use_current_plan=form.use_current_plan.data,
        plan_conditions=form.plan_conditions.data or "",
        plan_review_on=form.plan_review_on.data,
    )
    try:
        record_determination(project, person, found, terms, current_user, today)
    except DeterminationRefused as exc:
        field = getattr(form, exc.field, None)
        if field is not None:
            field.errors = [*field.errors, exc.message]
        else:
            form.form_errors.append(exc.message)
        return _page(project, person, form, 400)
    flash(f"Determination recorded for {person.full_name} on {project.number}.", "success")
    return redirect(url_for(".investigator", project_id=project.id, person_id=person.id))


@bp.post("/reported")
@login_required
def reported() -> Response:
    _coi_or_403()
    form = ReportedForm()
    if not form.validate_on_submit():
        abort(400)
    determination = db.session.get(Determination, form.determination_id.data) or abort(404)
    try:
        mark_reported(determination, current_user, local_today())
    except DeterminationRefused as exc:
        flash(exc.message, "danger")
        return redirect(url_for(".queue"))
    flash(
        f"Reported: {determination.person.full_name} on {determination.project.number}.", "success"
    )
    return redirect(url_for(".queue"))


def _report_type_or_404(report_type: str) -> ReportType:
    try:
        return ReportType(report_type)
    except ValueError:
        abort(404)


@bp.get("/report/<int:year>/<report_type>.xlsx")
@login_required
def report_xlsx(year: int, report_type: str) -> Response:
    _coi_or_403()
    report = _report_type_or_404(report_type)
    buffer = io.BytesIO()
    write_fcoi_report(
        fcoi_report_rows(year, report),
        f"NIH FCOI {report.label.lower()} {year}",
        current_user.full_name,
        utcnow(),
        buffer,
    )
    buffer.seek(0)
    return send_file(
        buffer, mimetype=XLSX_MIME, as_attachment=True, download_name=f"fcoi-{report}-{year}.xlsx"
    )


@bp.get("/report/<int:year>/<report_type>.json")
@login_required
def report_json(year: int, report_type: str) -> Response:
    _coi_or_403()
    report = _report_type_or_404(report_type)
    rows = [row.to_json() for row in fcoi_report_rows(year, report)]
    body = json.dumps({"year": year, "report_type": report.value, "rows": rows}, indent=2)
    return send_file(
        io.BytesIO(body.encode()),
        mimetype="application/json",
        as_attachment=True,
        download_name=f"fcoi-{report}-{year}.json",
    )
