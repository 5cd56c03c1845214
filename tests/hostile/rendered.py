"""Reading back what a page shows, with a real HTML parser: if a value was not escaped,
the parser sees markup instead of the value, and the comparison fails."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markupsafe import escape

#: A `javascript:` URL where a browser would follow or load it.
SCRIPT_URL = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)


class _FieldReader(HTMLParser):
    def __init__(self, field_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.field_id = field_id
        self.values: list[str] = []
        self._textarea: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id") != self.field_id:
            return
        if tag == "input":
            self.values.append(attributes.get("value") or "")
        elif tag == "textarea":
            self._textarea = []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            text = "".join(self._textarea)
            # HTML drops one line break right after <textarea> (WTForms writes one).
            self.values.append(text.removeprefix("\r\n") if text.startswith("\r\n") else text)
            self._textarea = None


def field_value(html: str, field_id: str) -> str:
    """The value a form field shows, as the browser would read it."""
    reader = _FieldReader(field_id)
    reader.feed(html)
    reader.close()
    assert len(reader.values) == 1, f"{len(reader.values)} fields with id {field_id!r}"
    return reader.values[0]


def shows_text(html: str, text: str) -> bool:
    """The text is in the page as text (escaped the way Jinja escapes)."""
    return str(escape(text)) in html


def assert_inert(html: str, payload: str) -> None:
    """The payload is shown as text: escaped, never as markup, never as a script URL."""
    escaped = str(escape(payload))
    if escaped != payload:
        assert payload not in html, "the payload is in the page unescaped"
    assert escaped in html, "the payload is not shown at all"
    assert not SCRIPT_URL.search(html), "a javascript: URL is in a link or a source"


class _ElementText(HTMLParser):
    def __init__(self, class_name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.class_name = class_name
        self.depth = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += 1
        elif self.class_name in (dict(attrs).get("class") or "").split():
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.chunks.append(data)


def element_text(html: str, class_name: str) -> str:
    """The text inside the first element of this class, tags removed."""
    reader = _ElementText(class_name)
    reader.feed(html)
    reader.close()
    return "".join(reader.chunks)
