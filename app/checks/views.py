"""The check settings page for administrators: which rules run, severities, thresholds."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from app.auth.permissions import roles_required
from app.checks.operations import update_check_settings
from app.checks.queries import institution_settings
from app.checks.settings import DEFINITIONS, RULES, SettingError
from app.people.roles import Role
from app.rates.queries import rate_table
from forms.checks import CheckSettingsForm, check_settings_form

bp = Blueprint("checks", __name__)


def page(form: CheckSettingsForm, status: int = 200) -> tuple[str, int]:
    return render_template(
        "checks/settings.html",
        form=form,
        rules=RULES,
        thresholds=[
            d for d in DEFINITIONS if d.key.split(".", 1)[1] not in ("enabled", "severity")
        ],
        rates=rate_table().latest(),
    ), status


@bp.get("/admin/checks")
@login_required
@roles_required(Role.ADMIN)
def settings() -> tuple[str, int]:
    values = institution_settings().as_text()
    form = check_settings_form(
        data={key.replace(".", "__"): _form_value(key, value) for key, value in values.items()}
    )
    return page(form)


def _form_value(key: str, text: str) -> object:
    return text == "true" if key.endswith(".enabled") else text


@bp.post("/admin/checks")
@login_required
@roles_required(Role.ADMIN)
def save_settings() -> Response | tuple[str, int]:
    form = check_settings_form()
    if not form.validate_on_submit():
        return page(form, status=400)
    try:
        changed = update_check_settings(form.setting_values(), current_user)
    except SettingError as error:
        form.field_for(error.field).errors = [error.message]
        return page(form, status=400)
    flash(f"Saved {len(changed)} changed setting(s)." if changed else "Nothing changed.", "success")
    return redirect(url_for(".settings"))
