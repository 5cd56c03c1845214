"""The query parameters of list pages, each page's as one GET form.

A parameter the page cannot use (`?severity=bogus`, `?page=-1`, `?from=abc`) is refused
with a 400 page that names it (see `app.errors.refuse_query`), never a 500 and never a
silent fallback to "everything". Parameters a page does not know are ignored.
"""

from __future__ import annotations

from wtforms import IntegerField, SearchField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.disclosures.enums import DisclosureStatus, ItemKind
from app.screening.flags import Category, Severity
from app.screening.models import WatchlistOrigin
from forms.base import SearchForm
from forms.choices import enum_choices, options

#: Beyond any real list; also keeps absurd page numbers out of the SQL.
MAX_PAGE = 100_000
BUILT_IN = "built-in"


def page_field() -> IntegerField:
    return IntegerField(
        "Page",
        default=1,
        validators=[
            Optional(),
            NumberRange(1, MAX_PAGE, message=f"Give a page number from 1 to {MAX_PAGE:,}."),
        ],
    )


def year_field() -> IntegerField:
    """The year disclosures report on; empty means every year."""
    return IntegerField(
        "Year",
        validators=[Optional(), NumberRange(1950, 2100, message="Give a year from 1950 to 2100.")],
    )


class ReviewQueueFilterForm(SearchForm):
    year = year_field()
    status = SelectField(
        "Status",
        choices=options(
            [("", "Any"), *((s.value, s.label) for s in DisclosureStatus if s.awaiting_review)]
        ),
        default="",
    )
    severity = SelectField("Severity", choices=enum_choices(Severity, blank="Any"), default="")
    kind = SelectField("Kind of item", choices=enum_choices(ItemKind, blank="Any"), default="")
    person = StringField("Person", validators=[Optional(), Length(max=254)])
    page = page_field()


class WatchlistFilterForm(SearchForm):
    q = SearchField("Name or alias", validators=[Optional(), Length(max=300)])
    category = SelectField(
        "Category", choices=enum_choices(Category, blank="All categories"), default=""
    )
    origin = SelectField(
        "Origin",
        choices=options(
            [
                ("", "All origins"),
                (BUILT_IN, BUILT_IN),
                *((o.value, o.value) for o in WatchlistOrigin),
            ]
        ),
        default="",
    )


class OrganisationListForm(SearchForm):
    q = SearchField("Name or alias", validators=[Optional(), Length(max=300)])
    page = page_field()


#: The version page's links say `?from=1&to=2`, and `from` is a Python keyword, so this
#: form's fields are declared by name.
CompareVersionsForm = type(
    "CompareVersionsForm",
    (SearchForm,),
    {
        "from": IntegerField(
            "Compare version",
            validators=[
                InputRequired("Choose the version to compare from."),
                NumberRange(1, 10_000, message="Choose a version number."),
            ],
        ),
        "to": IntegerField(
            "With version",
            validators=[
                InputRequired("Choose the version to compare with."),
                NumberRange(1, 10_000, message="Choose a version number."),
            ],
        ),
    },
)
