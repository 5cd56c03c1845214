"""Attachments: recognised by content, kept outside the web root, shown only to those who
may see the disclosure."""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from flask import render_template
from flask_wtf import FlaskForm
from openpyxl import Workbook
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from app.disclosures.attachments import (
    DOCX,
    JPEG,
    MEGABYTE,
    NOT_ALLOWED_MESSAGE,
    PDF,
    PNG,
    XLSX,
    attachment_path,
    clean_filename,
    detect_content_type,
    download_name,
    list_attachments,
    store_attachment,
    withdraw_attachment,
)
from app.disclosures.delegation import add_delegate
from app.disclosures.enums import AttachmentPurpose, ItemKind
from app.disclosures.models import Attachment
from app.disclosures.operations import FilingError
from app.people.roles import Role
from forms.attachments import upload_form_for
from tests.conftest import csrf_token_from
from tests.factories import (
    login,
    make_department,
    make_disclosure,
    make_item,
    make_person,
    make_submitted,
)

# --- Files built in the test -------------------------------------------------------------


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def png_bytes() -> bytes:
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(header))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
    )


def jpeg_bytes() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def zip_bytes(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes(["[Content_Types].xml", "_rels/.rels", "word/document.xml"])


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active["A1"] = "Award"
    workbook.save(buffer)
    return buffer.getvalue()


def elf_bytes() -> bytes:
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200


def upload(data: bytes, filename: str = "document.pdf") -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=filename)


def stored_files(app) -> set[str]:
    directory = Path(app.config["UPLOAD_DIR"])
    return {p.name for p in directory.iterdir()} if directory.exists() else set()


# --- Recognising content ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (pdf_bytes, PDF),
        (png_bytes, PNG),
        (jpeg_bytes, JPEG),
        (docx_bytes, DOCX),
        (xlsx_bytes, XLSX),
    ],
)
def test_allowed_types_are_recognised_by_content(build, expected):
    assert detect_content_type(io.BytesIO(build())) == expected


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(elf_bytes(), id="elf-executable"),
        pytest.param(
            b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120 + b"PE\x00\x00", id="windows-exe"
        ),
        pytest.param(b"#!/bin/sh\nrm -rf /\n", id="shell-script"),
        pytest.param(b"<!doctype html><html><script>alert(1)</script></html>", id="html"),
        pytest.param(zip_bytes(["readme.txt"]), id="plain-zip"),
        pytest.param(
            zip_bytes(["[Content_Types].xml", "word/document.xml", "word/vbaProject.bin"]),
            id="macro-enabled-word",
        ),
        pytest.param(b"PK\x03\x04" + b"\x00" * 50, id="broken-zip"),
        pytest.param(b"  %PDF-1.4 hidden after spaces", id="pdf-not-at-start"),
        pytest.param(b"", id="empty"),
    ],
)
def test_anything_else_is_not_recognised(data):
    assert detect_content_type(io.BytesIO(data)) is None


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\ana\\contrat signé.pdf", "contrat signé.pdf"),
        (".htaccess", "htaccess"),
        ("a<b>|c?.pdf", "a_b_c_.pdf"),
        ("line\nbreak.pdf", "line_break.pdf"),
        ("", "attachment"),
        (None, "attachment"),
        ("x" * 300 + ".pdf", "x" * 251 + ".pdf"),
    ],
)
def test_file_names_are_cleaned_to_a_readable_name(given, kept):
    assert clean_filename(given) == kept


@pytest.mark.parametrize(
    ("original", "content_type", "offered"),
    [
        ("contract.pdf", PDF, "contract.pdf"),
        ("scan", PNG, "scan.png"),
        ("photo.JPG", JPEG, "photo.JPG"),
        ("contract.pdf", PNG, "contract.pdf.png"),
    ],
)
def test_download_name_carries_the_detected_type(original, content_type, offered):
    attachment = Attachment(original_filename=original, content_type=content_type)
    assert download_name(attachment) == offered


# --- Storing ------------------------------------------------------------------------------


def test_store_keeps_the_file_under_a_random_name_with_its_hash(app, db):
    disclosure = make_disclosure()
    before = stored_files(app)
    data = pdf_bytes()
    attachment = store_attachment(
        disclosure,
        upload(data, "Consulting agreement.pdf"),
        AttachmentPurpose.OTHER,
        disclosure.person,
    )
    path = attachment_path(attachment)
    assert path.parent == Path(app.config["UPLOAD_DIR"])
    assert stored_files(app) - before == {attachment.stored_name}
    assert len(attachment.stored_name) == 32
    assert int(attachment.stored_name, 16) >= 0
    assert path.read_bytes() == data
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.size == len(data)
    assert attachment.content_type == PDF
    assert attachment.original_filename == "Consulting agreement.pdf"
    assert attachment.uploaded_by_id == disclosure.person_id


@pytest.mark.parametrize(
    ("purpose", "link"),
    [
        (AttachmentPurpose.CONTRACT, "document_id"),
        (AttachmentPurpose.TRANSLATION, "translation_id"),
    ],
)
def test_a_contract_document_is_linked_to_the_items_contract(db, purpose, link):
    disclosure = make_disclosure()
    item = make_item(
        disclosure,
        ItemKind.OUTSIDE_ACTIVITY,
        backed_by_contract=True,
        contract_signed_on=disclosure.due_on,
        contract_type="Consulting agreement",
    )
    assert item.contract is not None
    attachment = store_attachment(disclosure, upload(pdf_bytes()), purpose, disclosure.person, item)
    assert attachment.item_id == item.id
    assert getattr(item.contract, link) == attachment.id

    withdraw_attachment(attachment, disclosure.person)
    assert getattr(item.contract, link) is None


def test_an_oversized_file_is_refused_naming_the_limit(app, db):
    disclosure = make_disclosure()
    before = stored_files(app)
    data = b"%PDF-1.4\n" + b"0" * (20 * MEGABYTE - 9)
    with pytest.raises(FilingError) as refused:
        store_attachment(disclosure, upload(data), AttachmentPurpose.CONTRACT, disclosure.person)
    assert refused.value.field == "file"
    assert refused.value.message == "The file is 20.0 MB; the limit is 10 MB."
    assert stored_files(app) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [(elf_bytes(), NOT_ALLOWED_MESSAGE), (b"", "The file is empty.")],
)
def test_refused_files_leave_nothing_behind(app, db, data, message):
    disclosure = make_disclosure()
    before = stored_files(app)
    with pytest.raises(FilingError, match=message):
        store_attachment(
            disclosure, upload(data, "contract.pdf"), AttachmentPurpose.CONTRACT, disclosure.person
        )
    assert stored_files(app) == before
    assert db.session.scalars(select(Attachment)).all() == []


def test_nothing_is_added_to_a_submitted_disclosure(app, db):
    disclosure = make_submitted(make_disclosure())
    with pytest.raises(FilingError, match="submitted"):
        store_attachment(
            disclosure, upload(pdf_bytes()), AttachmentPurpose.OTHER, disclosure.person
        )


def test_an_item_of_another_disclosure_is_refused(db):
    disclosure = make_disclosure()
    other_item = make_item(make_disclosure())
    with pytest.raises(FilingError) as refused:
        store_attachment(
            disclosure, upload(pdf_bytes()), AttachmentPurpose.OTHER, disclosure.person, other_item
        )
    assert refused.value.field == "item_id"


def test_a_rolled_back_upload_leaves_no_file(app, db):
    disclosure = make_disclosure()
    attachment = store_attachment(
        disclosure, upload(pdf_bytes()), AttachmentPurpose.OTHER, disclosure.person
    )
    path = attachment_path(attachment)
    assert path.exists()
    db.session.rollback()
    assert not path.exists()


def test_a_committed_upload_keeps_its_file(app, db):
    disclosure = make_disclosure()
    attachment = store_attachment(
        disclosure, upload(pdf_bytes()), AttachmentPurpose.OTHER, disclosure.person
    )
    path = attachment_path(attachment)
    db.session.commit()
    db.session.close()
    assert path.exists()


def test_withdrawn_attachments_leave_the_list_but_keep_row_and_file(db):
    disclosure = make_disclosure()
    first, second = (
        store_attachment(disclosure, upload(build()), AttachmentPurpose.OTHER, disclosure.person)
        for build in (pdf_bytes, png_bytes)
    )
    assert list_attachments(disclosure) == [first, second]
    withdraw_attachment(first, disclosure.person)
    assert list_attachments(disclosure) == [second]
    assert first.withdrawn_at is not None
    assert attachment_path(first).exists()


# --- Through the web ----------------------------------------------------------------------


def csrf_token(client) -> str:
    """A token from any signed-in page (the sign-out button carries one)."""
    return csrf_token_from(client.get("/", follow_redirects=True).text)


def post_upload(
    client,
    disclosure_id: int,
    data: bytes,
    filename: str = "contract.pdf",
    token: str | bool | None = None,
    **fields,
):
    form = {
        "purpose": "contract",
        "item_id": "0",
        **fields,
        "file": FileStorage(io.BytesIO(data), filename),
    }
    if token is not False:
        form["csrf_token"] = token or csrf_token(client)
    # Encoded in memory: the test client's own temporary file is never closed when the app
    # refuses a body unread, which `filterwarnings = error` reports.
    body, length, boundary = stream_encode_multipart(form, use_tempfile=False)
    return client.post(
        f"/disclosures/{disclosure_id}/attachments",
        input_stream=body,
        content_length=length,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def flashed(client) -> list[tuple[str, str]]:
    """The messages waiting for the next page (which these tests do not open)."""
    with client.session_transaction() as session:
        return list(session.pop("_flashes", []))


def uploaded_by_client(client, disclosure, data: bytes = b"", filename: str = "contract.pdf"):
    response = post_upload(client, disclosure.id, data or pdf_bytes(), filename)
    assert response.status_code == 302, flashed(client)
    return db_attachment(disclosure)


def db_attachment(disclosure) -> Attachment:
    from app.extensions import db

    return db.session.scalars(
        select(Attachment)
        .where(Attachment.disclosure_id == disclosure.id)
        .order_by(Attachment.id.desc())
    ).first()


def test_the_filer_uploads_a_document(app, client):
    disclosure = make_disclosure()
    login(client, disclosure.person.email)
    before = stored_files(app)
    response = post_upload(
        client, disclosure.id, png_bytes(), "Award letter.png", purpose="award_letter"
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/disclosures/{disclosure.id}#attachments")
    assert flashed(client) == [("success", "Uploaded Award letter.png.")]
    attachment = db_attachment(disclosure)
    assert attachment.content_type == PNG
    assert attachment.purpose is AttachmentPurpose.AWARD_LETTER
    assert attachment.sha256 == hashlib.sha256(png_bytes()).hexdigest()
    assert attachment.size == len(png_bytes())
    assert stored_files(app) - before == {attachment.stored_name}


def test_a_delegate_may_upload_for_the_filer(client):
    disclosure = make_disclosure()
    assistant = make_person(Role.FACULTY)
    add_delegate(disclosure.person, assistant)
    login(client, assistant.email)
    attachment = uploaded_by_client(client, disclosure)
    assert attachment.uploaded_by_id == assistant.id


def test_a_renamed_executable_is_refused(app, client):
    disclosure = make_disclosure()
    login(client, disclosure.person.email)
    before = stored_files(app)
    response = post_upload(client, disclosure.id, elf_bytes(), "contract.pdf")
    assert response.status_code == 302
    assert flashed(client) == [("danger", NOT_ALLOWED_MESSAGE)]
    assert db_attachment(disclosure) is None
    assert stored_files(app) == before


def test_a_20_mb_upload_is_refused_with_a_clear_message(app, client):
    disclosure = make_disclosure()
    login(client, disclosure.person.email)
    token = csrf_token(client)
    before = stored_files(app)
    response = post_upload(client, disclosure.id, b"%PDF-1.4\n" + b"0" * 20_000_000, token=token)
    assert response.status_code == 302
    assert flashed(client) == [
        ("danger", "The file is larger than the 10 MB limit. Choose a smaller file.")
    ]
    assert db_attachment(disclosure) is None
    assert stored_files(app) == before


def test_a_file_over_a_lower_configured_limit_is_refused_with_its_size(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_UPLOAD_BYTES", MEGABYTE)
    disclosure = make_disclosure()
    login(client, disclosure.person.email)
    response = post_upload(client, disclosure.id, b"%PDF-1.4\n" + b"0" * (2 * MEGABYTE - 9))
    assert response.status_code == 302
    assert flashed(client) == [("danger", "The file is 2.0 MB; the limit is 1 MB.")]
    assert db_attachment(disclosure) is None


def test_an_upload_without_its_csrf_token_is_refused(client):
    disclosure = make_disclosure()
    login(client, disclosure.person.email)
    response = post_upload(client, disclosure.id, pdf_bytes(), token=False)
    assert response.status_code == 400
    assert "security token" in response.text
    assert db_attachment(disclosure) is None


def test_an_upload_needs_a_file_and_a_known_item(client):
    disclosure = make_disclosure()
    foreign_item = make_item(make_disclosure())
    login(client, disclosure.person.email)
    token = csrf_token(client)
    response = client.post(
        f"/disclosures/{disclosure.id}/attachments",
        data={"purpose": "contract", "item_id": "0", "csrf_token": token},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert flashed(client) == [("danger", "Choose a file to upload.")]
    post_upload(client, disclosure.id, pdf_bytes(), token=token, item_id=str(foreign_item.id))
    assert flashed(client) == [("danger", "Not a valid choice.")]
    assert db_attachment(disclosure) is None


def test_a_path_in_the_file_name_stores_nothing_outside_the_upload_folder(app, client):
    disclosure = make_disclosure()
    login(client, disclosure.person.email)
    attachment = uploaded_by_client(client, disclosure, filename="../../etc/passwd")
    upload_dir = Path(app.config["UPLOAD_DIR"])
    assert attachment.original_filename == "passwd"
    assert attachment_path(attachment).parent == upload_dir
    assert not (upload_dir / "../../etc/passwd").exists()
    assert not (upload_dir.parent / "passwd").exists()
    assert download_name(attachment) == "passwd.pdf"


def test_uploads_are_refused_after_submission(app, client):
    disclosure = make_submitted(make_disclosure())
    login(client, disclosure.person.email)
    before = stored_files(app)
    assert post_upload(client, disclosure.id, pdf_bytes()).status_code == 403
    assert stored_files(app) == before


def test_another_faculty_member_cannot_upload(client):
    disclosure = make_disclosure()
    login(client, make_person(Role.FACULTY).email)
    assert post_upload(client, disclosure.id, pdf_bytes()).status_code == 404
    assert db_attachment(disclosure) is None


def test_the_filer_downloads_the_document(client):
    disclosure = make_disclosure()
    login(client, disclosure.person.email)
    attachment = uploaded_by_client(client, disclosure, filename="Contrat signé")
    with client.get(f"/attachments/{attachment.id}") as response:
        assert response.status_code == 200
        assert response.data == pdf_bytes()
        assert response.mimetype == PDF
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert "filename*=UTF-8''Contrat%20sign%C3%A9.pdf" in disposition
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Cache-Control"] == "private, no-store"


def _viewer(kind: str, filer):
    if kind == "other_faculty":
        return make_person(Role.FACULTY)
    if kind == "head_of_filers_department":
        return make_person(Role.DEPARTMENT_HEAD, heads=(filer.department,))
    if kind == "head_of_another_department":
        return make_person(Role.DEPARTMENT_HEAD, heads=(make_department(),))
    return make_person(Role(kind))


@pytest.mark.parametrize(
    ("viewer", "submitted", "status"),
    [
        ("other_faculty", False, 404),
        ("other_faculty", True, 404),
        ("head_of_filers_department", False, 404),
        ("head_of_filers_department", True, 200),
        ("head_of_another_department", True, 404),
        (Role.COI_OFFICE.value, True, 200),
        (Role.GENERAL_COUNSEL.value, True, 200),
        (Role.ADMIN.value, True, 404),
    ],
)
def test_who_may_download(client, viewer, submitted, status):
    disclosure = make_disclosure()
    attachment = store_attachment(
        disclosure, upload(pdf_bytes()), AttachmentPurpose.CONTRACT, disclosure.person
    )
    if submitted:
        make_submitted(disclosure)
    login(client, _viewer(viewer, disclosure.person).email)
    with client.get(f"/attachments/{attachment.id}") as response:
        assert response.status_code == status


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    disclosure = make_disclosure()
    attachment = store_attachment(
        disclosure, upload(pdf_bytes()), AttachmentPurpose.CONTRACT, disclosure.person
    )
    response = client.get(f"/attachments/{attachment.id}")
    assert response.status_code == 302
    assert "/login" in response.location


def test_an_unknown_attachment_is_not_found(client):
    login(client, make_person(Role.COI_OFFICE).email)
    assert client.get("/attachments/999999").status_code == 404


def test_the_filer_withdraws_a_document_and_the_file_stays(client):
    disclosure = make_disclosure()
    login(client, disclosure.person.email)
    attachment = uploaded_by_client(client, disclosure)
    response = client.post(
        f"/attachments/{attachment.id}/withdraw", data={"csrf_token": csrf_token(client)}
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/disclosures/{disclosure.id}#attachments")
    from app.extensions import db

    db.session.refresh(attachment)
    assert attachment.withdrawn_at is not None
    assert attachment_path(attachment).exists()
    assert list_attachments(disclosure) == []


@pytest.mark.parametrize("who", ["other_faculty", "coi_office"])
def test_only_the_filer_side_may_withdraw(client, who):
    disclosure = make_disclosure()
    attachment = store_attachment(
        disclosure, upload(pdf_bytes()), AttachmentPurpose.CONTRACT, disclosure.person
    )
    person = make_person(Role.FACULTY if who == "other_faculty" else Role.COI_OFFICE)
    login(client, person.email)
    response = client.post(
        f"/attachments/{attachment.id}/withdraw", data={"csrf_token": csrf_token(client)}
    )
    # Neither sees the draft's documents: the COI office sees only certified ones.
    assert response.status_code == 404
    assert attachment.withdrawn_at is None


def test_documents_cannot_be_withdrawn_after_submission(client):
    disclosure = make_disclosure()
    attachment = store_attachment(
        disclosure, upload(pdf_bytes()), AttachmentPurpose.CONTRACT, disclosure.person
    )
    make_submitted(disclosure)
    login(client, disclosure.person.email)
    response = client.post(
        f"/attachments/{attachment.id}/withdraw", data={"csrf_token": csrf_token(client)}
    )
    assert response.status_code == 403


# --- The partial that show.html includes -----------------------------------------------


def render_section(app, disclosure, can_edit: bool) -> str:
    with app.test_request_context():
        return render_template(
            "disclosures/_attachments.html",
            disclosure=disclosure,
            attachments=list_attachments(disclosure),
            upload_form=upload_form_for(disclosure) if can_edit else None,
            can_edit=can_edit,
            action_form=FlaskForm(),
        )


def test_the_section_lists_documents_and_offers_a_labelled_upload_form(app, db):
    disclosure = make_disclosure()
    item = make_item(disclosure, ItemKind.OUTSIDE_ACTIVITY)
    attachment = store_attachment(
        disclosure,
        upload(pdf_bytes(), "Agreement.pdf"),
        AttachmentPurpose.CONTRACT,
        disclosure.person,
        item,
    )
    html = render_section(app, disclosure, can_edit=True)
    assert f'href="/attachments/{attachment.id}">Agreement.pdf</a>' in html
    assert f'title="{attachment.sha256}">{attachment.sha256[:12]}</code>' in html
    assert "Northwind Analytics LLC" in html
    assert "1 KB" in html
    assert 'enctype="multipart/form-data"' in html
    assert f'action="/attachments/{attachment.id}/withdraw"' in html
    for field in ("file", "purpose", "item_id"):
        assert f'<label class="form-label" for="{field}">' in html
    assert f'<option value="{item.id}">Outside activities and commitments: ' in html
    assert "up to 10 MB" in html


def test_the_section_is_read_only_when_the_disclosure_is_not_editable(app, db):
    disclosure = make_disclosure()
    store_attachment(disclosure, upload(pdf_bytes()), AttachmentPurpose.CONTRACT, disclosure.person)
    html = render_section(app, disclosure, can_edit=False)
    assert "Agreement" not in html
    assert "document.pdf" in html
    assert "multipart/form-data" not in html
    assert "/withdraw" not in html
