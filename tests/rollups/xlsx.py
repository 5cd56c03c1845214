"""Reading back what the rollup builders wrote: cells through openpyxl, and the raw XML
of each sheet (openpyxl does not show whether a cell was stored as a formula)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"

#: What hostile users type: formulas, DDE-style prefixes, and characters XML forbids.
HOSTILE_NAME = '=HYPERLINK("http://x","y")'
HOSTILE_TEXTS = (
    HOSTILE_NAME,
    "@SUM(1)",
    "+1",
    "-2",
    "\t=1+1",
    "\r=1+1",
    "\x00=cmd|' /C calc'!A0",
    "Acme\x07 Corp\x1b",
)


def expected_text(value: str) -> str:
    """What a hostile value should read as: the same, minus XML-illegal characters."""
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", value)


def open_workbook(path: Path) -> Workbook:
    return load_workbook(path)


def parse_xml(data: bytes) -> ElementTree.Element:
    return ElementTree.fromstring(data)  # noqa: S314 - a file this test run just wrote


def sheet_xml(path: Path) -> dict[str, ElementTree.Element]:
    """Each sheet's parsed XML, by sheet title."""
    with zipfile.ZipFile(path) as archive:
        book = parse_xml(archive.read("xl/workbook.xml"))
        rels = parse_xml(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target") for rel in rels}
        relationship = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
        result = {}
        for sheet in book.iter(f"{MAIN}sheet"):
            target = targets[sheet.get(relationship)].lstrip("/")
            name = target if target.startswith("xl/") else f"xl/{target}"
            result[sheet.get("name")] = parse_xml(archive.read(name))
        return result


def formula_cells(path: Path) -> list[str]:
    """Every cell stored as a formula, as `sheet!A1`."""
    return [
        f"{title}!{cell.get('r')}"
        for title, root in sheet_xml(path).items()
        for cell in root.iter(f"{MAIN}c")
        if cell.find(f"{MAIN}f") is not None or cell.get("t") == "str"
    ]


def archive_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def all_strings(book: Workbook) -> dict[str, set[str]]:
    """Every string value in each sheet."""
    return {
        sheet.title: {
            value
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if isinstance(value, str)
        }
        for sheet in book.worksheets
    }
