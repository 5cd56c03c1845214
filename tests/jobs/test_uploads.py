"""Staged uploads: found by their token only, and cleared away when abandoned."""

from __future__ import annotations

import io
import os
import time

import pytest
from werkzeug.datastructures import FileStorage

from app.jobs.uploads import (
    ABANDONED_AFTER_SECONDS,
    StagedUploadMissing,
    discard_abandoned_uploads,
    stage_upload,
    staged_file,
)


def stage(name: str = "Autumn roster.csv") -> tuple[str, object]:
    return stage_upload(FileStorage(io.BytesIO(b"email,name\n"), name), "roster.csv")


def test_an_upload_keeps_a_safe_form_of_its_name_under_a_random_token(app):
    with app.app_context():
        token, path = stage("../../etc/Autumn roster.csv")
        assert path.name == "etc_Autumn_roster.csv"
        assert staged_file(token) == path
        for forged in ("", "../uploads", "short", f"{token}/../{token}"):
            with pytest.raises(StagedUploadMissing, match="no longer available"):
                staged_file(forged)


def test_abandoned_previews_are_discarded_after_a_day(app):
    with app.app_context():
        old_token, old_path = stage()
        fresh_token, _ = stage()
        day_ago = time.time() - ABANDONED_AFTER_SECONDS - 60
        os.utime(old_path.parent, (day_ago, day_ago))
        discard_abandoned_uploads()
        with pytest.raises(StagedUploadMissing):
            staged_file(old_token)
        assert staged_file(fresh_token).is_file()
