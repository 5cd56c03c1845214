"""schemathesis against the running app, with a valid token: every operation of the
OpenAPI document, with data that fits it and data that does not.

Each response must not be a server error, must carry a status the document declares,
with the declared content type and a body matching the declared schema; data that breaks
the document must be refused (a 4xx), and so must the same request sent without the token
or with a made-up one (schemathesis's ignored_auth check). Real records (a person with a
submitted, flagged disclosure) are requested too, so shapes are checked on real data.
"""

from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import OpenAPIV31SpecValidator, validate
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from app.api.openapi import PATHS, openapi_document
from app.disclosures.enums import ItemKind
from app.people.roles import Role
from tests.api.conftest import bearer, make_token
from tests.factories import make_disclosure, make_item, make_person, make_submitted

CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = {GenerationMode.POSITIVE: 30, GenerationMode.NEGATIVE: 30}


@pytest.fixture()
def world(db):
    """A COI-office administrator's token and a faculty member with a flagged, submitted
    disclosure."""
    filer = make_person(Role.FACULTY)
    disclosure = make_disclosure(filer)
    make_item(disclosure, ItemKind.OUTSIDE_COMPENSATION, organisation="Huawei", country="CN")
    make_submitted(disclosure)
    return make_token(make_person(Role.ADMIN, Role.COI_OFFICE)), filer


OPERATIONS = [(method.upper(), path) for path, item in PATHS.items() for method in item]


def exercise(operation, mode: GenerationMode, client, headers) -> None:
    checks = [*CONFORMANCE, negative_data_rejection if mode.is_negative else ignored_auth]

    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        database=None,
        # The database fixture is shared by the examples on purpose: roster rows that one
        # example writes are there for the next, as they would be in production.
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def one_case(case) -> None:
        case.headers = {**(case.headers or {}), **headers}
        response = case.call(session=client)
        case.validate_response(response, checks=checks)

    one_case()


def test_the_document_describes_exactly_the_apps_api_routes(app):
    routes = {
        (method, re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.") and rule.endpoint != "api.openapi"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes == set(OPERATIONS)
    described = schemathesis.openapi.from_dict(openapi_document())
    assert len(list(described.get_all_operations())) == len(OPERATIONS)


def test_the_document_is_valid_openapi_3_1():
    validate(openapi_document(), cls=OpenAPIV31SpecValidator)


@pytest.mark.parametrize("mode", list(GenerationMode), ids=str)
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_schemathesis_finds_no_failure(app, world, method, path, mode):
    issued, filer = world
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema[path][method]
    client, headers = app.test_client(), bearer(issued)
    exercise(operation, mode, client, headers)
    if "person_id" in path:
        case = operation.Case(path_parameters={"person_id": filer.id})
        response = case.call(session=client, headers=headers)
        assert response.status_code == 200
        case.validate_response(response, checks=CONFORMANCE)
