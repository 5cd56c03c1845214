"""Reading the decision pages as a browser would: the fields a form posts back."""

from __future__ import annotations

import html
import re

HIDDEN_INPUT = re.compile(r'<input[^>]*type="hidden"[^>]*>')
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


def hidden_fields(page: str) -> dict[str, str]:
    """Every hidden input of the page, by name (the confirmation page carries the decision
    in them)."""
    fields = {}
    for tag in HIDDEN_INPUT.findall(page):
        attributes = {name: html.unescape(value) for name, value in ATTRIBUTE.findall(tag)}
        if "name" in attributes:
            fields[attributes["name"]] = attributes.get("value", "")
    return fields


def selected_option(page: str, name: str) -> str | None:
    """The value of the option selected in the <select> of that name, if any."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    if select is None:
        return None
    option = re.search(r"<option[^>]*selected[^>]*>", select.group(1))
    if option is None:
        return None
    value = re.search(r'value="([^"]*)"', option.group(0))
    return html.unescape(value.group(1)) if value else None


def textarea(page: str, name: str) -> str | None:
    found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    return html.unescape(found.group(1)).strip() if found else None


def error_beside(page: str, name: str) -> str | None:
    """The error shown right after the field of that name (before the next field)."""
    start = page.find(f'name="{name}"')
    if start < 0:
        return None
    end = page.find('class="mb-3', start)
    found = re.search(
        r'class="invalid-feedback[^"]*">(.*?)</div>', page[start : end if end > 0 else None], re.S
    )
    return html.unescape(found.group(1)).strip() if found else None
