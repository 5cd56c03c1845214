"""Recall and false-flag rate on the labelled corpus (corpus.jsonl), printed and checked.

Recall: share of positive texts in which every expected category is flagged. False-flag
rate: share of negative texts with any policy-category flag (info flags do not count).
"""

import json
from pathlib import Path

import pytest

from app.screening import Category, screen_text

CORPUS_PATH = Path(__file__).with_name("corpus.jsonl")
MIN_RECALL = 0.95
MAX_FALSE_FLAG_RATE = 0.03


def load_corpus() -> list[tuple[str, set[Category]]]:
    lines = CORPUS_PATH.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    return [(record["text"], {Category(value) for value in record["expect"]}) for record in records]


def flagged_categories(text: str) -> set[Category]:
    return {flag.category for flag in screen_text(text) if flag.is_policy}


def test_corpus_is_large_and_covers_every_category():
    corpus = load_corpus()
    positives = [expected for _, expected in corpus if expected]
    assert len(corpus) >= 260
    assert len(corpus) - len(positives) >= 100
    assert set().union(*positives) == set(Category)


def test_recall_and_false_flag_rate(capsys):
    corpus = load_corpus()
    missed, false_flags, positives, negatives = [], [], 0, 0
    for text, expected in corpus:
        found = flagged_categories(text)
        if expected:
            positives += 1
            if not expected <= found:
                missed.append((text, sorted(map(str, expected - found))))
        else:
            negatives += 1
            if found:
                false_flags.append((text, sorted(map(str, found))))
    recall = 1 - len(missed) / positives
    false_flag_rate = len(false_flags) / negatives
    report = [
        f"screening corpus: {positives} positive, {negatives} negative texts",
        f"  recall          {recall:.3f} (minimum {MIN_RECALL})",
        f"  false-flag rate {false_flag_rate:.3f} (maximum {MAX_FALSE_FLAG_RATE})",
        *(f"  missed {categories}: {text}" for text, categories in missed),
        *(f"  false flag {categories}: {text}" for text, categories in false_flags),
    ]
    with capsys.disabled():  # the figures show in every run, not only with -s
        print("\n" + "\n".join(report))
    if recall < MIN_RECALL or false_flag_rate > MAX_FALSE_FLAG_RATE:
        pytest.fail("\n".join(report))
