"""Entity profiles: the pure core (lists, names by script, parents, rules, editorial data)."""

from datetime import date
from functools import cache

from app.screening import Category, Matcher, load_builtin_watchlist
from app.screening.official_lists import parse_dod1260h, parse_dod1286
from app.screening.profiles import UniversityRule, build_profile, editorial, script_of
from tests.screening.official_data import DOD1260H_NAME, DOD1286_NAME, list_or_sample

TODAY = date(2026, 11, 29)


@cache
def with_lists() -> Matcher:
    builtin = load_builtin_watchlist()
    imported = [
        *parse_dod1260h(list_or_sample(DOD1260H_NAME)),
        *parse_dod1286(list_or_sample(DOD1286_NAME)),
    ]
    return Matcher.build([*builtin.entries, *imported], "t", builtin.contexts)


def test_editorial_text_is_versioned_with_the_watchlist_and_names_real_entities():
    builtin = load_builtin_watchlist()
    assert editorial().watchlist_version == builtin.version
    ids = {entry.id for entry in builtin.entries}
    assert set(editorial().profiles) <= ids
    assert all(profile.get("sources") for profile in editorial().profiles.values())
    assert set(editorial().categories) == set(Category)


def test_harbin_institute_of_technology_profile_gathers_every_list_and_script():
    profile = build_profile(with_lists(), "dod1286:harbin-institute-of-technology", TODAY)
    assert profile.entity_id == "harbin-institute-of-technology"
    assert profile.rule is UniversityRule.RED_LINE
    assert "Ministry of Industry and Information Technology" in profile.supervising_body
    sources = [listing.source for listing in profile.listings]
    assert any("1286" in source for source in sources) and len(sources) >= 2
    scripts = dict(profile.names_by_script)
    assert "哈尔滨工业大学" in scripts["Chinese"]
    assert "Harbin Institute of Technology" in scripts["Latin"]
    assert profile.has_editorial


def test_a_1260h_subsidiary_profile_names_its_listed_parent_and_the_parent_lists_it():
    matcher = with_lists()
    child = build_profile(matcher, "dod1260h:avic-shenyang-aircraft-company", TODAY)
    assert [parent.name for parent in child.parents] == [
        "Aviation Industry Corporation of China Ltd."
    ]
    assert child.parents[0].entity_id == "avic"
    assert child.rule is UniversityRule.RED_LINE
    assert not child.has_editorial and child.why  # the category's text
    parent = build_profile(matcher, "avic", TODAY)
    assert "dod1260h:avic-shenyang-aircraft-company" in {
        related.entity_id for related in parent.subsidiaries
    }


def test_a_listing_that_ended_makes_the_profile_formerly_listed_with_caution():
    profile = build_profile(with_lists(), "dod1260h:costar-group", TODAY)
    assert not profile.currently_listed
    assert profile.rule is UniversityRule.CAUTION
    assert profile.listings[0].end_date == date(2026, 2, 17)


def test_a_listed_civilian_university_is_review_first_and_a_program_is_review():
    matcher = with_lists()
    assert build_profile(matcher, "fudan-university", TODAY).rule is UniversityRule.REVIEW
    assert build_profile(matcher, "thousand-talents-plan", TODAY).rule is UniversityRule.REVIEW
    assert build_profile(matcher, "nsfc", TODAY).rule is UniversityRule.CAUTION
    assert build_profile(matcher, "no-such-entity", TODAY) is None


def test_scripts_are_told_apart():
    assert script_of("Harbin Institute of Technology") == "Latin"
    assert script_of("哈尔滨工业大学") == "Chinese"
    assert script_of("哈爾濱工業大學") == "Chinese (traditional)"
    assert script_of("Московский физико-технический институт") == "Cyrillic"
