"""The red lines as data: which findings cross which rule (pure)."""

from __future__ import annotations

from app.engagements.enums import EngagementKind as K
from app.engagements.red_lines import RED_LINES, Subject, crossings
from app.screening import screen_text


def findings(subject: Subject, text: str) -> list[dict]:
    return [{**f.to_dict(), "subject": subject.value, "text": text} for f in screen_text(text)]


def rule_ids(kind, *pairs) -> list[str]:
    found = [finding for subject, text in pairs for finding in findings(subject, text)]
    return [crossing.rule.rule_id for crossing in crossings(kind, found)]


def test_every_rule_explains_itself():
    assert len({rule.rule_id for rule in RED_LINES}) == len(RED_LINES)
    for rule in RED_LINES:
        assert rule.reason.endswith(".") and rule.title and rule.categories and rule.subjects


def test_defense_university_partner():
    ids = rule_ids(K.RESEARCH_COLLABORATION, (Subject.PARTNER, "Harbin Institute of Technology"))
    assert ids == ["defense-university"]


def test_1286_university_of_lower_severity_is_reviewed_not_forbidden():
    assert rule_ids(K.RESEARCH_COLLABORATION, (Subject.PARTNER, "Fudan University")) == []


def test_civilian_university_crosses_nothing():
    assert rule_ids(K.RESEARCH_COLLABORATION, (Subject.PARTNER, "Zhejiang University")) == []


def test_military_company_and_xinjiang():
    assert rule_ids(K.SPONSORED_RESEARCH, (Subject.PARTNER, "Huawei Technologies")) == [
        "military-company"
    ]
    assert set(rule_ids(K.SPONSORED_RESEARCH, (Subject.PARTNER, "Hikvision"))) <= {
        "military-company",
        "human-rights-suppression",
    }
    assert rule_ids(K.SPONSORED_RESEARCH, (Subject.PARTNER, "Hikvision"))


def test_visitor_current_employer_but_not_earlier_affiliation():
    nudt = "National University of Defense Technology"
    assert rule_ids(K.VISITING_RESEARCHER, (Subject.VISITOR_EMPLOYER, nudt)) == [
        "visitor-military-employer"
    ]
    assert rule_ids(K.VISITING_RESEARCHER, (Subject.VISITOR_PRIOR, nudt)) == []


def test_executive_education_client_names_the_specific_rule():
    assert rule_ids(K.EXECUTIVE_EDUCATION, (Subject.PARTNER, "Huawei Technologies")) == [
        "executive-education-client"
    ]


def test_talent_program_anywhere_but_earlier_affiliations():
    assert rule_ids(K.CONSULTING, (Subject.PERSON, "Thousand Talents Plan")) == ["talent-program"]
    assert rule_ids(K.CONSULTING, (Subject.PARTNER, "Thousand Talents Plan")) == ["talent-program"]
