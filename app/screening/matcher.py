"""Find watchlist entries in text: one Aho-Corasick automaton, then rules.

Pass 1 (exact): every alias, folded by `normalize`, is a key of one pyahocorasick
automaton. Latin aliases are padded with a space on both sides, as the folded text is, so
they only match whole words; Chinese aliases are not padded (Chinese has no spaces).

Pass 2 (approximate, cheap): long Latin aliases also put their distinctive words ("harbin",
"beihang") into the same automaton as seeds. Only when a seed is found is the text around
it compared with the alias, allowing one edit (a typo, a swapped pair, a missing space).

Every candidate then goes through the entry's rules: acronyms must be written exactly so,
ambiguous names need context words nearby and no sign of another country, exclusion
phrases cancel, a one-word alias next to a surname or title is a person's name, and
"X University" followed by "of ..." is a longer, different name.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache

import ahocorasick

from .flags import Flag, InfoKind, Severity
from .normalize import NormalizedText, is_cjk, normalize, normalize_phrase, normalize_text
from .watchlist import VOCABULARY, WatchlistEntry, check_unique_ids, load_builtin_watchlist

#: Folded characters on each side of a match searched for context and exclusion words.
CONTEXT_WINDOW = 120
#: Aliases shorter than this (folded) are never matched approximately...
FUZZY_MIN_LENGTH = 12
#: ...nor one-word aliases shorter than this ("Hikvision" is, "Huawei" is not).
FUZZY_MIN_WORD_LENGTH = 8
#: Seed words shared by more aliases than this are too common to be worth verifying.
SEED_MAX_ALIASES = 30

_GENERIC_WORDS = VOCABULARY.seed_stop_words
_SPELLING_VARIANTS = {
    "program": "programme",
    "programme": "program",
    "center": "centre",
    "centre": "center",
    "defense": "defence",
    "defence": "defense",
    "organization": "organisation",
    "organisation": "organization",
}
_LONGER_NAME_HEADS = frozenset({"university", "institute", "college", "academy"})
_PERSON_TITLES = VOCABULARY.person_titles
_SURNAMES = VOCABULARY.surnames
#: "People's Republic of China" must count as China, not as "Republic of China" (Taiwan).
_CONTEXT_REWRITES = ((" people republic of china ", " prc "),)


class _PhraseSet:
    """Folded phrases looked for in a context window, with a small automaton of their own."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self._automaton: ahocorasick.Automaton | None = None
        for phrase in phrases:
            if self._automaton is None:
                self._automaton = ahocorasick.Automaton()
            self._automaton.add_word(phrase, phrase)
        if self._automaton is not None:
            self._automaton.make_automaton()

    def found_in(self, window: str) -> bool:
        if self._automaton is None:
            return False
        return next(self._automaton.iter(window), None) is not None


@dataclass(frozen=True, slots=True)
class _EntryRules:
    context: _PhraseSet
    elsewhere: _PhraseSet
    excludes: _PhraseSet


@dataclass(frozen=True, slots=True)
class _AliasTarget:
    entry_index: int
    alias: str
    folded: str
    #: Exact-case form for acronyms, None otherwise.
    acronym: str | None
    ambiguous: bool
    single_word: bool


@dataclass(frozen=True, slots=True)
class _Seed:
    target: _AliasTarget
    offset: int


@dataclass(slots=True)
class _Payload:
    key_length: int
    exact: list[tuple[_AliasTarget, int, int]]  # target, left padding, right padding
    seeds: list[_Seed]


@dataclass(frozen=True, slots=True)
class _Candidate:
    target: _AliasTarget
    start: int  # folded offsets, padding excluded
    end: int
    approximate: bool


def _pad(folded: str) -> tuple[str, int, int]:
    left = 0 if is_cjk(folded[0]) else 1
    right = 0 if is_cjk(folded[-1]) else 1
    return " " * left + folded + " " * right, left, right


def _phrase_key(phrase: str) -> str:
    folded = normalize_phrase(phrase)
    return _pad(folded)[0] if folded else ""


def within_one_edit(expected: str, actual: str) -> bool:
    """True when the strings differ by at most one insertion, deletion, substitution or
    transposition of neighbours (optimal string alignment distance <= 1)."""
    len_expected, len_actual = len(expected), len(actual)
    if abs(len_expected - len_actual) > 1:
        return False
    index = 0
    while index < min(len_expected, len_actual) and expected[index] == actual[index]:
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


class Matcher:
    """An immutable screening automaton built from watchlist entries."""

    def __init__(
        self,
        version: str,
        entries: tuple[WatchlistEntry, ...],
        automaton: ahocorasick.Automaton,
        rules: tuple[_EntryRules, ...],
    ) -> None:
        self.version = version
        self.entries = entries
        self._automaton = automaton
        self._rules = rules
        self._entry_order = {entry.id: index for index, entry in enumerate(entries)}

    @classmethod
    def build(
        cls,
        entries: Iterable[WatchlistEntry],
        version: str,
        contexts: Mapping[str, tuple[str, ...]] | None = None,
    ) -> Matcher:
        """Compile `entries`; `contexts` defaults to the built-in watchlist's word sets."""
        entries = tuple(entries)
        check_unique_ids(entries)
        if contexts is None:
            contexts = load_builtin_watchlist().contexts
        payloads: dict[str, _Payload] = {}
        targets = [
            target for index, entry in enumerate(entries) for target in _targets(index, entry)
        ]
        for target in targets:
            key, left, right = _pad(target.folded)
            payload = payloads.setdefault(key, _Payload(len(key), [], []))
            payload.exact.append((target, left, right))
        for seed_word, seed in _seeds(entries, targets):
            payloads.setdefault(seed_word, _Payload(len(seed_word), [], [])).seeds.append(seed)
        automaton = ahocorasick.Automaton()
        for key, payload in payloads.items():
            automaton.add_word(key, payload)
        automaton.make_automaton()
        rules = tuple(_compile_rules(entry, contexts) for entry in entries)
        return cls(version, entries, automaton, rules)

    def pattern_keys(self) -> list[str]:
        """Every automaton key (padded aliases and seed words), for the benchmark."""
        return list(self._automaton.keys())

    def screen(self, text: str, as_of: date | None = None) -> list[Flag]:
        """Flags for every watchlist mention in `text`, ordered by position."""
        folded = normalize_text(text)
        candidates = self._candidates(folded)
        if not candidates:
            return []
        on = as_of or datetime.now(UTC).date()
        normalized: NormalizedText | None = None
        flags = []
        for candidate in candidates:
            acronym = candidate.target.acronym
            if not self._fits_context(candidate, folded) or (
                acronym and text.isascii() and acronym not in text
            ):
                continue
            # The offset map is only worth building for the rare candidate that gets here.
            normalized = normalized or normalize(text)
            if self._fits_original(candidate, text, normalized):
                flag = self._flag(candidate, text, normalized, on)
                if flag is not None:
                    flags.append(flag)
        return _without_overlaps(flags, self._entry_order)

    def _candidates(self, folded: str) -> set[_Candidate]:
        found: set[_Candidate] = set()
        for end_index, payload in self._automaton.iter(folded):
            key_start = end_index - payload.key_length + 1
            for target, left, right in payload.exact:
                found.add(_Candidate(target, key_start + left, end_index + 1 - right, False))
            for seed in payload.seeds:
                for start, end in _fuzzy_spans(folded, key_start, payload.key_length, seed):
                    found.add(_Candidate(seed.target, start, end, True))
        return found

    def _fits_context(self, candidate: _Candidate, folded: str) -> bool:
        """Rules that only need the folded text: longer names, exclusions, context."""
        target = candidate.target
        last_word = target.folded.rsplit(" ", 1)[-1]
        if last_word in _LONGER_NAME_HEADS and folded.startswith(" of ", candidate.end):
            return False  # "Tianjin University of Technology" is not "Tianjin University"
        rules = self._rules[target.entry_index]
        window = _context_window(folded, candidate.start, candidate.end)
        if rules.excludes.found_in(window):
            return False
        if target.ambiguous:
            return rules.context.found_in(window) and not rules.elsewhere.found_in(window)
        return True

    def _fits_original(self, candidate: _Candidate, text: str, normalized: NormalizedText) -> bool:
        """Rules that need the text as written: exact acronyms, people's names."""
        target = candidate.target
        if target.acronym is not None:
            start, end = normalized.original_span(candidate.start, candidate.end)
            if unicodedata.normalize("NFKC", text[start:end]) != target.acronym:
                return False
        return not (target.single_word and _next_to_person_name(candidate, text, normalized))

    def _flag(
        self, candidate: _Candidate, text: str, normalized: NormalizedText, on: date
    ) -> Flag | None:
        entry = self.entries[candidate.target.entry_index]
        if not entry.has_started(on):
            return None
        start, end = normalized.original_span(candidate.start, candidate.end)
        category, severity = entry.category, entry.severity
        if entry.has_ended(on):
            category, severity = InfoKind.FORMERLY_LISTED, Severity.INFO
            explanation = (
                f"mentions {entry.canonical_name}, formerly listed on {entry.source} "
                f"(listing ended {entry.end_date})"
            )
        elif category == InfoKind.COUNTRY_OF_CONCERN:
            explanation = (
                f"mentions {entry.canonical_name}, an institution in a country of concern "
                f"({entry.country}); source: {entry.source}"
            )
        else:
            explanation = f"mentions {entry.canonical_name}, listed on {entry.source}"
        if candidate.approximate:
            explanation += f' (approximate match for "{candidate.target.alias}")'
        return Flag(
            category=category,
            severity=severity,
            entry_id=entry.id,
            canonical_name=entry.canonical_name,
            matched=text[start:end],
            start=start,
            end=end,
            source=entry.source,
            explanation=explanation,
            approximate=candidate.approximate,
        )


def _spelling_variant(folded: str) -> str:
    """The alias with British and American spellings swapped ("programme" <-> "program")."""
    return " ".join(_SPELLING_VARIANTS.get(word, word) for word in folded.split(" "))


def _targets(index: int, entry: WatchlistEntry) -> Iterator[_AliasTarget]:
    acronyms = {unicodedata.normalize("NFKC", name) for name in entry.rules.acronyms}
    ambiguous = set(entry.rules.ambiguous)
    seen: set[tuple[str, str | None]] = set()
    for name in entry.names:
        folded = normalize_phrase(name)
        exact_form = unicodedata.normalize("NFKC", name)
        acronym = exact_form if exact_form in acronyms else None
        for form in (folded, _spelling_variant(folded)):
            if not form or (form, acronym) in seen:
                continue
            seen.add((form, acronym))
            single_word = " " not in form and not any(is_cjk(char) for char in form)
            yield _AliasTarget(index, name, form, acronym, name in ambiguous, single_word)


def _fuzzy_eligible(target: _AliasTarget, entry: WatchlistEntry) -> bool:
    """Long Latin names only: short ones sit one typo away from too many other words."""
    if target.acronym is not None or not target.folded.isascii():
        return False
    if target.alias in entry.rules.exact_only:
        return False
    if target.single_word:
        return len(target.folded) >= FUZZY_MIN_WORD_LENGTH
    return len(target.folded) >= FUZZY_MIN_LENGTH


def _seed_parts(target: _AliasTarget, is_rare: Callable[[str], bool]) -> Iterator[tuple[str, int]]:
    """(seed, offset in the alias) pairs. Seeds are anchored to word boundaries so that they
    seldom occur in ordinary text: rare whole words (" harbin "), neighbouring words run
    together (" harbininstitute "), and for a one-word alias its outer halves (" hikvi",
    "ision ") so that a typo leaves one intact. Names made only of common words get none."""
    words = target.folded.split(" ")
    offsets = [sum(len(word) + 1 for word in words[:index]) for index in range(len(words))]
    for word, offset in zip(words, offsets, strict=True):
        if not is_rare(word):
            continue
        if len(words) > 1:
            yield f" {word} ", offset - 1
        if len(words) == 1:
            middle = len(word) // 2
            yield f" {word[:middle]}", offset - 1
            yield f"{word[middle:]} ", offset + middle
    for index in range(len(words) - 1):
        if is_rare(words[index]) or is_rare(words[index + 1]):
            yield f" {words[index]}{words[index + 1]} ", offsets[index] - 1  # a missing space


def _seeds(
    entries: tuple[WatchlistEntry, ...], targets: list[_AliasTarget]
) -> Iterator[tuple[str, _Seed]]:
    """Seeds of the approximate pass, each with where it sits in its alias."""
    eligible = [t for t in targets if _fuzzy_eligible(t, entries[t.entry_index])]
    use: Counter[str] = Counter()
    for target in eligible:
        words = target.folded.split(" ")
        use.update(set(words))

    def is_rare(word: str) -> bool:
        return (
            len(word) >= 4
            and word not in _GENERIC_WORDS
            and not word.isdigit()
            and use[word] <= SEED_MAX_ALIASES
        )

    for target in eligible:
        for part, offset in set(_seed_parts(target, is_rare)):
            yield part, _Seed(target, offset)


def _fuzzy_spans(
    folded: str, seed_start: int, seed_length: int, seed: _Seed
) -> Iterator[tuple[int, int]]:
    """Whole-word spans around a seed that are one edit away from the seed's alias.

    With a single edit, everything before the seed or everything after it matches the alias
    exactly: two slice comparisons rule out most seeds before any edit distance is tried.
    """
    alias = seed.target.folded
    length, offset = len(alias), seed.offset
    seed_end = seed_start + seed_length
    spans: set[tuple[int, int]] = set()
    alias_start = seed_start - offset
    if offset <= 0 or folded[alias_start:seed_start] == alias[:offset]:
        spans |= {(alias_start, alias_start + length + delta) for delta in (-1, 0, 1)}
    alias_end = seed_start + length - offset
    if folded[seed_end:alias_end] == alias[offset + seed_length :]:
        spans |= {(alias_end - length + delta, alias_end) for delta in (-1, 0, 1)}
    for start, end in spans:
        if start < 1 or end >= len(folded) or folded[start - 1] != " " or folded[end] != " ":
            continue
        window = folded[start:end]
        if window != alias and window.strip() == window and within_one_edit(alias, window):
            yield start, end


def _compile_rules(entry: WatchlistEntry, contexts: Mapping[str, tuple[str, ...]]) -> _EntryRules:
    def expand(words: Iterable[str]) -> _PhraseSet:
        phrases: list[str] = []
        for word in words:
            phrases.extend(contexts.get(word[1:], ()) if word.startswith("@") else (word,))
        return _phrase_set(tuple(sorted({key for key in map(_phrase_key, phrases) if key})))

    context = entry.rules.context or (f"@{entry.country}",)
    return _EntryRules(
        context=expand(context),
        elsewhere=expand(["@elsewhere"]),
        excludes=expand(entry.rules.exclude_contexts),
    )


@lru_cache(maxsize=1024)
def _phrase_set(phrases: tuple[str, ...]) -> _PhraseSet:
    """Entries share their phrase sets ("@CN", "@elsewhere"): build each set once."""
    return _PhraseSet(phrases)


def _context_window(folded: str, start: int, end: int) -> str:
    window = folded[max(0, start - CONTEXT_WINDOW) : end + CONTEXT_WINDOW]
    for old, new in _CONTEXT_REWRITES:
        window = window.replace(old, new)
    return window


def _next_to_person_name(candidate: _Candidate, text: str, normalized: NormalizedText) -> bool:
    """A one-word alias directly beside a surname, or after a title, names a person."""
    folded = normalized.text
    before_end = candidate.start - 1
    before_start = folded.rfind(" ", 0, before_end) + 1
    after_start = candidate.end + 1
    after_end = folded.find(" ", after_start)
    match_start, match_end = normalized.original_span(candidate.start, candidate.end)
    if before_start < before_end:
        word = folded[before_start:before_end]
        gap = text[normalized.ends[before_end - 1] : match_start]
        if word in _SURNAMES and not gap.strip():
            return True
        if word in _PERSON_TITLES and gap.strip() in {"", "."}:
            return True
    if after_end > after_start:
        word = folded[after_start:after_end]
        gap = text[match_end : normalized.starts[after_start]]
        if word in _SURNAMES and not gap.strip():
            return True
    return False


def _without_overlaps(flags: list[Flag], order: Mapping[str, int]) -> list[Flag]:
    """Within each category keep the longest (then most severe) of overlapping flags."""
    ranked = sorted(
        flags,
        key=lambda flag: (
            flag.start - flag.end,
            flag.severity.rank,
            flag.approximate,
            order[flag.entry_id],
        ),
    )
    kept: list[Flag] = []
    for flag in ranked:
        if not any(
            other.category == flag.category and other.start < flag.end and flag.start < other.end
            for other in kept
        ):
            kept.append(flag)
    return sorted(kept, key=lambda flag: (flag.start, flag.end, flag.category))
