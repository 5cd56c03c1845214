"""Administration in the browser: one form per action. Every change asks for a reason,
which goes into the audit trail beside the change."""

from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from app.people.roles import Role
from app.screening.models import WatchlistOrigin
from forms.base import CandorForm, SearchForm
from forms.choices import enum_choices, options

REASON_HELP = "Recorded in the audit trail with the change."


def reason_field(label: str = "Reason") -> TextAreaField:
    return TextAreaField(
        label,
        description=REASON_HELP,
        validators=[DataRequired("Give the reason for this change."), Length(max=500)],
    )


class PeopleSearchForm(SearchForm):
    q = StringField("Name or email", validators=[Optional(), Length(max=200)])
    department = SelectField("Department", validators=[Optional()], validate_choice=False)
    page = IntegerField("Page", validators=[Optional(), NumberRange(min=1, max=100_000)])


class GrantRoleForm(CandorForm):
    role = SelectField("Role", choices=enum_choices(Role, blank="Choose a role…"))
    # No Optional(): it would stop the chain before validate_department can ask for one.
    department = SelectField("Department (for a department head)")
    reason = reason_field()

    def validate_role(self, field: SelectField) -> None:
        if not field.data:
            raise ValidationError("Choose a role.")

    def validate_department(self, field: SelectField) -> None:
        if self.role.data == Role.DEPARTMENT_HEAD.value and not field.data:
            raise ValidationError("A department head's role names the department headed.")
        if self.role.data and self.role.data != Role.DEPARTMENT_HEAD.value and field.data:
            raise ValidationError("Only a department head's role names a department.")


class ReasonForm(CandorForm):
    """An action whose only input is why (revoke a role, deactivate, re-screen now)."""

    reason = reason_field()


class MoveDepartmentForm(CandorForm):
    department = SelectField("New department")
    reason = reason_field()


class RosterUploadForm(CandorForm):
    roster = FileField(
        "Roster file (CSV or XLSX)",
        validators=[
            FileRequired("Choose a roster file."),
            FileAllowed(["csv", "xlsx"], "A roster is a .csv or .xlsx file."),
        ],
    )


class WatchlistUploadForm(CandorForm):
    list_format = SelectField(
        "List",
        choices=options(
            [
                (WatchlistOrigin.DOD_1260H.value, "DoD Section 1260H (Chinese military companies)"),
                (WatchlistOrigin.DOD_1286.value, "DoD Section 1286 (institutions and programs)"),
                (WatchlistOrigin.CSL.value, "Consolidated Screening List (CSV or JSON)"),
            ]
        ),
    )
    list_file = FileField(
        "List file",
        validators=[
            FileRequired("Choose the list file."),
            FileAllowed(["csv", "json"], "An official list is a .csv or .json file."),
        ],
    )


class ApplyUploadForm(CandorForm):
    """Apply what was previewed: the staged upload's token, and why."""

    upload = HiddenField(validators=[DataRequired("The preview has expired; upload again.")])
    list_format = HiddenField()
    reason = reason_field()


class RollupJobForm(CandorForm):
    year = SelectField("Cycle", coerce=int)
