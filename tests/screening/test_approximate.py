import pytest

from app.screening import screen_text
from app.screening.approximate import plausible_typo, seeds, within_one_edit
from app.screening.watchlist import VOCABULARY

KNOWN = frozenset({"hubei", "hebei", "university", "talent", "talents"})


def is_rare(word: str) -> bool:
    return len(word) >= 4 and word not in VOCABULARY.seed_stop_words


def is_generic(word: str) -> bool:
    return word in VOCABULARY.seed_stop_words


@pytest.mark.parametrize(
    ("alias", "window", "plausible"),
    [
        ("harbin institute of technology", "harbn institute of technology", True),
        ("thousand talents plan", "thousands talents plan", True),  # a plural
        ("harbin institute", "harbininstitute", True),  # a missing space
        ("tsinghua university", "tsing hua university", False),  # a split word: Taiwan's
        ("14th research institute", "15th research institute", False),  # another number
        ("hubei university", "hebei university", False),  # another place the list knows
        ("wuhan university", "wuhai university", False),  # too short a word to guess
    ],
)
def test_only_typo_like_edits_are_plausible(alias, window, plausible):
    assert within_one_edit(alias, window)
    assert plausible_typo(alias, window, KNOWN) is plausible


@pytest.mark.parametrize(
    "alias",
    [
        "harbin institute of technology",
        "national natural science foundation of china",
        "thousand talents plan",
        "beihang university",
        "hikvision",
    ],
)
def test_seed_pieces_are_never_bare_common_words(alias):
    pieces = {seed.piece.strip() for seed in seeds(alias, is_rare, is_generic)}
    assert pieces
    assert not pieces & {"university", "niversity", "science foundation", "of china", "plan"}


@pytest.mark.parametrize(
    "text",
    [
        "Harbim Institute of Technology",
        "Harbin Institute of Technologgy",
        "HarbinInstitute of Technology",
        "Harbin Institute of Techonlogy",
        "Hrabin Institute of Technology",
    ],
)
def test_one_edit_anywhere_in_a_long_name_is_found(text):
    [flag] = screen_text(f"Visiting scholar at {text}, 2019.")
    assert flag.entry_id == "harbin-institute-of-technology"
    assert flag.approximate
    assert flag.matched == text


@pytest.mark.parametrize(
    "text",
    [
        "PhD, National Tsing Hua University, 2010.",
        "Faculty at Northwestern University.",
        "Grant from the National Science Foundation of the USA.",
        "Lecturer at Hebei University of Economics and Business.",
    ],
)
def test_near_misses_that_name_other_bodies_are_not_flagged(text):
    assert [flag for flag in screen_text(text) if flag.is_policy] == []
