"""Template filters for showing disclosure data in words."""

from __future__ import annotations

from flask import Flask

from app.disclosures.enums import ItemKind
from forms.choices import country_name

#: Field names whose automatic label would read badly.
FIELD_LABELS = {
    "relationship_type": "Relationship",
    "related_to_responsibilities": "Related to institutional responsibilities",
    "payer_government_funded": "Payer government-funded",
    "ip_terms": "IP terms",
    "talent_program_answer": "Talent program answer",
    "talent_program_details": "Talent program details",
    "shared": "What is shared",
}


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name) or name.replace("_", " ").capitalize()


def kind_label(value: str) -> str:
    return ItemKind(value).label if value in ItemKind._value2member_map_ else value


def register_filters(app: Flask) -> None:
    app.add_template_filter(field_label, "field_label")
    app.add_template_filter(kind_label, "kind_label")
    app.add_template_filter(country_name, "country_name")
