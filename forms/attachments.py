"""Uploading a document to a disclosure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, SubmitField

from app.disclosures.enums import AttachmentPurpose, ItemKind
from forms.base import CandorForm
from forms.choices import enum_choices, options

if TYPE_CHECKING:
    from app.disclosures.models import Disclosure

WHOLE_DISCLOSURE = 0
WHOLE_DISCLOSURE_CHOICE = (str(WHOLE_DISCLOSURE), "The whole disclosure")
#: A hint for the browser's file picker only: the server judges files by their content.
ACCEPTED_EXTENSIONS = ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"


class UploadForm(CandorForm):
    file = FileField(
        "Document",
        validators=[FileRequired("Choose a file to upload.")],
        render_kw={"accept": ACCEPTED_EXTENSIONS},
    )
    purpose = SelectField("What it is", choices=enum_choices(AttachmentPurpose))
    #: The view offers the disclosure's live items (see `upload_form_for`).
    item_id = SelectField(
        "It concerns",
        coerce=int,
        default=WHOLE_DISCLOSURE,
        choices=options([WHOLE_DISCLOSURE_CHOICE]),
    )
    submit = SubmitField("Upload")


def upload_form_for(disclosure: Disclosure) -> UploadForm:
    """The upload form, offering the disclosure's live items to attach a document to."""
    form = UploadForm()
    form.item_id.choices = options(
        [
            WHOLE_DISCLOSURE_CHOICE,
            *(
                (str(item.id), f"{ItemKind(item.kind).label}: {item.summary}")
                for item in disclosure.live_items
            ),
        ]
    )
    return form
