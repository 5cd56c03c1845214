"""The database watchlist: official-list imports, `screen`, `rescreen`."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from app.disclosures.enums import ItemKind
from app.screening.flags import Category
from app.screening.models import StoredWatchlistEntry, WatchlistImport
from app.screening.official_lists import parse_dod1260h
from app.screening.screen import build_builtin_matcher, screen_text
from app.screening.stored import sync_active_matcher
from tests.factories import make_disclosure, make_item


def run(app, *args, input=None):
    return app.test_cli_runner().invoke(args=list(args), input=input)


def stored_count(db) -> int:
    return db.session.scalar(select(func.count(StoredWatchlistEntry.id)))


def test_importing_both_official_lists_twice_changes_nothing_the_second_time(
    app, db, dod1260h, dod1286
):
    first = run(app, "watchlist", "import", "--format", "dod1260h", str(dod1260h))
    assert first.exit_code == 0, first.output
    assert " added" in first.output
    run(app, "watchlist", "import", "--format", "dod1286", str(dod1286))
    count = stored_count(db)
    imports = db.session.scalar(select(func.count(WatchlistImport.id)))
    data = {r.entry_id: r.data for r in db.session.scalars(select(StoredWatchlistEntry))}
    for fmt, path in (("dod1260h", dod1260h), ("dod1286", dod1286)):
        again = run(app, "watchlist", "import", "--format", fmt, str(path))
        assert again.exit_code == 0
        assert "nothing changed" in again.output
    assert stored_count(db) == count > 300
    assert db.session.scalar(select(func.count(WatchlistImport.id))) == imports == 2
    assert {r.entry_id: r.data for r in db.session.scalars(select(StoredWatchlistEntry))} == data


def test_names_only_in_the_official_lists_are_flagged_after_import(app, db, dod1260h, dod1286):
    builtin = build_builtin_matcher()
    only_in_list = [
        entry
        for entry in parse_dod1260h(dod1260h)
        if entry.start_date
        and entry.start_date.year >= 2025
        and entry.end_date is None
        and not any(f.is_policy for f in builtin.screen(f"We consult for {entry.canonical_name}."))
    ]
    assert only_in_list, "expected companies listed recently that the built-in list lacks"
    entry = only_in_list[0]
    text = f"We consult for {entry.canonical_name}."
    sync_active_matcher(force=True)
    assert not any(f.is_policy for f in screen_text(text))
    run(app, "watchlist", "import", "--format", "dod1260h", str(dod1260h))
    sync_active_matcher()
    flags = [f for f in screen_text(text) if f.is_policy]
    assert [f.entry_id for f in flags] == [entry.id]
    assert flags[0].category is Category.MILITARY_COMPANY
    assert "1260H" in flags[0].source


def test_a_malformed_file_is_rejected_with_its_line_and_nothing_is_imported(app, db, tmp_path):
    bad = tmp_path / "bad1260h.csv"
    bad.write_text(
        "Name,Clean Name,Alias,Previous Name,Parent Name,Note,Start date,End date,Source Url\n"
        "Good Co (GC),Good Co,GC,,,,2024-01-31,,\n"
        "Bad Co,Bad Co,,,,,31/01/2024,,\n",
        encoding="utf-8",
    )
    result = run(app, "watchlist", "import", "--format", "dod1260h", str(bad))
    assert result.exit_code != 0
    assert "line 3" in result.output and "nothing was imported" in result.output
    assert stored_count(db) == 0


def test_unknown_format_is_refused(app, db, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a\n")
    result = run(app, "watchlist", "import", "--format", "sdn", str(path))
    assert result.exit_code != 0
    assert "Invalid value for '--format'" in result.output


def test_screen_reads_json_lines_and_reports_bad_lines(app, db):
    lines = "\n".join(
        [
            json.dumps({"id": "a", "text": "Visiting scholar at Beihang University in 2019"}),
            "{not json",
            json.dumps({"id": 7, "text": "Bench work with colleagues at ETH Zurich"}),
            json.dumps(["a list"]),
            json.dumps({"id": "no text"}),
        ]
    )
    result = run(app, "screen", input=lines + "\n")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert len(out) == 5
    assert out[0]["id"] == "a"
    (flag,) = [f for f in out[0]["flags"] if f["category"] == "defense_institution"]
    assert set(flag) == {
        "category",
        "severity",
        "entry_id",
        "canonical_name",
        "matched",
        "start",
        "end",
        "source",
    }
    assert flag["severity"] == "critical"
    text = "Visiting scholar at Beihang University in 2019"
    assert text[flag["start"] : flag["end"]] == flag["matched"]
    assert out[1] == {"id": None, "line": 2, "error": out[1]["error"]}
    assert out[1]["error"].startswith("not valid JSON")
    assert out[2] == {"id": 7, "flags": []}
    assert out[3]["line"] == 4 and out[4]["line"] == 5


def test_screen_reads_a_file_and_prints_the_version(app, db, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": 1, "text": "千人计划 participant"}) + "\n", encoding="utf-8")
    result = run(app, "screen", "--input", str(path))
    (line,) = result.output.splitlines()
    assert json.loads(line)["flags"][0]["category"] == "talent_program"
    version = run(app, "screen", "--watchlist-version").output.strip()
    assert version and version == run(app, "watchlist", "version").output.strip()


def test_rescreen_finds_new_flags_with_the_watchlist_version(app, db):
    from app.screening.flags import Severity
    from app.screening.models import ItemFlag
    from app.screening.watchlist_operations import add_local_entry

    disclosure = make_disclosure()
    item = make_item(
        disclosure,
        ItemKind.OUTSIDE_COMPENSATION,
        organisation="Zephyr Quantum Dynamics",
        country="SG",
    )
    assert (
        db.session.scalar(select(func.count(ItemFlag.id)).where(ItemFlag.item_id == item.id)) == 0
    )
    add_local_entry(
        "Zephyr Quantum Dynamics",
        [],
        Category.MILITARY_COMPANY,
        Severity.CRITICAL,
        "SG",
        "Local research-security review",
        disclosure.person_id,
    )
    result = run(app, "rescreen")
    assert result.exit_code == 0, result.output
    assert "1 new flags" in result.output
    flag = db.session.scalar(select(ItemFlag).where(ItemFlag.item_id == item.id))
    assert flag.entry_id == "local:zephyr-quantum-dynamics"
    assert "+db." in flag.watchlist_version
    again = run(app, "rescreen")
    assert "0 new flags, 0 cleared" in again.output


def test_rescreen_reads_in_batches_not_item_by_item(app, db):
    from sqlalchemy import event

    from app.disclosures.rescreen import rescreen_items

    def statements_of_a_quiet_rescreen() -> int:
        rescreen_items()  # settle: store whatever is new
        counted = []
        engine_connection = db.session.get_bind()
        listener = lambda *args: counted.append(1)  # noqa: E731
        event.listen(engine_connection, "before_cursor_execute", listener)
        try:
            rescreen_items()
        finally:
            event.remove(engine_connection, "before_cursor_execute", listener)
        return len(counted)

    disclosure = make_disclosure()
    for kind in (ItemKind.SUPPORT, ItemKind.OUTSIDE_COMPENSATION, ItemKind.SPONSORED_TRAVEL):
        make_item(disclosure, kind, organisation="Beihang University", country="CN")
    few = statements_of_a_quiet_rescreen()
    for kind in list(ItemKind) * 2:
        make_item(disclosure, kind, organisation="Beihang University", country="CN")
    assert statements_of_a_quiet_rescreen() == few
