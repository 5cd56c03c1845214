"""Watchlist administration: adding a local entry, trying a text, recording that listed
parties own an organisation."""

from __future__ import annotations

from wtforms import DecimalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

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


class ListedOwnershipForm(CandorForm):
    """The COI office records that listed parties own 50% or more of an organisation."""

    owner = StringField(
        "Listed owner (as named on the watchlist)",
        validators=[DataRequired("Name the listed owner."), Length(max=300)],
    )
    share_percent = DecimalField(
        "Share owned by listed parties (%)",
        places=2,
        validators=[
            InputRequired("Give the share in percent."),
            NumberRange(min=50, max=100, message="The affiliates rule applies from 50%% to 100%%."),
        ],
    )
    evidence = TextAreaField(
        "Evidence (filing, registry extract, counsel memo)",
        validators=[DataRequired("Say where the ownership is documented."), Length(max=5000)],
    )
