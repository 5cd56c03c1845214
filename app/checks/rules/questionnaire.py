"""`questionnaire`: the annual research-security questions, each with its own check.

Answers come as `{"<question>": "yes" | "no" | true | false, ...}`; a question may also be
answered with an object `{"answer": "yes", ...details}`. The executive-education question
takes the client's name in `executive_education_client` (or `client` in the object), which
is screened against the watchlist.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..case import is_affirmative
from ..context import CaseContext
from ..findings import Finding

RULE = "questionnaire"


@dataclass(frozen=True, slots=True)
class Question:
    key: str
    asks: str
    #: For the filer when the answer calls for a closer look.
    message: str
    #: For the reviewer.
    explanation: str
    #: Where the name to screen is given, when the check screens one.
    screened: str | None = None


QUESTIONS = (
    Question(
        "recommendation_letters",
        "Did you write recommendation letters for students from outside the university in a "
        "program that paid you, with letters expected in return for the payment?",
        "You wrote recommendation letters for outside students in a program that paid you. "
        "Disclose the program and the payments, and explain the arrangement.",
        "The filer writes recommendation letters for outside students in a program that paid "
        "them: a letters-for-payment arrangement the report singles out.",
    ),
    Question(
        "graduate_placement_role",
        "Do you hold an organisational or administrative role in a program that places "
        "graduates in jobs in China?",
        "You have a role in a program that places graduates in jobs in China. Disclose the "
        "program and your role.",
        "The filer has an organisational or administrative role in a program that channels "
        "graduates to jobs in China.",
    ),
    Question(
        "executive_education",
        "Do you teach in executive or professional education programs? Who is the client?",
        "The client of your executive-education teaching is on the watchlist ({names}). "
        "Disclose the engagement in full.",
        "The filer teaches executive or professional education for a client the watchlist "
        "flags ({names}).",
        screened="executive_education_client",
    ),
)


def _answer(value: Any) -> tuple[bool, Mapping[str, Any]]:
    if isinstance(value, dict):
        return is_affirmative(value.get("answer")), value
    return is_affirmative(value), {}


def check(context: CaseContext) -> Iterator[Finding]:
    answers = context.case.questionnaire
    for question in QUESTIONS:
        yes, details = _answer(answers.get(question.key))
        if not yes:
            continue
        if question.screened is None:
            yield context.finding(RULE, [], question.message, question.explanation)
            continue
        client = details.get("client", answers.get(question.screened, ""))
        flags = [flag for flag in context.screen(str(client or "")) if flag.is_policy]
        if flags:
            names = ", ".join(sorted({flag.canonical_name for flag in flags}))
            yield context.finding(
                RULE,
                [],
                question.message.format(names=names),
                question.explanation.format(names=names),
            )
