"""Safe cells and sheet titles, on their own."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from reports.cells import (
    MAX_CELL_CHARACTERS,
    clean_text,
    looks_like_formula,
    sheet_title,
    text_value,
)
from tests.rollups.xlsx import HOSTILE_TEXTS, expected_text, formula_cells, open_workbook


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2", "@SUM(1)", "\t=1", "\r=1"])
def test_formula_prefixes_are_recognised(text: str) -> None:
    assert looks_like_formula(text)


@pytest.mark.parametrize("text", ["Acme", " =1", "1-2", "", "Prof. =x"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert not looks_like_formula(text)


def test_clean_text_drops_xml_illegal_characters_and_keeps_tab_and_newlines() -> None:
    assert clean_text("a\x00b\x07c\x1bd\te\nf\rg") == "abcd\te\nf\rg"
    assert len(clean_text("x" * (MAX_CELL_CHARACTERS + 10))) == MAX_CELL_CHARACTERS


def test_a_formula_hidden_behind_an_illegal_character_is_still_caught(tmp_path: Path) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("S")
    sheet.append([text_value(sheet, "\x00=1+1")])
    book.save(tmp_path / "s.xlsx")
    assert formula_cells(tmp_path / "s.xlsx") == []
    assert open_workbook(tmp_path / "s.xlsx")["S"]["A1"].value == "=1+1"


def test_hostile_values_are_written_as_quoted_text(tmp_path: Path) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("S")
    for text in HOSTILE_TEXTS:
        sheet.append([text_value(sheet, text)])
    book.save(tmp_path / "s.xlsx")

    assert formula_cells(tmp_path / "s.xlsx") == []
    read = open_workbook(tmp_path / "s.xlsx")["S"]
    for number, text in enumerate(HOSTILE_TEXTS, start=1):
        cell = read.cell(number, 1)
        assert cell.data_type == "s"
        # XML parsers turn a bare carriage return into a line feed; the text is the same.
        assert cell.value.replace("\n", "\r") == expected_text(text).replace("\n", "\r")
        if text[0] in "=+-@\t\r":
            assert cell.quotePrefix, text


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        ("Physics", "Physics"),
        ("R&D: [Lab]/*?\\", "R&D Lab"),
        ("'Quoted'", "Quoted"),
        ("", "Sheet"),
        ("::::", "Sheet"),
        ("History", "History sheet"),
        ("x" * 40, "x" * 31),
        ('=HYPERLINK("http://x","y")', '=HYPERLINK("httpx","y")'),
    ],
)
def test_sheet_titles_are_sanitised(wanted: str, expected: str) -> None:
    assert sheet_title(wanted, []) == expected


def test_sheet_titles_are_unique_regardless_of_case_and_length() -> None:
    taken: list[str] = []
    for wanted in ["Dept: A", "dept a", "DEPT/A", "x" * 40, "x" * 35]:
        taken.append(sheet_title(wanted, taken))
    assert taken == ["Dept A", "dept a (2)", "DEPTA", "x" * 31, "x" * 27 + " (2)"]
    assert len({t.lower() for t in taken}) == len(taken)
    assert all(len(t) <= 31 for t in taken)


def test_hostile_department_names_make_valid_unique_sheets(tmp_path: Path) -> None:
    names = ["Dept [A]?", "Dept A", "dept a", "'", "=SUM(1)/2", "\x00Hidden\x07", "x" * 50]
    book = Workbook(write_only=True)
    for name in names:
        book.create_sheet(sheet_title(name, book.sheetnames)).append([1])
    book.save(tmp_path / "t.xlsx")
    titles = open_workbook(tmp_path / "t.xlsx").sheetnames
    assert len(titles) == len(names)
    assert len({t.lower() for t in titles}) == len(titles)
    for title in titles:
        assert len(title) <= 31
        assert not set(title) & set("[]:*?/\\")
        assert title == expected_text(title)
