"""Organisation pages: thin. Load, check access, validate the form, call an operation."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from app.auth.permissions import (
    can_curate_organisations,
    can_view_disclosure,
    can_view_organisation,
    sees_every_organisation,
)
from app.disclosures.queries import people_who_delegated_to
from app.errors import refuse_query
from app.extensions import db
from app.organisations.models import Organisation
from app.organisations.operations import (
    OrganisationError,
    canonical,
    merge_organisations,
    rename_organisation,
    set_organisation_details,
)
from app.organisations.queries import (
    EVERY_ORGANISATION,
    OrganisationScope,
    Relationship,
    find_organisation,
    merged_records,
    organisations_certified_in,
    organisations_named_by,
    possible_duplicates,
    relationships_by_organisation,
    relationships_of,
    search_organisations,
    suggest_organisations,
)
from forms.choices import country_name, options
from forms.filters import OrganisationListForm
from forms.organisations import MergeForm, OrganisationEditForm

bp = Blueprint("organisations", __name__, url_prefix="/organisations")

#: Fewer characters than this suggest too much to be useful.
MIN_SUGGEST_CHARS = 2


def show_error(form: FlaskForm, error: OrganisationError) -> None:
    """Put an operation's refusal beside its field, or above the form."""
    field = getattr(form, error.field, None)
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def viewable_or_403() -> None:
    if not can_view_organisation(current_user):
        abort(403)


def curator_or_403() -> None:
    if not can_curate_organisations(current_user):
        abort(403)


def list_scope() -> OrganisationScope:
    """The list and the pages: like the disclosures, a head sees what their departments
    certified (and every verified organisation)."""
    if sees_every_organisation(current_user):
        return EVERY_ORGANISATION
    return OrganisationScope(
        named_ids=organisations_certified_in(current_user.headed_department_ids)
    )


def suggestion_scope() -> OrganisationScope:
    """While filing: verified organisations and those the filer named themself (a delegate
    is offered those of the people they prepare for), never other people's."""
    if sees_every_organisation(current_user):
        return EVERY_ORGANISATION
    owners = [current_user.id, *(owner.id for owner in people_who_delegated_to(current_user))]
    return OrganisationScope(named_ids=organisations_named_by(owners))


def organisation_or_404(organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or not list_scope().allows(canonical(organisation)):
        abort(404)
    return organisation


def visible(relationships: list[Relationship]) -> list[Relationship]:
    """Only the relationships whose disclosure this person may open: a department head
    sees their own departments' submitted disclosures, reviewers see all."""
    allowed: dict[int, bool] = {}
    for relationship in relationships:
        disclosure = relationship.disclosure
        if disclosure.id not in allowed:
            allowed[disclosure.id] = can_view_disclosure(current_user, disclosure)
    return [r for r in relationships if allowed[r.disclosure.id]]


def duplicate_choices(organisation: Organisation) -> list[SelectChoice]:
    pairs = [("", "Choose a possible duplicate…")]
    for other in possible_duplicates(organisation):
        country = f", {country_name(other.country)}" if other.country else ""
        pairs.append((str(other.id), f"{other.name} (#{other.id}{country})"))
    return options(pairs)


@bp.get("/suggest")
@login_required
def suggest() -> Response:
    """Names for the autocomplete while filing: any signed-in person, names only."""
    q = request.args.get("q", "")[:300]
    if len(q.strip()) < MIN_SUGGEST_CHARS:
        return jsonify([])
    return jsonify(
        [
            {"id": o.id, "name": o.name, "country": o.country, "verified": o.verified}
            for o in suggest_organisations(q, suggestion_scope())
        ]
    )


@bp.get("/")
@login_required
def index() -> str:
    viewable_or_403()
    form = OrganisationListForm(request.args)
    if not form.validate():
        refuse_query(form)
    q = form.q.data or ""
    pagination = search_organisations(q, form.page.data, list_scope())
    by_organisation = relationships_by_organisation(pagination.items)
    counts = {org_id: len(visible(rows)) for org_id, rows in by_organisation.items()}
    return render_template(
        "organisations/index.html", form=form, q=q, pagination=pagination, counts=counts
    )


@bp.get("/<int:organisation_id>")
@login_required
def show(organisation_id: int) -> tuple[str, int]:
    viewable_or_403()
    return render_show(organisation_or_404(organisation_id))


def render_show(
    organisation: Organisation,
    edit_form: OrganisationEditForm | None = None,
    merge_form: MergeForm | None = None,
    status: int = 200,
) -> tuple[str, int]:
    survivor = canonical(organisation) if organisation.merged_into_id is not None else None
    may_curate = survivor is None and can_curate_organisations(current_user)
    if may_curate:
        edit_form = edit_form or OrganisationEditForm(
            formdata=None,
            prefix="edit",
            data={
                "name": organisation.name,
                "country": organisation.country,
                "org_type": organisation.org_type,
                "verified": organisation.verified,
            },
        )
        if merge_form is None:
            merge_form = MergeForm(formdata=None, prefix="merge")
            merge_form.survivor_id.choices = duplicate_choices(organisation)
    return render_template(
        "organisations/show.html",
        organisation=organisation,
        survivor=survivor,
        merged=merged_records(organisation),
        relationships=visible(relationships_of(organisation)) if survivor is None else [],
        may_curate=may_curate,
        edit_form=edit_form,
        merge_form=merge_form,
    ), status


@bp.post("/<int:organisation_id>/edit")
@login_required
def edit(organisation_id: int) -> Response | tuple[str, int]:
    curator_or_403()
    organisation = organisation_or_404(organisation_id)
    form = OrganisationEditForm(prefix="edit")
    if form.validate_on_submit():
        try:
            rename_organisation(organisation, form.name.data)
            set_organisation_details(
                organisation, form.country.data or "", form.org_type.data, form.verified.data
            )
        except OrganisationError as error:
            db.session.rollback()
            show_error(form, error)
        else:
            flash(f"Saved “{organisation.name}”.", "success")
            return redirect(url_for(".show", organisation_id=organisation.id))
    return render_show(organisation, edit_form=form, status=400)


@bp.post("/<int:organisation_id>/merge")
@login_required
def merge(organisation_id: int) -> Response | tuple[str, int]:
    curator_or_403()
    organisation = organisation_or_404(organisation_id)
    form = MergeForm(prefix="merge")
    form.survivor_id.choices = duplicate_choices(organisation)
    if form.validate_on_submit():
        survivor = (
            db.session.get(Organisation, form.survivor_id.data)
            if form.survivor_id.data is not None
            else find_organisation(form.survivor.data)
        )
        if survivor is None:
            form.survivor.errors.append("No organisation has that number or name.")
        else:
            survivor = canonical(survivor)
            duplicate_name, survivor_name = organisation.name, survivor.name
            try:
                moved = merge_organisations(organisation, survivor)
            except OrganisationError as error:
                db.session.rollback()
                show_error(form, error)
            else:
                flash(
                    f"Merged “{duplicate_name}” into “{survivor_name}”. "
                    f"Items moved to it: {moved}.",
                    "success",
                )
                return redirect(url_for(".show", organisation_id=survivor.id))
    return render_show(organisation, merge_form=form, status=400)
