"""Recall and false-flag rate on the labelled texts, printed and checked.

corpus.jsonl is the development corpus; heldout.jsonl holds fresh texts written apart from
it and never used to tune the matcher, so its figures show how the rules generalise. Both
are printed; the thresholds apply to the two combined.

Recall: share of positive texts in which every expected category is flagged. False-flag
rate: share of negative texts with any policy-category flag (info flags do not count).
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.screening import Category, screen_text

CORPUS_PATH = Path(__file__).with_name("corpus.jsonl")
HELDOUT_PATH = Path(__file__).with_name("heldout.jsonl")
MIN_RECALL = 0.95
MAX_FALSE_FLAG_RATE = 0.03


def load_corpus(path: Path = CORPUS_PATH) -> list[tuple[str, set[Category]]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    return [(record["text"], {Category(value) for value in record["expect"]}) for record in records]


def flagged_categories(text: str) -> set[Category]:
    return {flag.category for flag in screen_text(text) if flag.is_policy}


@dataclass
class Score:
    positives: int = 0
    negatives: int = 0
    missed: list[tuple[str, list[str]]] = field(default_factory=list)
    false_flags: list[tuple[str, list[str]]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return 1 - len(self.missed) / self.positives

    @property
    def false_flag_rate(self) -> float:
        return len(self.false_flags) / self.negatives

    def add(self, other: "Score") -> "Score":
        return Score(
            self.positives + other.positives,
            self.negatives + other.negatives,
            self.missed + other.missed,
            self.false_flags + other.false_flags,
        )

    def report(self, name: str) -> list[str]:
        return [
            f"{name}: {self.positives} positive, {self.negatives} negative texts",
            f"  recall          {self.recall:.3f} (minimum {MIN_RECALL})",
            f"  false-flag rate {self.false_flag_rate:.3f} (maximum {MAX_FALSE_FLAG_RATE})",
            *(f"  missed {categories}: {text}" for text, categories in self.missed),
            *(f"  false flag {categories}: {text}" for text, categories in self.false_flags),
        ]


def score(corpus: list[tuple[str, set[Category]]]) -> Score:
    result = Score()
    for text, expected in corpus:
        found = flagged_categories(text)
        if expected:
            result.positives += 1
            if not expected <= found:
                result.missed.append((text, sorted(map(str, expected - found))))
        else:
            result.negatives += 1
            if found:
                result.false_flags.append((text, sorted(map(str, found))))
    return result


def test_corpus_is_large_and_covers_every_category():
    corpus = load_corpus()
    positives = [expected for _, expected in corpus if expected]
    assert len(corpus) >= 260
    assert len(corpus) - len(positives) >= 100
    assert set().union(*positives) == set(Category)


def test_heldout_texts_are_new_and_cover_every_category():
    corpus_texts = {text for text, _ in load_corpus()}
    heldout = load_corpus(HELDOUT_PATH)
    assert len(heldout) >= 40
    assert not corpus_texts & {text for text, _ in heldout}
    assert set().union(*(expected for _, expected in heldout)) == set(Category)


def test_recall_and_false_flag_rate(capsys):
    development, heldout = score(load_corpus()), score(load_corpus(HELDOUT_PATH))
    combined = development.add(heldout)
    report = [
        *development.report("screening corpus"),
        *heldout.report("held-out texts"),
        *combined.report("combined")[:3],
    ]
    with capsys.disabled():  # the figures show in every run, not only with -s
        print("\n" + "\n".join(report))
    if combined.recall < MIN_RECALL or combined.false_flag_rate > MAX_FALSE_FLAG_RATE:
        pytest.fail("\n".join(report))
