"""General counsel's workspace. Every route is a GET: this role changes nothing."""

from __future__ import annotations

import io
from collections.abc import Callable

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_login import current_user, login_required

from app.audit.operations import record
from app.audit.queries import AuditSearch, object_types, search_audit
from app.auth.permissions import can_use_counsel_workspace
from app.clock import local_today
from app.counsel.queries import (
    ContractFilters,
    contract_documents,
    contract_register,
)
from app.database import utcnow
from app.errors import refuse_query
from app.extensions import db
from app.record.models import VersionContract
from app.record.queries import open_version_flags_for
from app.rollups.queries import contract_rows
from forms.counsel import AuditSearchForm, ContractSearchForm
from reports.audit_log import write_audit_log
from reports.contracts_register import write_contracts_register
from reports.rows import ContractsRegister

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

bp = Blueprint("counsel", __name__, url_prefix="/counsel")


@bp.before_request
@login_required
def only_counsel() -> None:
    if not can_use_counsel_workspace(current_user):
        abort(403)


def contract_filters(form: ContractSearchForm) -> ContractFilters:
    if not form.validate():
        refuse_query(form)  # never the whole register in place of a filtered one
    return ContractFilters(
        department=(form.department.data or "").strip(),
        counterparty=(form.counterparty.data or "").strip(),
        country=form.country.data or "",
        flagged=form.flagged.data or "",
        signed_from=form.signed_from.data,
        signed_to=form.signed_to.data,
        status=form.status.data or "",
    )


@bp.get("/contracts")
def contracts() -> str:
    form = ContractSearchForm(request.args)
    filters = contract_filters(form)
    today = local_today()
    rows = contract_register(filters, today)
    return render_template(
        "counsel/contracts.html",
        form=form,
        rows=rows,
        today=today,
        query=request.query_string.decode(),
    )


@bp.get("/contracts/<int:contract_id>")
def contract(contract_id: int) -> str:
    found = db.session.get(VersionContract, contract_id) or abort(404)
    item = found.item
    return render_template(
        "counsel/contract.html",
        contract=found,
        item=item,
        disclosure=item.disclosure,
        documents=contract_documents(found),
        flags=open_version_flags_for([item.id])[item.id],
    )


def audit_criteria(form: AuditSearchForm) -> AuditSearch:
    if not form.validate():
        refuse_query(form)  # never the whole trail in place of a filtered search
    return AuditSearch(
        person=(form.person.data or "").strip(),
        object_type=(form.object_type.data or "").strip(),
        object_id=(form.object_id.data or "").strip(),
        action=(form.action.data or "").strip(),
        date_from=form.date_from.data,
        date_to=form.date_to.data,
    )


@bp.get("/audit")
def audit() -> str:
    form = AuditSearchForm(request.args)
    entries = search_audit(audit_criteria(form))
    return render_template(
        "counsel/audit.html",
        form=form,
        entries=entries,
        types=object_types(),
        query=request.query_string.decode(),
    )


def xlsx_download(build: Callable[[io.BytesIO], None], filename: str) -> Response:
    buffer = io.BytesIO()
    build(buffer)
    response = Response(buffer.getvalue(), mimetype=XLSX_MIME)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/contracts.xlsx")
def contracts_export() -> Response:
    form = ContractSearchForm(request.args)
    found = contract_register(contract_filters(form), local_today())
    rows = list(
        contract_rows(current_app.config["BASE_URL"], contract_ids=[r.contract.id for r in found])
    )
    register = ContractsRegister(utcnow(), current_user.email, rows)
    record(
        "export.contracts",
        object_type="export",
        object_id="contracts",
        summary=f"Contracts register exported ({len(rows)} rows; filter "
        f"{request.query_string.decode()[:200] or 'none'})",
    )
    return xlsx_download(
        lambda out: write_contracts_register(register, out),
        f"candor-contracts-{local_today().isoformat()}.xlsx",
    )


@bp.get("/audit.xlsx")
def audit_export() -> Response:
    form = AuditSearchForm(request.args)
    entries = search_audit(audit_criteria(form), limit=50_000)
    record(
        "export.audit",
        object_type="export",
        object_id="audit",
        summary=f"Audit log search exported ({len(entries)} entries; filter "
        f"{request.query_string.decode()[:200] or 'none'})",
    )
    return xlsx_download(
        lambda out: write_audit_log(entries, current_user.email, utcnow(), out),
        f"candor-audit-{local_today().isoformat()}.xlsx",
    )
