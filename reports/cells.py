"""Cells that Excel and LibreOffice show exactly as typed, whatever a user typed.

A string that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is what a
spreadsheet takes for a formula (CSV injection, OWASP). openpyxl writes a string starting
with `=` as a formula unless told otherwise, so such a string is written as a cell whose
type is forced to string and whose style carries `quotePrefix`: Excel and LibreOffice then
show it as text and keep it text even when someone edits the cell. Characters that XML
forbids are removed, and text is cut to what a cell can hold.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_FIRST_CHARACTERS = frozenset(FORMULA_PREFIXES)
#: Excel refuses (with a repair prompt) a cell holding more characters than this.
MAX_CELL_CHARACTERS = 32_767
MAX_SHEET_TITLE = 31
#: The characters of ILLEGAL_CHARACTERS_RE as one class: a single scan per value keeps the
#: common case (plain text) cheap.
_ILLEGAL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
#: Excel keeps this name for its own change-tracking sheet.
_RESERVED_SHEET_TITLES = frozenset({"history"})


def clean_text(value: str) -> str:
    """The text without XML-illegal characters, no longer than a cell can hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_CHARACTERS]


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def literal_text_cell(sheet: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    """A cell that holds `text` as a string however it begins (see the module docstring)."""
    cell = WriteOnlyCell(sheet, text)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def text_value(sheet: WriteOnlyWorksheet, value: object) -> str | WriteOnlyCell | None:
    """What to append for a piece of text: the plain string when it is harmless."""
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    if (
        text[:1] not in _FIRST_CHARACTERS
        and _ILLEGAL_CHARACTER.search(text) is None
        and len(text) <= MAX_CELL_CHARACTERS
    ):
        return text
    text = clean_text(text)
    return literal_text_cell(sheet, text) if looks_like_formula(text) else text


def sheet_title(wanted: str, taken: Collection[str]) -> str:
    """A valid sheet title close to `wanted` that no title in `taken` already uses.

    Excel compares titles without regard to case, forbids `[]:*?/\\`, a leading or
    trailing apostrophe and more than 31 characters.
    """
    base = _SHEET_TITLE_FORBIDDEN.sub("", ILLEGAL_CHARACTERS_RE.sub("", wanted))
    base = " ".join(base.split()).strip("'").strip() or "Sheet"
    if base.lower() in _RESERVED_SHEET_TITLES:
        base = f"{base} sheet"
    used = {title.lower() for title in taken}
    candidate = base[:MAX_SHEET_TITLE]
    number = 1
    while candidate.lower() in used:
        number += 1
        suffix = f" ({number})"
        candidate = base[: MAX_SHEET_TITLE - len(suffix)].rstrip().rstrip("'") + suffix
    return candidate
