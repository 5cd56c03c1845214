"""Filing: cycles, disclosures, items of seven kinds, contracts, attachments,
organisations, delegation and screening flags.

Revision ID: 3841371fde0c
Revises: 91ddd28314a1
Create Date: 2026-11-29 04:45:46.062100
"""

import sqlalchemy as sa
from alembic import op

revision = "3841371fde0c"
down_revision = "91ddd28314a1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("match_key", sa.String(length=300), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column(
            "org_type",
            sa.Enum(
                "company",
                "university",
                "government",
                "non_profit",
                "foundation",
                "hospital",
                "other",
                name="organisationtype",
                native_enum=False,
                length=18,
            ),
            nullable=False,
        ),
        sa.Column("verified", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"],
            ["organisation.id"],
            name=op.f("fk_organisation_merged_into_id_organisation"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
    )
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisation_match_key"), ["match_key"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_organisation_merged_into_id"), ["merged_into_id"], unique=False
        )

    op.create_table(
        "cycle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_id"], ["person.id"], name=op.f("fk_cycle_opened_by_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cycle")),
        sa.UniqueConstraint("year", name=op.f("uq_cycle_year")),
    )
    op.create_table(
        "delegation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("delegate_id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["delegate_id"], ["person.id"], name=op.f("fk_delegation_delegate_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["person.id"], name=op.f("fk_delegation_owner_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegation")),
    )
    with op.batch_alter_table("delegation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_delegation_delegate_id"), ["delegate_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_delegation_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "disclosure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("annual", "event", name="disclosurekind", native_enum=False, length=14),
            nullable=False,
        ),
        sa.Column("cycle_id", sa.Integer(), nullable=True),
        sa.Column("event_date", sa.Date(), nullable=True),
        sa.Column("event_summary", sa.Text(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "submitted",
                "under_review",
                "returned",
                "approved",
                name="disclosurestatus",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "talent_program_answer",
            sa.Enum("yes", "no", "unknown", name="yesnounknown", native_enum=False, length=15),
            nullable=True,
        ),
        sa.Column("talent_program_details", sa.Text(), nullable=False),
        sa.Column("amending", sa.Boolean(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["cycle_id"], ["cycle.id"], name=op.f("fk_disclosure_cycle_id_cycle")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_disclosure_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure")),
        sa.UniqueConstraint("person_id", "cycle_id", name=op.f("uq_disclosure_person_id_cycle_id")),
    )
    with op.batch_alter_table("disclosure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_disclosure_cycle_id"), ["cycle_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_disclosure_person_id"), ["person_id"], unique=False)

    op.create_table(
        "disclosure_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("disclosure_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "financial_interest",
                "outside_activity",
                "support",
                "outside_compensation",
                "informal_collaboration",
                "foreign_appointment",
                "sponsored_travel",
                name="itemkind",
                native_enum=False,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("backed_by_contract", sa.Boolean(), nullable=False),
        sa.Column("carried_forward_from_id", sa.Integer(), nullable=True),
        sa.Column(
            "carry_forward",
            sa.Enum(
                "none", "pending", "confirmed", name="carryforward", native_enum=False, length=17
            ),
            nullable=False,
        ),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["carried_forward_from_id"],
            ["disclosure_item.id"],
            name=op.f("fk_disclosure_item_carried_forward_from_id_disclosure_item"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["person.id"], name=op.f("fk_disclosure_item_created_by_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["disclosure_id"],
            ["disclosure.id"],
            name=op.f("fk_disclosure_item_disclosure_id_disclosure"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_disclosure_item_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["person.id"], name=op.f("fk_disclosure_item_updated_by_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure_item")),
    )
    with op.batch_alter_table("disclosure_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_disclosure_item_disclosure_id"), ["disclosure_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_disclosure_item_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "disclosure_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("disclosure_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=False),
        sa.Column("certification", sa.Text(), nullable=False),
        sa.Column("typed_name", sa.String(length=200), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["disclosure_id"],
            ["disclosure.id"],
            name=op.f("fk_disclosure_version_disclosure_id_disclosure"),
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"],
            ["person.id"],
            name=op.f("fk_disclosure_version_submitted_by_id_person"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure_version")),
        sa.UniqueConstraint(
            "disclosure_id", "number", name=op.f("uq_disclosure_version_disclosure_id_number")
        ),
    )
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("disclosure_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column(
            "purpose",
            sa.Enum(
                "contract",
                "translation",
                "award_letter",
                "other",
                name="attachmentpurpose",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("original_filename", sa.String(length=255), nullable=False),
        sa.Column("stored_name", sa.String(length=64), nullable=False),
        sa.Column("content_type", sa.String(length=127), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=False),
        sa.Column(
            "uploaded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["disclosure_id"],
            ["disclosure.id"],
            name=op.f("fk_attachment_disclosure_id_disclosure"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["disclosure_item.id"], name=op.f("fk_attachment_item_id_disclosure_item")
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["person.id"], name=op.f("fk_attachment_uploaded_by_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_attachment_stored_name")),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attachment_disclosure_id"), ["disclosure_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_attachment_item_id"), ["item_id"], unique=False)
        batch_op.create_index("ix_attachment_sha256", ["sha256"], unique=False)

    op.create_table(
        "financial_interest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "entity_type",
            sa.Enum(
                "public",
                "private",
                "non_profit",
                "government",
                "university",
                name="entitytype",
                native_enum=False,
                length=18,
            ),
            nullable=False,
        ),
        sa.Column(
            "relationship_type",
            sa.Enum(
                "equity",
                "consulting_or_salary",
                "honoraria",
                "royalties_ip",
                "board_seat",
                "gifts",
                name="interestrelationship",
                native_enum=False,
                length=28,
            ),
            nullable=False,
        ),
        sa.Column(
            "held_by",
            sa.Enum(
                "self", "spouse", "dependent_child", name="heldby", native_enum=False, length=23
            ),
            nullable=False,
        ),
        sa.Column(
            "value_band",
            sa.Enum(
                "0-4999",
                "5000-9999",
                "10000-19999",
                "20000-39999",
                "40000-59999",
                "60000-79999",
                "80000-99999",
                "100000-149999",
                "150000-199999",
                "200000-249999",
                "250000-299999",
                "300000+",
                name="valueband",
                native_enum=False,
                length=21,
            ),
            nullable=False,
        ),
        sa.Column("exact_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), server_default="USD", nullable=False),
        sa.Column("related_to_responsibilities", sa.Boolean(), nullable=False),
        sa.Column("acquired_on", sa.Date(), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["id"],
            ["disclosure_item.id"],
            name=op.f("fk_financial_interest_id_disclosure_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_financial_interest")),
    )
    op.create_table(
        "foreign_appointment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column(
            "appointment_type",
            sa.Enum(
                "paid", "unpaid", "honorary", name="appointmenttype", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("program_name", sa.String(length=300), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), server_default="USD", nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["id"],
            ["disclosure_item.id"],
            name=op.f("fk_foreign_appointment_id_disclosure_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_foreign_appointment")),
    )
    op.create_table(
        "informal_collaboration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("collaborator", sa.String(length=200), nullable=False),
        sa.Column(
            "nature",
            sa.Enum(
                "co_authorship",
                "data_sharing",
                "sample_sharing",
                "equipment_sharing",
                "visits",
                "student_exchange",
                "joint_proposal",
                name="collaborationnature",
                native_enum=False,
                length=25,
            ),
            nullable=False,
        ),
        sa.Column("shared", sa.Text(), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["id"],
            ["disclosure_item.id"],
            name=op.f("fk_informal_collaboration_id_disclosure_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_informal_collaboration")),
    )
    op.create_table(
        "item_flag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column(
            "severity",
            sa.Enum(
                "critical",
                "high",
                "elevated",
                "info",
                name="severity",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("entry_id", sa.String(length=200), nullable=False),
        sa.Column("canonical_name", sa.String(length=500), nullable=False),
        sa.Column("matched", sa.String(length=500), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("watchlist_version", sa.String(length=100), nullable=False),
        sa.Column(
            "raised_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("cleared_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cleared_by_version", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["item_id"], ["disclosure_item.id"], name=op.f("fk_item_flag_item_id_disclosure_item")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_flag")),
    )
    with op.batch_alter_table("item_flag", schema=None) as batch_op:
        batch_op.create_index(
            "ix_item_flag_category_severity", ["category", "severity"], unique=False
        )
        batch_op.create_index(
            "ix_item_flag_item_id_cleared_at", ["item_id", "cleared_at"], unique=False
        )

    op.create_table(
        "outside_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "consultant",
                "advisor",
                "board_member",
                "visiting_appointment",
                "adjunct_appointment",
                "employment",
                "expert_witness",
                "teaching",
                "other",
                name="activityrole",
                native_enum=False,
                length=28,
            ),
            nullable=False,
        ),
        sa.Column("role_title", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("days_per_year", sa.Numeric(precision=5, scale=1), nullable=False),
        sa.Column("compensated", sa.Boolean(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), server_default="USD", nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["id"],
            ["disclosure_item.id"],
            name=op.f("fk_outside_activity_id_disclosure_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outside_activity")),
    )
    op.create_table(
        "outside_compensation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), server_default="USD", nullable=False),
        sa.Column(
            "nature",
            sa.Enum(
                "consulting",
                "honorarium",
                "speaking",
                "royalties",
                "expert_witness",
                "other",
                name="compensationnature",
                native_enum=False,
                length=22,
            ),
            nullable=False,
        ),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column(
            "payer_government_funded",
            sa.Enum("yes", "no", "unknown", name="yesnounknown", native_enum=False, length=15),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["id"],
            ["disclosure_item.id"],
            name=op.f("fk_outside_compensation_id_disclosure_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outside_compensation")),
    )
    op.create_table(
        "sponsored_travel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("destination", sa.String(length=200), nullable=False),
        sa.Column("departs_on", sa.Date(), nullable=False),
        sa.Column("returns_on", sa.Date(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), server_default="USD", nullable=False),
        sa.ForeignKeyConstraint(
            ["id"],
            ["disclosure_item.id"],
            name=op.f("fk_sponsored_travel_id_disclosure_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sponsored_travel")),
    )
    op.create_table(
        "support_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column(
            "sponsor_type",
            sa.Enum(
                "us_federal",
                "us_state",
                "foreign_government",
                "industry",
                "foundation",
                "university",
                "other",
                name="sponsortype",
                native_enum=False,
                length=26,
            ),
            nullable=False,
        ),
        sa.Column("award_number", sa.String(length=100), nullable=False),
        sa.Column(
            "status",
            sa.Enum("current", "pending", name="supportstatus", native_enum=False, length=15),
            nullable=False,
        ),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("total_amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), server_default="USD", nullable=False),
        sa.Column("calendar_months", sa.Numeric(precision=4, scale=2), nullable=False),
        sa.Column("academic_months", sa.Numeric(precision=4, scale=2), nullable=False),
        sa.Column("summer_months", sa.Numeric(precision=4, scale=2), nullable=False),
        sa.Column("objectives", sa.Text(), nullable=False),
        sa.Column("in_kind_description", sa.Text(), nullable=False),
        sa.Column("in_kind_value", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("overlap_statement", sa.Text(), nullable=False),
        sa.Column("place_of_performance", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["id"],
            ["disclosure_item.id"],
            name=op.f("fk_support_item_id_disclosure_item"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_item")),
    )
    op.create_table(
        "contract",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("counterparty_id", sa.Integer(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("contract_type", sa.String(length=100), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("ip_terms", sa.Text(), nullable=False),
        sa.Column("confidentiality_terms", sa.Text(), nullable=False),
        sa.Column("governing_law", sa.String(length=200), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("translation_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["counterparty_id"],
            ["organisation.id"],
            name=op.f("fk_contract_counterparty_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"], ["attachment.id"], name=op.f("fk_contract_document_id_attachment")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["disclosure_item.id"], name=op.f("fk_contract_item_id_disclosure_item")
        ),
        sa.ForeignKeyConstraint(
            ["translation_id"],
            ["attachment.id"],
            name=op.f("fk_contract_translation_id_attachment"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract")),
        sa.UniqueConstraint("item_id", name=op.f("uq_contract_item_id")),
    )
    with op.batch_alter_table("contract", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contract_counterparty_id"), ["counterparty_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("contract", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contract_counterparty_id"))

    op.drop_table("contract")
    op.drop_table("support_item")
    op.drop_table("sponsored_travel")
    op.drop_table("outside_compensation")
    op.drop_table("outside_activity")
    with op.batch_alter_table("item_flag", schema=None) as batch_op:
        batch_op.drop_index("ix_item_flag_item_id_cleared_at")
        batch_op.drop_index("ix_item_flag_category_severity")

    op.drop_table("item_flag")
    op.drop_table("informal_collaboration")
    op.drop_table("foreign_appointment")
    op.drop_table("financial_interest")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index("ix_attachment_sha256")
        batch_op.drop_index(batch_op.f("ix_attachment_item_id"))
        batch_op.drop_index(batch_op.f("ix_attachment_disclosure_id"))

    op.drop_table("attachment")
    op.drop_table("disclosure_version")
    with op.batch_alter_table("disclosure_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disclosure_item_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_disclosure_item_disclosure_id"))

    op.drop_table("disclosure_item")
    with op.batch_alter_table("disclosure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disclosure_person_id"))
        batch_op.drop_index(batch_op.f("ix_disclosure_cycle_id"))

    op.drop_table("disclosure")
    with op.batch_alter_table("delegation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delegation_owner_id"))
        batch_op.drop_index(batch_op.f("ix_delegation_delegate_id"))

    op.drop_table("delegation")
    op.drop_table("cycle")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_merged_into_id"))
        batch_op.drop_index(batch_op.f("ix_organisation_match_key"))

    op.drop_table("organisation")
