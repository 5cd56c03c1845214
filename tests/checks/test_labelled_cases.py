"""The labelled set, written independently from the issue text (see
labelled_cases_README.md), run through the `checks evaluate` contract: precision and recall
per rule, which must be 1.0. A finding counts as right only with its rule, severity and
items all as labelled."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from app.checks.settings import RULE_IDS

CASES = Path(__file__).parent / "labelled_cases.jsonl"

#: Cases left out because their label contradicts the issue text, with the reason. The
#: cases file itself is never edited.
EXCLUDED: dict[str, str] = {}

Key = tuple[str, str, tuple[int, ...]]


def findings_of(entries: list[dict]) -> Counter[Key]:
    return Counter((f["rule"], f["severity"], tuple(f["items"])) for f in entries)


def test_labelled_cases_precision_and_recall_per_rule(app, db, capsys):
    lines = CASES.read_text(encoding="utf-8").splitlines()
    cases = [json.loads(line) for line in lines]
    result = app.test_cli_runner().invoke(args=["checks", "evaluate"], input="\n".join(lines))
    assert result.exit_code == 0
    outputs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in outputs] == [c["id"] for c in cases]

    true, false_positive, false_negative = Counter(), Counter(), Counter()
    wrong: list[str] = []
    for labelled, output in zip(cases, outputs, strict=True):
        if labelled["id"] in EXCLUDED:
            continue
        expected = findings_of(labelled["expected"])
        found = findings_of(output.get("findings", []))
        for key in expected | found:
            hit = min(expected[key], found[key])
            true[key[0]] += hit
            false_negative[key[0]] += expected[key] - hit
            false_positive[key[0]] += found[key] - hit
        if expected != found or "error" in output:
            wrong.append(
                f"{labelled['id']}: expected {sorted(expected.elements())}, "
                f"got {sorted(found.elements())} {output.get('error', '')}"
            )

    rules = [*RULE_IDS, *sorted((set(true) | set(false_positive)) - set(RULE_IDS))]
    with capsys.disabled():
        print(f"\nLabelled checks: {len(cases) - len(EXCLUDED)} cases ({len(EXCLUDED)} excluded)")
        print(f"{'rule':34} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>7}")
        for rule in rules:
            tp, fp, fn = true[rule], false_positive[rule], false_negative[rule]
            if not tp + fp + fn:
                print(f"{rule:34} {tp:4} {fp:4} {fn:4}   (no labelled finding; none produced)")
                continue
            precision = tp / (tp + fp) if tp + fp else 1.0
            recall = tp / (tp + fn) if tp + fn else 1.0
            print(f"{rule:34} {tp:4} {fp:4} {fn:4} {precision:9.3f} {recall:7.3f}")
        for line in wrong:
            print("  " + line)
    if wrong:
        pytest.fail(f"{len(wrong)} labelled cases differ; precision or recall under 1.0")
