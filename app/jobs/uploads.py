"""Files uploaded for a job (a roster, an official list), kept until the job has run.

Each upload gets a folder named by a random token and keeps its own file name inside it,
so messages about a line name the file the person chose ("roster.csv, line 4").
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
from pathlib import Path

from flask import current_app
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

TOKEN = re.compile(r"[A-Za-z0-9_-]{22,64}")
ABANDONED_AFTER_SECONDS = 24 * 3600


class StagedUploadMissing(LookupError):
    """The token names no staged upload (never made, already used, or forged)."""

    def __init__(self) -> None:
        super().__init__("The uploaded file is no longer available; upload it again.")


def uploads_dir() -> Path:
    return Path(current_app.config["JOBS_DIR"]) / "uploads"


def stage_upload(file: FileStorage, default_name: str) -> tuple[str, Path]:
    """Save the upload under a new token; returns the token and the saved file."""
    discard_abandoned_uploads()
    token = secrets.token_urlsafe(24)
    folder = uploads_dir() / token
    folder.mkdir(parents=True)
    path = folder / (secure_filename(file.filename or "") or default_name)
    file.save(path)
    return token, path


def staged_file(token: str) -> Path:
    """The file staged under `token`; StagedUploadMissing if there is none."""
    if not TOKEN.fullmatch(token or ""):
        raise StagedUploadMissing
    folder = uploads_dir() / token
    files = sorted(folder.iterdir()) if folder.is_dir() else []
    if len(files) != 1 or not files[0].is_file():
        raise StagedUploadMissing
    return files[0]


def discard_abandoned_uploads(now: float | None = None) -> None:
    """Previews nobody applied: their files go after a day (a job keeps its own while it
    waits, well within that)."""
    cutoff = (time.time() if now is None else now) - ABANDONED_AFTER_SECONDS
    folder = uploads_dir()
    for staged in folder.iterdir() if folder.is_dir() else ():
        if staged.is_dir() and staged.stat().st_mtime < cutoff:
            shutil.rmtree(staged, ignore_errors=True)


def discard_upload(token: str) -> None:
    if TOKEN.fullmatch(token or ""):
        shutil.rmtree(uploads_dir() / token, ignore_errors=True)
