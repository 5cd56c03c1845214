"""The frozen held-out set (heldout_frozen/), scored by entity, with the built-in watchlist
alone and with both official lists imported.

The set was written by someone who never saw the watchlist or the matcher, and it is never
edited (see its README); entity_map.json only says which watchlist entries name each
labelled organisation. The figures are printed in every run. The issue's goals (with the
lists imported: recall at least 0.97 by entity, false-flag rate at most 0.02) are checked
as stated; the built-in-only run must stay at or above what it measured when the set was
frozen.
"""

import hashlib
import json
from pathlib import Path

import pytest

from app.screening import Category
from tests.screening.scoring import Labelled, score
from tests.screening.test_corpus import builtin_matcher, matcher_with_official_lists

FROZEN = Path(__file__).with_name("heldout_frozen")
HELDOUT = FROZEN / "screening_heldout.jsonl"
ENTITY_MAP = FROZEN / "entity_map.json"
#: The set as it was received; a different digest means someone edited it.
HELDOUT_SHA256 = "a9d0da5ed11a9e31419398b6f9911ef9b9c1a9ea210219ac37ab1953c0106170"
GOAL_RECALL = 0.97
GOAL_FALSE_FLAG_RATE = 0.02


def frozen_set() -> list[Labelled]:
    mapping = json.loads(ENTITY_MAP.read_text(encoding="utf-8"))["labels"]
    records = []
    for line in HELDOUT.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        records.append(
            Labelled(
                data["text"],
                frozenset(Category(c) for c in data["categories"]),
                tuple(tuple(mapping[name]) for name in data["entities"]),
                tuple(Category(c) for c in data["categories"]),
                tuple(data["entities"]),
            )
        )
    return records


def test_the_frozen_set_is_unchanged_and_every_label_is_mapped():
    assert hashlib.sha256(HELDOUT.read_bytes()).hexdigest() == HELDOUT_SHA256
    mapping = json.loads(ENTITY_MAP.read_text(encoding="utf-8"))["labels"]
    labels = {name for record in frozen_set() for name in record.entity_names}
    assert labels == set(mapping)


#: The first measurement of main before issue 16 (MEASUREMENTS.md): recall by entity,
#: false-flag rate. Neither run may fall below it.
TODAY = {"built-in": (136 / 165, 5 / 73), "with-lists": (147 / 165, 6 / 73)}
RUNS = {"built-in": builtin_matcher, "with-lists": matcher_with_official_lists}


@pytest.mark.parametrize("run", list(RUNS))
def test_frozen_heldout_by_entity_no_worse_than_before(run, capsys):
    result = score(f"{run}: frozen held-out set", RUNS[run](), frozen_set())
    report = "\n".join(result.report())
    with capsys.disabled():  # the figures show in every run
        print("\n" + report)
    min_recall, max_false_flag_rate = TODAY[run]
    assert result.entity_recall >= min_recall, report
    assert result.false_flag_rate <= max_false_flag_rate, report


@pytest.mark.xfail(strict=True, reason="the issue's goals are not met yet: see MEASUREMENTS.md")
def test_frozen_heldout_meets_the_goals_with_the_official_lists():
    result = score("with-lists", matcher_with_official_lists(), frozen_set())
    assert result.entity_recall >= GOAL_RECALL
    assert result.false_flag_rate <= GOAL_FALSE_FLAG_RATE
