"""Reading an identity provider's attributes through the mapping (pure)."""

from __future__ import annotations

from app.sso.identity import AttributeMapping, Protocol, identity_from_attributes

SAML_DEFAULT = AttributeMapping.from_setting(
    "eduPersonPrincipalName, mail", "displayName", "departmentNumber"
)


def read(attributes, mapping=SAML_DEFAULT):
    return identity_from_attributes(Protocol.SAML, "https://idp", "nid", attributes, mapping)


def test_account_candidates_keep_the_mapping_order_folded_and_without_repeats():
    identity = read(
        {
            "eduPersonPrincipalName": ["JZ12@Uni.edu"],
            "mail": ["Jane.Zhou@uni.edu", "jz12@uni.edu"],
            "displayName": ["  Jane   Zhou "],
            "departmentNumber": ["phys", "chem"],
        }
    )
    assert identity.emails == ("jz12@uni.edu", "jane.zhou@uni.edu")
    assert identity.full_name == "Jane Zhou"
    assert identity.department_code == "PHYS"
    assert identity.label == "jz12@uni.edu"


def test_values_that_are_not_addresses_are_not_accounts():
    identity = read({"eduPersonPrincipalName": ["jz12"], "mail": ["not an@address"]})
    assert identity.emails == ()
    assert identity.label == "nid"
    assert identity.full_name == ""
    assert identity.department_code == ""


def test_single_valued_claims_and_a_custom_mapping():
    mapping = AttributeMapping.from_setting("upn,email", "given", "")
    identity = read({"email": "a@b.edu", "given": "Ann", "department": "X"}, mapping)
    assert identity.emails == ("a@b.edu",)
    assert identity.full_name == "Ann"
    assert identity.department_code == ""
