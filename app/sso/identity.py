"""What an identity provider says about someone, read through the configured mapping.

Pure: no Flask, no database. SAML attributes and OpenID Connect claims both arrive as a
name -> value(s) mapping; the institution decides which names carry the account, the
name and the department.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Protocol(StrEnum):
    SAML = "saml"
    OIDC = "oidc"

    @property
    def label(self) -> str:
        return PROTOCOL_LABELS[self]


PROTOCOL_LABELS = {Protocol.SAML: "SAML", Protocol.OIDC: "OpenID Connect"}


@dataclass(frozen=True)
class AttributeMapping:
    #: Tried in order; the first value that names a known person signs them in.
    account: tuple[str, ...]
    name: str
    department: str

    @classmethod
    def from_setting(cls, account: str, name: str, department: str) -> AttributeMapping:
        names = tuple(part.strip() for part in account.split(",") if part.strip())
        return cls(account=names, name=name.strip(), department=department.strip())


@dataclass(frozen=True)
class Identity:
    protocol: Protocol
    #: The identity provider (SAML entity ID or OpenID Connect issuer).
    issuer: str
    #: The provider's identifier for the person (NameID or `sub`).
    subject: str
    #: Candidate email addresses, lower-case, in the mapping's order, without repeats.
    emails: tuple[str, ...]
    full_name: str
    department_code: str

    @property
    def label(self) -> str:
        """Who this is, for the audit trail: the first account value, else the subject."""
        return self.emails[0] if self.emails else self.subject


def values_of(attributes: Mapping[str, object], name: str) -> list[str]:
    """An attribute's values as stripped strings; SAML gives lists, OIDC single values."""
    value = attributes.get(name)
    if value is None:
        return []
    items: Iterable[object] = value if isinstance(value, list | tuple) else [value]
    return [str(item).strip() for item in items if str(item).strip()]


def looks_like_email(value: str) -> bool:
    local, at, domain = value.partition("@")
    return bool(local and at and "." in domain and " " not in value)


def identity_from_attributes(
    protocol: Protocol,
    issuer: str,
    subject: str,
    attributes: Mapping[str, object],
    mapping: AttributeMapping,
) -> Identity:
    emails: list[str] = []
    for name in mapping.account:
        for value in values_of(attributes, name):
            email = value.lower()
            if looks_like_email(email) and email not in emails:
                emails.append(email)
    names = values_of(attributes, mapping.name) if mapping.name else []
    departments = values_of(attributes, mapping.department) if mapping.department else []
    return Identity(
        protocol=protocol,
        issuer=issuer,
        subject=subject,
        emails=tuple(emails),
        full_name=" ".join(names[0].split()) if names else "",
        department_code=departments[0].upper() if departments else "",
    )
