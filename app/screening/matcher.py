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
from .acronyms import local_expansion
from .approximate import Seed, within_one_edit
from .entities import EntityGroups, identifying_keys, link_entities, name_key
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
#: Words shared by more fuzzy-eligible aliases than this are not rare enough to cut in...
SEED_MAX_ALIASES = 30
#: ...or, for a larger watchlist, by more than this share of its distinct eligible aliases:
#: importing the official lists adds many "Beijing ..." names, and "Beijing" must stay a
#: seed for "Beijing Institue of Technology" as it is with the built-in list alone.
SEED_MAX_SHARE = 1 / 30

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
#: Words of the Chinese context set (places such as "Beijing", "China", "PLA"), which
#: disclosures use all the time: a seed on one alone would send every such text to the
#: comparison, so they seed only together with a neighbouring word.
_CONTEXT_WORDS = frozenset(
    word
    for phrase in load_builtin_watchlist().contexts.get("CN", ())
    for word in normalize_phrase(phrase).split(" ")
    if word.isascii()
)
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
    #: The subsidiary this name belongs to, when it is one of the entry's subsidiaries.
    subsidiary: str | None = None


@dataclass(slots=True)
class _Payload:
    key_length: int
    exact: list[tuple[_AliasTarget, int, int]]  # target, left padding, right padding
    #: Seeds by the words of their alias to look for before comparing (`_probes`):
    #: one look at the text decides for every seed of a group.
    seeds: dict[tuple[str, ...], list[tuple[_AliasTarget, Seed]]]


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
        groups: EntityGroups | None = None,
    ) -> None:
        self.version = version
        self.entries = entries
        #: Which entries name the same organisation (see `entities`).
        self.groups = groups or EntityGroups({e.id: e.id for e in entries}, {})
        self._parents = _parent_entries(entries, self.groups)
        self._names_of_entity: dict[str, frozenset[str]] = {}  # filled when first needed
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
        # Protections belong to the organisation: every entry gets its group's rules.
        linked, groups = link_entities(entries)
        payloads: dict[str, _Payload] = {}
        targets = [
            target for index, entry in enumerate(linked) for target in _targets(index, entry)
        ]
        for target in targets:
            key, left, right = _pad(target.folded)
            payload = payloads.setdefault(key, _Payload(len(key), [], {}))
            payload.exact.append((target, left, right))
        seeds = list(_seeds(linked, targets))
        shortest = _shortest_prefixes({seed.piece for _, seed in seeds})
        for target, seed in seeds:
            # Filed under the shortest seed piece it starts with: " beij", " beiji" and
            # " beijing " are one hit on "Beijing", not three (the rest is checked later).
            key = shortest[seed.piece]
            payload = payloads.setdefault(key, _Payload(len(key), [], {}))
            group = payload.seeds.setdefault(_probes(target.folded, seed), [])
            group.append((target, seed))
        automaton = ahocorasick.Automaton()
        for key, payload in payloads.items():
            automaton.add_word(key, payload)
        automaton.make_automaton()
        rules = tuple(_compile_rules(entry, contexts) for entry in linked)
        known = _known_words(targets, contexts)
        return cls(version, entries, automaton, rules, known, groups)

    def entity_of(self, entry_id: str) -> str:
        """The id of the organisation an entry names (shared by its other lists' entries)."""
        return self.groups.entity_of.get(entry_id, entry_id)

    def parent_of(self, entry: WatchlistEntry) -> WatchlistEntry | None:
        """The listed entry of the entry's parent, when the parent is on a list too."""
        return self._parents.get(entry.id)

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
        seeded: list[tuple[int, dict[tuple[str, ...], list[tuple[_AliasTarget, Seed]]]]] = []
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
        for candidate in exact:
            spans = exact_spans.setdefault(candidate.target.entry_index, [])
            spans.append((candidate.start, candidate.end))
        found: set[_Candidate] = set()
        tried: set[tuple[_AliasTarget, int]] = set()
        for key_start, groups in seeded:
            for probes, seeds in groups.items():
                # All but one probe word must be in the text (inline: this runs for
                # every seed group of every piece found, so most often of all).
                missing = 0
                for word in probes:
                    if word not in folded:
                        missing += 1
                if missing > 1:
                    continue  # "Beijing" in a text about a trip: not these names mistyped
                for target, seed in seeds:
                    self._verify(folded, key_start, target, seed, tried, exact_spans, found)
        return exact + list(found)

    def _verify(
        self,
        folded: str,
        key_start: int,
        target: _AliasTarget,
        seed: Seed,
        tried: set[tuple[_AliasTarget, int]],
        exact_spans: dict[int, list[tuple[int, int]]],
        found: set[_Candidate],
    ) -> None:
        """Compare the text the seed anchors with its alias (once per place)."""
        if not folded.startswith(seed.piece, key_start):
            return  # filed under a shorter piece that the text has, but not this one
        anchor = (target, key_start - seed.offset)
        if anchor in tried:
            return  # both cuts' pieces found: one look at that place is enough
        tried.add(anchor)
        covering = exact_spans.get(target.entry_index)
        if covering and _covered(covering, target, key_start, len(seed.piece)):
            return  # the name is there as written: nothing to guess
        for start, end in approximate.spans(
            folded, key_start, seed, target.folded, self._known_words
        ):
            found.add(_Candidate(target, start, end, True))

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
            expansion = local_expansion(text, start, end)
            if expansion is not None and name_key(expansion) not in self._entity_names(
                target.entry_index
            ):
                return False  # "cerebellar granule neurons (CGN)": the text's own acronym
        return not (target.single_word and _next_to_person_name(candidate, text, normalized))

    def _entity_names(self, entry_index: int) -> frozenset[str]:
        """Name keys (no legal forms) of every entry naming the same organisation."""
        entity = self.entity_of(self.entries[entry_index].id)
        names = self._names_of_entity.get(entity)
        if names is None:
            by_id = {entry.id: entry for entry in self.entries}
            members = self.groups.members.get(entity, (self.entries[entry_index].id,))
            names = frozenset(name_key(name) for member in members for name in by_id[member].names)
            self._names_of_entity[entity] = names
        return names

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
        subsidiary = candidate.target.subsidiary
        if subsidiary is not None:
            explanation = explanation.replace(
                f"mentions {entry.canonical_name}",
                f"mentions {subsidiary}, a subsidiary of {entry.canonical_name}",
                1,
            )
        parent = self.parent_of(entry)
        if parent is not None:
            since = f", listed since {parent.start_date.year}" if parent.start_date else ""
            explanation += f"; a subsidiary of {parent.canonical_name} ({parent.source}{since})"
        elif entry.parent:
            explanation += f"; a subsidiary of {entry.parent}"
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
            entity_id=self.entity_of(entry.id),
            parent=parent.canonical_name if parent is not None else entry.parent,
        )


def _shortest_prefixes(pieces: set[str]) -> dict[str, str]:
    """Each piece -> the shortest of the pieces that it starts with (itself if none)."""
    shortest = {}
    for piece in pieces:
        shortest[piece] = next(
            (piece[:length] for length in range(1, len(piece)) if piece[:length] in pieces),
            piece,
        )
    return shortest


def _probes(alias: str, seed: Seed) -> tuple[str, ...]:
    """Up to three words of the alias for a cheap test before the approximate comparison.

    One plausible typo changes at most one word (a swap across a space is not plausible,
    and a missing space leaves both words in the text), so a text missing two of them
    cannot hold the alias mistyped. Words the seed piece does not touch, and
    not generic ones, are the likeliest to be missing from an ordinary text: "Beijing" in
    a text about a trip finds the seed " beij" of "Beijing Institute of Technology", but
    not "technology" or "institute"."""
    words = alias.split(" ")
    if len(set(words)) < 2:
        return ()
    piece_start, piece_end = seed.offset, seed.offset + len(seed.piece)
    touched: set[str] = set()
    position = 0
    for word in words:
        if position < piece_end and position + len(word) > piece_start:
            touched.add(word)
        position += len(word) + 1

    def likely_in_any_text(word: str) -> tuple[bool, bool, int]:
        return (word in touched, word in _GENERIC_WORDS, -len(word))

    return tuple(sorted(dict.fromkeys(words), key=likely_in_any_text)[:3])


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
    for name in entry.subsidiaries:
        folded = normalize_phrase(name)
        if folded and (folded, None) not in seen:
            seen.add((folded, None))
            single_word = " " not in folded and not any(is_cjk(char) for char in folded)
            yield _AliasTarget(index, name, folded, None, False, single_word, subsidiary=name)


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
    distinct = {target.folded for target in eligible}
    for folded in distinct:
        use.update(set(folded.split(" ")))
    most_uses = max(SEED_MAX_ALIASES, int(len(distinct) * SEED_MAX_SHARE))

    def is_rare(word: str) -> bool:
        return (
            len(word) >= 4
            and word not in _GENERIC_WORDS
            and word not in _CONTEXT_WORDS
            and not word.isdigit()
            and use[word] <= most_uses
        )

    for target in eligible:
        for seed in approximate.seeds(target.folded, is_rare, _GENERIC_WORDS.__contains__):
            yield target, seed


def _parent_entries(
    entries: tuple[WatchlistEntry, ...], groups: EntityGroups
) -> dict[str, WatchlistEntry]:
    """Entry id -> the entry of its listed parent; the parent's entry with a start date
    (an official list's) is preferred, as it says since when the parent is listed."""
    by_key: dict[str, list[WatchlistEntry]] = {}
    for entry in entries:
        for key in identifying_keys(entry):
            by_key.setdefault(key, []).append(entry)
    by_id = {entry.id: entry for entry in entries}
    parents: dict[str, WatchlistEntry] = {}
    for entry in entries:
        if not entry.parent:
            continue
        found = by_key.get(name_key(entry.parent))
        if not found or groups.entity_of[found[0].id] == groups.entity_of[entry.id]:
            continue
        members = [by_id[i] for i in groups.members.get(groups.entity_of[found[0].id], ())]
        dated = [member for member in members or found if member.start_date is not None]
        parents[entry.id] = min(dated, key=lambda m: m.start_date) if dated else found[0]
    return parents


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
