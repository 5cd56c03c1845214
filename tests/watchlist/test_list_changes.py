"""A new edition of a list is an event: the import reports what it added, removed, changed
and ended; a re-screen then marks flags on ended listings as formerly listed and tells the
COI office how many and where."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import select

from app.disclosures.enums import DisclosureStatus, ItemKind
from app.disclosures.rescreen import rescreen_items
from app.screening.flags import InfoKind
from app.screening.list_change_models import ListChangeKind, WatchlistImportChange
from app.screening.models import StoredWatchlistEntry
from app.signals import watchlist_imported, watchlist_rescreened
from tests.factories import certified_flags, make_disclosure, make_item, make_submitted
from tests.screening.official_data import FIXTURES

HEADER = "Name,Clean Name,Alias,Previous Name,Parent Name,Note,Start date,End date,Source Url\n"
ORCHID = (
    '"Orchid Radar Works Co., Ltd.","Orchid Radar Works Co., Ltd.",Orchid Radar,,,,2024-01-31,,\n'
)
LUMEN = '"Lumen Guidance Systems Co., Ltd.","Lumen Guidance Systems Co., Ltd.",,,,,2024-01-31,,\n'
KESTREL = '"Kestrel Sonar Co., Ltd.","Kestrel Sonar Co., Ltd.",Kestrel Sonar,,,,2026-06-08,,\n'


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


@contextmanager
def received(signal):
    calls: list[dict] = []

    def receiver(sender, **extra):
        calls.append(extra)

    signal.connect(receiver)
    try:
        yield calls
    finally:
        signal.disconnect(receiver)


def list_files(tmp_path):
    sample = (FIXTURES / "dod1260h_sample.csv").read_text(encoding="utf-8")
    first = tmp_path / "1260h-2025.csv"
    first.write_text(sample + ORCHID + LUMEN, encoding="utf-8")
    # The next edition: Orchid's listing ends, Lumen is gone, Kestrel is new and China
    # Telecom gains a name.
    edited = sample.replace(
        '"China Telecom Group Co., Ltd. (China Telecom)","China Telecom Group Co., Ltd.",'
        "China Telecom,",
        '"China Telecom Group Co., Ltd. (China Telecom)","China Telecom Group Co., Ltd.",'
        '"China Telecom, CTG",',
    )
    assert edited != sample
    second = tmp_path / "1260h-2026.csv"
    second.write_text(
        edited + ORCHID.replace("2024-01-31,,", "2024-01-31,2026-02-17,") + KESTREL,
        encoding="utf-8",
    )
    return first, second


def test_importing_an_edited_list_reports_what_was_added_removed_changed_and_ended(
    app, db, tmp_path
):
    first, second = list_files(tmp_path)
    assert run(app, "watchlist", "import", "--format", "dod1260h", str(first)).exit_code == 0
    with received(watchlist_imported) as calls:
        result = run(app, "watchlist", "import", "--format", "dod1260h", str(second))
    assert result.exit_code == 0, result.output
    output = result.output
    assert "1 added, 1 removed, 1 changed, 1 ended" in output
    assert "Added (1):\n  Kestrel Sonar Co., Ltd. [dod1260h:kestrel-sonar]" in output
    assert "Removed from the list file (1):\n  Lumen Guidance Systems Co., Ltd." in output
    assert "Listing ended (1):\n  Orchid Radar Works Co., Ltd." in output
    assert "end date set to 2026-02-17" in output
    assert "names added: CTG" in output
    [call] = calls
    assert call["report"].counts()[ListChangeKind.ENDED] == 1
    stored = {
        (change.kind, change.entry_id)
        for change in db.session.scalars(
            select(WatchlistImportChange).where(WatchlistImportChange.import_id == call["batch"].id)
        )
    }
    assert stored == {
        (ListChangeKind.ADDED, "dod1260h:kestrel-sonar"),
        (ListChangeKind.REMOVED, "dod1260h:lumen-guidance-systems"),
        (ListChangeKind.ENDED, "dod1260h:orchid-radar-works"),
        (ListChangeKind.CHANGED, "dod1260h:china-telecom-group"),
    }
    lumen = db.session.scalar(
        select(StoredWatchlistEntry).where(
            StoredWatchlistEntry.entry_id == "dod1260h:lumen-guidance-systems"
        )
    )
    assert lumen.retired_at is not None
    again = run(app, "watchlist", "import", "--format", "dod1260h", str(second))
    assert "nothing changed" in again.output


def test_rescreen_after_a_listing_ends_marks_the_flag_formerly_listed_and_says_where(
    app, db, tmp_path
):
    first, second = list_files(tmp_path)
    run(app, "watchlist", "import", "--format", "dod1260h", str(first))
    disclosure = make_disclosure()
    make_item(
        disclosure, ItemKind.OUTSIDE_COMPENSATION, organisation="Orchid Radar Works", country="SG"
    )
    make_submitted(disclosure)
    [before] = certified_flags(disclosure)
    assert before.category == "military_company"
    run(app, "watchlist", "import", "--format", "dod1260h", str(second))
    with received(watchlist_rescreened) as calls:
        rescreen_items()
    # The certified version's flag: reviewers see the listing ended, and where.
    [now] = certified_flags(disclosure)
    assert now.category == InfoKind.FORMERLY_LISTED
    assert "listing ended 2026-02-17" in now.explanation
    [call] = calls
    assert (call["new_flags"], call["formerly_listed"]) == (1, 1)
    assert call["by_disclosure"] == {disclosure.id: (1, 1)}
    assert disclosure.status is DisclosureStatus.SUBMITTED


def test_the_watchlist_page_shows_what_each_import_changed(app, client, db, tmp_path):
    from app.people.roles import Role
    from tests.factories import login, make_person

    first, second = list_files(tmp_path)
    run(app, "watchlist", "import", "--format", "dod1260h", str(first))
    run(app, "watchlist", "import", "--format", "dod1260h", str(second))
    login(client, make_person(Role.COI_OFFICE).email)
    page = client.get("/watchlist/").text
    assert "What changed (4)" in page
    assert "<strong>Listing ended</strong>: " in page
    assert 'href="/profiles/entities/dod1260h:orchid-radar-works"' in page


def test_the_csl_bulk_json_imports_like_its_csv(app, db):
    result = run(app, "watchlist", "import", "--format", "csl", str(FIXTURES / "csl_sample.json"))
    assert result.exit_code == 0, result.output
    assert "2 added, 0 removed, 0 changed, 0 ended" in result.output
    assert "Sample Vision Technology Co., Ltd. [csl:" in result.output
