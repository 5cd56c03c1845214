"""The certified record: versions frozen as rows (items of every kind, contracts, flags,
findings), one flag per watchlist entry per item, and decisions on certified flags.

Existing data is carried over: every version's snapshot becomes rows, the flags that were
open when it was submitted become its flags (merged to one per entry and item), and every
flag decision moves to the certified flag it was made on, carried to later versions whose
finding is unchanged.

Revision ID: 6f9698beba8d
Revises: 04c214b83122
Create Date: 2026-12-01 20:35:00.396832
"""

from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision = "6f9698beba8d"
down_revision = "04c214b83122"
branch_labels = None
depends_on = None

KIND_TABLES = {
    "financial_interest": ("financial_interest", "version_financial_interest"),
    "outside_activity": ("outside_activity", "version_outside_activity"),
    "support": ("support_item", "version_support"),
    "outside_compensation": ("outside_compensation", "version_outside_compensation"),
    "informal_collaboration": ("informal_collaboration", "version_informal_collaboration"),
    "foreign_appointment": ("foreign_appointment", "version_foreign_appointment"),
    "sponsored_travel": ("sponsored_travel", "version_sponsored_travel"),
}
FLAG_COLUMNS = (
    "category", "severity", "entry_id", "canonical_name", "field", "matched", "start", "end",
    "source", "explanation", "watchlist_version", "raised_at",
)


def _tables(bind):
    metadata = sa.MetaData()
    metadata.reflect(bind)
    return metadata.tables


def _aware(value):
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _typed(column, value):
    """A snapshot's JSON value as the column stores it."""
    if value is None:
        return None
    if isinstance(column.type, sa.Date) and not isinstance(column.type, sa.DateTime):
        return date.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(column.type, sa.Numeric):
        return Decimal(str(value))
    if isinstance(column.type, sa.Boolean):
        return bool(value)
    return value


def upgrade() -> None:
    op.create_table('version_finding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=64), nullable=False),
    sa.Column('severity', sa.String(length=10), nullable=False),
    sa.Column('item_ids', sa.JSON(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['version_id'], ['disclosure_version.id'], name=op.f('fk_version_finding_version_id_disclosure_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_version_finding'))
    )
    with op.batch_alter_table('version_finding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_version_finding_version_id'), ['version_id'], unique=False)

    op.create_table('version_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('financial_interest', 'outside_activity', 'support', 'outside_compensation', 'informal_collaboration', 'foreign_appointment', 'sponsored_travel', name='itemkind', native_enum=False, length=30), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('organisation_name', sa.String(length=300), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('backed_by_contract', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['disclosure_item.id'], name=op.f('fk_version_item_item_id_disclosure_item')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_version_item_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['version_id'], ['disclosure_version.id'], name=op.f('fk_version_item_version_id_disclosure_version')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_version_item'))
    )
    with op.batch_alter_table('version_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_version_item_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_version_item_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_version_item_version_id'), ['version_id'], unique=False)

    op.create_table('version_financial_interest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_type', sa.Enum('public', 'private', 'non_profit', 'government', 'university', name='entitytype', native_enum=False, length=18), nullable=False),
    sa.Column('relationship_type', sa.Enum('equity', 'consulting_or_salary', 'honoraria', 'royalties_ip', 'board_seat', 'gifts', name='interestrelationship', native_enum=False, length=28), nullable=False),
    sa.Column('held_by', sa.Enum('self', 'spouse', 'dependent_child', name='heldby', native_enum=False, length=23), nullable=False),
    sa.Column('value_band', sa.Enum('0-4999', '5000-9999', '10000-19999', '20000-39999', '40000-59999', '60000-79999', '80000-99999', '100000-149999', '150000-199999', '200000-249999', '250000-299999', '300000+', name='valueband', native_enum=False, length=21), nullable=False),
    sa.Column('exact_amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), server_default='USD', nullable=False),
    sa.Column('related_to_responsibilities', sa.Boolean(), nullable=False),
    sa.Column('acquired_on', sa.Date(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['version_item.id'], name=op.f('fk_version_financial_interest_id_version_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_version_financial_interest'))
    )
    op.create_table('version_flag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_item_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('severity', sa.Enum('critical', 'high', 'elevated', 'info', name='severity', native_enum=False, length=16), nullable=False),
    sa.Column('entry_id', sa.String(length=200), nullable=False),
    sa.Column('canonical_name', sa.String(length=500), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=False),
    sa.Column('matched', sa.String(length=500), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('matches', sa.JSON(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('watchlist_version', sa.String(length=100), nullable=False),
    sa.Column('raised_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('cleared_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cleared_by_version', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['version_item_id'], ['version_item.id'], name=op.f('fk_version_flag_version_item_id_version_item')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_version_flag'))
    )
    with op.batch_alter_table('version_flag', schema=None) as batch_op:
        batch_op.create_index('ix_version_flag_category_severity', ['category', 'severity'], unique=False)
        batch_op.create_index('ix_version_flag_version_item_id_cleared_at', ['version_item_id', 'cleared_at'], unique=False)

    op.create_table('version_foreign_appointment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('appointment_type', sa.Enum('paid', 'unpaid', 'honorary', name='appointmenttype', native_enum=False, length=16), nullable=False),
    sa.Column('program_name', sa.String(length=300), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), server_default='USD', nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['version_item.id'], name=op.f('fk_version_foreign_appointment_id_version_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_version_foreign_appointment'))
    )
    op.create_table('version_informal_collaboration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('collaborator', sa.String(length=200), nullable=False),
    sa.Column('nature', sa.Enum('co_authorship', 'data_sharing', 'sample_sharing', 'equipment_sharing', 'visits', 'student_exchange', 'joint_proposal', name='collaborationnature', native_enum=False, length=25), nullable=False),
    sa.Column('shared', sa.Text(), nullable=False),
    sa.Column('since', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['id'], ['version_item.id'], name=op.f('fk_version_informal_collaboration_id_version_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_version_informal_collaboration'))
    )
    op.create_table('version_outside_activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('consultant', 'advisor', 'board_member', 'visiting_appointment', 'adjunct_appointment', 'employment', 'expert_witness', 'teaching', 'other', name='activityrole', native_enum=False, length=28), nullable=False),
    sa.Column('role_title', sa.String(length=200), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('days_per_year', sa.Numeric(precision=5, scale=1), nullable=False),
    sa.Column('compensated', sa.Boolean(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), server_default='USD', nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['version_item.id'], name=op.f('fk_version_outside_activity_id_version_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_version_outside_activity'))
    )
    op.create_table('version_outside_compensation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), server_default='USD', nullable=False),
    sa.Column('nature', sa.Enum('consulting', 'honorarium', 'speaking', 'royalties', 'expert_witness', 'other', name='compensationnature', native_enum=False, length=22), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('payer_government_funded', sa.Enum('yes', 'no', 'unknown', name='yesnounknown', native_enum=False, length=15), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['version_item.id'], name=op.f('fk_version_outside_compensation_id_version_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_version_outside_compensation'))
    )
    op.create_table('version_sponsored_travel',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('destination', sa.String(length=200), nullable=False),
    sa.Column('departs_on', sa.Date(), nullable=False),
    sa.Column('returns_on', sa.Date(), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('value', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('currency', sa.String(length=3), server_default='USD', nullable=False),
    sa.ForeignKeyConstraint(['id'], ['version_item.id'], name=op.f('fk_version_sponsored_travel_id_version_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_version_sponsored_travel'))
    )
    op.create_table('version_support',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('sponsor_type', sa.Enum('us_federal', 'us_state', 'foreign_government', 'industry', 'foundation', 'university', 'other', name='sponsortype', native_enum=False, length=26), nullable=False),
    sa.Column('award_number', sa.String(length=100), nullable=False),
    sa.Column('status', sa.Enum('current', 'pending', name='supportstatus', native_enum=False, length=15), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('total_amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('currency', sa.String(length=3), server_default='USD', nullable=False),
    sa.Column('calendar_months', sa.Numeric(precision=4, scale=2), nullable=False),
    sa.Column('academic_months', sa.Numeric(precision=4, scale=2), nullable=False),
    sa.Column('summer_months', sa.Numeric(precision=4, scale=2), nullable=False),
    sa.Column('objectives', sa.Text(), nullable=False),
    sa.Column('in_kind_description', sa.Text(), nullable=False),
    sa.Column('in_kind_value', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('overlap_statement', sa.Text(), nullable=False),
    sa.Column('place_of_performance', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['version_item.id'], name=op.f('fk_version_support_id_version_item'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_version_support'))
    )
    op.create_table('version_contract',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_item_id', sa.Integer(), nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('counterparty_id', sa.Integer(), nullable=False),
    sa.Column('counterparty_name', sa.String(length=300), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('contract_type', sa.String(length=100), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('ip_terms', sa.Text(), nullable=False),
    sa.Column('confidentiality_terms', sa.Text(), nullable=False),
    sa.Column('governing_law', sa.String(length=200), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('translation_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['contract_id'], ['contract.id'], name=op.f('fk_version_contract_contract_id_contract')),
    sa.ForeignKeyConstraint(['counterparty_id'], ['organisation.id'], name=op.f('fk_version_contract_counterparty_id_organisation')),
    sa.ForeignKeyConstraint(['document_id'], ['attachment.id'], name=op.f('fk_version_contract_document_id_attachment')),
    sa.ForeignKeyConstraint(['translation_id'], ['attachment.id'], name=op.f('fk_version_contract_translation_id_attachment')),
    sa.ForeignKeyConstraint(['version_item_id'], ['version_item.id'], name=op.f('fk_version_contract_version_item_id_version_item')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_version_contract')),
    sa.UniqueConstraint('version_item_id', name=op.f('uq_version_contract_version_item_id'))
    )
    with op.batch_alter_table('version_contract', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_version_contract_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_version_contract_counterparty_id'), ['counterparty_id'], unique=False)

    with op.batch_alter_table("disclosure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("draft_since", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("year", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("certified_version_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("item_flag", schema=None) as batch_op:
        batch_op.add_column(sa.Column("matches", sa.JSON(), nullable=True))
    with op.batch_alter_table("flag_disposition", schema=None) as batch_op:
        batch_op.add_column(sa.Column("carried_from_id", sa.Integer(), nullable=True))
        batch_op.drop_constraint("fk_flag_disposition_flag_id_item_flag", type_="foreignkey")

    _carry_over_data(op.get_bind())

    with op.batch_alter_table("disclosure", schema=None) as batch_op:
        batch_op.alter_column("year", existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f("ix_disclosure_year"), ["year"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_disclosure_certified_version_id_disclosure_version"),
            "disclosure_version",
            ["certified_version_id"],
            ["id"],
            use_alter=True,
        )
    with op.batch_alter_table("item_flag", schema=None) as batch_op:
        batch_op.alter_column("matches", existing_type=sa.JSON(), nullable=False)
    with op.batch_alter_table("flag_disposition", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_flag_disposition_flag_id_version_flag"), "version_flag", ["flag_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_flag_disposition_carried_from_id_flag_disposition"),
            "flag_disposition",
            ["carried_from_id"],
            ["id"],
        )


def _carry_over_data(bind) -> None:
    t = _tables(bind)
    disclosure, version, cycle = t["disclosure"], t["disclosure_version"], t["cycle"]
    item, item_flag, contract = t["disclosure_item"], t["item_flag"], t["contract"]
    years = dict(bind.execute(sa.select(cycle.c.id, cycle.c.year)).all())
    versions_of = defaultdict(list)
    for row in bind.execute(sa.select(version).order_by(version.c.number)).mappings():
        versions_of[row["disclosure_id"]].append(row)
    for row in bind.execute(sa.select(disclosure)).mappings():
        year = years.get(row["cycle_id"]) if row["cycle_id"] else None
        if year is None:
            year = _typed(disclosure.c.event_date, row["event_date"]).year
        latest = versions_of[row["id"]]
        editable = row["status"] in ("draft", "returned")
        bind.execute(
            disclosure.update()
            .where(disclosure.c.id == row["id"])
            .values(
                year=year,
                certified_version_id=latest[-1]["id"] if latest else None,
                draft_since=_aware(row["updated_at"]) if latest and editable else None,
            )
        )

    flags_of_item = defaultdict(list)
    for row in bind.execute(sa.select(item_flag).order_by(item_flag.c.id)).mappings():
        flags_of_item[row["item_id"]].append(row)
        mention = {k: row[k] for k in ("field", "matched", "start", "end")}
        bind.execute(item_flag.update().where(item_flag.c.id == row["id"]).values(matches=[mention]))
    _merge_open_item_flags(bind, item_flag, flags_of_item)

    organisation_of = dict(bind.execute(sa.select(item.c.id, item.c.organisation_id)).all())
    contract_of = {row["item_id"]: row for row in bind.execute(sa.select(contract)).mappings()}
    version_flags_from = defaultdict(list)  # item flag id -> [(version row, version flag id)]
    for rows in versions_of.values():
        for version_row in rows:
            submitted = _aware(version_row["submitted_at"])
            for entry in version_row["snapshot"].get("items", []):
                frozen_id = _freeze(bind, t, version_row, entry, organisation_of, contract_of)
                open_then = [
                    f
                    for f in flags_of_item.get(entry["item_id"], [])
                    if _aware(f["raised_at"]) <= submitted
                    and (f["cleared_at"] is None or _aware(f["cleared_at"]) > submitted)
                ]
                for group in _by_entry(open_then):
                    flag_id = _version_flag(bind, t["version_flag"], frozen_id, group)
                    for f in group:
                        version_flags_from[f["id"]].append((version_row, flag_id))
    _move_decisions(bind, t["flag_disposition"], version_flags_from)


def _by_entry(flags):
    groups = defaultdict(list)
    for flag in flags:
        groups[(flag["entry_id"], flag["category"])].append(flag)
    return list(groups.values())


def _merge_open_item_flags(bind, item_flag, flags_of_item) -> None:
    """One open draft flag per entry and item: the first keeps every mention."""
    for flags in flags_of_item.values():
        for group in _by_entry([f for f in flags if f["cleared_at"] is None]):
            if len(group) < 2:
                continue
            keep, *others = group
            mentions = [{k: f[k] for k in ("field", "matched", "start", "end")} for f in group]
            bind.execute(
                item_flag.update().where(item_flag.c.id == keep["id"]).values(matches=mentions)
            )
            bind.execute(
                item_flag.update()
                .where(item_flag.c.id.in_([f["id"] for f in others]))
                .values(
                    cleared_at=datetime.now(UTC),
                    cleared_by_version=f"merged into flag {keep['id']}",
                )
            )


def _freeze(bind, t, version_row, entry, organisation_of, contract_of) -> int:
    kind = entry["kind"]
    frozen = bind.execute(
        t["version_item"]
        .insert()
        .values(
            version_id=version_row["id"],
            item_id=entry["item_id"],
            kind=kind,
            organisation_id=organisation_of.get(entry["item_id"]),
            organisation_name=entry.get("organisation") or "",
            country=entry.get("country") or "",
            backed_by_contract=bool(entry.get("backed_by_contract")),
        )
    ).inserted_primary_key[0]
    table = t[KIND_TABLES[kind][1]]
    values = {
        name: _typed(table.c[name], value)
        for name, value in entry["fields"].items()
        if name in table.c
    }
    bind.execute(table.insert().values(id=frozen, **values))
    terms, live = entry.get("contract"), contract_of.get(entry["item_id"])
    if terms and live is not None:
        version_contract = t["version_contract"]
        bind.execute(
            version_contract.insert().values(
                version_item_id=frozen,
                contract_id=live["id"],
                counterparty_id=live["counterparty_id"],
                counterparty_name=terms.get("counterparty") or "",
                country=terms.get("country") or "",
                document_id=live["document_id"],
                translation_id=live["translation_id"],
                **{
                    name: _typed(version_contract.c[name], terms.get(name))
                    for name in ("contract_type", "signed_on", "ends_on", "ip_terms",
                                 "confidentiality_terms", "governing_law")
                },
            )
        )
    return frozen


def _version_flag(bind, version_flag, frozen_id, group) -> int:
    first = group[0]
    still_open = any(f["cleared_at"] is None for f in group)
    return bind.execute(
        version_flag.insert().values(
            version_item_id=frozen_id,
            matches=[{k: f[k] for k in ("field", "matched", "start", "end")} for f in group],
            cleared_at=None if still_open else max(_aware(f["cleared_at"]) for f in group),
            cleared_by_version=None if still_open else first["cleared_by_version"],
            **{name: first[name] for name in FLAG_COLUMNS},
        )
    ).inserted_primary_key[0]


def _move_decisions(bind, disposition, version_flags_from) -> None:
    """Each decision goes to the flag of the version it was made on (the latest submitted
    before it), and is carried to the same finding in every later version."""
    rows = list(bind.execute(sa.select(disposition).order_by(disposition.c.id)).mappings())
    for row in rows:
        targets = version_flags_from.get(row["flag_id"], [])
        if not targets:
            continue
        decided = _aware(row["decided_at"])
        made_on = [t for t in targets if _aware(t[0]["submitted_at"]) <= decided] or targets[:1]
        version_row, flag_id = made_on[-1]
        bind.execute(
            disposition.update().where(disposition.c.id == row["id"]).values(flag_id=flag_id)
        )
        for later_version, later_flag in targets:
            if later_version["number"] > version_row["number"]:
                bind.execute(
                    disposition.insert().values(
                        flag_id=later_flag,
                        disposition=row["disposition"],
                        reason=row["reason"],
                        decided_by_id=row["decided_by_id"],
                        decided_at=_aware(later_version["submitted_at"]),
                        carried_from_id=row["id"],
                    )
                )


def downgrade() -> None:
    bind = op.get_bind()
    t = _tables(bind)
    disposition, version_flag, version_item = (
        t["flag_disposition"], t["version_flag"], t["version_item"],
    )
    item_flag = t["item_flag"]
    with op.batch_alter_table("flag_disposition", schema=None) as batch_op:
        batch_op.drop_constraint(
            "fk_flag_disposition_carried_from_id_flag_disposition", type_="foreignkey"
        )
        batch_op.drop_constraint("fk_flag_disposition_flag_id_version_flag", type_="foreignkey")
    bind.execute(disposition.delete().where(disposition.c.carried_from_id.is_not(None)))
    lineage = {
        flag_id: (item_id, entry_id, category)
        for flag_id, item_id, entry_id, category in bind.execute(
            sa.select(
                version_flag.c.id, version_item.c.item_id, version_flag.c.entry_id,
                version_flag.c.category,
            ).join(version_item, version_item.c.id == version_flag.c.version_item_id)
        )
    }
    first_item_flag = {}
    for flag_id, item_id, entry_id, category in bind.execute(
        sa.select(item_flag.c.id, item_flag.c.item_id, item_flag.c.entry_id, item_flag.c.category)
        .order_by(item_flag.c.id)
    ):
        first_item_flag.setdefault((item_id, entry_id, category), flag_id)
    for row_id, flag_id in bind.execute(sa.select(disposition.c.id, disposition.c.flag_id)).all():
        target = first_item_flag.get(lineage.get(flag_id))
        if target is None:
            bind.execute(disposition.delete().where(disposition.c.id == row_id))
        else:
            bind.execute(
                disposition.update().where(disposition.c.id == row_id).values(flag_id=target)
            )
    with op.batch_alter_table("flag_disposition", schema=None) as batch_op:
        batch_op.create_foreign_key(
            "fk_flag_disposition_flag_id_item_flag", "item_flag", ["flag_id"], ["id"]
        )
        batch_op.drop_column("carried_from_id")
    with op.batch_alter_table("item_flag", schema=None) as batch_op:
        batch_op.drop_column("matches")
    with op.batch_alter_table("disclosure", schema=None) as batch_op:
        batch_op.drop_constraint(
            "fk_disclosure_certified_version_id_disclosure_version", type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_disclosure_year"))
        batch_op.drop_column("certified_version_id")
        batch_op.drop_column("year")
        batch_op.drop_column("draft_since")

    with op.batch_alter_table('version_contract', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_version_contract_counterparty_id'))
        batch_op.drop_index(batch_op.f('ix_version_contract_contract_id'))

    op.drop_table('version_contract')
    op.drop_table('version_support')
    op.drop_table('version_sponsored_travel')
    op.drop_table('version_outside_compensation')
    op.drop_table('version_outside_activity')
    op.drop_table('version_informal_collaboration')
    op.drop_table('version_foreign_appointment')
    with op.batch_alter_table('version_flag', schema=None) as batch_op:
        batch_op.drop_index('ix_version_flag_version_item_id_cleared_at')
        batch_op.drop_index('ix_version_flag_category_severity')

    op.drop_table('version_flag')
    op.drop_table('version_financial_interest')
    with op.batch_alter_table('version_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_version_item_version_id'))
        batch_op.drop_index(batch_op.f('ix_version_item_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_version_item_item_id'))

    op.drop_table('version_item')
    with op.batch_alter_table('version_finding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_version_finding_version_id'))

    op.drop_table('version_finding')
