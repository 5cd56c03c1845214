"""Attachments: contracts, translations and award letters uploaded to a disclosure.

A file is accepted for what its content is, never for its name or the type the browser
claims. It is written under `UPLOAD_DIR` (outside the web root) with a random name, and
is reached only through its `Attachment` row, so a file name can never become a path.

Operations flush; the request commits. A file whose row is rolled back is deleted when
the transaction ends (see `_discard_uncommitted_files`), so no file outlives its row.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO

from flask import current_app
from sqlalchemy import event, or_, select
from sqlalchemy.orm import Session, SessionTransaction
from werkzeug.datastructures import FileStorage

from app.audit.operations import record
from app.database import utcnow
from app.disclosures.contracts import Contract
from app.disclosures.enums import AttachmentPurpose
from app.disclosures.items import DisclosureItem
from app.disclosures.models import Attachment, Disclosure
from app.disclosures.operations import FilingError
from app.extensions import db
from app.people.models import Person

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: What each accepted type is called on screen, and the extensions it may carry.
ALLOWED_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    PDF: ("PDF", (".pdf",)),
    DOCX: ("Word", (".docx",)),
    XLSX: ("Excel", (".xlsx",)),
    PNG: ("PNG image", (".png",)),
    JPEG: ("JPEG image", (".jpg", ".jpeg")),
}

NOT_ALLOWED_MESSAGE = "This file is not a PDF, Word, Excel, PNG or JPEG document."
MEGABYTE = 1024 * 1024
CHUNK_BYTES = 64 * 1024
MAX_FILENAME_LENGTH = 255  # Attachment.original_filename
#: Key in `Session.info` of the files written in the session's current transaction.
UNCOMMITTED_FILES = "candor.uncommitted_files"

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ZIP_SIGNATURE = b"PK\x03\x04"
#: Characters that are unsafe or confusing in a download name on some system.
#: Path and shell punctuation, C0 and C1 controls, and the bidirectional controls that
#: can make "invoice\u202efdp.exe" display as "invoiceexe.pdf".
UNSAFE_NAME_CHARACTERS = re.compile(
    '[\x00-\x1f\x7f-\x9f"*/:<>?\\\\|\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+'
)


# --- Recognising a file ----------------------------------------------------------------


def detect_content_type(stream: BinaryIO) -> str | None:
    """The MIME type of an accepted document, judged from its bytes only; None otherwise.

    Office documents are ZIP packages: only the archive's directory is read, nothing is
    extracted, so a zip bomb costs nothing. Macro-enabled packages are refused.
    """
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head == PNG_SIGNATURE:
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(ZIP_SIGNATURE):
        return _office_type(stream)
    return None


def _office_type(stream: BinaryIO) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        return None
    finally:
        stream.seek(0)
    if "[Content_Types].xml" not in names or any(n.endswith("vbaProject.bin") for n in names):
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def type_label(content_type: str) -> str:
    return ALLOWED_TYPES.get(content_type, (content_type, ()))[0]


def clean_filename(filename: str | None) -> str:
    """A readable name to offer on download; metadata only, never part of a path."""
    name = unicodedata.normalize("NFC", filename or "")
    name = PurePath(name.replace("\\", "/")).name
    name = UNSAFE_NAME_CHARACTERS.sub("_", name)
    name = " ".join(name.split()).lstrip(".").strip()
    if not name:
        return "attachment"
    if len(name) > MAX_FILENAME_LENGTH:
        suffix = PurePath(name).suffix[:16]
        name = name[: MAX_FILENAME_LENGTH - len(suffix)] + suffix
    return name


def download_name(attachment: Attachment) -> str:
    """The original name, with the extension of what the file really is if it lacks it."""
    extensions = ALLOWED_TYPES.get(attachment.content_type, ("", ()))[1]
    name = attachment.original_filename
    if extensions and PurePath(name).suffix.lower() not in extensions:
        name = name[: MAX_FILENAME_LENGTH - len(extensions[0])] + extensions[0]
    return name


def megabytes(size: int) -> str:
    return f"{size / MEGABYTE:.1f}"


def limit_text() -> str:
    """The configured upload limit, as people read it ("10 MB")."""
    return f"{megabytes(current_app.config['MAX_UPLOAD_BYTES']).removesuffix('.0')} MB"


# --- Storing ---------------------------------------------------------------------------


def upload_dir() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def attachment_path(attachment: Attachment) -> Path:
    return upload_dir() / attachment.stored_name


@dataclass(frozen=True)
class KeptFile:
    """An accepted upload on disk under a random name; deleted if its row is rolled back."""

    stored_name: str
    original_filename: str
    content_type: str
    size: int
    sha256: str


def keep_upload(upload: FileStorage) -> KeptFile:
    """Check an upload's size and content and keep it under a random name, for any
    feature's document row (disclosures, engagement proposals, advice requests).
    Refusals raise `FilingError` on the field "file" and leave nothing on disk."""
    directory = upload_dir()
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, temporary_name = tempfile.mkstemp(dir=directory, prefix=".incoming-")
    temporary = Path(temporary_name)
    try:
        with os.fdopen(handle, "w+b") as file:
            size, sha256 = _copy_within_limit(upload.stream, file)
            content_type = detect_content_type(file)
        if content_type is None:
            raise FilingError("file", NOT_ALLOWED_MESSAGE)
        stored_name = secrets.token_hex(16)
        os.replace(temporary, directory / stored_name)
    finally:
        temporary.unlink(missing_ok=True)
    _delete_unless_committed(directory / stored_name)
    return KeptFile(stored_name, clean_filename(upload.filename), content_type, size, sha256)


def store_attachment(
    disclosure: Disclosure,
    upload: FileStorage,
    purpose: AttachmentPurpose,
    actor: Person,
    item: DisclosureItem | None = None,
) -> Attachment:
    """Check and keep an uploaded file; a contract or its translation is linked to the
    item's contract. Refusals raise `FilingError` and leave nothing on disk."""
    if not disclosure.status.editable:
        raise FilingError(
            "file", "This disclosure has been submitted; amend it before adding documents."
        )
    if item is not None and (item.disclosure_id != disclosure.id or item.withdrawn_at is not None):
        raise FilingError("item_id", "That item is not part of this disclosure.")
    kept = keep_upload(upload)
    stored_name, size, sha256, content_type = (
        kept.stored_name,
        kept.size,
        kept.sha256,
        kept.content_type,
    )
    attachment = Attachment(
        disclosure_id=disclosure.id,
        item_id=item.id if item else None,
        purpose=purpose,
        original_filename=kept.original_filename,
        stored_name=stored_name,
        content_type=content_type,
        size=size,
        sha256=sha256,
        uploaded_by_id=actor.id,
    )
    db.session.add(attachment)
    db.session.flush()
    contract = item.contract if item is not None else None
    if contract is not None and purpose is AttachmentPurpose.CONTRACT:
        contract.document_id = attachment.id
    elif contract is not None and purpose is AttachmentPurpose.TRANSLATION:
        contract.translation_id = attachment.id
    db.session.flush()
    record(
        "attachment.upload",
        object_type="attachment",
        object_id=attachment.id,
        actor=actor,
        summary=f"{attachment.original_filename} ({purpose.value}) uploaded",
        after={
            "disclosure_id": disclosure.id,
            "item_id": attachment.item_id,
            "sha256": sha256,
            "size": size,
            "content_type": content_type,
        },
    )
    return attachment


def _copy_within_limit(source: BinaryIO, target: BinaryIO) -> tuple[int, str]:
    """Copy while hashing; stop as soon as the file is over the limit."""
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK_BYTES):
        size += len(chunk)
        if size > limit:
            total = _total_size(source)
            raise FilingError(
                "file",
                f"The file is {megabytes(total)} MB; the limit is {limit_text()}."
                if total
                else f"The file is larger than the {limit_text()} limit.",
            )
        digest.update(chunk)
        target.write(chunk)
    if size == 0:
        raise FilingError("file", "The file is empty.")
    target.flush()
    return size, digest.hexdigest()


def _total_size(stream: BinaryIO) -> int | None:
    """The whole upload's size without reading it, when the stream can tell."""
    try:
        return stream.seek(0, os.SEEK_END)
    except (AttributeError, OSError, ValueError):
        return None


def _delete_unless_committed(path: Path) -> None:
    files: list[Path] = db.session.info.setdefault(UNCOMMITTED_FILES, [])
    files.append(path)


@event.listens_for(Session, "after_commit")
def _keep_committed_files(session: Session) -> None:
    # A savepoint's release is not the end: the outer transaction may still roll back.
    if not session.in_nested_transaction():
        session.info.pop(UNCOMMITTED_FILES, None)


@event.listens_for(Session, "after_transaction_end")
def _discard_uncommitted_files(session: Session, transaction: SessionTransaction) -> None:
    """The outermost transaction ended without committing: its rows are gone, so are
    its files."""
    if transaction.parent is None:
        for path in session.info.pop(UNCOMMITTED_FILES, []):
            path.unlink(missing_ok=True)


# --- Listing and withdrawing -----------------------------------------------------------


def list_attachments(disclosure: Disclosure, certified_only: bool = False) -> list[Attachment]:
    """The disclosure's attachments, oldest first: those of the draft (not withdrawn), or
    with `certified_only` those that were part of the latest certified version."""
    query = select(Attachment).where(Attachment.disclosure_id == disclosure.id)
    if certified_only:
        version = disclosure.certified_version
        if version is None:
            return []
        query = query.where(
            Attachment.uploaded_at <= version.submitted_at,
            or_(Attachment.withdrawn_at.is_(None), Attachment.withdrawn_at > version.submitted_at),
        )
    else:
        query = query.where(Attachment.withdrawn_at.is_(None))
    return list(db.session.scalars(query.order_by(Attachment.uploaded_at, Attachment.id)))


def withdraw_attachment(attachment: Attachment, actor: Person) -> None:
    """Take a document out of the draft. The row and the file stay: history is kept, and
    a submitted version may already refer to it."""
    if not attachment.disclosure.status.editable:
        raise FilingError(
            "file", "This disclosure has been submitted; amend it before removing documents."
        )
    if attachment.withdrawn_at is not None:
        return
    attachment.withdrawn_at = utcnow()
    linked = db.session.scalars(
        select(Contract)
        .join(DisclosureItem, Contract.item_id == DisclosureItem.id)
        .where(
            DisclosureItem.disclosure_id == attachment.disclosure_id,
            or_(Contract.document_id == attachment.id, Contract.translation_id == attachment.id),
        )
    )
    for contract in linked:
        if contract.document_id == attachment.id:
            contract.document_id = None
        if contract.translation_id == attachment.id:
            contract.translation_id = None
    db.session.flush()
    record(
        "attachment.withdraw",
        object_type="attachment",
        object_id=attachment.id,
        actor=actor,
        summary=f"{attachment.original_filename} withdrawn",
    )
