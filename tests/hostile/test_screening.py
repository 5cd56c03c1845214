"""Screening any text: it never raises, and every flag points at what it matched."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.screening import screen_fields, screen_text
from tests.hostile.strategies import (
    HOSTILE,
    WATCHLISTED,
    hostile_text,
    long_hostile_text,
)


def assert_flags_point_at_their_match(text: str) -> None:
    for flag in screen_text(text):
        assert 0 <= flag.start < flag.end <= len(text), flag
        assert text[flag.start : flag.end] == flag.matched, flag


@settings(HOSTILE, max_examples=200)
@given(hostile_text(max_pieces=20))
def test_any_text_screens_without_error(text):
    assert_flags_point_at_their_match(text)


@settings(HOSTILE, max_examples=100)
@given(hostile_text(), st.sampled_from(WATCHLISTED), hostile_text())
def test_a_watchlisted_name_in_hostile_surroundings(before, name, after):
    assert_flags_point_at_their_match(before + name + after)


@settings(HOSTILE, max_examples=100)
@given(hostile_text(), st.sampled_from(WATCHLISTED), hostile_text())
def test_a_name_set_apart_by_spaces_is_still_found(before, name, after):
    text = f"{before} {name} {after}"
    start = len(before) + 1
    end = start + len(name)
    flags = screen_text(text)
    assert any(flag.start <= start and end <= flag.end for flag in flags), flags


@settings(HOSTILE, max_examples=20)
@given(long_hostile_text())
def test_ten_thousand_characters_screen_without_error(text):
    assert len(text) == 10_000
    assert_flags_point_at_their_match(text)


@settings(HOSTILE, max_examples=20)
@given(st.dictionaries(st.sampled_from(["title", "description", "shared"]), hostile_text()))
def test_screening_fields_reports_each_flag_in_its_own_field(fields):
    for name, flag in screen_fields(fields):
        assert fields[name][flag.start : flag.end] == flag.matched
