"""Entity profiles: a page for every watchlist entity and every organisation record, the
JSON the item form asks for when a filer picks an organisation, and the COI office's
record of listed ownership (the BIS affiliates rule)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.auth.permissions import can_record_listed_ownership, can_view_entity_profiles
from app.clock import local_today
from app.extensions import db
from app.organisations.models import Organisation
from app.organisations.operations import canonical
from app.screening.ownership import OwnershipError, listed_owners, record_listed_ownership
from app.screening.profile_queries import entities_named, profile_summary, profiles_named
from app.screening.profiles import build_profile
from app.screening.screen import active_matcher
from app.screening.stored import sync_active_matcher
from forms.watchlist import ListedOwnershipForm

bp = Blueprint("profiles", __name__, url_prefix="/profiles")

#: Longest name the lookup screens (the organisation field's own limit).
MAX_LOOKUP_CHARS = 300


@bp.app_template_global("entity_profile_url")
def entity_profile_url(entry_id: str) -> str | None:
    """The profile page of the organisation a watchlist entry (or flag) names; None for an
    entry that is not on the watchlist (a country-of-concern flag)."""
    matcher = active_matcher()
    entity = matcher.entity_of(entry_id)
    if entity not in matcher.groups.members:
        return None
    return url_for("profiles.entity", entity_id=entity)


def viewer_or_403() -> None:
    if not can_view_entity_profiles(current_user):
        abort(403)


@bp.get("/entities/<entity_id>")
@login_required
def entity(entity_id: str) -> Response | str:
    viewer_or_403()
    sync_active_matcher()
    profile = build_profile(active_matcher(), entity_id, local_today()) or abort(404)
    if profile.entity_id != entity_id:
        # An imported entry's id leads to its organisation's one page.
        return redirect(url_for(".entity", entity_id=profile.entity_id))
    return render_template("screening/profile.html", profile=profile)


@bp.get("/organisations/<int:organisation_id>")
@login_required
def organisation(organisation_id: int) -> tuple[str, int]:
    viewer_or_403()
    record = db.session.get(Organisation, organisation_id) or abort(404)
    return render_organisation(canonical(record))


def render_organisation(
    record: Organisation, form: ListedOwnershipForm | None = None, status: int = 200
) -> tuple[str, int]:
    sync_active_matcher()
    may_record = can_record_listed_ownership(current_user)
    return render_template(
        "screening/organisation_profile.html",
        organisation=record,
        profiles=profiles_named(record.all_names, active_matcher(), local_today()),
        owners=listed_owners(record.id),
        form=(form or ListedOwnershipForm()) if may_record else None,
    ), status


@bp.post("/organisations/<int:organisation_id>/ownership")
@login_required
def record_ownership(organisation_id: int) -> Response | tuple[str, int]:
    if not can_record_listed_ownership(current_user):
        abort(403)
    record = canonical(db.session.get(Organisation, organisation_id) or abort(404))
    form = ListedOwnershipForm()
    if not form.validate_on_submit():
        return render_organisation(record, form, 400)
    sync_active_matcher()
    matcher = active_matcher()
    owners = entities_named([form.owner.data], matcher, local_today())
    try:
        if not owners:
            raise OwnershipError("owner", "No watchlist entity has that name.")
        record_listed_ownership(
            record.id,
            owners[0],
            form.share_percent.data,
            form.evidence.data,
            matcher,
            current_user.id,
        )
    except OwnershipError as error:
        getattr(form, error.field).errors.append(error.message)
        return render_organisation(record, form, 400)
    flash(
        f"Recorded. Items naming {record.name} are flagged from the next screening; "
        "run a re-screen to flag stored ones.",
        "success",
    )
    return redirect(url_for(".organisation", organisation_id=record.id))


@bp.get("/lookup")
@login_required
def lookup() -> Response:
    """Profiles of what a filer is naming, before saving: `organisation_id` (a suggestion
    picked) or `name` (typed). Names only come back: never who else named it."""
    viewer_or_403()
    names: list[str] = []
    organisation_id = request.args.get("organisation_id", type=int)
    if organisation_id is not None:
        record = db.session.get(Organisation, organisation_id)
        if record is not None:
            names = canonical(record).all_names
    name = request.args.get("name", "").strip()[:MAX_LOOKUP_CHARS]
    if name:
        names.append(name)
    sync_active_matcher()
    profiles = profiles_named(names, active_matcher(), local_today())
    return jsonify(
        {
            "profiles": [
                profile_summary(
                    profile, url_for(".entity", entity_id=profile.entity_id, _external=False)
                )
                for profile in profiles
            ]
        }
    )
