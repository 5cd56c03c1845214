"""Downloads of agency files: a person's SciENcv current-and-pending XML (after a report of
any value over a limit) and its XLSX twin, and the talent-program certificate PDF."""

from __future__ import annotations

import io
from datetime import date

from flask import Blueprint, abort, current_app, render_template, request, send_file
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.auth.permissions import (
    can_download_certificate,
    can_export_support_of,
    get_disclosure_or_404,
)
from app.clock import local_today
from app.database import utcnow
from app.exports.certificate import build_certificate_pdf, certificate_filename
from app.exports.certificates import certificate_facts, certificate_refusal
from app.exports.cpos import build_cpos_xml, limit_problems
from app.exports.queries import cpos_profile
from app.extensions import db
from app.people.models import Person
from reports.cpos_check import write_cpos_check

bp = Blueprint("exports", __name__, url_prefix="/exports")

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _person_or_404(person_id: int) -> Person:
    person = db.session.get(Person, person_id)
    if person is None or not can_export_support_of(current_user, person):
        abort(404)
    return person


def _as_of() -> date:
    asked = request.args.get("as_of", "")
    try:
        return date.fromisoformat(asked) if asked else local_today()
    except ValueError:
        abort(400)


def _file_stem(person: Person) -> str:
    return "CPOS_" + "".join(
        ch for ch in person.full_name.replace(" ", "_") if ch.isalnum() or ch == "_"
    )


@bp.get("/cpos/<int:person_id>")
@login_required
def cpos(person_id: int) -> str:
    person = _person_or_404(person_id)
    as_of = _as_of()
    profile = cpos_profile(person, as_of)
    return render_template(
        "exports/cpos.html",
        person=person,
        profile=profile,
        problems=limit_problems(profile),
        as_of=as_of,
    )


@bp.get("/cpos/<int:person_id>.xml")
@login_required
def cpos_xml(person_id: int) -> Response:
    person = _person_or_404(person_id)
    body = build_cpos_xml(cpos_profile(person, _as_of()))
    return send_file(
        io.BytesIO(body),
        mimetype="application/xml",
        as_attachment=True,
        download_name=f"{_file_stem(person)}.xml",
    )


@bp.get("/cpos/<int:person_id>.xlsx")
@login_required
def cpos_xlsx(person_id: int) -> Response:
    person = _person_or_404(person_id)
    profile = cpos_profile(person, _as_of())
    buffer = io.BytesIO()
    write_cpos_check(profile, limit_problems(profile), utcnow(), buffer)
    buffer.seek(0)
    return send_file(
        buffer, mimetype=XLSX_MIME, as_attachment=True, download_name=f"{_file_stem(person)}.xlsx"
    )


@bp.get("/certificate/<int:disclosure_id>")
@login_required
def certificate(disclosure_id: int) -> Response | tuple[str, int]:
    disclosure = get_disclosure_or_404(current_user, disclosure_id)
    if not can_download_certificate(current_user, disclosure):
        abort(404)
    refusal = certificate_refusal(disclosure)
    if refusal is not None:
        return render_template(
            "exports/certificate_refused.html", disclosure=disclosure, reason=refusal
        ), 409
    facts = certificate_facts(disclosure, local_today(), current_app.config["INSTITUTION_NAME"])
    return send_file(
        io.BytesIO(build_certificate_pdf(facts)),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=certificate_filename(facts.name),
    )
