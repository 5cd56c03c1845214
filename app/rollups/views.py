"""Rollup downloads: thin. Load the scope, check access, write the workbook, send it."""

from __future__ import annotations

import tempfile

from flask import Blueprint, abort, render_template, send_file
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.auth.permissions import (
    can_download_contracts_register,
    can_download_department_rollup,
    can_download_institution_rollup,
)
from app.cycles.models import Cycle
from app.cycles.queries import all_cycles
from app.rollups.operations import Export, contracts_export, department_export, write_export
from app.rollups.queries import (
    Scope,
    all_departments,
    cycle_for_year,
    department_with_code,
    departments_with,
)

bp = Blueprint("rollups", __name__, url_prefix="/rollups")

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/")
@login_required
def index() -> str:
    institution = can_download_institution_rollup(current_user)
    departments = (
        all_departments()
        if institution
        else [
            d
            for d in departments_with(current_user.headed_department_ids)
            if can_download_department_rollup(current_user, d.id)
        ]
    )
    if not departments and not institution:
        abort(403)
    return render_template(
        "rollups/index.html",
        departments=departments,
        cycles=all_cycles(),
        institution=institution,
        contracts=can_download_contracts_register(current_user),
    )


@bp.get("/department/<code>/<int:year>.xlsx")
@login_required
def department(code: str, year: int) -> Response:
    if not _may_download_some_rollup():
        abort(403)
    found = department_with_code(code)
    if found is None or not can_download_department_rollup(current_user, found.id):
        # A head asking for another department is told nothing about it.
        abort(404)
    return _download(department_export(Scope(_cycle_or_404(year), found)))


@bp.get("/institution/<int:year>.xlsx")
@login_required
def institution(year: int) -> Response:
    if not can_download_institution_rollup(current_user):
        abort(403)
    return _download(department_export(Scope(_cycle_or_404(year))))


@bp.get("/contracts.xlsx")
@login_required
def contracts() -> Response:
    if not can_download_contracts_register(current_user):
        abort(403)
    return _download(contracts_export())


def _may_download_some_rollup() -> bool:
    return can_download_institution_rollup(current_user) or any(
        can_download_department_rollup(current_user, department_id)
        for department_id in current_user.headed_department_ids
    )


def _cycle_or_404(year: int) -> Cycle:
    return cycle_for_year(year) or abort(404)


def _download(export: Export) -> Response:
    # Deleted when closed; send_file closes it once the response has been sent.
    stream = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        write_export(export, current_user, stream)
        stream.seek(0)
    except BaseException:
        stream.close()
        raise
    response = send_file(
        stream, mimetype=XLSX_MIME, as_attachment=True, download_name=export.filename
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
