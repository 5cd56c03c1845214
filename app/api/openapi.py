"""The OpenAPI 3.1 document of API v1, written as data.

tests/api/test_schemathesis.py runs schemathesis against the app with this document, so
a route or a shape that drifts from what is declared here fails the suite.
"""

from __future__ import annotations

from typing import Any

from app.api.parameters import DEFAULT_PAGE_SIZE, LARGEST_PAGE_SIZE, LAST_PAGE, LONGEST_SEARCH
from app.api.roster_rows import LARGEST_BATCH, LONGEST
from app.api.scopes import Scope
from app.disclosures.enums import DisclosureKind, DisclosureStatus
from app.people.roles import Role
from app.review.models import Disposition
from app.screening.flags import Severity

PROBLEM = "application/problem+json"
LARGEST_ID = 2**31 - 1


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _values(enum_class: Any) -> list[str]:
    return [member.value for member in enum_class]


def _problems(*statuses: int) -> dict[str, Any]:
    """Problem responses: those named, plus what any request may meet."""
    every = (400, 401, 429, 500, 503)
    return {
        str(status): {"$ref": f"#/components/responses/Problem{status}"}
        for status in sorted({*statuses, *every})
    }


def _ok(schema: str, description: str) -> dict[str, Any]:
    return {
        "200": {
            "description": description,
            "content": {"application/json": {"schema": _ref(schema)}},
        }
    }


#: Bearer schemes have no scopes in OpenAPI; each operation names its scope in words.
BEARER = [{"bearerToken": []}]


PAGE_PARAMETERS = [
    {
        "name": "page",
        "in": "query",
        "description": "Page number, from 1.",
        "schema": {"type": "integer", "minimum": 1, "maximum": LAST_PAGE, "default": 1},
    },
    {
        "name": "per_page",
        "in": "query",
        "description": "Items per page.",
        "schema": {
            "type": "integer",
            "minimum": 1,
            "maximum": LARGEST_PAGE_SIZE,
            "default": DEFAULT_PAGE_SIZE,
        },
    },
]
PERSON_ID = {
    "name": "person_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": LARGEST_ID},
}

SCHEMAS: dict[str, Any] = {
    "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details.",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "instance": {"type": "string"},
            "errors": {
                "type": "array",
                "description": "What was wrong: a query parameter, or a row and its field.",
                "items": {
                    "type": "object",
                    "required": ["detail"],
                    "properties": {
                        "parameter": {"type": "string"},
                        "row": _nullable({"type": "integer", "minimum": 1}),
                        "field": {"type": "string"},
                        "detail": {"type": "string"},
                    },
                },
            },
        },
    },
    "Person": {
        "type": "object",
        "required": ["id", "email", "name", "active", "department", "roles"],
        "properties": {
            "id": {"type": "integer"},
            "email": {"type": "string"},
            "name": {"type": "string"},
            "active": {"type": "boolean"},
            "department": _nullable(
                {
                    "type": "object",
                    "required": ["code", "name"],
                    "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
                }
            ),
            "roles": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["role", "department_code"],
                    "properties": {
                        "role": {"type": "string", "enum": _values(Role)},
                        "department_code": _nullable({"type": "string"}),
                    },
                },
            },
        },
    },
    "PersonPage": {
        "type": "object",
        "required": ["items", "page", "per_page", "total"],
        "properties": {
            "items": {"type": "array", "items": _ref("Person")},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "total": {"type": "integer"},
        },
    },
    "CertifiedItem": {
        "type": "object",
        "description": "One item as certified, from the version's frozen rows.",
        "required": ["item_id", "kind", "organisation", "country", "fields"],
        "properties": {
            "item_id": {"type": "integer"},
            "kind": {"type": "string"},
            "organisation": {"type": "string"},
            "country": _nullable({"type": "string"}),
            "backed_by_contract": {"type": "boolean"},
            "fields": {"type": "object", "description": "The kind's own fields."},
            "contract": {"type": "object"},
        },
    },
    "CertifiedDisclosure": {
        "type": "object",
        "description": "The latest submitted version of one disclosure.",
        "required": [
            "disclosure_id",
            "title",
            "kind",
            "status",
            "version",
            "submitted_at",
            "certified_by",
            "items",
        ],
        "properties": {
            "disclosure_id": {"type": "integer"},
            "title": {"type": "string"},
            "kind": {"type": "string", "enum": _values(DisclosureKind)},
            "cycle_year": _nullable({"type": "integer"}),
            "event_date": _nullable({"type": "string", "format": "date"}),
            "status": {"type": "string", "enum": _values(DisclosureStatus)},
            "version": {"type": "integer", "minimum": 1},
            "submitted_at": {"type": "string", "format": "date-time"},
            "certified_by": {"type": "string", "description": "The name the filer typed."},
            "certification": {"type": "string"},
            "talent_program_answer": _nullable({"type": "string"}),
            "talent_program_details": {"type": "string"},
            "items": {"type": "array", "items": _ref("CertifiedItem")},
        },
    },
    "CertifiedSummary": {
        "type": "object",
        "required": ["person_id", "disclosures"],
        "properties": {
            "person_id": {"type": "integer"},
            "disclosures": {"type": "array", "items": _ref("CertifiedDisclosure")},
        },
    },
    "Flag": {
        "type": "object",
        "required": ["id", "person_id", "disclosure_id", "item_id", "severity", "raised_at"],
        "properties": {
            "id": {"type": "integer"},
            "person_id": {"type": "integer"},
            "disclosure_id": {"type": "integer"},
            "item_id": {"type": "integer"},
            "field": {"type": "string"},
            "fields": {"type": "array", "items": {"type": "string"}},
            "category": {"type": "string"},
            "severity": {"type": "string", "enum": _values(Severity)},
            "matched": {"type": "string"},
            "entry_id": {"type": "string"},
            "canonical_name": {"type": "string"},
            "source": {"type": "string"},
            "explanation": {"type": "string"},
            "watchlist_version": {"type": "string"},
            "raised_at": {"type": "string", "format": "date-time"},
            "disposition": _nullable(
                {
                    "type": "object",
                    "required": ["disposition", "decided_at"],
                    "properties": {
                        "disposition": {"type": "string", "enum": _values(Disposition)},
                        "decided_at": {"type": "string", "format": "date-time"},
                    },
                }
            ),
        },
    },
    "PersonFlags": {
        "type": "object",
        "required": ["person_id", "flags"],
        "properties": {
            "person_id": {"type": "integer"},
            "flags": {"type": "array", "items": _ref("Flag")},
        },
    },
    "FlagPage": {
        "type": "object",
        "required": ["items", "page", "per_page", "total"],
        "properties": {
            "items": {"type": "array", "items": _ref("Flag")},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "total": {"type": "integer"},
        },
    },
    "RosterRow": {
        "type": "object",
        "description": "The columns of the CSV roster (see `import-roster`).",
        "required": ["email", "name", "department_code", "roles"],
        "additionalProperties": False,
        "properties": {
            "email": {"type": "string", "maxLength": LONGEST["email"]},
            "name": {"type": "string", "maxLength": LONGEST["name"]},
            "department_code": {"type": "string", "maxLength": LONGEST["department_code"]},
            "department_name": {
                "type": "string",
                "maxLength": LONGEST["department_name"],
                "description": "Needed when the department is new.",
            },
            "roles": {
                "type": "array",
                "description": "Roles to add (never removed): "
                + ", ".join(_values(Role))
                + "; department_head:CODE heads another department.",
                "items": {"type": "string"},
            },
        },
    },
    "RosterRequest": {
        "type": "object",
        "required": ["rows"],
        "properties": {
            "rows": {
                "type": "array",
                "minItems": 1,
                "maxItems": LARGEST_BATCH,
                "items": _ref("RosterRow"),
            }
        },
    },
    "RosterResult": {
        "type": "object",
        "required": ["created", "updated", "unchanged"],
        "properties": {
            "created": {"type": "integer"},
            "updated": {"type": "integer"},
            "unchanged": {"type": "integer"},
        },
    },
}

RESPONSES = {
    f"Problem{status}": {
        "description": description,
        "content": {PROBLEM: {"schema": _ref("Problem")}},
    }
    for status, description in {
        400: "Malformed request: an unknown or malformed query parameter, or a body that "
        "is not JSON.",
        401: "No token, or a token that is unknown, expired, revoked or whose owner left.",
        403: "The token lacks the scope, or its owner's roles do not allow this.",
        404: "No such person.",
        413: "The body is larger than the server accepts.",
        415: "The body is not JSON.",
        422: "Rows that break the rules; nothing was saved.",
        429: "Too many requests for this token.",
        500: "Unexpected error; nothing was saved.",
        503: "The database could not answer; nothing was changed.",
    }.items()
}


def _get(
    summary: str, scope: Scope, schema: str, parameters: list[dict[str, Any]], *problems: int
) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "description": f"Needs the `{scope.value}` scope.",
            "security": BEARER,
            "parameters": parameters,
            "responses": {**_ok(schema, summary), **_problems(*problems)},
        }
    }


PATHS: dict[str, Any] = {
    "/api/v1/people": _get(
        "People, by name, with search and paging",
        Scope.PEOPLE_READ,
        "PersonPage",
        [
            {
                "name": "q",
                "in": "query",
                "description": "Part of a name or email address (any case).",
                "schema": {"type": "string", "maxLength": LONGEST_SEARCH},
            },
            *PAGE_PARAMETERS,
        ],
        400,
        403,
    ),
    "/api/v1/people/{person_id}": _get(
        "One person", Scope.PEOPLE_READ, "Person", [PERSON_ID], 403, 404
    ),
    "/api/v1/people/{person_id}/disclosures": _get(
        "What the person certified: the latest submitted version of each disclosure the "
        "token's owner may see",
        Scope.DISCLOSURES_READ,
        "CertifiedSummary",
        [PERSON_ID],
        403,
        404,
    ),
    "/api/v1/people/{person_id}/flags": _get(
        "Open flags on the person's submitted disclosures that the token's owner may see",
        Scope.FLAGS_READ,
        "PersonFlags",
        [PERSON_ID],
        403,
        404,
    ),
    "/api/v1/flags": _get(
        "Every open flag of the institution (a COI office token), most serious first",
        Scope.FLAGS_READ,
        "FlagPage",
        PAGE_PARAMETERS,
        400,
        403,
    ),
    "/api/v1/roster": {
        "post": {
            "summary": "Create and update people, departments and roles from roster rows",
            "description": f"Needs the `{Scope.ROSTER_WRITE.value}` scope. All or nothing: "
            "one bad row refuses the request, and every error names its row and field.",
            "security": BEARER,
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref("RosterRequest")}},
            },
            "responses": {
                **_ok("RosterResult", "What the rows changed"),
                **_problems(400, 403, 413, 415, 422),
            },
        }
    },
}


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Candor API",
            "version": "1",
            "description": "People, certified disclosures, open flags and roster rows for "
            "grants and HR systems. Authenticate with a personal access token made by an "
            "administrator at /admin/tokens: `Authorization: Bearer <token>`. A token acts "
            "as that administrator, limited to its scopes.",
        },
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "responses": RESPONSES,
            "securitySchemes": {"bearerToken": {"type": "http", "scheme": "bearer"}},
        },
    }
