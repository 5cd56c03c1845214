"""Draft agreements attached to a proposal or to a request for counsel's advice, kept the
way disclosure attachments are (app/disclosures/attachments.py: content-detected,
size-limited, random names outside the web root)."""

from __future__ import annotations

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from app.audit.operations import record
from app.disclosures.attachments import keep_upload
from app.engagements.models import EngagementDocument
from app.extensions import db
from app.people.models import Person


def store_document(
    upload: FileStorage,
    actor: Person,
    proposal_id: int | None = None,
    advice_request_id: int | None = None,
) -> EngagementDocument:
    """Keep a draft agreement; refusals raise `FilingError` on "file"."""
    kept = keep_upload(upload)
    document = EngagementDocument(
        proposal_id=proposal_id,
        advice_request_id=advice_request_id,
        original_filename=kept.original_filename,
        stored_name=kept.stored_name,
        content_type=kept.content_type,
        size=kept.size,
        sha256=kept.sha256,
        uploaded_by_id=actor.id,
    )
    db.session.add(document)
    db.session.flush()
    record(
        "engagement_document.upload",
        object_type="engagement_document",
        object_id=document.id,
        actor=actor,
        summary=f"{document.original_filename} uploaded",
        after={
            "proposal_id": proposal_id,
            "advice_request_id": advice_request_id,
            "sha256": kept.sha256,
        },
    )
    return document


def documents_of(
    proposal_id: int | None = None, advice_request_id: int | None = None
) -> list[EngagementDocument]:
    query = select(EngagementDocument)
    if proposal_id is not None:
        query = query.where(EngagementDocument.proposal_id == proposal_id)
    else:
        query = query.where(EngagementDocument.advice_request_id == advice_request_id)
    return list(db.session.scalars(query.order_by(EngagementDocument.id)))
