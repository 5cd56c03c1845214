"""The approximate pass: a long name written with one typo, a plural or a missing space.

Seeding. One edit leaves most of a name intact, and an intact piece of it, found by the
matcher's automaton, anchors where the name would be; only then is that text compared with
the name. Two kinds of piece go into the automaton (each with its offset in the alias):

- each rare word of the alias, as a whole word (" harbin "): found when the edit is
  elsewhere ("Beihang Univeristy");
- the two pieces of a cut, " " + A[:k] and A[k:] + " " (pigeonhole: one edit falls on one
  side, so one piece is intact), and of a second cut at k + 1, which catches a swap of the
  two letters around k: found when the edit is inside the rare word ("Harbn Institute of
  Technology") or when the name has no rare word at all ("National Natual Science
  Foundation of China"). A cut is used only if all four pieces are distinctive, i.e. hold
  four letters of a rare word or two whole words of four letters or more: a piece such as
  " university ", "niversity " or " of china " would send ordinary texts to the comparison.

Verification. The text must differ from the alias by exactly one edit (optimal string
alignment distance 1), on whole words, and the edit must look like a typo: inside a word of
six letters or more, not in a number ("14th" vs "15th" institute), not producing a word
the watchlist itself uses (so "Hebei" is not a typo for "Hubei"), and never splitting a word
in two ("Tsing Hua" is National Tsing Hua University in Taiwan, not "Tsinghua"). A missing
space and a plural ("Thousands Talents Plan") are always plausible.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass

#: Shorter words are one edit away from too many other words ("Hubei", "Hebei").
MIN_TYPO_WORD_LENGTH = 6
#: A piece holding this many letters of a rare word is distinctive on its own...
MIN_RARE_LETTERS = 4
#: ...and so is one holding whole common words worth this many points: one for a generic
#: word ("science", "of") or two or three letters of a rare word, two for another word
#: ("beijing"), none for a legal form ("ltd"). " science foundation " (the US NSF) is not
#: distinctive; " national natural science " and "foundation of china " are.
MIN_COMMON_POINTS = 3
#: Legal forms end so many company names that they say nothing (" technology co ltd ").
_LEGAL_FORMS = frozenset(
    [
        "co",
        "corp",
        "corporation",
        "company",
        "group",
        "holding",
        "holdings",
        "inc",
        "limited",
        "llc",
        "ltd",
        "plc",
    ]
)


@dataclass(frozen=True, slots=True)
class Seed:
    """A piece of a folded alias and where it starts in the alias (-1: on the left padding)."""

    piece: str
    offset: int


def within_one_edit(expected: str, actual: str) -> bool:
    """True when the strings differ by at most one insertion, deletion, substitution or
    transposition of neighbours (optimal string alignment distance <= 1)."""
    len_expected, len_actual = len(expected), len(actual)
    if abs(len_expected - len_actual) > 1:
        return False
    index, shorter = 0, min(len_expected, len_actual)
    while index < shorter and expected[index] == actual[index]:
        index += 1
    if len_expected == len_actual:
        if index == len_expected or expected[index + 1 :] == actual[index + 1 :]:
            return True
        return (
            index + 1 < len_expected
            and expected[index] == actual[index + 1]
            and expected[index + 1] == actual[index]
            and expected[index + 2 :] == actual[index + 2 :]
        )
    if len_expected > len_actual:
        return expected[index + 1 :] == actual[index:]
    return expected[index:] == actual[index + 1 :]


def seeds(
    alias: str, is_rare: Callable[[str], bool], is_generic: Callable[[str], bool]
) -> set[Seed]:
    """Two neighbouring cuts of `alias` when their pieces are distinctive; otherwise its rare
    whole words, which catch an edit anywhere but in the word itself."""
    words = alias.split(" ")
    starts = [sum(len(word) + 1 for word in words[:index]) for index in range(len(words))]
    cut = _cut(alias, words, starts, is_rare, is_generic)
    if cut is not None:
        # The second cut only catches two letters swapped around the first; at a space that
        # swap is never a plausible typo, so one cut is enough there.
        at_space = " " in (alias[cut - 1], alias[cut])
        return {
            seed
            for at in ((cut,) if at_space else (cut, cut + 1))
            for seed in (Seed(" " + alias[:at], -1), Seed(alias[at:] + " ", at))
        }
    if len(words) == 1:
        return set()
    return {
        Seed(f" {word} ", start - 1)
        for word, start in zip(words, starts, strict=True)
        if is_rare(word)
    }


def _cut(
    alias: str,
    words: list[str],
    starts: list[int],
    is_rare: Callable[[str], bool],
    is_generic: Callable[[str], bool],
) -> int | None:
    """The most balanced k such that the pieces of the cuts at k and k + 1 are distinctive."""
    rare = [is_rare(word) for word in words]
    word_at = [index for index, word in enumerate(words) for _ in range(len(word) + 1)]

    def distinctive(begin: int, end: int) -> bool:
        """Whether alias[begin:end], bounded by padding on one side, is distinctive."""
        first, last = word_at[begin], word_at[max(begin, end - 1)]
        points = 0
        for index in range(first, last + 1):
            inside = max(begin, starts[index]), min(end, starts[index] + len(words[index]))
            letters = inside[1] - inside[0]
            word = words[index]
            if letters == len(word):
                if rare[index]:
                    return True
                points += _points(word, is_generic)
            elif rare[index]:
                if letters >= MIN_RARE_LETTERS:
                    return True
                points += letters > 1  # the tail of "thousand" in "and talents plan "
            elif letters >= MIN_RARE_LETTERS and word not in _LEGAL_FORMS:
                # "itute" of "institute" in "itute of technology "; a long piece of a word
                # ("neering" of "engineering") says as much as a whole word.
                points += 2 if letters >= MIN_TYPO_WORD_LENGTH else 1
        return points >= MIN_COMMON_POINTS

    best: tuple[int, int] | None = None
    for at in range(1, len(alias) - 1):
        if all(
            distinctive(begin, end)
            for begin, end in ((0, at), (at, len(alias)), (0, at + 1), (at + 1, len(alias)))
        ):
            balance = min(at, len(alias) - at - 1)
            if best is None or balance > best[0]:
                best = (balance, at)
    return None if best is None else best[1]


def _points(word: str, is_generic: Callable[[str], bool]) -> int:
    if word in _LEGAL_FORMS:
        return 0
    return 1 if is_generic(word) else 2


def spans(
    folded: str, piece_start: int, seed: Seed, alias: str, known_words: Collection[str]
) -> Iterator[tuple[int, int]]:
    """Whole-word spans of `folded`, anchored by the seed found at `piece_start`, that are one
    edit (not zero) away from `alias` and read as it mistyped.

    With one edit, the text before the piece or the text after it matches the alias
    exactly: two slice comparisons rule out most seeds before any edit distance is tried.
    """
    length, offset = len(alias), seed.offset
    alias_start = piece_start - offset
    piece_end = piece_start + len(seed.piece)
    windows: set[tuple[int, int]] = set()
    if offset <= 0 or folded[alias_start:piece_start] == alias[:offset]:
        windows |= {(alias_start, alias_start + length + delta) for delta in (-1, 0, 1)}
    alias_end = alias_start + length
    if folded[piece_end:alias_end] == alias[offset + len(seed.piece) :]:
        windows |= {(alias_end - length - delta, alias_end) for delta in (-1, 0, 1)}
    for start, end in windows:
        if start < 1 or end >= len(folded) or folded[start - 1] != " " or folded[end] != " ":
            continue
        window = folded[start:end]
        if (
            window != alias
            and within_one_edit(alias, window)
            and plausible_typo(alias, window, known_words)
        ):
            yield start, end


def plausible_typo(alias: str, window: str, known_words: Collection[str]) -> bool:
    """Whether `window`, one edit away from `alias`, reads as that name mistyped."""
    alias_words, text_words = alias.split(" "), window.split(" ")
    if len(text_words) > len(alias_words):
        return False  # an extra space splits a word: "Tsing Hua" is not "Tsinghua"
    if len(text_words) < len(alias_words):
        return True  # a missing space: "HarbinInstitute of Technology"
    changed = [(a, t) for a, t in zip(alias_words, text_words, strict=True) if a != t]
    if len(changed) != 1:
        return False  # letters swapped across a space
    [(expected, actual)] = changed
    if actual == expected + "s" or expected == actual + "s":
        return True  # a plural or singular form: "Thousands Talents Plan"
    return (
        len(expected) >= MIN_TYPO_WORD_LENGTH
        and not any(char.isdigit() for char in expected + actual)
        and actual not in known_words
    )
