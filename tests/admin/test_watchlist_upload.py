"""Watchlist import by upload: a preview of new, changed and ended entries that agrees
with what the import then does, run as a job."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from app.admin.watchlist_preview import preview_official_list
from app.jobs.models import Job, JobState
from app.jobs.runner import run_job
from app.people.roles import Role
from app.screening.models import StoredWatchlistEntry, WatchlistOrigin
from app.screening.watchlist_operations import import_official_list
from tests.conftest import csrf_token_from
from tests.factories import login, make_person

HEADER = "Name,Clean Name,Alias,Previous Name,Parent Name,Note,Start date,End date,Source Url\n"
FIRST_EDITION = HEADER + (
    "Alpha Dynamics Co (ADC),Alpha Dynamics Co,ADC,,,,2024-01-31,,\n"
    "Beta Optics Ltd,Beta Optics Ltd,,,,,2024-01-31,,\n"
    "Gamma Marine Co,Gamma Marine Co,,,,,2024-01-31,,\n"
)
SECOND_EDITION = HEADER + (
    "Alpha Dynamics Co (ADC),Alpha Dynamics Co,ADC,,,,2024-01-31,,\n"  # unchanged
    "Beta Optics Ltd,Beta Optics Ltd,,,,,2024-01-31,2025-06-30,\n"  # ended
    "Gamma Marine Co,Gamma Marine Co,Gamma Sea;GMC,,,,2024-01-31,,\n"  # changed (aliases)
    "Delta Avionics Co,Delta Avionics Co,,,,,2025-01-15,,\n"  # new
)


def test_the_preview_sorts_entries_into_new_changed_and_ended(app, db, tmp_path):
    first = tmp_path / "1260h-2024.csv"
    first.write_text(FIRST_EDITION, encoding="utf-8")
    import_official_list(WatchlistOrigin.DOD_1260H, first, actor_id=None)
    second = tmp_path / "1260h-2025.csv"
    second.write_text(SECOND_EDITION, encoding="utf-8")
    stored_before = db.session.scalar(select(func.count(StoredWatchlistEntry.id)))

    preview = preview_official_list(WatchlistOrigin.DOD_1260H, second)

    assert [entry.name for entry in preview.new] == ["Delta Avionics Co"]
    assert [entry.name for entry in preview.changed] == ["Gamma Marine Co"]
    assert [(entry.name, str(entry.end_date)) for entry in preview.ended] == [
        ("Beta Optics Ltd", "2025-06-30")
    ]
    assert preview.unchanged == 1 and preview.not_in_file == 0
    assert db.session.scalar(select(func.count(StoredWatchlistEntry.id))) == stored_before

    result = import_official_list(WatchlistOrigin.DOD_1260H, second, actor_id=None)
    assert (result.added, result.updated, result.unchanged) == (
        len(preview.new),
        len(preview.changed) + len(preview.ended),
        preview.unchanged,
    )


def upload(client, text: str, name: str):
    page = client.get("/admin/watchlist-import")
    return client.post(
        "/admin/watchlist-import/preview",
        data={
            "csrf_token": csrf_token_from(page.text),
            "list_format": "dod1260h",
            "list_file": (io.BytesIO(text.encode()), name),
        },
        content_type="multipart/form-data",
    )


def test_upload_preview_then_import_as_a_job(app, client, db):
    admin = make_person(Role.ADMIN)
    login(client, admin.email)
    preview = upload(client, FIRST_EDITION, "1260h.csv")
    assert preview.status_code == 200
    assert "New entries (3)" in preview.text and "Ended listings (0)" in preview.text
    assert db.session.scalar(select(func.count(StoredWatchlistEntry.id))) == 0
    staged = preview.text.split('name="apply-upload" type="hidden" value="')[1].split('"')[0]
    applied = client.post(
        "/admin/watchlist-import/apply",
        data={
            "csrf_token": csrf_token_from(preview.text),
            "apply-upload": staged,
            "apply-list_format": "dod1260h",
            "apply-reason": "2024 edition published",
        },
    )
    assert applied.status_code == 302
    job = db.session.scalars(select(Job).order_by(Job.id.desc())).first()
    assert run_job(job.id) is JobState.DONE, job.error
    assert job.message == "1260h.csv: 3 added, 0 updated, 0 unchanged"
    assert db.session.scalar(select(func.count(StoredWatchlistEntry.id))) == 3


def test_a_malformed_list_is_refused_with_its_line(app, client, db):
    admin = make_person(Role.ADMIN)
    login(client, admin.email)
    response = upload(client, HEADER + "Bad Co,Bad Co,,,,,31/01/2024,,\n", "bad.csv")
    assert response.status_code == 400
    assert "bad.csv, line 2: bad date" in response.text
    assert "nothing was imported" in response.text
