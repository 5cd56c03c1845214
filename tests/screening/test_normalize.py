import random

import pytest

from app.screening.normalize import (
    _normalize_general,
    normalize,
    normalize_phrase,
    normalize_text,
)


def full_width(text: str) -> str:
    """The ASCII letters of `text` as full-width forms, as typed with a CJK input method."""
    return "".join(chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char for char in text)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Harbin Institute", "harbin institute"),  # case folding
        (
            full_width("HIT") + "\u3000" + full_width("Harbin"),
            "hit harbin",
        ),  # full-width letters and ideographic space
        ("Thousand-Talents\u2014Plan", "thousand talents plan"),  # hyphen and dash
        ("Thousand\r\n  Talents\tPlan", "thousand talents plan"),  # line breaks, repeats
        ("\u201cThousand Talents\u201d", "thousand talents"),  # curly double quotes
        ("Xi\u2019an Jiaotong", "xian jiaotong"),  # curly apostrophe inside a word
        ("Huawei\u2019s lab", "huawei lab"),  # possessive
        ("S&T Key Lab", "s and t key lab"),  # ampersand
        ("Qiānrén Jìhuà", "qianren jihua"),  # pinyin tone marks
        ("Qia\u0304nre\u0301n", "qianren"),  # separate combining marks
        ("千人計劃", "千人计划"),  # traditional to simplified
        ("哈爾濱工業大學", "哈尔滨工业大学"),
        ("在HIT工作", "在 hit 工作"),  # a break between Chinese and Latin script
        ("...", ""),
    ],
)
def test_folding_rules(text, folded):
    assert normalize_phrase(text) == folded


def test_folded_text_is_padded_so_latin_words_have_boundaries():
    assert normalize_text("BIT") == " bit "
    assert normalize_text("") == " "


@pytest.mark.parametrize(
    "text",
    [
        "Visiting " + full_width("HIT") + "\u2019s lab",
        "長江學者 at Harbin",
        "Qia\u0304nre\u0301n & co",
        "a  b\n\nc",
    ],
)
def test_offsets_point_back_into_the_original_text(text):
    normalized = normalize(text)
    assert len(normalized.starts) == len(normalized.ends) == len(normalized.text)
    for index, char in enumerate(normalized.text):
        if char != " ":
            start, end = normalized.original_span(index, index + 1)
            assert normalize_phrase(text[start:end]) == char or char in "and"


def test_a_folded_word_maps_to_the_word_as_written():
    text = "Adjunct at " + full_width("HARBIN") + " Institute, 2019"
    normalized = normalize(text)
    start = normalized.text.index("harbin institute")
    span = normalized.original_span(start, start + len("harbin institute"))
    assert text[span[0] : span[1]] == full_width("HARBIN") + " Institute"


def test_combining_marks_stay_inside_the_span_of_their_letter():
    text = "Qia\u0304nren"
    normalized = normalize(text)
    assert normalized.original_span(1, 8) == (0, len(text))


def test_fast_ascii_path_agrees_with_the_general_one():
    alphabet = "abXY09 '`&s-.,\n\tS"
    rng = random.Random(4)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert normalize(text) == _normalize_general(text), text
        assert normalize_text(text) == normalize(text).text


def test_plain_ascii_path_agrees_with_the_general_one():
    alphabet = "abXY09 -.,;()\n\t"  # no apostrophes or ampersands: the word-at-a-time path
    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        assert normalize(text) == _normalize_general(text), text


def test_mixed_text_taken_by_runs_agrees_with_one_character_at_a_time():
    alphabet = ["ab", "XY", "09", " ", "'", "`", "&", "s", "-", "\n", "哈", "學", "\u0304", "é"]
    alphabet.append("\uff28")  # a full-width H
    rng = random.Random(6)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert normalize(text) == _normalize_general(text), text


def test_word_by_word_map_gives_the_same_spans_as_the_full_lists():
    alphabet = "abXY09 -.,;\n"
    rng = random.Random(7)
    for _ in range(1000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        full = _normalize_general(text)
        for start, char in enumerate(full.text):
            if char == " ":
                continue
            end = full.text.find(" ", start)
            lazy = normalize(text)  # fresh: its lists are not built yet
            assert lazy.original_span(start, end) == full.original_span(start, end), text
