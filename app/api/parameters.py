"""Reading query parameters strictly: anything malformed is a 400 problem naming it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, request

from app.api.problems import ApiProblem
from app.api.queries import Page

DEFAULT_PAGE_SIZE = 50
LARGEST_PAGE_SIZE = 100
#: Far beyond any real directory, and small enough that no database overflows an offset.
LAST_PAGE = 1_000_000
LONGEST_SEARCH = 200
#: Plain decimal digits only: "1e9", "+1", " 2" and "0x10" are refused, not reinterpreted.
WHOLE_NUMBER = re.compile(r"[0-9]{1,7}")


def _whole_number(name: str, default: int, largest: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not WHOLE_NUMBER.fullmatch(raw) or not 1 <= int(raw) <= largest:
        raise ApiProblem(
            400,
            f"{name} must be a whole number from 1 to {largest}.",
            errors=[{"parameter": name, "detail": f"a whole number from 1 to {largest}"}],
        )
    return int(raw)


def page_from_args() -> Page:
    return Page(
        _whole_number("page", 1, LAST_PAGE),
        _whole_number("per_page", DEFAULT_PAGE_SIZE, LARGEST_PAGE_SIZE),
    )


def search_from_args() -> str:
    search = request.args.get("q", "")
    if len(search) > LONGEST_SEARCH:
        raise ApiProblem(
            400,
            f"q must be at most {LONGEST_SEARCH} characters.",
            errors=[{"parameter": "q", "detail": f"at most {LONGEST_SEARCH} characters"}],
        )
    return search


View = TypeVar("View", bound=Callable[..., Any])


def query_parameters(*names: str) -> Callable[[View], View]:
    """Declare the query parameters a route reads; `refuse_unknown_parameters` refuses
    any other (a misspelt `per-page` would otherwise be silently ignored)."""

    def decorate(view: View) -> View:
        view.query_parameters = frozenset(names)  # type: ignore[attr-defined]
        return view

    return decorate


def refuse_unknown_parameters() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    allowed = getattr(view, "query_parameters", frozenset())
    unknown = sorted(name for name in request.args if name not in allowed)
    if unknown:
        raise ApiProblem(
            400,
            "Unknown query parameter(s): " + ", ".join(repr(name) for name in unknown[:5]) + ".",
            errors=[
                {"parameter": name, "detail": "not a parameter of this address"}
                for name in unknown[:20]
            ],
        )
