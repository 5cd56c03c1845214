"""Foreign-funding reports for general counsel and the COI office."""

from __future__ import annotations

import io

from flask import Blueprint, abort, current_app, render_template, send_file
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.auth.permissions import can_read_foreign_funding
from app.clock import local_today
from app.database import utcnow
from app.funding.queries import nsf_foreign_sources, section_117_sources
from reports.foreign_funding import write_foreign_funding

bp = Blueprint("funding", __name__, url_prefix="/foreign-funding")

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _reader_or_403() -> None:
    if not can_read_foreign_funding(current_user):
        abort(403)


@bp.get("/")
@login_required
def index() -> str:
    _reader_or_403()
    year = local_today().year
    return render_template(
        "funding/index.html",
        years=range(year, year - 5, -1),
        nsf_threshold=current_app.config["NSF_FOREIGN_FUNDING_THRESHOLD_USD"],
        section_117_threshold=current_app.config["SECTION_117_THRESHOLD_USD"],
    )


def _download(sources, threshold: int, title: str, filename: str) -> Response:
    buffer = io.BytesIO()
    write_foreign_funding(sources, threshold, title, current_user.full_name, utcnow(), buffer)
    buffer.seek(0)
    return send_file(buffer, mimetype=XLSX_MIME, as_attachment=True, download_name=filename)


@bp.get("/nsf/<int:year>.xlsx")
@login_required
def nsf(year: int) -> Response:
    _reader_or_403()
    threshold = current_app.config["NSF_FOREIGN_FUNDING_THRESHOLD_USD"]
    return _download(
        nsf_foreign_sources(year, threshold),
        threshold,
        f"NSF foreign financial disclosure {year}",
        f"nsf-foreign-financial-disclosure-{year}.xlsx",
    )


@bp.get("/section-117/<int:year>.xlsx")
@login_required
def section_117(year: int) -> Response:
    _reader_or_403()
    threshold = current_app.config["SECTION_117_THRESHOLD_USD"]
    return _download(
        section_117_sources(year, threshold),
        threshold,
        f"Section 117 worksheet {year}",
        f"section-117-worksheet-{year}.xlsx",
    )
