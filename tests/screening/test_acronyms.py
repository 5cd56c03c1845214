"""An acronym the text defines as something else is not the listed body's acronym."""

from app.screening import load_builtin_watchlist, screen_text
from app.screening.acronyms import local_expansion


def policy_ids(text: str) -> list[str]:
    return [flag.entry_id for flag in screen_text(text) if flag.is_policy]


def test_the_words_before_a_parenthesised_acronym_are_its_expansion():
    text = "Member of the Centre for Applied Ethics and Policy (CAEP) board"
    start = text.index("CAEP")
    assert local_expansion(text, start, start + 4) == "centre for applied ethics and policy"
    assert local_expansion("Talk at CAEP in 2019", 8, 12) is None
    assert local_expansion("Policy Unit (CAEP)", 13, 17) is None  # initials do not spell it


def test_an_acronym_the_text_defines_otherwise_is_not_flagged():
    assert load_builtin_watchlist()  # the built-in list knows CAEP and CGN
    assert policy_ids("Member of the Centre for Applied Ethics and Policy (CAEP) board") == []
    assert policy_ids("Imaging of cortical glial networks (CGN) in mice") == []


def test_the_listed_body_defined_by_its_own_name_is_still_flagged():
    assert "china-academy-of-engineering-physics" in policy_ids(
        "Visit to the China Academy of Engineering Physics (CAEP) in Mianyang"
    )
    assert policy_ids("Visit to CAEP in Mianyang, Sichuan") == [
        "china-academy-of-engineering-physics"
    ]
