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
from functools import lru_cache

from opencc import OpenCC

_APOSTROPHES = frozenset("'`\u2018\u2019\u02bc\u00b4\uff07")
_ASCII_POSSESSIVE = re.compile(r"['`]s(?![a-z0-9])")
_ASCII_NON_WORD = re.compile(r"[^a-z0-9]+")
_ASCII_WORD = re.compile(r"[a-z0-9]+")
_PLAIN_ASCII_RUN = re.compile(r"[\x00-\x25\x28-\x5f\x61-\x7f]+")  # ASCII but & ' `
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


class NormalizedText:
    """Folded text plus, for each folded character, the original span it came from.

    Text folded word by word (plain ASCII, the usual case) keeps only where each word is in
    the original: `original_span` needs no more, and the per-character lists `starts` and
    `ends` are only built if asked for.
    """

    __slots__ = ("_ends", "_length", "_starts", "_word_spans", "text")

    def __init__(
        self,
        text: str,
        starts: list[int] | None,
        ends: list[int] | None,
        word_spans: list[tuple[int, int]] | None = None,
        length: int = 0,
    ) -> None:
        """Either the per-character lists, or (None, None and) where each folded word is in
        an original of `length` characters, for text that is its words joined by single
        spaces and padded with one at each end."""
        self.text = text
        self._starts, self._ends = starts, ends
        self._word_spans, self._length = word_spans or [], length

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            self._starts, self._ends = self._build_lists()
        return self._starts

    @property
    def ends(self) -> list[int]:
        if self._ends is None:
            self._starts, self._ends = self._build_lists()
        return self._ends

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the folded slice text[start:end] (non-empty, no padding)."""
        if self._starts is not None and self._ends is not None:
            return self._starts[start], self._ends[end - 1]
        return self._word_position(start), self._word_position(end - 1) + 1

    def _word_position(self, index: int) -> int:
        """Original offset of the folded letter at `index`, from the word it is in."""
        word = self.text.count(" ", 0, index) - 1
        word_start = self.text.rfind(" ", 0, index) + 1
        return self._word_spans[word][0] + index - word_start

    def _build_lists(self) -> tuple[list[int], list[int]]:
        starts, ends = [0], [0]
        for start, end in self._word_spans:
            starts += range(start, end + 1)  # the word, then the space after it...
            ends += range(start + 1, end + 2)
        if len(ends) > 1 and ends[-1] > self._length:
            starts[-1] = ends[-1] = self._length  # ...which at the end of the text is empty
        return starts, ends

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalizedText):
            return NotImplemented
        return (self.text, self.starts, self.ends) == (other.text, other.starts, other.ends)

    __hash__ = None  # type: ignore[assignment]  # compared by value, but not immutable

    def __repr__(self) -> str:
        return f"NormalizedText({self.text!r}, {self.starts!r}, {self.ends!r})"


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

    def ascii_run(self, run: str, offset: int) -> None:
        """Append text[offset:offset + len(run)], ASCII without apostrophes or "&", a word at
        a time: the result of `char` and `space` on each of its characters, only faster."""
        position = 0
        for match in _ASCII_WORD.finditer(run.lower()):
            start, end = match.span()
            if start > position:
                self.space(offset + position, offset + position + 1)
            elif self.chars[-1] != " " and is_cjk(self.chars[-1]):
                self.space(offset, offset)  # zero-width break between Chinese and Latin
            self.chars.extend(match.group())
            self.starts.extend(range(offset + start, offset + end))
            self.ends.extend(range(offset + start + 1, offset + end + 1))
            position = end
        if position < len(run):
            self.space(offset + position, offset + position + 1)

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


def _normalize_plain_ascii(text: str) -> NormalizedText:
    """`normalize` for ASCII text without apostrophes or ampersands, the usual case: the
    folded text is its words joined by single spaces, and their places are the whole map."""
    lower = text.lower()
    spans = [match.span() for match in _ASCII_WORD.finditer(lower)]
    words = " ".join([lower[start:end] for start, end in spans])
    return NormalizedText(f" {words} " if spans else " ", None, None, spans, len(text))


def normalize(text: str) -> NormalizedText:
    """Fold `text` (see module docstring) and keep the offset map back to it."""
    if text.isascii():
        if "'" in text or "`" in text or "&" in text:
            return _normalize_ascii(text)
        return _normalize_plain_ascii(text)
    return _normalize_general(text, by_runs=True)


def _normalize_general(text: str, by_runs: bool = False) -> NormalizedText:
    """`normalize` one character at a time; `by_runs` takes runs of plain ASCII (most of a
    mixed English and Chinese text) a word at a time, with the same result."""
    out = _Builder()
    index, length = 0, len(text)
    while index < length:
        if by_runs and (run := _PLAIN_ASCII_RUN.match(text, index)):
            out.ascii_run(run.group(), index)
            index = run.end()
            continue
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
        return _normalize_general(text, by_runs=True).text
    folded = _ASCII_POSSESSIVE.sub(" ", text.lower()).replace("'", "").replace("`", "")
    folded = _ASCII_NON_WORD.sub(" ", folded.replace("&", " and ")).strip()
    return f" {folded} " if folded else " "


def normalize_phrase(text: str) -> str:
    """Folded text without padding, for aliases and context phrases."""
    return normalize_text(text).strip()
