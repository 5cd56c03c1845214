"""Fold text so that spelling variants of a name become one string, keeping offsets.

Both the watchlist aliases and the screened text go through the same folding: Unicode NFKC
(full-width forms become ASCII), case folding, diacritics and pinyin tone marks removed,
traditional Chinese characters mapped to simplified ones, apostrophes dropped ("Xi'an" ->
"xian", possessive "'s" -> a break), "&" -> "and", and every other run of punctuation,
hyphens, line breaks or spaces folded into one space. A space is also put between Chinese
and Latin script, so Latin words have a boundary on both sides.

The folded text is padded with one space at each end: a Latin alias padded the same way
then only matches whole words. `normalize` also returns, for every folded character, the
span of the original text it came from, so matches can be reported in original offsets.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from opencc import OpenCC

_APOSTROPHES = frozenset("'`\u2018\u2019\u02bc\u00b4\uff07")
_ASCII_POSSESSIVE = re.compile(r"['`]s(?![a-z0-9])")
_ASCII_NON_WORD = re.compile(r"[^a-z0-9]+")
_ASCII_PIECES = re.compile(
    r"(?P<word>[a-z0-9]+)|(?P<possessive>['`]s(?![a-z0-9]))|(?P<apostrophe>['`])"
    r"|(?P<ampersand>&)|(?P<other>[^a-z0-9'`&]+)"
)
_to_simplified = OpenCC("t2s").convert


def is_cjk(char: str) -> bool:
    """Chinese, Japanese kana and Korean syllables: scripts written without spaces."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x3040 <= code <= 0x30FF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2FFFF
    )


@lru_cache(maxsize=65536)
def _fold_char(char: str) -> str:
    """Fold one character: word characters stay (folded), '&' stays, the rest becomes ' '."""
    folded = unicodedata.normalize("NFKC", char).casefold()
    folded = unicodedata.normalize("NFD", folded)
    out = []
    for part in folded:
        if unicodedata.combining(part):
            continue  # tone marks and accents: "Qiānrén" -> "qianren"
        if is_cjk(part):
            simplified = _to_simplified(part)
            out.append(simplified if len(simplified) == 1 else part)
        elif part.isalnum() or part == "&":
            out.append(part)
        else:
            out.append(" ")
    return "".join(out)


def _is_word_char(char: str) -> bool:
    return any(part.isalnum() for part in _fold_char(char))


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """Folded text plus, for each folded character, the original span it came from."""

    text: str
    starts: list[int]
    ends: list[int]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the folded slice text[start:end] (non-empty, no padding)."""
        return self.starts[start], self.ends[end - 1]


class _Builder:
    def __init__(self) -> None:
        self.chars: list[str] = [" "]
        self.starts: list[int] = [0]
        self.ends: list[int] = [0]

    def space(self, start: int, end: int) -> None:
        if self.chars[-1] != " ":
            self.chars.append(" ")
            self.starts.append(start)
            self.ends.append(end)

    def char(self, char: str, index: int) -> None:
        last = self.chars[-1]
        if last != " " and is_cjk(last) != is_cjk(char):
            self.space(index, index)  # zero-width break between Chinese and Latin script
        self.chars.append(char)
        self.starts.append(index)
        self.ends.append(index + 1)

    def extend_last(self, end: int) -> None:
        """Let the last character cover a dropped combining mark that followed it."""
        if self.chars[-1] != " ":
            self.ends[-1] = end


def _normalize_ascii(text: str) -> NormalizedText:
    """`normalize` for ASCII text: the same result, several times faster, by runs of
    characters instead of one character at a time."""
    chars, starts, ends = [" "], [0], [0]

    def space(start: int, end: int) -> None:
        if chars[-1] != " ":
            chars.append(" ")
            starts.append(start)
            ends.append(end)

    for match in _ASCII_PIECES.finditer(text.lower()):
        start, end = match.span()
        kind = match.lastgroup
        if kind == "word":
            chars.append(match.group())
            starts.extend(range(start, end))
            ends.extend(range(start + 1, end + 1))
        elif kind == "ampersand":
            space(start, end)
            chars.extend("and ")  # the space after "and" spans the "&" as well
            starts.extend([start] * 4)
            ends.extend([end] * 4)
        elif kind == "possessive":
            space(start, end)
        elif kind == "other":
            space(start, start + 1)  # a run of punctuation and spaces
    space(len(text), len(text))
    return NormalizedText("".join(chars), starts, ends)


def normalize(text: str) -> NormalizedText:
    """Fold `text` (see module docstring) and keep the offset map back to it."""
    if text.isascii():
        return _normalize_ascii(text)
    return _normalize_general(text)


def _normalize_general(text: str) -> NormalizedText:
    out = _Builder()
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char in _APOSTROPHES:
            following = text[index + 1] if index + 1 < length else ""
            if _fold_char(following) == "s" and (
                index + 2 >= length or not _is_word_char(text[index + 2])
            ):
                out.space(index, index + 2)  # possessive: "Huawei's lab" -> "huawei lab"
                index += 2
                continue
            index += 1  # inside a word: "Xi'an" -> "xian"
            continue
        folded = _fold_char(char)
        if not folded:
            out.extend_last(index + 1)
        for part in folded:
            if part == " ":
                out.space(index, index + 1)
            elif part == "&":
                out.space(index, index + 1)
                for letter in "and":
                    out.char(letter, index)
                out.space(index, index + 1)
            else:
                out.char(part, index)
        index += 1
    out.space(length, length)
    return NormalizedText("".join(out.chars), out.starts, out.ends)


def normalize_text(text: str) -> str:
    """The folded, padded text of `normalize(text)`, fast for ASCII input."""
    if not text.isascii():
        return _normalize_general(text).text
    folded = _ASCII_POSSESSIVE.sub(" ", text.lower()).replace("'", "").replace("`", "")
    folded = _ASCII_NON_WORD.sub(" ", folded.replace("&", " and ")).strip()
    return f" {folded} " if folded else " "


def normalize_phrase(text: str) -> str:
    """Folded text without padding, for aliases and context phrases."""
    return normalize_text(text).strip()
