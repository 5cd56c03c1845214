"""The institution's check settings, as the engine takes them."""

from __future__ import annotations

from sqlalchemy import select

from app.checks.models import CheckSetting
from app.checks.settings import CheckSettings
from app.extensions import db


def stored_setting_values() -> dict[str, str]:
    return {row.key: row.value for row in db.session.scalars(select(CheckSetting))}


def institution_settings() -> CheckSettings:
    """Defaults, with every value an administrator changed."""
    return CheckSettings.from_mapping(stored_setting_values())
