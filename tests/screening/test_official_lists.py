import io
from datetime import date
from pathlib import Path

import pytest

from app.screening import Category, InfoKind, Matcher, Severity, load_builtin_watchlist
from app.screening.official_lists import (
    ListFormatError,
    parse_csl,
    parse_dod1260h,
    parse_dod1286,
)

FIXTURES = Path(__file__).with_name("fixtures")
TODAY = date(2026, 11, 29)


HEADER_1260H = (
    "Name,Clean Name,Alias,Previous Name,Parent Name,Note,Start date,End date,Source Url\n"
)


def text_stream(content: str) -> io.BytesIO:
    stream = io.BytesIO(content.encode())
    stream.name = "upload.csv"
    return stream


def by_name(entries):
    return {entry.canonical_name: entry for entry in entries}


# ------------------------------------------------------------------ real files


def test_1260h_file_parses_to_one_entry_per_company_and_again_identically(dod1260h):
    entries = parse_dod1260h(dod1260h)
    assert entries == parse_dod1260h(dod1260h)
    assert len({entry.id for entry in entries}) == len(entries)
    assert all(entry.id.startswith("dod1260h:") for entry in entries)
    assert all(entry.category == Category.MILITARY_COMPANY for entry in entries)
    assert all(entry.severity == Severity.CRITICAL for entry in entries)
    huawei = by_name(entries)["Huawei Technologies Co., Ltd."]
    assert "Huawei" in huawei.aliases
    assert huawei.end_date is None
    assert huawei.source == "DoD Section 1260H list, 2026 edition"


def test_1260h_listing_whose_latest_period_ended_is_formerly_listed(dod1260h):
    megvii = by_name(parse_dod1260h(dod1260h))["Beijing Megvii Technology Co., Ltd."]
    assert (megvii.start_date, megvii.end_date) == (date(2024, 1, 31), date(2025, 1, 7))
    matcher = Matcher.build([megvii], "t")
    [flag] = matcher.screen("Collaboration with Beijing Megvii Technology", as_of=TODAY)
    assert flag.category == InfoKind.FORMERLY_LISTED


def test_1260h_relisted_company_is_current(dod1260h):
    ymtc = by_name(parse_dod1260h(dod1260h))["Yangtze Memory Technologies Co., Ltd."]
    assert ymtc.end_date is None


def test_1260h_alias_with_a_comma_in_its_legal_form_is_kept_whole(dod1260h):
    entries = parse_dod1260h(dod1260h)
    aliases = {alias for entry in entries for alias in entry.aliases}
    assert "China Avionics Systems Co., Ltd." in aliases
    assert "Ltd." not in aliases


def test_company_only_in_the_2026_edition_is_flagged_after_import(dod1260h):
    entries = parse_dod1260h(dod1260h)
    new_in_2026 = [entry for entry in entries if entry.start_date >= date(2026, 1, 1)]
    assert new_in_2026
    builtin = load_builtin_watchlist()
    combined = Matcher.build([*builtin.entries, *entries], builtin.version)
    builtin_only = Matcher.build(builtin.entries, builtin.version)
    unknown_before = []
    for entry in new_in_2026:
        text = f"Consulting agreement with {entry.canonical_name} in 2026."
        flags = combined.screen(text, as_of=TODAY)
        assert Category.MILITARY_COMPANY in {flag.category for flag in flags}, text
        if not any(flag.is_policy for flag in builtin_only.screen(text, as_of=TODAY)):
            unknown_before.append(entry.canonical_name)
    assert unknown_before  # names the built-in watchlist alone does not know


def test_1286_file_parses_institutions_and_programs_identically_twice(dod1286):
    entries = parse_dod1286(dod1286)
    assert entries == parse_dod1286(dod1286)
    named = by_name(entries)
    assert named["Thousand Talents Plan"].category == Category.TALENT_PROGRAM
    assert named["Harbin Institute of Technology"].severity == Severity.CRITICAL
    assert named["Fudan University"].severity == Severity.HIGH
    assert named["Army Medical University"].severity == Severity.CRITICAL
    assert named["Sharif University of Technology"].country == "IR"
    assert named["Mabna Institute"].end_date == date(2026, 7, 23)


def test_1286_generic_names_need_context(dod1286):
    entries = parse_dod1286(dod1286)
    matcher = Matcher.build(entries, "t")
    assert matcher.screen("Lecturer at the Army Logistics Academy in Chongqing, China", as_of=TODAY)
    assert matcher.screen("Guest lecture at the National Defense University, Fort McNair") == []
    assert matcher.screen("The HIT assay and the MAI index") == []


# ---------------------------------------------------------------- small inputs


def test_1260h_periods_merge_by_name_across_editions():
    content = HEADER_1260H + (
        "Acme Radar Co. Ltd. (Acme),Acme Radar Co. Ltd.,Acme Radar,,,,2021-06-03,2024-01-31,\n"
        '"Acme Radar Co., Ltd.","Acme Radar Co., Ltd.",,,,,2025-01-07,,\n'
    )
    [acme] = parse_dod1260h(text_stream(content))
    assert acme.id == "dod1260h:acme-radar"
    assert (acme.start_date, acme.end_date) == (date(2021, 6, 3), None)
    assert acme.source == "DoD Section 1260H list, 2025 edition"


def test_short_official_aliases_count_only_in_capitals_with_context():
    content = HEADER_1260H + "Big Iron Tools Ltd. (BIT),Big Iron Tools Ltd.,BIT,,,,2021-06-03,,\n"
    [entry] = parse_dod1260h(text_stream(content))
    assert entry.rules.acronyms == ("BIT",)
    matcher = Matcher.build([entry], "t")
    assert matcher.screen("a 32 bit counter", as_of=TODAY) == []
    assert matcher.screen("a 32-BIT counter", as_of=TODAY) == []
    assert matcher.screen("Supplier: BIT, Shenzhen, China", as_of=TODAY)


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        ("Name,Alias\nAcme,\n", 1, "missing column"),
        (HEADER_1260H + "Acme,Acme,,,,,2021-06-03,,\nBad,Bad,,,,,2021-13-03,,\n", 3, "bad date"),
        (HEADER_1260H + "Acme,Acme,,,,,2021-06-03,,\n,,,,,,2021-06-03,,\n", 3, "empty Name"),
        (HEADER_1260H + "Acme,Acme,,,,,,,\n", 2, "empty Start date"),
        (HEADER_1260H + "Acme,Acme,,,,,2021-06-03,,,extra\n", 2, "more fields"),
    ],
)
def test_malformed_1260h_file_names_the_line(content, line, reason):
    with pytest.raises(ListFormatError) as raised:
        parse_dod1260h(text_stream(content))
    assert raised.value.line == line
    assert reason in raised.value.reason
    assert f"line {line}" in str(raised.value)


def test_undecodable_file_names_the_line():
    stream = io.BytesIO(HEADER_1260H.encode() + b"Acme,Acme,,,,,2021-06-03,,\n\xff\xfe,\n")
    with pytest.raises(ListFormatError) as raised:
        parse_dod1260h(stream)
    assert raised.value.line == 3


def test_malformed_1286_file_names_the_line():
    content = (
        "schema,name,aliases,topics,program,authority,reason,report-date,start-date,end-date,"
        "country,notes,source_url\nCompany,Some Institute,,,,,,2024,,,China,,\n"
        "Company,Other Institute,,,,,,,,,China,,\n"
    )
    with pytest.raises(ListFormatError) as raised:
        parse_dod1286(text_stream(content))
    assert (raised.value.line, raised.value.reason) == (3, "empty report-date")


def test_csl_csv_is_read_by_header_and_keeps_entities_of_the_export_control_lists():
    entries = by_name(parse_csl(FIXTURES / "csl_sample.csv"))
    assert set(entries) == {
        "Xinjiang Uighur Autonomous Region Public Security Bureau",
        "Example Photonics Co., Ltd.",
        "Sample Avionics Institute",
    }
    psb = entries["Xinjiang Uighur Autonomous Region Public Security Bureau"]
    assert psb.category == Category.HUMAN_RIGHTS_CONCERN
    assert psb.severity == Severity.CRITICAL
    assert psb.id == "csl:el-0001"
    assert psb.start_date == date(2019, 10, 9)
    assert psb.country == "CN"
    assert "XUAR PSB" in psb.aliases
    photonics = entries["Example Photonics Co., Ltd."]
    assert (photonics.category, photonics.severity) == (Category.MILITARY_COMPANY, Severity.HIGH)
    assert photonics.rules.acronyms == ("EPC",)
    assert entries["Sample Avionics Institute"].severity == Severity.CRITICAL


def test_csl_json_with_results_gives_the_same_kind_of_entries():
    entries = parse_csl(FIXTURES / "csl_sample.json")
    assert entries == parse_csl(FIXTURES / "csl_sample.json")
    named = by_name(entries)
    assert set(named) == {"Sample Vision Technology Co., Ltd.", "Example Radar Research Institute"}
    vision = named["Sample Vision Technology Co., Ltd."]
    assert vision.category == Category.HUMAN_RIGHTS_CONCERN
    assert vision.aliases == ("Sample Vision", "SVT")
    radar = named["Example Radar Research Institute"]
    assert (radar.country, radar.end_date) == ("RU", date(2024, 5, 1))


EL = '"source": "Entity List (EL) - Bureau of Industry and Security"'


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        ('{"results": [\n  {"name": "A", ' + EL + '},\n  {"name": ', 3, "bad JSON"),
        ('{"total": 0}', 1, 'no "results" list'),
        ('{"results": [\n  {"name": "A", ' + EL + "},\n  {" + EL + "}\n]}", 3, "empty name"),
        ('{"results": [\n  {"name": "A", ' + EL + ', "start_date": "soon"}\n]}', 2, "bad date"),
    ],
)
def test_malformed_csl_json_names_the_line(content, line, reason):
    with pytest.raises(ListFormatError) as raised:
        parse_csl(io.StringIO(content))
    assert raised.value.line == line
    assert reason in raised.value.reason


def test_csl_ownership_remarks_name_the_parent_and_a_flag_names_the_listed_parent():
    content = (
        '{"results": [\n  {"name": "Sample Radar Works", ' + EL + ', "_id": "el-9", '
        '"start_date": "2024-05-01", "remarks": "Subsidiary of China Electronics '
        'Technology Group Corporation.", "federal_register_notice": "89 FR 1"}\n]}'
    )
    [entry] = parse_csl(io.StringIO(content))
    assert entry.parent == "China Electronics Technology Group Corporation"
    assert "89 FR 1" in entry.basis
    builtin = load_builtin_watchlist()
    matcher = Matcher.build([*builtin.entries, entry], "t", builtin.contexts)
    [flag] = [f for f in matcher.screen("Radar tests with Sample Radar Works") if f.is_policy]
    assert flag.parent == "China Electronics Technology Group Corporation"
    assert "a subsidiary of China Electronics Technology Group Corporation" in flag.explanation
