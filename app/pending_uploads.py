"""Import files kept between their preview and their confirmation, under the instance
folder (never the web root), named by a random token."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from flask import current_app
from werkzeug.datastructures import FileStorage


def pending_dir() -> Path:
    """Uploaded files kept between their preview and their confirmation."""
    folder = Path(current_app.config["INSTANCE_DIR"]) / "pending-imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


#: A preview never confirmed is forgotten after a day.
PENDING_FOR_SECONDS = 24 * 3600


def keep_upload(storage: FileStorage) -> Path:
    folder = pending_dir()
    for stale in folder.iterdir():
        if time.time() - stale.stat().st_mtime > PENDING_FOR_SECONDS:
            stale.unlink(missing_ok=True)
    suffix = Path(storage.filename or "").suffix.lower()
    path = folder / f"{secrets.token_hex(16)}{suffix}"
    storage.save(path)
    return path
