from datetime import date

import pytest

from app.screening import (
    Category,
    InfoKind,
    Matcher,
    Severity,
    WatchlistEntry,
    screen_fields,
    screen_text,
)
from app.screening.matcher import within_one_edit
from app.screening.screen import active_matcher, set_active_matcher
from app.screening.watchlist import MatchRules

TODAY = date(2026, 11, 29)


def full_width(text: str) -> str:
    """The ASCII letters of `text` as full-width forms, as typed with a CJK input method."""
    return "".join(chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char for char in text)


def entry(entry_id="acme", name="Acme Defense Institute", *aliases, **fields):
    values = {
        "category": Category.DEFENSE_INSTITUTION,
        "severity": Severity.CRITICAL,
        "country": "CN",
        "source": "Test list, 2026 edition",
    } | fields
    return WatchlistEntry(entry_id, name, tuple(aliases), **values)


def categories(text, matcher=None):
    return sorted(str(flag.category) for flag in screen_text(text, matcher))


def test_flag_reports_original_offsets_and_text_as_written():
    text = "Adjunct at the " + full_width("HARBIN") + "  Institute of\nTechnology\u2019s lab."
    [flag] = screen_text(text)
    assert flag.category == Category.DEFENSE_INSTITUTION
    assert flag.severity == Severity.CRITICAL
    assert flag.entry_id == "harbin-institute-of-technology"
    assert (
        text[flag.start : flag.end]
        == flag.matched
        == full_width("HARBIN") + "  Institute of\nTechnology"
    )
    assert "Harbin Institute of Technology" in flag.explanation
    assert flag.source in flag.explanation
    assert flag.to_dict()["category"] == "defense_institution"


@pytest.mark.parametrize(
    "text",
    ["Bitcoin mining", "orbit determination", "habitat studies", "the CASE study"],
)
def test_latin_aliases_only_match_whole_words(text):
    matcher = Matcher.build([entry("bit", "Bit Institute", "BIT", "CAS")], "t")
    assert matcher.screen(text) == []


def test_chinese_aliases_match_without_word_boundaries():
    flags = screen_text("我在哈尔滨工业大学工作" + full_width(",") + "入选千人计划。")
    assert {flag.matched for flag in flags} == {"哈尔滨工业大学", "千人计划"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("入選千人計劃", ["talent_program"]),  # traditional characters
        ("Qiānrén Jìhuà participant", ["talent_program"]),  # pinyin with tone marks
        (
            full_width("THOUSAND TALENTS PLAN"),
            ["talent_program"],
        ),  # full-width
        ("\u2018Thousand Talents\u2019 programme", ["talent_program"]),  # curly quotes
        ("Thousand\nTalents Plan", ["talent_program"]),  # line break
    ],
)
def test_spelling_variants_of_a_name_match(text, expected):
    assert categories(text) == expected


def test_acronym_counts_only_in_capitals_and_with_context():
    assert categories("Visiting professor at HIT in Harbin") == ["defense_institution"]
    assert categories("Visiting professor at hit in Harbin") == []
    assert categories("HIT (high-throughput) assays run in Harbin") == []
    assert categories("Visiting professor at HIT, 2019") == []


def test_ambiguous_name_needs_context_and_no_other_country():
    assert categories("Grant from the Ministry of Science and Technology of China") == [
        "government_program"
    ]
    assert categories("Grant from the Ministry of Science and Technology") == []
    assert categories("Grant from the Ministry of Science and Technology, Taiwan") == []
    assert categories("Ministry of Education, People's Republic of China") == ["government_program"]
    assert categories("Ministry of Education, Republic of China (Taiwan)") == []


def test_exclusion_context_cancels_a_match():
    matcher = Matcher.build(
        [
            entry(
                "npu", "Northwest Poly University", rules=MatchRules(exclude_contexts=("Fremont",))
            )
        ],
        "t",
    )
    assert matcher.screen("Northwest Poly University in Xi'an")
    assert matcher.screen("Northwest Poly University in Fremont") == []


def test_a_longer_different_name_does_not_match_its_prefix():
    assert categories("Tianjin University of Technology") == []
    assert categories("Tianjin University, School of Chemistry") == ["defense_institution"]


@pytest.mark.parametrize(
    "text",
    [
        "Co-authored with Dr. Wei Zhang of Stanford",
        "Co-author Dahua Wang of Johns Hopkins",
        "Worked with Wang Dahua in Texas",
        "Thanks to Dr. Huawei for comments",
        "Li, Wang and Zhou (2020) report similar results",
    ],
)
def test_a_persons_name_is_never_a_reason_for_a_flag(text):
    assert categories(text) == []


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("Visiting at Harbin Institue of Technology", "Harbin Institue of Technology"),
        ("HarbinInstitute of Technology", "HarbinInstitute of Technology"),
        ("Thousand Talent Plan", "Thousand Talent Plan"),
        ("Beihang Universty", "Beihang Universty"),
        ("Hikvison cameras", "Hikvison"),
    ],
)
def test_one_typo_or_missing_space_in_a_long_name_still_matches(text, matched):
    flags = screen_text(text)
    assert flags and all(flag.approximate for flag in flags)
    assert {flag.matched for flag in flags} == {matched}


def test_two_typos_do_not_match():
    assert screen_text("Harbn Institue of Technology") == []


def test_within_one_edit():
    assert within_one_edit("beihang", "beihnag")  # transposition
    assert within_one_edit("beihang", "beihan")
    assert within_one_edit("beihang", "beihangg")
    assert within_one_edit("beihang", "beiheng")
    assert not within_one_edit("beihang", "bei")
    assert not within_one_edit("beihang", "beohanf")


def test_ended_listing_gives_only_an_info_flag():
    current = entry("now", "Current Aerospace Works")
    former = entry("past", "Former Aerospace Works", end_date=date(2025, 1, 7))
    matcher = Matcher.build([current, former], "t")
    [flag] = matcher.screen("Consulting for Former Aerospace Works", as_of=TODAY)
    assert flag.category == InfoKind.FORMERLY_LISTED
    assert flag.severity == Severity.INFO
    assert not flag.is_policy
    assert "2025-01-07" in flag.explanation
    [flag] = matcher.screen("Consulting for Former Aerospace Works", as_of=date(2024, 6, 1))
    assert flag.category == Category.DEFENSE_INSTITUTION
    [flag] = matcher.screen("Consulting for Current Aerospace Works", as_of=TODAY)
    assert flag.is_policy


def test_listing_that_has_not_started_gives_no_flag():
    matcher = Matcher.build([entry(start_date=date(2030, 1, 1))], "t")
    assert matcher.screen("Acme Defense Institute", as_of=TODAY) == []


def test_overlapping_flags_of_one_category_keep_the_longest():
    flags = screen_text("Ten Thousand Talents Plan participant")
    assert [(flag.entry_id, flag.matched) for flag in flags] == [
        ("ten-thousand-talents-plan", "Ten Thousand Talents Plan")
    ]


def test_different_categories_on_one_mention_are_all_kept():
    assert categories("Hikvision cameras") == ["human_rights_concern", "military_company"]


def test_matcher_can_be_built_from_extra_entries_and_installed():
    extra = entry("local:zeta", "Zeta Propulsion Bureau")
    assert screen_text("Zeta Propulsion Bureau grant") == []
    matcher = Matcher.build([*active_matcher().entries, extra], "local-1")
    set_active_matcher(matcher)
    try:
        assert active_matcher() is matcher
        assert categories("Zeta Propulsion Bureau grant") == ["defense_institution"]
    finally:
        set_active_matcher(None)
    assert screen_text("Zeta Propulsion Bureau grant") == []


def test_duplicate_entry_ids_are_refused():
    with pytest.raises(ValueError, match="duplicate"):
        Matcher.build([entry(), entry()], "t")


def test_screen_fields_names_the_field_of_each_flag():
    results = screen_fields({"title": "Consultant", "sponsor": "Huawei Technologies", "note": ""})
    assert [(field, flag.entry_id) for field, flag in results] == [("sponsor", "huawei")]
