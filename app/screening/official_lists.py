"""Turn official US list files into watchlist entries (pure: files in, entries out).

Formats: DoD Section 1260H (one CSV row per listing period), DoD Section 1286 (one block of
CSV rows per report year) and trade.gov's Consolidated Screening List (CSV or JSON). Each
listed body becomes one entry with a deterministic id, so importing a file twice yields the
same entries. A malformed file raises ListFormatError naming the line; nothing is returned.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

from .flags import Category, Severity
from .normalize import normalize_phrase
from .watchlist import VOCABULARY, MatchRules, WatchlistEntry

ListSource = str | os.PathLike[str] | IO[bytes] | IO[str]

_LEGAL_FORMS = frozenset({"co", "ltd", "limited", "inc", "llc", "plc", "jsc"})
_TRAILING_PARENTHESES = re.compile(r"\s*\([^()]*\)\s*$")
_ACRONYM_MAX_LENGTH = 5
#: Acronyms this short collide with too much (HIT, BIT, CEC, MGI): they also need context.
_SHORT_ACRONYM_LENGTH = 3
_GENERIC_NAME_WORDS = VOCABULARY.generic_name_words
#: Markers of PLA and other defense bodies on the 1286 list: critical rather than high.
_DEFENSE_MARKERS = (
    "army",
    "navy",
    "naval",
    "air force",
    "rocket force",
    "military",
    "pla",
    "defense",
    "defence",
    "strategic support",
    "nco",
    "non commissioned",
    "coast guard",
    "armed police",
    "revolutionary guard",
    "engineering physics",
    "ninth academy",
)
_SEVEN_SONS = frozenset(
    normalize_phrase(name)
    for name in (
        "Beihang University",
        "Beijing University of Aeronautics and Astronautics",
        "Beijing Institute of Technology",
        "Harbin Institute of Technology",
        "Harbin Engineering University",
        "Northwestern Polytechnical University",
        "Nanjing University of Aeronautics and Astronautics",
        "Nanjing University of Science and Technology",
    )
)
_PROGRAM_WORDS = frozenset(
    {"plan", "program", "programme", "project", "talent", "talents", "scholar", "professorship"}
)
#: Reasons and places that mark an Entity List addition as about Xinjiang; the Federal
#: Register rules are the October 2019 and July 2020 Xinjiang additions.
_XINJIANG_MARKERS = (
    "xinjiang",
    "uyghur",
    "uighur",
    "urumqi",
    "kashgar",
    "hotan",
    "human rights",
    "repression",
    "arbitrary detention",
    "84 fr 54002",
    "85 fr 44159",
)
_ENTITY_LIST = "entity list (el)"
#: CSL remarks that name an owner: "Subsidiary of X.", "Owned by X;", "affiliate of X".
_OWNERSHIP_NOTE = re.compile(
    r"\b(?:subsidiary|affiliate|division|unit) of (?:the )?(?P<parent>[^.;()]+)"
    r"|\b(?:owned|controlled) by (?:the )?(?P<owner>[^.;()]+)",
    re.IGNORECASE,
)
_MILITARY_END_USER_LIST = "military end user"


class ListFormatError(ValueError):
    """An official list file that cannot be imported, with the offending line."""

    def __init__(self, path: str, line: int, reason: str) -> None:
        super().__init__(f"{path}, line {line}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


@dataclass
class _Listing:
    """Rows of one listed body, gathered from one or more periods or editions."""

    first_line: int
    names: list[str] = field(default_factory=list)
    rows: list[tuple[date | None, date | None, int | None, str, str]] = field(
        default_factory=list
    )  # start, end, report year, country, canonical name as written in that row
    #: (start, parent name) and (start, stated basis) of the rows that give one.
    parents: list[tuple[date, str]] = field(default_factory=list)
    notes: list[tuple[date, str]] = field(default_factory=list)


# ------------------------------------------------------------------- reading files


def _read_text(source: ListSource) -> tuple[str, str]:
    """The file's name for messages and its decoded text."""
    if isinstance(source, str | os.PathLike):
        name, raw = os.fspath(source), Path(source).read_bytes()
    else:
        name, raw = str(getattr(source, "name", "<stream>")), source.read()
    if isinstance(raw, str):
        return name, raw.removeprefix("\ufeff")
    try:
        return name, raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ListFormatError(name, line, "the file is not UTF-8 text") from None


def _csv_rows(name: str, text: str, required: Iterable[str]) -> Iterator[tuple[int, dict]]:
    """(line number, row by header) for each row; columns may come in any order."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
    except csv.Error as error:
        raise ListFormatError(name, 1, f"unreadable CSV header ({error})") from None
    missing = [column for column in required if column not in header]
    if missing:
        raise ListFormatError(name, 1, f"missing column(s): {', '.join(missing)}")
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ListFormatError(name, reader.line_num, f"unreadable CSV ({error})") from None
        if None in row:
            raise ListFormatError(name, line, "more fields than the header has columns")
        yield line, {key: (value or "").strip() for key, value in row.items()}
        line = reader.line_num + 1


def _parse_date(value: str, name: str, line: int, *, end: bool = False) -> date | None:
    """YYYY-MM-DD, or a partial YYYY-MM / YYYY: its first day, or its last day for an end
    date, so a listing is not treated as ended before it surely has."""
    if not value:
        return None
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    try:
        if match is None:
            raise ValueError(value)
        year, month, day = match.groups()
        if day is not None:
            return date(int(year), int(month), int(day))
        if month is not None:
            first = date(int(year), int(month), 1)
            following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return date.fromordinal(following.toordinal() - 1) if end else first
        return date(int(year), 12, 31) if end else date(int(year), 1, 1)
    except ValueError:
        raise ListFormatError(name, line, f"bad date {value!r}") from None


def _require(value: str, column: str, name: str, line: int) -> str:
    if not value:
        raise ListFormatError(name, line, f"empty {column}")
    return value


# ------------------------------------------------------------- names and entries


def _name_key(name: str) -> str:
    """Fold a name so editions' spelling differences ("Co., Ltd." / "Co Ltd.") agree."""
    words = normalize_phrase(_TRAILING_PARENTHESES.sub("", name) or name).split()
    while len(words) > 1 and words[-1] in _LEGAL_FORMS:
        words.pop()
    return " ".join(words)


def _split_commas(value: str) -> list[str]:
    """Split a comma-separated alias list without cutting "Co., Ltd." in two."""
    parts: list[str] = []
    for piece in value.split(","):
        word = piece.strip()
        if parts and word and word.split()[0].strip(".").lower() in _LEGAL_FORMS:
            parts[-1] = f"{parts[-1]}, {word}"
        elif word:
            parts.append(word)
    return parts


def _split_semicolons(value: str) -> list[str]:
    return [part.strip(' "“”') for part in value.split(";") if part.strip(' "“”')]


def _slug(key: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", key).strip("-") or "entity"


def _group_listings(listings: list[_Listing]) -> list[_Listing]:
    """Merge listings that share any folded name (a renamed or re-listed body)."""
    owner: dict[str, int] = {}
    parent = list(range(len(listings)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for index, listing in enumerate(listings):
        for key in {_name_key(name) for name in listing.names}:
            if key in owner:
                parent[root(index)] = root(owner[key])
            else:
                owner[key] = index
    merged: dict[int, _Listing] = {}
    for index, listing in enumerate(listings):
        group = merged.setdefault(root(index), _Listing(listing.first_line))
        group.names.extend(listing.names)
        group.rows.extend(listing.rows)
        group.parents.extend(listing.parents)
        group.notes.extend(listing.notes)
    return list(merged.values())


def _official_rules(canonical: str, aliases: tuple[str, ...], country: str) -> MatchRules:
    """Acronyms count only in capitals; very short acronyms and names made of generic words
    only count with context; short names are never matched approximately."""
    acronyms, ambiguous, exact_only = [], [], []
    for name in (canonical, *aliases):
        folded = normalize_phrase(name)
        words = folded.split()
        compact = folded.replace(" ", "")
        if name != canonical and len(compact) <= _ACRONYM_MAX_LENGTH and len(words) <= 2:
            acronyms.append(name)
            if len(compact) <= _SHORT_ACRONYM_LENGTH:
                ambiguous.append(name)
        elif all(word in _GENERIC_NAME_WORDS for word in words):
            ambiguous.append(name)
        if len(words) < 3:
            exact_only.append(name)
    own_words = [
        word
        for word in normalize_phrase(canonical).split()
        if word not in _GENERIC_NAME_WORDS and word not in _LEGAL_FORMS and len(word) >= 4
    ]
    context = (f"@{country}", *own_words) if ambiguous else ()
    return MatchRules(
        acronyms=tuple(acronyms),
        ambiguous=tuple(ambiguous),
        context=context,
        exact_only=tuple(exact_only),
    )


def _entry(
    entry_id: str,
    canonical: str,
    names: Iterable[str],
    category: Category,
    severity: Severity,
    country: str,
    source: str,
    start: date | None,
    end: date | None,
    parent: str = "",
    basis: str = "",
) -> WatchlistEntry:
    seen = {normalize_phrase(canonical)}
    aliases = []
    for name in names:
        folded = normalize_phrase(name)
        if folded and folded not in seen:
            seen.add(folded)
            aliases.append(name)
    return WatchlistEntry(
        id=entry_id,
        canonical_name=canonical,
        aliases=tuple(aliases),
        category=category,
        severity=severity,
        country=country,
        source=source,
        rules=_official_rules(canonical, tuple(aliases), country),
        start_date=start,
        end_date=end,
        parent=parent,
        basis=basis,
    )


def _latest_end(rows: list[tuple[date | None, date | None, int | None, str, str]]) -> date | None:
    """End of the latest listing period: None while any latest row is still open."""
    latest = max((row[0] or date.min, row[2] or 0) for row in rows)
    ends = [row[1] for row in rows if (row[0] or date.min, row[2] or 0) == latest]
    return None if None in ends else max(end for end in ends if end is not None)


def _unique_ids(prefix: str, groups: list[_Listing]) -> list[str]:
    ids, used = [], set()
    for group in groups:
        base = f"{prefix}:{_slug(_name_key(group.names[0]))}"
        entry_id, counter = base, 2
        while entry_id in used:
            entry_id, counter = f"{base}-{counter}", counter + 1
        used.add(entry_id)
        ids.append(entry_id)
    return ids


# ------------------------------------------------------------------- the formats


def parse_dod1260h(source: ListSource) -> list[WatchlistEntry]:
    """DoD Section 1260H "Chinese military companies": one row per listing period."""
    name, text = _read_text(source)
    required = ("Name", "Clean Name", "Alias", "Previous Name", "Start date", "End date")
    listings = []
    for line, row in _csv_rows(name, text, required):
        canonical = row["Clean Name"] or _require(row["Name"], "Name", name, line)
        start = _parse_date(row["Start date"], name, line)
        end = _parse_date(row["End date"], name, line, end=True)
        if start is None:
            raise ListFormatError(name, line, "empty Start date")
        names = [canonical, *_split_commas(row["Alias"]), *_split_semicolons(row["Previous Name"])]
        listing = _Listing(line, names, [(start, end, start.year, "CN", canonical)])
        if row.get("Parent Name"):
            listing.parents.append((start, row["Parent Name"]))
        if row.get("Note"):
            listing.notes.append((start, row["Note"]))
        listings.append(listing)
    groups = _group_listings(listings)
    entries = []
    for entry_id, group in zip(_unique_ids("dod1260h", groups), groups, strict=True):
        latest = max(group.rows, key=lambda row: row[0] or date.min)
        edition = latest[2]
        entries.append(
            _entry(
                entry_id,
                latest[4],
                group.names,
                Category.MILITARY_COMPANY,
                Severity.CRITICAL,
                "CN",
                f"DoD Section 1260H list, {edition} edition",
                min(row[0] for row in group.rows if row[0] is not None),
                _latest_end(group.rows),
                parent=_latest(group.parents),
                basis=_latest(group.notes),
            )
        )
    return entries


def _latest(dated: list[tuple[date, str]]) -> str:
    """The value of the latest edition that states one ("" when none does)."""
    return max(dated)[1] if dated else ""


def _is_program(canonical: str) -> bool:
    return bool(_PROGRAM_WORDS & set(normalize_phrase(canonical).split()))


def _institution_severity(names: Iterable[str]) -> Severity:
    for name in names:
        folded = f" {normalize_phrase(name)} "
        if folded.strip() in _SEVEN_SONS or any(
            f" {marker} " in folded for marker in _DEFENSE_MARKERS
        ):
            return Severity.CRITICAL
    return Severity.HIGH


def parse_dod1286(source: ListSource) -> list[WatchlistEntry]:
    """DoD Section 1286 foreign institutions and talent programs, one block per report."""
    name, text = _read_text(source)
    required = ("name", "aliases", "report-date", "start-date", "end-date", "country")
    listings = []
    for line, row in _csv_rows(name, text, required):
        canonical = _require(row["name"], "name", name, line)
        year_text = _require(row["report-date"], "report-date", name, line)
        report_date = _parse_date(year_text, name, line)
        start = _parse_date(row["start-date"], name, line)
        end = _parse_date(row["end-date"], name, line, end=True)
        names = [canonical, *_split_semicolons(row["aliases"])]
        year = report_date.year if report_date else None
        listings.append(_Listing(line, names, [(start, end, year, row["country"], canonical)]))
    groups = _group_listings(listings)
    entries = []
    for entry_id, group in zip(_unique_ids("dod1286", groups), groups, strict=True):
        years = sorted(row[2] for row in group.rows if row[2] is not None)
        latest = max(group.rows, key=lambda row: (row[2] or 0, row[0] or date.min))
        countries = [row[3] for row in sorted(group.rows, key=lambda row: row[2] or 0) if row[3]]
        country = {"China": "CN", "Russia": "RU", "Iran": "IR"}.get(
            countries[-1] if countries else "", ""
        )
        if _is_program(latest[4]):
            category, severity = Category.TALENT_PROGRAM, Severity.HIGH
        else:
            category = Category.DEFENSE_INSTITUTION
            severity = _institution_severity(group.names)
        starts = [row[0] for row in group.rows if row[0] is not None]
        entries.append(
            _entry(
                entry_id,
                latest[4],
                group.names,
                category,
                severity,
                country,
                f"DoD Section 1286 list, {years[-1]} report (listed since {years[0]})",
                min(starts) if starts else None,
                _latest_end(group.rows),
            )
        )
    return entries


# ------------------------------------------------ Consolidated Screening List (CSL)


def _csl_records(name: str, text: str) -> Iterator[tuple[int, dict]]:
    if text.lstrip().startswith("{"):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise ListFormatError(name, error.lineno, f"bad JSON ({error.msg})") from None
        results = document.get("results") if isinstance(document, dict) else None
        if not isinstance(results, list):
            raise ListFormatError(name, 1, 'no "results" list')
        for line, record in zip(_json_record_lines(text), results, strict=False):
            if not isinstance(record, dict):
                raise ListFormatError(name, line, "a result is not an object")
            yield line, record
        return
    yield from _csv_rows(name, text, ("name", "source"))


def _json_record_lines(text: str) -> Iterator[int]:
    """Line where each element of the top-level "results" array starts."""
    decoder = json.JSONDecoder()
    position = text.index("[", text.index('"results"'))
    while True:
        position += 1
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text) or text[position] == "]":
            return
        yield text.count("\n", 0, position) + 1
        _, position = decoder.raw_decode(text, position)
        position -= 1


def _csl_text(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(_csl_text(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(_csl_text(item) for item in value.values() if item)
    return "" if value is None else str(value).strip()


def _csl_country(addresses: object) -> str:
    if isinstance(addresses, list):
        countries = [item.get("country", "") for item in addresses if isinstance(item, dict)]
        return next((country for country in countries if country), "")
    last = _csl_text(addresses).split(";")[0].rsplit(",", 1)[-1].strip()
    return last if re.fullmatch(r"[A-Z]{2}", last) else ""


def parse_csl(source: ListSource) -> list[WatchlistEntry]:
    """Entity List and Military End User List entities from the Consolidated Screening List
    (CSV or JSON). People, vessels and the other lists are left out: a person's name is never
    a reason for a flag."""
    name, text = _read_text(source)
    entries = []
    seen: set[str] = set()
    for line, record in _csl_records(name, text):
        listed_name = _require(_csl_text(record.get("name")), "name", name, line)
        list_name = _require(_csl_text(record.get("source")), "source", name, line)
        kind = _csl_text(record.get("type")).lower()
        is_entity_list = _ENTITY_LIST in list_name.lower()
        if kind not in {"", "entity"} or not (
            is_entity_list or _MILITARY_END_USER_LIST in list_name.lower()
        ):
            continue
        start = _parse_date(_csl_text(record.get("start_date")), name, line)
        end = _parse_date(_csl_text(record.get("end_date")), name, line, end=True)
        reasons = " ".join(
            _csl_text(record.get(key)).lower()
            for key in (
                "name",
                "alt_names",
                "remarks",
                "addresses",
                "federal_register_notice",
                "title",
                "license_policy",
            )
        )
        if is_entity_list and any(marker in reasons for marker in _XINJIANG_MARKERS):
            category, severity = Category.HUMAN_RIGHTS_CONCERN, Severity.CRITICAL
            list_label = "Commerce Entity List"
        elif is_entity_list:
            category, severity = Category.MILITARY_COMPANY, Severity.HIGH
            list_label = "Commerce Entity List"
        else:
            category, severity = Category.MILITARY_COMPANY, Severity.CRITICAL
            list_label = "Commerce Military End User List"
        record_id = _csl_text(record.get("_id")) or _csl_text(record.get("entity_number"))
        entry_id = f"csl:{_slug(record_id.lower()) if record_id else _slug(_name_key(listed_name))}"
        if entry_id in seen:
            raise ListFormatError(name, line, f"duplicate record {entry_id}")
        seen.add(entry_id)
        alt_names = record.get("alt_names")
        aliases = (
            [_csl_text(item) for item in alt_names]
            if isinstance(alt_names, list)
            else _split_semicolons(_csl_text(alt_names))
        )
        edition = f", listed {start.isoformat()}" if start else ""
        remarks = _csl_text(record.get("remarks"))
        owner = _OWNERSHIP_NOTE.search(remarks)
        entries.append(
            _entry(
                entry_id,
                listed_name,
                aliases,
                category,
                severity,
                country=_csl_country(record.get("addresses")),
                source=f"{list_label} (CSL){edition}",
                start=start,
                end=end,
                parent=(owner.group("parent") or owner.group("owner")).strip() if owner else "",
                basis="; ".join(
                    part
                    for part in (_csl_text(record.get("federal_register_notice")), remarks)
                    if part
                ),
            )
        )
    return entries
