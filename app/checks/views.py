"""The check settings page for administrators: which rules run, severities, thresholds."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.auth.permissions import roles_required
from app.checks.operations import update_check_settings
from app.checks.queries import institution_settings
from app.checks.settings import OTHER_SETTINGS, RULES, SettingError
from app.people.roles import Role
from app.rates.queries import rate_table
from forms.checks import CheckSettingsForm, check_settings_form

bp = Blueprint("checks", __name__)


def page(form: CheckSettingsForm, status: int = 200) -> tuple[str, int]:
    return render_template(
        "checks/settings.html",
        form=form,
        rules=RULES,
        thresholds=OTHER_SETTINGS,
        rates=rate_table().latest(),
    ), status


@bp.get("/admin/checks")
@login_required
@roles_required(Role.ADMIN)
def settings() -> tuple[str, int]:
    return page(check_settings_form(institution_settings()))


@bp.post("/admin/checks")
@login_required
@roles_required(Role.ADMIN)
def save_settings() -> Response | tuple[str, int]:
    form = check_settings_form(None)
    if not form.validate_on_submit():
        return page(form, status=400)
    try:
        changed = update_check_settings(form.setting_values(), current_user)
    except SettingError as error:
        form.field_for(error.field).errors = [error.message]
        return page(form, status=400)
    flash(f"Saved {len(changed)} changed setting(s)." if changed else "Nothing changed.", "success")
    return redirect(url_for(".settings"))
