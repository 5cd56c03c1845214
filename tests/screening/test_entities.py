"""Protections belong to the organisation, whatever list its entries come from; homonyms;
parents and subsidiaries; the typo pass with a large watchlist."""

from datetime import date
from functools import cache

from app.screening import Category, InfoKind, Matcher, load_builtin_watchlist
from app.screening.entities import group_entries, link_entities
from app.screening.official_lists import parse_dod1260h, parse_dod1286
from app.screening.watchlist import MatchRules, WatchlistEntry
from tests.screening.official_data import DOD1260H_NAME, DOD1286_NAME, list_or_sample

TODAY = date(2026, 11, 29)


@cache
def imported() -> tuple[WatchlistEntry, ...]:
    return (
        *parse_dod1260h(list_or_sample(DOD1260H_NAME)),
        *parse_dod1286(list_or_sample(DOD1286_NAME)),
    )


@cache
def with_lists() -> Matcher:
    builtin = load_builtin_watchlist()
    return Matcher.build([*builtin.entries, *imported()], "t", builtin.contexts)


@cache
def lists_only() -> Matcher:
    return Matcher.build(imported(), "t", load_builtin_watchlist().contexts)


def policy(matcher: Matcher, text: str, on: date = TODAY):
    return [flag for flag in matcher.screen(text, as_of=on) if flag.is_policy]


def test_china_mobile_is_found_through_the_imported_list_and_names_its_listed_parent():
    [flag] = policy(lists_only(), "Consulting for China Mobile on 5G network planning.")
    assert flag.entry_id == "dod1260h:china-mobile"
    assert flag.category is Category.MILITARY_COMPANY
    assert flag.parent == "China Mobile Communications Group Co., Ltd."
    assert "a subsidiary of China Mobile Communications Group Co., Ltd." in flag.explanation
    assert "listed since 2021" in flag.explanation


def test_imported_entries_keep_the_built_in_exclusions_of_the_same_organisation():
    fremont = "Joint appointment with Northwestern Polytechnic University in Fremont, California."
    kaohsiung = "Adjunct professor at National Sun Yat-sen University in Kaohsiung."
    # The imported entries alone flag both: the protection comes from the built-in entry.
    assert policy(lists_only(), fremont) and policy(lists_only(), kaohsiung)
    assert policy(with_lists(), fremont) == []
    assert policy(with_lists(), kaohsiung) == []
    # ...and the real institutions are still found.
    [nwpu] = policy(with_lists(), "Visiting scholar, Northwestern Polytechnical University, Xi'an.")
    assert nwpu.entity_id == "northwestern-polytechnical-university"


def test_one_typo_in_beijing_institute_of_technology_is_found_with_the_lists_imported():
    [flag] = policy(with_lists(), "Visiting fellow, Beijing Institue of Technology, 2019.")
    assert flag.entity_id == "beijing-institute-of-technology"
    assert flag.approximate


def test_the_typo_pass_seed_is_rare_relative_to_the_size_of_the_watchlist():
    """600 more names, 30 of them with "Beijing": more than a fixed 30 aliases now share
    the word, but it is as rare among the names as it was in the built-in list."""
    builtin = load_builtin_watchlist()

    def entry(number: int, first_word: str) -> WatchlistEntry:
        return WatchlistEntry(
            id=f"x:{number}",
            canonical_name=f"{first_word} Zorblat{number} Photonics Research Institute",
            aliases=(),
            category=Category.MILITARY_COMPANY,
            severity=builtin.entries[0].severity,
            country="CN",
            source="test",
        )

    extra = [entry(n, "Beijing" if n % 20 == 0 else f"Quux{n}") for n in range(600)]
    matcher = Matcher.build([*builtin.entries, *extra], "t", builtin.contexts)
    flags = policy(matcher, "Visiting fellow, Beijing Institue of Technology, 2019.")
    assert [flag.entry_id for flag in flags] == ["beijing-institute-of-technology"]


def test_costar_group_the_us_company_is_not_flagged_but_the_chinese_one_is():
    assert with_lists().screen("We license property data from CoStar Group.", as_of=TODAY) == []
    assert lists_only().screen("Subscription to CoStar for market rents.", as_of=TODAY) == []
    chinese = "Supplier: Costar Group, an optics maker in Chongqing, China."
    [while_listed] = policy(with_lists(), chinese, on=date(2025, 6, 1))
    assert while_listed.entry_id == "dod1260h:costar-group"
    [after] = with_lists().screen(chinese, as_of=TODAY)
    assert after.category is InfoKind.FORMERLY_LISTED
    assert "2026-02-17" in after.explanation


def test_entries_naming_the_same_organisation_form_one_entity_led_by_the_built_in_one():
    builtin = load_builtin_watchlist()
    groups = group_entries([*builtin.entries, *imported()])
    assert groups.entity_of["dod1286:harbin-institute-of-technology"] == (
        "harbin-institute-of-technology"
    )
    assert groups.entity_of["dod1260h:huawei-technologies"] == "huawei"
    # A listed subsidiary is an organisation of its own, not its parent.
    assert groups.entity_of["dod1260h:china-mobile"] == "dod1260h:china-mobile"


def test_the_first_entry_of_an_organisation_decides_how_a_shared_name_is_treated():
    editorial = WatchlistEntry(
        id="acme",
        canonical_name="Acme Avionics Institute",
        aliases=("AAI",),
        category=Category.MILITARY_COMPANY,
        severity=load_builtin_watchlist().entries[0].severity,
        country="CN",
        source="editorial",
        rules=MatchRules(acronyms=("AAI",), exclude_contexts=("Acme, Ohio",)),
    )
    official = WatchlistEntry(
        id="list:acme",
        canonical_name="Acme Avionics Institute",
        aliases=("AAI",),
        category=Category.MILITARY_COMPANY,
        severity=editorial.severity,
        country="CN",
        source="list",
        rules=MatchRules(acronyms=("AAI",), ambiguous=("AAI",)),
    )
    (_, linked), groups = link_entities([editorial, official])
    assert groups.entity_of["list:acme"] == "acme"
    assert linked.rules.ambiguous == ()  # the editorial entry says AAI needs no context
    assert linked.rules.exclude_contexts == ("Acme, Ohio",)
    matcher = Matcher.build([editorial, official], "t", load_builtin_watchlist().contexts)
    assert matcher.screen("Visit to the Acme Avionics Institute at Acme, Ohio.") == []
    assert {f.entity_id for f in matcher.screen("Talk at AAI.")} == {"acme"}


def test_a_mention_of_a_known_subsidiary_of_a_listed_parent_is_found_with_the_parent():
    builtin = load_builtin_watchlist()
    matcher = Matcher.build(builtin.entries, builtin.version, builtin.contexts)
    [flag] = policy(matcher, "Consulting for Shenyang Aircraft Corporation on fatigue testing.")
    assert flag.entry_id == "avic"
    assert flag.explanation.startswith(
        "mentions Shenyang Aircraft Corporation, a subsidiary of Aviation Industry Corporation"
    )


def test_china_mobile_with_the_lists_imported_is_one_flag_naming_the_group():
    [flag] = policy(with_lists(), "Consulting for China Mobile on 5G network planning.")
    assert flag.entity_id == "china-mobile"
    assert "a subsidiary of China Mobile Communications Group" in flag.explanation


def test_a_flag_on_a_listed_subsidiary_names_its_listed_parent_with_lists_imported():
    [flag] = policy(with_lists(), "Test flights for AVIC Shenyang Aircraft Company Limited.")
    assert flag.parent
    assert "a subsidiary of" in flag.explanation
    assert "Aviation Industry Corporation of China" in flag.explanation


def test_typos_in_place_led_names_are_found_with_the_lists_imported():
    for text, entity in [
        ("Guest professor, Harbin Engineering Univeristy, 2018.", "harbin-engineering-university"),
        ("Postdoc at Bejing Institute of Technology.", "beijing-institute-of-technology"),
        ("Visiting professor, Harbin Institue of Technology.", "harbin-institute-of-technology"),
    ]:
        assert [flag.entity_id for flag in policy(with_lists(), text)] == [entity], text


def test_a_place_named_in_passing_sends_nothing_to_the_typo_comparison(monkeypatch):
    from app.screening import approximate

    matcher = with_lists()
    compared = []
    real_spans = approximate.spans
    monkeypatch.setattr(
        approximate, "spans", lambda *args: compared.append(args) or real_spans(*args)
    )
    assert matcher.screen("Summer school in Beijing, then a trip to Shanghai and Harbin.") == []
    assert compared == []
    assert policy(matcher, "Visiting fellow, Beijing Institue of Technology.")
    assert compared  # the comparison still runs where the name may be
