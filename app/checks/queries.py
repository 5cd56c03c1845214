"""The institution's check settings as the engine takes them, and findings made with them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from app.checks.evaluate import evaluate_record
from app.checks.findings import Finding
from app.checks.models import CheckSetting
from app.checks.settings import CheckSettings
from app.extensions import db
from app.rates.queries import rate_table
from app.screening.screen import active_matcher
from app.screening.stored import sync_active_matcher


def stored_setting_values() -> dict[str, str]:
    return {row.key: row.value for row in db.session.scalars(select(CheckSetting))}


def institution_settings() -> CheckSettings:
    """Defaults, with every value an administrator changed."""
    return CheckSettings.from_mapping(stored_setting_values())


def findings_for(record: Mapping[str, Any]) -> list[Finding]:
    """The findings on one disclosure in the case form, as the institution has set the checks:
    its settings, its rate table and the watchlist in use. Raises CaseError if unreadable."""
    sync_active_matcher()
    return evaluate_record(record, institution_settings(), rate_table(), active_matcher())
