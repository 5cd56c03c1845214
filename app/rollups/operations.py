"""Exporting a rollup: gather the rows, build the workbook, record who exported what."""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO

from flask import current_app

from app.audit.operations import record
from app.clock import local_today
from app.database import utcnow
from app.people.models import Person
from app.rollups.queries import Scope, contract_rows, rollup_rows, severity_labels
from reports.contracts_register import write_contracts_register
from reports.rollup import write_rollup
from reports.rows import ContractsRegister, Rollup
from reports.sheets import SheetShape

#: Who the workbook says generated it when no person did (the CLI run by an operator).
SYSTEM_ACTOR = "Candor command line (system)"


class RollupKind(StrEnum):
    DEPARTMENT = "department"
    INSTITUTION = "institution"
    CONTRACTS = "contracts"

    @property
    def label(self) -> str:
        return {
            RollupKind.DEPARTMENT: "Department rollup",
            RollupKind.INSTITUTION: "Institution rollup",
            RollupKind.CONTRACTS: "Contracts register",
        }[self]


@dataclass(frozen=True)
class Export:
    kind: RollupKind
    #: None for the contracts register, which spans every cycle.
    scope: Scope | None

    @property
    def summary(self) -> str:
        if self.scope is None:
            return self.kind.label
        return f"{self.kind.label}: {self.scope.label}, {self.scope.cycle.year}"

    @property
    def filename(self) -> str:
        """A download name that is safe in any header: ASCII letters, digits, - and ."""
        if self.scope is None:
            stem = "contracts-register"
        elif self.scope.department is None:
            stem = f"institution-rollup-{self.scope.cycle.year}"
        else:
            stem = f"rollup-{self.scope.department.code}-{self.scope.cycle.year}"
        safe = "".join(c if c.isascii() and (c.isalnum() or c in "-.") else "-" for c in stem)
        return f"candor-{safe.strip('-.') or 'rollup'}.xlsx"


def department_export(scope: Scope) -> Export:
    return Export(RollupKind.DEPARTMENT if scope.department else RollupKind.INSTITUTION, scope)


def contracts_export() -> Export:
    return Export(RollupKind.CONTRACTS, None)


def write_export(
    export: Export, actor: Person | None, destination: IO[bytes] | Path
) -> list[SheetShape]:
    """Build the workbook into `destination` and record the export (flushed, not committed)."""
    generated_by = f"{actor.full_name} <{actor.email}>" if actor is not None else SYSTEM_ACTOR
    base_url = current_app.config["BASE_URL"]
    if export.scope is None:
        shapes = write_contracts_register(
            ContractsRegister(utcnow(), generated_by, contract_rows(base_url)), destination
        )
    else:
        rows = rollup_rows(export.scope, local_today(), base_url)
        shapes = write_rollup(
            Rollup(
                scope=export.scope.label,
                cycle=str(export.scope.cycle.year),
                generated_at=utcnow(),
                generated_by=generated_by,
                counts=rows.counts,
                severities=severity_labels(),
                flags_by_category=rows.flags_by_category,
                certified=rows.certified,
                filing=rows.filing,
                kinds=rows.kinds,
                flags=rows.flags,
                contracts=rows.contracts,
                plans=rows.plans,
                checks=rows.checks,
                departments=rows.departments,
            ),
            destination,
        )
    _record_export(export, actor)
    return shapes


def export_rollup(export: Export, actor: Person | None, path: Path) -> list[SheetShape]:
    """Write the workbook to `path` atomically: a crash leaves the old file or none.

    The workbook is built under a temporary name in the same directory (so the rename
    stays on one file system) and renamed over `path` only once it is complete.
    """
    handle, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".partial"
    )
    try:
        with os.fdopen(handle, "wb") as stream:
            shapes = write_export(export, actor, stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return shapes


def _record_export(export: Export, actor: Person | None) -> None:
    scope = export.scope
    if scope is None:
        object_type, object_id = "contracts_register", "all"
    elif scope.department is None:
        object_type, object_id = "cycle", scope.cycle.id
    else:
        object_type, object_id = "department", scope.department.id
    record(
        f"rollup.export.{export.kind.value}",
        actor=actor,
        object_type=object_type,
        object_id=object_id,
        summary=f"Exported the {export.summary}",
        after={
            "kind": export.kind.value,
            "year": scope.cycle.year if scope else None,
            "department": scope.department.code if scope and scope.department else None,
            "filename": export.filename,
        },
    )
