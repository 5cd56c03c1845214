"""Uploads with hostile names or lying types: refused, or kept safely.

Kept safely means: the file is inside UPLOAD_DIR under a random name, nothing appears
anywhere else, the name offered on download is a bare, printable file name with the
extension of what the file really is, and the page lists it as text.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.http import parse_options_header

from app.disclosures.attachments import MAX_FILENAME_LENGTH, NOT_ALLOWED_MESSAGE, PDF
from app.disclosures.models import Attachment
from app.extensions import db as flask_db
from tests.conftest import csrf_token_from
from tests.hostile.rendered import shows_text
from tests.hostile.strategies import HOSTILE, hostile_text

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
HTML_BYTES = b"<!doctype html><script>alert(document.cookie)</script>"
SVG_BYTES = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
STORED_NAME = re.compile(r"[0-9a-f]{32}")
#: Characters that reorder how a name is displayed ("invoice\u202efdp.exe").
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)

HOSTILE_NAMES = [
    "../../etc/passwd",
    "..\\..\\win.ini",
    "/etc/passwd",
    "C:\\Windows\\win.ini",
    "\\\\server\\share\\contract.pdf",
    "....//....//contract.pdf",
    "contract.pdf\x00.exe",
    "\x00",
    "a" * 300 + ".pdf",
    "é" * 300,
    "invoice\u202efdp.exe",
    ".htaccess",
    "..",
    "",
    " ",
    "CON",
    "contract.pdf\r\nX-Injected: 1",
    'contract".pdf',
    "<script>alert(1)</script>.pdf",
]


def upload(client, disclosure_id: int, filename: str, data: bytes, content_type: str = PDF):
    """Post a file the way a browser encodes it (quotes and line breaks percent-encoded,
    everything else as typed)."""
    token = csrf_token_from(client.get(f"/disclosures/{disclosure_id}").text)
    boundary = f"hostile{secrets.token_hex(8)}"
    quoted = filename.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in (("csrf_token", token), ("purpose", "contract"), ("item_id", "0"))
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{quoted}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return client.post(
        f"/disclosures/{disclosure_id}/attachments",
        data=b"".join(parts),
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def files_under(root: Path, skip: Path) -> set[Path]:
    return {
        path
        for path in root.rglob("*")
        if path.is_file() and skip not in path.parents and ".sqlite3" not in path.name
    }


def newest_attachment(disclosure_id: int) -> Attachment | None:
    return flask_db.session.scalars(
        select(Attachment)
        .where(Attachment.disclosure_id == disclosure_id)
        .order_by(Attachment.id.desc())
    ).first()


def offered_name(disposition: str) -> str:
    """The file name a browser would save the download as."""
    _, options = parse_options_header(disposition)
    return options["filename"]


def flashed(client) -> list[tuple[str, str]]:
    with client.session_transaction() as session:
        return list(session.pop("_flashes", []))


@pytest.fixture()
def upload_dir(app) -> Path:
    return Path(app.config["UPLOAD_DIR"]).resolve()


def assert_kept_safely(client, attachment: Attachment, upload_dir: Path) -> str:
    """Checks a stored upload; returns the name offered on download."""
    assert STORED_NAME.fullmatch(attachment.stored_name)
    assert (upload_dir / attachment.stored_name).is_file()
    name = attachment.original_filename
    assert name and len(name) <= MAX_FILENAME_LENGTH
    assert not name.startswith(".")
    assert not any(ch in name for ch in "/\\") and name not in (".", "..")
    assert not any(unicodedata.category(ch) == "Cc" for ch in name)
    with client.get(f"/attachments/{attachment.id}") as response:
        assert response.status_code == 200
        assert response.mimetype == attachment.content_type
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert "\r" not in disposition and "\n" not in disposition
        offered = offered_name(disposition)
        assert offered.endswith(".pdf" if attachment.content_type == PDF else offered[-4:])
        assert not any(ch in offered for ch in "/\\\x00")
    page = client.get(f"/disclosures/{attachment.disclosure_id}")
    assert shows_text(page.text, name)
    return name


filenames = st.one_of(
    st.sampled_from(HOSTILE_NAMES),
    hostile_text(),
    st.tuples(st.sampled_from(HOSTILE_NAMES), hostile_text()).map("".join),
)


@settings(HOSTILE, max_examples=20)
@given(filenames)
@example("../../etc/passwd")
@example("contract.pdf\x00.exe")
def test_hostile_file_names_are_kept_safely(app, client, draft, upload_dir, filename):
    root = Path(app.config["INSTANCE_DIR"]).resolve().parent
    outside_before = files_under(root, upload_dir)
    before = newest_attachment(draft.id)

    response = upload(client, draft.id, filename, PDF_BYTES)

    assert response.status_code == 302, response.status_code
    messages = flashed(client)
    assert files_under(root, upload_dir) == outside_before
    attachment = newest_attachment(draft.id)
    if filename == "":  # what a browser sends when no file was chosen
        assert messages == [("danger", "Choose a file to upload.")]
        assert attachment is before
        return
    assert attachment is not None and attachment is not before, messages
    assert_kept_safely(client, attachment, upload_dir)


@pytest.mark.parametrize("filename", ["invoice\u202efdp.exe", "\u2067report\u2069.pdf"])
def test_names_cannot_reorder_themselves_on_screen(client, draft, filename):
    assert upload(client, draft.id, filename, PDF_BYTES).status_code == 302
    attachment = newest_attachment(draft.id)
    assert attachment is not None
    assert not BIDI_CONTROLS & set(attachment.original_filename), attachment.original_filename


@pytest.mark.parametrize(
    ("filename", "content_type", "data"),
    [
        ("contract.pdf", "application/pdf", ELF_BYTES),
        ("x.png", "image/png", HTML_BYTES),
        ("x.pdf", "application/pdf", HTML_BYTES),
        ("logo.png", "image/svg+xml", SVG_BYTES),
        ("contract.docx", "application/vnd.openxmlformats-officedocument", b"PK\x03\x04junk"),
    ],
)
def test_lying_content_types_are_refused(
    app, client, draft, upload_dir, filename, content_type, data
):
    stored_before = set(upload_dir.iterdir()) if upload_dir.exists() else set()
    response = upload(client, draft.id, filename, data, content_type)
    assert response.status_code == 302
    assert flashed(client) == [("danger", NOT_ALLOWED_MESSAGE)]
    assert newest_attachment(draft.id) is None
    assert set(upload_dir.iterdir()) == stored_before


def test_a_pdf_claiming_to_be_html_is_served_as_a_pdf(client, draft, upload_dir):
    assert upload(client, draft.id, "page.html", PDF_BYTES, "text/html").status_code == 302
    attachment = newest_attachment(draft.id)
    assert attachment.content_type == PDF
    assert_kept_safely(client, attachment, upload_dir)
    with client.get(f"/attachments/{attachment.id}") as response:
        assert response.mimetype == PDF
        assert "page.html.pdf" in response.headers["Content-Disposition"]
