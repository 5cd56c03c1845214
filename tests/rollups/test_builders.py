"""The pure builders: plain rows in, a workbook that is safe, typed and complete out."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from reports.contracts_register import write_contracts_register
from reports.rollup import write_rollup
from reports.rows import (
    CategoryTally,
    CertifiedCounts,
    ContractRow,
    ContractsRegister,
    DepartmentSummary,
    Field,
    FilingRow,
    FlagRow,
    ItemRow,
    KindSheet,
    PlanRow,
    Rollup,
    StatusCounts,
)
from reports.sheets import FLAGGED_FILL, ColumnKind
from tests.rollups.xlsx import (
    HOSTILE_NAME,
    HOSTILE_TEXTS,
    all_strings,
    archive_names,
    expected_text,
    formula_cells,
    open_workbook,
)

NOW = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)
#: How Excel holds NOW: UTC without a zone.
NOW_IN_EXCEL = NOW.replace(tzinfo=None)
SEVERITIES = ("Critical", "High", "Elevated", "Info")
ROLLUP_SHEETS = [
    "Summary",
    "Filing status",
    "Financial interests",
    "Foreign appointments",
    "Flags",
    "Contracts",
    "Management plans",
    "Checks",
]


def contract(person: str, counterparty: str, terms: str, flags: int = 0) -> ContractRow:
    return ContractRow(
        person=person,
        email="p@example.edu",
        department="Physics",
        disclosure="Annual disclosure 2026",
        disclosure_status="Submitted",
        item_kind="Foreign appointments",
        organisation=counterparty,
        counterparty=counterparty,
        country="CN",
        contract_type="Appointment letter",
        signed_on=date(2025, 1, 15),
        ends_on=None,
        ip_terms=terms,
        confidentiality_terms="",
        governing_law="PRC law",
        has_document=True,
        has_translation=False,
        open_flags=flags,
        link="http://candor.example.edu/disclosures/7/versions/2",
    )


def sample_rollup(name: str = "Ada Lovelace", text: str = "Shares.", **extra) -> Rollup:
    interest = KindSheet(
        "Financial interests",
        "Entity",
        [
            Field("Value band"),
            Field("Exact amount", ColumnKind.MONEY),
            Field("Currency"),
            Field("Acquired on", ColumnKind.DATE),
            Field("Description", ColumnKind.TEXT),
        ],
        iter(
            [
                ItemRow(
                    name,
                    "a@example.edu",
                    "Physics",
                    "Annual disclosure 2026",
                    text,
                    "US",
                    False,
                    0,
                    0,
                    ("$10,000 to $19,999", Decimal("12500.50"), "GBP", date(2024, 3, 1), text),
                    "GBP",
                ),
                ItemRow(
                    "Flagged Person",
                    "f@example.edu",
                    "Physics",
                    "Event-driven disclosure (2026-03-02)",
                    "Harbin",
                    "CN",
                    True,
                    2,
                    1,
                    ("$0 to $4,999", None, "USD", None, "Collaboration."),
                    "USD",
                ),
            ]
        ),
    )
    appointment = KindSheet(
        "Foreign appointments",
        "Institution",
        [Field("Days", ColumnKind.DECIMAL), Field("Paid", ColumnKind.YES_NO)],
        iter([]),
    )
    return Rollup(
        scope=extra.pop("scope", "Physics (PHYS)"),
        cycle="2026",
        generated_at=NOW,
        generated_by="Rachel Nguyen <coi@example.edu>",
        counts=StatusCounts(10, 6, 3, 1, 2, 1, 1),
        severities=SEVERITIES,
        flags_by_category=[CategoryTally("Defense-linked institution", (1, 0, 0, 2))],
        certified=CertifiedCounts(4, 2, 3, (1, 0, 0, 2), "Annual and event-driven of the year."),
        filing=[
            FilingRow(
                name,
                "a@example.edu",
                "Physics",
                "Submitted",
                "Submitted",
                NOW,
                2,
                "Rachel Nguyen",
                "Approve",
                NOW,
                "Management plan (review on 2027-01-01)",
                (0, 0, 0, 0),
            ),
            FilingRow(
                "Flagged Person",
                "f@example.edu",
                "Physics",
                "Overdue",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                (1, 0, 0, 2),
                needs_attention=True,
            ),
        ],
        kinds=[interest, appointment],
        flags=[
            FlagRow(
                name,
                "a@example.edu",
                "Physics",
                "Annual disclosure 2026",
                "Financial interests",
                text,
                "description",
                text,
                "Defense-linked institution",
                "Critical",
                text,
                "Entry",
                "DoD 1260H",
                NOW,
                None,
                None,
                None,
                needs_attention=True,
            ),
        ],
        contracts=iter([contract(name, text, text, flags=1)]),
        plans=[
            PlanRow(
                name,
                "a@example.edu",
                "Physics",
                "Management plan",
                text,
                "Monitor",
                date(2027, 1, 1),
                NOW,
                None,
            )
        ],
        **extra,
    )


@pytest.fixture()
def rollup_file(tmp_path: Path) -> Path:
    path = tmp_path / "rollup.xlsx"
    write_rollup(sample_rollup(), path)
    return path


def test_every_sheet_is_there_with_its_header(rollup_file: Path) -> None:
    book = open_workbook(rollup_file)
    assert book.sheetnames == ROLLUP_SHEETS
    headers = {sheet.title: [c.value for c in next(sheet.iter_rows(max_row=1))] for sheet in book}
    assert headers["Filing status"][:4] == ["Name", "Email", "Department", "Filing status"]
    assert headers["Filing status"][-4:] == [f"{s} flags" for s in SEVERITIES]
    assert headers["Financial interests"] == [
        "Name",
        "Email",
        "Department",
        "Disclosure",
        "Entity",
        "Country",
        "Backed by contract",
        "Open flags",
        "Value band",
        "Exact amount",
        "Currency",
        "Acquired on",
        "Description",
    ]
    assert headers["Flags"][3:] == [
        "Disclosure",
        "Item kind",
        "Item",
        "Found in",
        "Item text",
        "Category",
        "Severity",
        "Matched text",
        "Watchlist entry",
        "Source list",
        "Raised at (UTC)",
        "Disposition",
        "Reviewer",
        "Decided at (UTC)",
    ]
    assert "Counterparty" in headers["Contracts"] and "Flagged" in headers["Contracts"]
    assert headers["Management plans"][3:5] == ["Plan", "Conditions"]


def test_tables_have_frozen_headers_filters_and_widths(rollup_file: Path) -> None:
    book = open_workbook(rollup_file)
    for title in ROLLUP_SHEETS[1:]:
        sheet = book[title]
        assert sheet.freeze_panes == "A2", title
        assert sheet.auto_filter.ref.startswith("A1:"), title
        assert sheet.column_dimensions["A"].width > 10, title
        assert sheet["A1"].font.bold, title
    assert book["Financial interests"].auto_filter.ref == "A1:M3"
    summary_tables = set(book["Summary"].tables)
    assert summary_tables == {"CertifiedRecord", "FilingCounts", "FlagsByCategory"}


def test_numbers_are_numbers_and_dates_are_dates(rollup_file: Path) -> None:
    book = open_workbook(rollup_file)
    interests = book["Financial interests"]
    amount = interests["J2"]
    assert amount.data_type == "n" and amount.value == pytest.approx(12500.50)
    assert "GBP" in amount.number_format and "0.00" in amount.number_format
    acquired = interests["L2"]
    assert acquired.is_date and acquired.value == datetime(2024, 3, 1, tzinfo=UTC).replace(
        tzinfo=None
    )
    assert interests["H3"].data_type == "n" and interests["H3"].value == 2
    filing = book["Filing status"]
    assert filing["F2"].is_date and filing["F2"].value == NOW_IN_EXCEL
    assert filing["G2"].data_type == "n" and filing["G2"].value == 2
    assert [filing.cell(3, col).value for col in range(12, 16)] == [1, 0, 0, 2]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row[0]}
    assert summary["Faculty members"] == 10 and summary["Overdue"] == 1
    assert summary["Event-driven disclosures"] == 2 and summary["Awaiting review"] == 3
    assert summary["Disclosures included"] == "Annual and event-driven of the year."
    assert summary["Generated at (UTC)"] == NOW_IN_EXCEL
    assert book["Contracts"]["K2"].is_date


def test_flagged_rows_are_highlighted(rollup_file: Path) -> None:
    book = open_workbook(rollup_file)
    interests = book["Financial interests"]
    assert interests["A3"].fill.fgColor.rgb.endswith(FLAGGED_FILL.fgColor.rgb[-6:])
    assert interests["A2"].fill.fill_type is None
    assert book["Filing status"]["A3"].fill.fill_type == "solid"
    assert book["Filing status"]["A2"].fill.fill_type is None
    assert book["Contracts"]["A2"].fill.fill_type == "solid"


def test_workbook_properties(rollup_file: Path) -> None:
    properties = open_workbook(rollup_file).properties
    assert properties.title == "Disclosure rollup: Physics (PHYS), 2026"
    assert properties.creator == "Rachel Nguyen <coi@example.edu>"
    assert properties.created == NOW_IN_EXCEL


def test_charts_are_present(rollup_file: Path) -> None:
    names = archive_names(rollup_file)
    assert {"xl/charts/chart1.xml", "xl/charts/chart2.xml"} <= set(names)
    assert any(name.startswith("xl/drawings/drawing") for name in names)


def test_institution_rollup_has_a_table_per_department(tmp_path: Path) -> None:
    departments = [
        DepartmentSummary("PHYS", "Physics", StatusCounts(3, 2, 1), 4, 1),
        DepartmentSummary("=EVIL", HOSTILE_NAME, StatusCounts(1, 1), 0, 0),
    ]
    path = tmp_path / "institution.xlsx"
    write_rollup(sample_rollup(scope="All departments", departments=departments), path)
    book = open_workbook(path)
    assert "Departments" in book["Summary"].tables
    rows = list(book["Summary"].iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r[0] == "Code"))
    assert rows[header + 1][:4] == ("PHYS", "Physics", 3, 2)
    assert rows[header + 2][:2] == ("=EVIL", HOSTILE_NAME)
    assert formula_cells(path) == []


@pytest.mark.parametrize("hostile", HOSTILE_TEXTS)
def test_hostile_text_is_literal_in_every_sheet_it_reaches(tmp_path: Path, hostile: str) -> None:
    path = tmp_path / "hostile.xlsx"
    write_rollup(sample_rollup(name=hostile, text=hostile), path)

    assert formula_cells(path) == []
    expected = expected_text(hostile).replace("\r", "\n")
    strings = all_strings(open_workbook(path))
    for title in ["Filing status", "Financial interests", "Flags", "Contracts", "Management plans"]:
        found = {s.replace("\r", "\n") for s in strings[title]}
        assert expected in found, title


def test_contracts_register_links_each_row_to_its_version(tmp_path: Path) -> None:
    path = tmp_path / "register.xlsx"
    rows = [contract(HOSTILE_NAME, "@SUM(1)", "-2", flags=0), contract("B", "Acme", "None.", 3)]
    write_contracts_register(ContractsRegister(NOW, "Counsel", iter(rows)), path)
    assert formula_cells(path) == []
    sheet = open_workbook(path)["Contracts register"]
    header = [c.value for c in sheet[1]]
    link = header.index("Disclosure version") + 1
    assert sheet.cell(2, link).value == "http://candor.example.edu/disclosures/7/versions/2"
    assert sheet.cell(2, link).hyperlink.target == sheet.cell(2, link).value
    assert sheet.cell(2, 1).value == HOSTILE_NAME
    assert sheet.cell(2, header.index("Counterparty") + 1).value == "@SUM(1)"
    assert sheet.cell(3, header.index("Flagged") + 1).value == "Yes"
    assert sheet.cell(3, 1).fill.fill_type == "solid"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}3"
