"""Whatever a line holds, `checks evaluate` answers it with findings or an error naming the
field, and goes on to the next: no case can stop the run."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from app.checks import default_settings
from app.checks.case import CHOICES, DATE_FIELDS, KIND_SPECS, MONEY_FIELDS, NUMBER_FIELDS
from app.checks.cli import evaluate_lines
from tests.checks.builders import RATES

ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            "",
            "yes",
            "no",
            "1e999999",
            "-0",
            "NaN",
            "2026-02-30",
            "2026-06-01",
            "Thousand Talents Plan",
            "华为",
            "\u0000",
            "current",
            "paid",
            "public",
        ]
    ),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=3),
)
FIELDS = sorted(
    {spec.organisation for spec in KIND_SPECS.values()}
    | DATE_FIELDS
    | MONEY_FIELDS
    | NUMBER_FIELDS
    | CHOICES.keys()
    | {
        "currency",
        "talent_program",
        "resources_provided",
        "person_months",
        "contract",
        "organisation_id",
        "country",
        "payer_country",
        "sponsor_country",
    }
)
ITEMS = st.fixed_dictionaries(
    {"kind": st.sampled_from([*KIND_SPECS, "gift", None])},
    optional=dict.fromkeys(FIELDS, ODD_VALUES),
)
CASES = st.fixed_dictionaries(
    {"id": st.one_of(st.none(), st.integers(), st.text(max_size=5))},
    optional={
        "as_of": st.one_of(st.just("2026-11-30"), ODD_VALUES),
        "talent_program_answer": st.one_of(st.sampled_from(["yes", "no"]), ODD_VALUES),
        "questionnaire": st.one_of(st.dictionaries(st.text(max_size=30), ODD_VALUES), ODD_VALUES),
        "rates": st.one_of(
            st.dictionaries(st.sampled_from(["CNY", "EUR"]), ODD_VALUES), ODD_VALUES
        ),
        "items": st.one_of(st.lists(ITEMS, max_size=4), ODD_VALUES),
        "previous_items": st.one_of(st.lists(ITEMS, max_size=2), ODD_VALUES),
    },
)


@settings(max_examples=150, deadline=None)
@given(st.lists(CASES, min_size=1, max_size=3))
def test_every_line_gets_an_answer_and_none_stops_the_run(cases):
    lines = [json.dumps(case, default=str) for case in cases]
    results = list(evaluate_lines(lines, default_settings(), RATES, None))
    assert len(results) == len(cases)
    for result in results:
        assert set(result) in ({"id", "findings"}, {"id", "line", "error"})
        json.dumps(result)
