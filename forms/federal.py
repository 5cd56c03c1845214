"""Forms of the federal outputs: project and training imports, relatedness determinations."""

from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, Regexp

from forms.base import CandorForm
from forms.choices import options
from forms.validators import SensibleDate

#: The name of an uploaded file kept for its confirmation (see app/projects/views.py).
UPLOAD_NAME = r"^[0-9a-f]{32}\.(csv|xlsx)$"


class ImportUploadForm(CandorForm):
    file = FileField(
        "File (CSV or XLSX)",
        validators=[
            FileRequired("Choose a file."),
            FileAllowed(["csv", "xlsx"], "The file must be .csv or .xlsx."),
        ],
        render_kw={"accept": ".csv,.xlsx"},
    )
    submit = SubmitField("Preview the changes")


class ImportConfirmForm(CandorForm):
    upload = HiddenField(validators=[DataRequired(), Regexp(UPLOAD_NAME)])
    submit = SubmitField("Import")


YES_NO = options([("yes", "Yes"), ("no", "No")])


class DeterminationForm(CandorForm):
    entity_key = HiddenField(validators=[DataRequired(), Length(max=300)])
    related = RadioField(
        "Is the interest related to the project?",
        choices=YES_NO,
        validators=[InputRequired("Say whether the interest is related.")],
    )
    financial_conflict = RadioField(
        "If related: is it a financial conflict of interest?",
        choices=YES_NO,
        default="no",
        validators=[Optional()],
    )
    reasons = TextAreaField(
        "Reasons: how the interest relates to the research, and why it does or does not conflict",
        validators=[DataRequired("Give the reasons."), Length(max=5000)],
    )
    investigator_role = TextAreaField(
        "The investigator's role and duties on the project",
        validators=[Optional(), Length(max=2000)],
    )
    safeguards = TextAreaField(
        "How the management plan safeguards objectivity",
        validators=[Optional(), Length(max=5000)],
    )
    use_current_plan = BooleanField("Link the disclosure's current management plan")
    plan_conditions = TextAreaField(
        "Or set a new management plan: its conditions", validators=[Optional(), Length(max=5000)]
    )
    plan_review_on = DateField(
        "The new plan is next reviewed on", validators=[Optional(), SensibleDate()]
    )
    submit = SubmitField("Record the determination")


class ReportedForm(CandorForm):
    determination_id = IntegerField(validators=[InputRequired()])
    submit = SubmitField("Reported to NIH today")
