"""Find watchlist entries in text: one Aho-Corasick automaton, then rules.

Pass 1 (exact): every alias, folded by `normalize`, is a key of one pyahocorasick
automaton. Latin aliases are padded with a space on both sides, as the folded text is, so
they only match whole words; Chinese aliases are not padded (Chinese has no spaces).

Pass 2 (approximate, cheap): long Latin aliases also put two pairs of pieces into the same
automaton as seeds (see `approximate`). Only when a piece is found is the text it anchors
compared with the alias, allowing one plausible typo, a plural or a missing space.

Every candidate then goes through the entry's rules: acronyms must be written exactly so,
ambiguous names need context words nearby and no sign of another country, exclusion
phrases cancel, a one-word alias next to a surname or title is a person's name, and
"X University" followed by "of ..." is a longer, different name.

Most texts name nothing, so the common path is kept short: fold, run the automaton, and
stop when it finds nothing; an acronym key ("bit") is dropped at once unless the acronym
is in the text as written ("BIT"); the offset map back to the original text is built only
for a candidate that passed every rule on the folded text.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import NamedTuple

import ahocorasick

from forms.choices import country_name

from . import approximate
from .approximate import Seed, within_one_edit
from .flags import Flag, InfoKind, Severity
from .normalize import NormalizedText, is_cjk, normalize, normalize_phrase, normalize_text
from .watchlist import VOCABULARY, WatchlistEntry, check_unique_ids, load_builtin_watchlist

__all__ = ["Matcher", "within_one_edit"]  # within_one_edit: re-exported for callers

#: Folded characters on each side of a match searched for context and exclusion words.
CONTEXT_WINDOW = 120
#: Aliases shorter than this (folded) are never matched approximately...
FUZZY_MIN_LENGTH = 12
#: ...nor one-word aliases shorter than this ("Hikvision" is, "Huawei" is not).
FUZZY_MIN_WORD_LENGTH = 8
#: Words shared by more fuzzy-eligible aliases than this are not rare enough to cut in.
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


@dataclass(frozen=True, slots=True, eq=False)  # compared and hashed by identity: fast
class _AliasTarget:
    entry_index: int
    alias: str
    folded: str
    #: Exact-case form for acronyms, None otherwise.
    acronym: str | None
    ambiguous: bool
    single_word: bool


@dataclass(slots=True)
class _Payload:
    key_length: int
    exact: list[tuple[_AliasTarget, int, int]]  # target, left padding, right padding
    seeds: list[tuple[_AliasTarget, Seed]]


class _Candidate(NamedTuple):
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


class Matcher:
    """An immutable screening automaton built from watchlist entries."""

    def __init__(
        self,
        version: str,
        entries: tuple[WatchlistEntry, ...],
        automaton: ahocorasick.Automaton,
        rules: tuple[_EntryRules, ...],
        known_words: Collection[str] = frozenset(),
    ) -> None:
        self.version = version
        self.entries = entries
        self._automaton = automaton
        self._rules = rules
        #: Words the watchlist itself uses: a text word among them is a name, not a typo.
        self._known_words = known_words
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
        for target, seed in _seeds(entries, targets):
            payload = payloads.setdefault(seed.piece, _Payload(len(seed.piece), [], []))
            payload.seeds.append((target, seed))
        automaton = ahocorasick.Automaton()
        for key, payload in payloads.items():
            automaton.add_word(key, payload)
        automaton.make_automaton()
        rules = tuple(_compile_rules(entry, contexts) for entry in entries)
        return cls(version, entries, automaton, rules, _known_words(targets, contexts))

    def pattern_keys(self) -> list[str]:
        """Every automaton key (padded aliases and seed pieces), for the benchmark."""
        return list(self._automaton.keys())

    def screen(self, text: str, as_of: date | None = None) -> list[Flag]:
        """Flags for every watchlist mention in `text`, ordered by position."""
        normalized: NormalizedText | None = None
        if text.isascii():
            folded = normalize_text(text)  # fast, and usually all that is needed
        else:
            normalized = normalize(text)  # folding it is no cheaper: keep the offset map
            folded = normalized.text
        candidates = self._candidates(text, folded)
        if not candidates:
            return []
        flags = []
        for candidate in candidates:
            if not self._fits_context(candidate, folded):
                continue
            # The offset map and the date are only worth getting for the rare candidate
            # that gets here.
            normalized = normalized or normalize(text)
            on = as_of or datetime.now(UTC).date()
            if self._fits_original(candidate, text, normalized):
                flag = self._flag(candidate, text, normalized, on)
                if flag is not None:
                    flags.append(flag)
        return _without_overlaps(flags, self._entry_order)

    def _candidates(self, text: str, folded: str) -> list[_Candidate]:
        exact: list[_Candidate] = []
        seeded: list[tuple[int, list[tuple[_AliasTarget, Seed]]]] = []
        for end_index, payload in self._automaton.iter(folded):
            key_start = end_index - payload.key_length + 1
            for target, left, right in payload.exact:
                acronym = target.acronym
                if acronym is not None and acronym not in text and text.isascii():
                    continue  # "32-bit" folds to "bit" but is not BIT, written so
                exact.append(_Candidate(target, key_start + left, end_index + 1 - right, False))
            if payload.seeds:
                seeded.append((key_start, payload.seeds))
        if not seeded:
            return exact
        exact_spans: dict[int, list[tuple[int, int]]] = {}
        for found in exact:
            spans = exact_spans.setdefault(found.target.entry_index, [])
            spans.append((found.start, found.end))
        approximate_matches: set[_Candidate] = set()
        tried: set[tuple[_AliasTarget, int]] = set()
        for key_start, seeds in seeded:
            for target, seed in seeds:
                anchor = (target, key_start - seed.offset)
                if anchor in tried:
                    continue  # both cuts' pieces found: one look at that place is enough
                tried.add(anchor)
                covering = exact_spans.get(target.entry_index)
                if covering and _covered(covering, target, key_start, len(seed.piece)):
                    continue  # the name is there as written: nothing to guess
                for start, end in approximate.spans(
                    folded, key_start, seed, target.folded, self._known_words
                ):
                    approximate_matches.add(_Candidate(target, start, end, True))
        return exact + list(approximate_matches)

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
                f"({country_name(entry.country)}); source: {entry.source}"
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


def _seeds(
    entries: tuple[WatchlistEntry, ...], targets: list[_AliasTarget]
) -> Iterator[tuple[_AliasTarget, Seed]]:
    """Seed pieces of the approximate pass for every eligible alias."""
    eligible = [t for t in targets if _fuzzy_eligible(t, entries[t.entry_index])]
    use: Counter[str] = Counter()
    for target in eligible:
        use.update(set(target.folded.split(" ")))

    def is_rare(word: str) -> bool:
        return (
            len(word) >= 4
            and word not in _GENERIC_WORDS
            and not word.isdigit()
            and use[word] <= SEED_MAX_ALIASES
        )

    for target in eligible:
        for seed in approximate.seeds(target.folded, is_rare, _GENERIC_WORDS.__contains__):
            yield target, seed


def _covered(spans: list[tuple[int, int]], target: _AliasTarget, start: int, length: int) -> bool:
    """Whether an exact match of the target's entry, at least as long as the target's alias,
    spans the piece found at start (so an approximate match could add nothing)."""
    return any(
        found_start - 1 <= start
        and start + length <= found_end + 1
        and found_end - found_start >= len(target.folded)
        for found_start, found_end in spans
    )


def _known_words(
    targets: list[_AliasTarget], contexts: Mapping[str, tuple[str, ...]]
) -> frozenset[str]:
    """Every word of every alias and context phrase, and the vocabulary's word lists."""
    phrases = [target.folded for target in targets]
    phrases += [normalize_phrase(phrase) for words in contexts.values() for phrase in words]
    words = {word for phrase in phrases for word in phrase.split(" ")}
    return frozenset(words | _GENERIC_WORDS | _SURNAMES | _PERSON_TITLES)


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
        gap = text[normalized.original_span(before_start, before_end)[1] : match_start]
        if word in _SURNAMES and not gap.strip():
            return True
        if word in _PERSON_TITLES and gap.strip() in {"", "."}:
            return True
    if after_end > after_start:
        word = folded[after_start:after_end]
        gap = text[match_end : normalized.original_span(after_start, after_end)[0]]
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
