"""The base of every form: refuses control characters in any text field, beside it."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import Form

from forms.validators import refuse_control_characters


class CandorForm(FlaskForm):
    """A posted form (CSRF-protected)."""

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        return refuse_control_characters(self) and valid


class SearchForm(Form):
    """A GET search form: changes nothing, so no CSRF token."""

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        return refuse_control_characters(self) and valid
