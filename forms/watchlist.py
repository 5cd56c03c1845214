"""Watchlist administration: adding a local entry, trying a text."""

from __future__ import annotations

from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.screening.flags import Category, Severity
from forms.base import CandorForm
from forms.choices import country_choices, enum_choices


class LocalEntryForm(CandorForm):
    canonical_name = StringField(
        "Name", validators=[DataRequired("Give the name."), Length(max=300)]
    )
    aliases = TextAreaField(
        "Other names, one per line (abbreviations, Chinese, pinyin)",
        validators=[Optional(), Length(max=5000)],
    )
    category = SelectField("Category", choices=enum_choices(Category))
    severity = SelectField("Severity", choices=enum_choices(Severity))
    country = SelectField("Country", choices=country_choices, validators=[Optional()])
    source = StringField(
        "Source (why it is listed)", validators=[DataRequired("Give the source."), Length(max=300)]
    )


class TryTextForm(CandorForm):
    text = TextAreaField(
        "Text to screen", validators=[DataRequired("Type or paste a text."), Length(max=20000)]
    )
