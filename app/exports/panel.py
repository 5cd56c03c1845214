"""What a disclosure page and a faculty dashboard show of the federal outputs: the filer's
projects, and the agency files they may download from what they certified."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.auth.permissions import can_download_certificate, can_export_support_of
from app.clock import local_today
from app.disclosures.enums import DisclosureKind
from app.disclosures.models import Disclosure
from app.exports.certificates import certificate_refusal
from app.people.models import Person
from app.projects.models import SponsoredProject
from app.projects.queries import projects_of, role_on
from app.training.queries import Readiness, readiness_of


@dataclass
class OutputsPanel:
    person: Person
    #: The filer's projects with their role on each.
    projects: list[tuple[SponsoredProject, str]] = field(default_factory=list)
    may_export_support: bool = False
    #: The disclosure the certificate would rest on (annual and certified), and why not.
    certificate_disclosure: Disclosure | None = None
    certificate_refusal: str | None = None
    #: Training standing and readiness to propose (shown on the person's dashboard).
    readiness: Readiness | None = None


def outputs_panel(
    viewer: Person, person: Person, disclosure: Disclosure | None = None
) -> OutputsPanel:
    panel = OutputsPanel(
        person,
        projects=[(project, role_on(project, person)) for project in projects_of(person)],
        may_export_support=can_export_support_of(viewer, person),
        readiness=readiness_of([person], local_today())[0],
    )
    if (
        disclosure is not None
        and disclosure.kind is DisclosureKind.ANNUAL
        and disclosure.certified_version_id is not None
        and can_download_certificate(viewer, disclosure)
    ):
        panel.certificate_disclosure = disclosure
        panel.certificate_refusal = certificate_refusal(disclosure)
    return panel
