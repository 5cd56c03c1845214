"""Scoring a matcher on labelled texts: by category, and by entity where labels name one.

A labelled text expects policy categories (none for a negative) and, optionally, the
organisations or programs it names, each given as one or more watchlist entry ids that
count as that organisation (the built-in id, and an imported list's id where the built-in
list lacks it). A flag counts for an expected entity when it names the same organisation
(`Matcher.entity_of`), whichever list's entry raised it.

Category recall: share of positive texts in which every expected category is flagged.
Entity recall: share of entity-labelled positive texts in which every expected entity is
flagged with a policy category. False-flag rate: share of negative texts with any policy
flag (informational flags, such as "formerly listed", do not count).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from app.screening import Category, Matcher


@dataclass(frozen=True)
class Labelled:
    text: str
    categories: frozenset[Category]
    #: One tuple of acceptable entry ids per expected entity; empty when not labelled.
    entities: tuple[tuple[str, ...], ...] = ()
    #: The category of each expected entity, in the same order (when the labels say).
    entity_categories: tuple[Category, ...] = ()
    #: The expected entities' names as labelled, in the same order.
    entity_names: tuple[str, ...] = ()


def load_labelled(path: Path) -> list[Labelled]:
    """JSON lines {"text", "expect": [categories], "entities": [entry id or [ids]]}."""
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        data = json.loads(line)
        entities = tuple(
            (item,) if isinstance(item, str) else tuple(item) for item in data.get("entities", [])
        )
        records.append(
            Labelled(data["text"], frozenset(Category(c) for c in data["expect"]), entities)
        )
    return records


@dataclass
class Score:
    name: str
    positives: int = 0
    negatives: int = 0
    entity_labelled: int = 0
    #: Category -> [entity labels of that category, of which found].
    labels_by_category: dict[Category, list[int]] = field(
        default_factory=lambda: {category: [0, 0] for category in Category}
    )
    missed: list[tuple[str, list[str]]] = field(default_factory=list)
    missed_entities: list[tuple[str, list[str]]] = field(default_factory=list)
    false_flags: list[tuple[str, list[str]]] = field(default_factory=list)
    #: Category -> [positives expecting it, of which flagged, negatives flagged with it].
    by_category: dict[Category, list[int]] = field(
        default_factory=lambda: {category: [0, 0, 0] for category in Category}
    )

    @property
    def recall(self) -> float:
        return 1 - len(self.missed) / self.positives if self.positives else 1.0

    @property
    def entity_recall(self) -> float:
        if not self.entity_labelled:
            return 1.0
        return 1 - len(self.missed_entities) / self.entity_labelled

    @property
    def label_recall(self) -> float:
        """Share of the expected entities (not texts) that were found."""
        total = sum(count for count, _ in self.labels_by_category.values())
        found = sum(hits for _, hits in self.labels_by_category.values())
        return found / total if total else 1.0

    @property
    def false_flag_rate(self) -> float:
        return len(self.false_flags) / self.negatives if self.negatives else 0.0

    def report(self) -> list[str]:
        lines = [
            f"{self.name}: {self.positives} positive, {self.negatives} negative texts",
            f"  recall (category)  {self.recall:.3f}",
        ]
        if self.entity_labelled:
            lines.append(
                f"  recall (entity)    {self.entity_recall:.3f} "
                f"({self.entity_labelled} texts labelled with entities)"
            )
        labels = sum(count for count, _ in self.labels_by_category.values())
        if labels:
            lines.append(f"  recall (entity labels) {self.label_recall:.3f} ({labels} labels)")
            for category, (count, hits) in self.labels_by_category.items():
                if count:
                    lines.append(f"    {category.value:<22} {hits / count:.3f} ({hits}/{count})")
        lines.append(f"  false-flag rate    {self.false_flag_rate:.3f}")
        lines.append("  by category: recall, false-flag rate")
        for category, (expected, found, false) in self.by_category.items():
            recall = f"{found / expected:.3f} ({found}/{expected})" if expected else "-"
            rate = false / self.negatives if self.negatives else 0.0
            lines.append(f"    {category.value:<22} {recall:<18} {rate:.3f} ({false})")
        lines += [f"  missed {cats}: {text}" for text, cats in self.missed]
        lines += [f"  missed entity {ids}: {text}" for text, ids in self.missed_entities]
        lines += [f"  false flag {found}: {text}" for text, found in self.false_flags]
        return lines


def score(name: str, matcher: Matcher, records: Iterable[Labelled]) -> Score:
    result = Score(name)
    for record in records:
        flags = [flag for flag in matcher.screen(record.text) if flag.is_policy]
        found = {flag.category for flag in flags}
        if not record.categories:
            result.negatives += 1
            if flags:
                result.false_flags.append(
                    (record.text, sorted(f"{f.category}:{f.entry_id}" for f in flags))
                )
            for category in found:
                result.by_category[category][2] += 1
            continue
        result.positives += 1
        if not record.categories <= found:
            result.missed.append((record.text, sorted(map(str, record.categories - found))))
        for category in record.categories:
            result.by_category[category][0] += 1
            result.by_category[category][1] += category in found
        if record.entities:
            result.entity_labelled += 1
            flagged = {flag.entity_id for flag in flags}
            missing = []
            for number, ids in enumerate(record.entities):
                found_entity = bool({matcher.entity_of(entry_id) for entry_id in ids} & flagged)
                if not found_entity:
                    names = record.entity_names
                    missing.append(names[number] if names else (ids or ("?",))[0])
                if record.entity_categories:
                    counts = result.labels_by_category[record.entity_categories[number]]
                    counts[0] += 1
                    counts[1] += found_entity
            if missing:
                result.missed_entities.append((record.text, missing))
    return result
