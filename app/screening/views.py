"""The watchlist page: search entries, see sources and versions, manage local entries,
and try a text to see what it flags."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from app.auth.permissions import can_manage_watchlist, can_view_watchlist
from app.errors import refuse_query
from app.extensions import db
from app.screening.flags import Category, Severity
from app.screening.models import StoredWatchlistEntry, WatchlistOrigin
from app.screening.queries import (
    highlighted,
    import_changes,
    recent_imports,
    watchlist_entries,
)
from app.screening.screen import active_matcher, screen_text
from app.screening.stored import sync_active_matcher
from app.screening.watchlist import WatchlistError
from app.screening.watchlist_operations import add_local_entry, retire_local_entry
from forms.filters import WatchlistFilterForm
from forms.watchlist import LocalEntryForm, TryTextForm

bp = Blueprint("watchlist", __name__, url_prefix="/watchlist")


def page(
    entry_form: LocalEntryForm | None = None,
    try_form: TryTextForm | None = None,
    pieces: list | None = None,
    status: int = 200,
) -> tuple[str, int]:
    sync_active_matcher()
    filters = WatchlistFilterForm(request.args)
    if not filters.validate():
        refuse_query(filters)
    query, category, origin = filters.q.data or "", filters.category.data, filters.origin.data
    entries = watchlist_entries(query, category, origin)
    return render_template(
        "screening/watchlist.html",
        entries=entries[:200],
        total=len(entries),
        query=query,
        category=category,
        origin=origin,
        categories=list(Category),
        origins=["built-in", *WatchlistOrigin],
        version=active_matcher().version,
        imports=recent_imports(),
        changes_of=import_changes,
        entry_form=entry_form or LocalEntryForm(),
        try_form=try_form or TryTextForm(),
        pieces=pieces,
        can_manage=can_manage_watchlist(current_user),
        action_form=FlaskForm(),
    ), status


@bp.get("/")
@login_required
def index() -> tuple[str, int]:
    if not can_view_watchlist(current_user):
        abort(403)
    return page()


@bp.post("/try")
@login_required
def try_text() -> tuple[str, int]:
    if not can_view_watchlist(current_user):
        abort(403)
    form = TryTextForm()
    if not form.validate_on_submit():
        return page(try_form=form, status=400)
    sync_active_matcher()
    return page(try_form=form, pieces=highlighted(form.text.data, screen_text(form.text.data)))


@bp.post("/local")
@login_required
def add_local() -> Response | tuple[str, int]:
    if not can_manage_watchlist(current_user):
        abort(403)
    form = LocalEntryForm()
    if form.validate_on_submit():
        try:
            add_local_entry(
                form.canonical_name.data,
                (form.aliases.data or "").splitlines(),
                Category(form.category.data),
                Severity(form.severity.data),
                form.country.data or "",
                form.source.data,
                current_user.id,
            )
        except WatchlistError as error:
            form.canonical_name.errors.append(str(error))
        else:
            flash(
                f"Added {form.canonical_name.data} to the watchlist. Run a re-screen to "
                "check stored items against it.",
                "success",
            )
            return redirect(url_for(".index"))
    return page(entry_form=form, status=400)


@bp.post("/local/<int:record_id>/retire")
@login_required
def retire_local(record_id: int) -> Response:
    if not can_manage_watchlist(current_user):
        abort(403)
    record = db.session.get(StoredWatchlistEntry, record_id)
    if record is None or not FlaskForm().validate_on_submit():
        abort(404)
    try:
        retire_local_entry(record)
    except WatchlistError as error:
        flash(str(error), "danger")
    else:
        flash(f"Retired {record.canonical_name}.", "info")
    return redirect(url_for(".index"))
