"""Recall and false-flag rate on the labelled texts, twice: the built-in watchlist alone, and
with both official lists imported (as the README advises for production), printed by
category in every run and checked.

corpus.jsonl is the development corpus; heldout.jsonl holds texts written apart from it
(its positives also name the entity they expect, so it is scored by entity too). The frozen
held-out set, written by someone who never saw the watchlist, is scored in
test_heldout_frozen.py.
"""

from functools import cache
from pathlib import Path

import pytest

from app.screening import Category, Matcher, load_builtin_watchlist
from app.screening.official_lists import parse_dod1260h, parse_dod1286
from tests.screening.official_data import DOD1260H_NAME, DOD1286_NAME, list_or_sample
from tests.screening.scoring import Labelled, load_labelled, score

CORPUS_PATH = Path(__file__).with_name("corpus.jsonl")
HELDOUT_PATH = Path(__file__).with_name("heldout.jsonl")
MIN_RECALL = 0.95
MAX_FALSE_FLAG_RATE = 0.03


@cache
def builtin_matcher() -> Matcher:
    watchlist = load_builtin_watchlist()
    return Matcher.build(watchlist.entries, watchlist.version, watchlist.contexts)


@cache
def matcher_with_official_lists() -> Matcher:
    """Built-in plus the full 1260H and 1286 lists (their samples where absent)."""
    watchlist = load_builtin_watchlist()
    imported = [
        *parse_dod1260h(list_or_sample(DOD1260H_NAME)),
        *parse_dod1286(list_or_sample(DOD1286_NAME)),
    ]
    return Matcher.build([*watchlist.entries, *imported], "with-lists", watchlist.contexts)


def load_corpus(path: Path = CORPUS_PATH) -> list[Labelled]:
    return load_labelled(path)


def test_corpus_is_large_and_covers_every_category():
    corpus = load_corpus()
    positives = [record.categories for record in corpus if record.categories]
    assert len(corpus) >= 260
    assert len(corpus) - len(positives) >= 100
    assert set().union(*positives) == set(Category)


def test_heldout_texts_are_new_cover_every_category_and_name_their_entities():
    corpus_texts = {record.text for record in load_corpus()}
    heldout = load_corpus(HELDOUT_PATH)
    assert len(heldout) >= 40
    assert not corpus_texts & {record.text for record in heldout}
    assert set().union(*(record.categories for record in heldout)) == set(Category)
    assert all(record.entities for record in heldout if record.categories)


@pytest.mark.parametrize(
    "run", [builtin_matcher, matcher_with_official_lists], ids=["built-in", "with-lists"]
)
def test_recall_and_false_flag_rate(run, capsys):
    matcher = run()
    corpus = load_corpus()
    heldout = load_corpus(HELDOUT_PATH)
    scores = [
        score(f"{run.__name__}: screening corpus", matcher, corpus),
        score(f"{run.__name__}: held-out texts", matcher, heldout),
    ]
    combined = score(f"{run.__name__}: combined", matcher, corpus + heldout)
    report = [line for result in scores for line in result.report()]
    report += combined.report()[:4]
    with capsys.disabled():  # the figures show in every run, not only with -s
        print("\n" + "\n".join(report))
    assert combined.recall >= MIN_RECALL, "\n".join(report)
    assert combined.false_flag_rate <= MAX_FALSE_FLAG_RATE, "\n".join(report)
    assert scores[1].entity_recall >= MIN_RECALL, "\n".join(report)
