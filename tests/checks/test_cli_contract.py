"""`flask --app app checks evaluate`: exactly the contract the issue states."""

from __future__ import annotations

import json

from app.screening.flags import Category, Severity
from app.screening.watchlist_operations import add_local_entry
from tests.checks.builders import activity, case, compensation
from tests.factories import make_person

FATIMA = case(
    compensation(
        "浙江省千人计划办公室",
        "500000",
        currency="CNY",
        payer_country="CN",
        talent_program="Thousand Talents Plan",
    ),
    id="fatima",
    answer="no",
    rates={"CNY": 7.1},
)


def evaluate(app, text: str, *args: str):
    return app.test_cli_runner().invoke(args=["checks", "evaluate", *args], input=text)


def test_one_line_per_case_with_exactly_the_contract_fields(app, db):
    result = evaluate(app, json.dumps(FATIMA) + "\n" + json.dumps(case(id=2)) + "\n")
    assert result.exit_code == 0
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert set(first) == {"id", "findings"} and first["id"] == "fatima"
    assert all(set(f) == {"rule", "severity", "items", "message"} for f in first["findings"])
    rules = [f["rule"] for f in first["findings"]]
    assert rules[:2] == ["talent_answer_contradicted", "sfi_threshold"]
    assert first["findings"][0] == {
        "rule": "talent_answer_contradicted",
        "severity": "warn",
        "items": [0],
        "message": first["findings"][0]["message"],
    }
    assert second == {"id": 2, "findings": []}


def test_malformed_lines_and_cases_are_reported_in_place(app, db):
    missing_payer = case({"kind": "compensation", "amount": "5"}, id="no-payer")
    lines = [
        json.dumps(case(activity("Acme", 50), id="a")),
        "{not json",
        "",
        "[1, 2]",
        json.dumps(missing_payer),
        json.dumps({**case(id="b"), "unknown": {"deep": [1]}}),
    ]
    result = evaluate(app, "\n".join(lines) + "\n")
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", None, None, "no-payer", "b"]
    assert out[0]["findings"][0]["rule"] == "outside_days_limit"
    assert out[1]["line"] == 2 and out[1]["error"].startswith("not valid JSON")
    assert out[2] == {"id": None, "line": 4, "error": "expected an object (one case)"}
    assert out[3] == {"id": "no-payer", "line": 5, "error": "items[0].payer: missing"}
    assert out[4] == {"id": "b", "findings": []}


def test_input_file_option_and_a_case_without_an_id(app, db, tmp_path):
    path = tmp_path / "cases.jsonl"
    no_id = {key: value for key, value in case().items() if key != "id"}
    path.write_text(json.dumps(no_id) + "\n", encoding="utf-8")
    result = evaluate(app, "", "--input", str(path))
    assert json.loads(result.stdout) == {"id": None, "line": 1, "error": "id: missing"}


def test_screening_uses_the_watchlist_in_use_as_the_app_does(app, db):
    coi = make_person()
    add_local_entry(
        "Matrix Scholars Program", [], Category.TALENT_PROGRAM, Severity.HIGH, "CN", "Test", coi.id
    )
    record = case(activity("Matrix Scholars Program", 5, country="CN"), answer="no")
    [result] = evaluate(app, json.dumps(record)).stdout.splitlines()
    assert [f["rule"] for f in json.loads(result)["findings"]] == ["talent_answer_contradicted"]
