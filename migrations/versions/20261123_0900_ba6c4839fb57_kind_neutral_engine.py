"""kind-neutral engine: reconsideration's columns move from `case` to its own detail table

The case core keeps what every kind shares (kind, office, docket number, state, version, handler, received date)
and gains `closed_on`; reconsideration's respondent agency, request, timeliness, procedure and decision move to
`reconsideration_case` (a joined-table subclass, same id), which `contested_act` now refers to. Parties gain the
`respondent` role (the other side of a civil dispute) and events the role their actor acted in. Every case,
event and deadline is kept as it was: tests/migrations/test_engine_migration.py checks each case's API view.

Revision ID: ba6c4839fb57
Revises: 66b4af9f7268
Create Date: 2026-11-23 09:00:00
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "ba6c4839fb57"
down_revision = "66b4af9f7268"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
DETAIL_COLUMNS = ["receipt_channel", "respondent_agency_id", "request", "facts_and_reasons", "timeliness",
                  "procedure", "accepted_on", "decided_on", "decision_type", "performance_days", "effective_on",
                  "closing_ground", "no_reply"]
# The final states of workflows/reconsideration.yaml at this revision (a migration never reads the app's files).
FINAL_STATES = ("performed", "closed", "not_accepted", "deemed_abandoned", "terminated")


def upgrade():
    op.create_table(
        "reconsideration_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("receipt_channel", sa.String(length=32), nullable=False),
        sa.Column("respondent_agency_id", sa.Integer(), nullable=False),
        sa.Column("request", sa.Text(), nullable=False),
        sa.Column("facts_and_reasons", sa.Text(), nullable=False),
        sa.Column("timeliness", JSON, nullable=False),
        sa.Column("procedure", sa.String(length=16), nullable=False),
        sa.Column("accepted_on", sa.Date(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decision_type", sa.String(length=32), nullable=True),
        sa.Column("performance_days", sa.Integer(), nullable=True),
        sa.Column("effective_on", sa.Date(), nullable=True),
        sa.Column("closing_ground", sa.String(length=32), nullable=True),
        sa.Column("no_reply", sa.Boolean(), nullable=False),
        sa.CheckConstraint("procedure IN ('ordinary', 'simplified')",
                           name=op.f("ck_reconsideration_case_procedure_known")),
        sa.ForeignKeyConstraint(["id"], ["case.id"], name=op.f("fk_reconsideration_case_id_case")),
        sa.ForeignKeyConstraint(["respondent_agency_id"], ["respondent_agency.id"],
                                name=op.f("fk_reconsideration_case_respondent_agency_id_respondent_agency")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reconsideration_case")),
    )
    op.create_index(op.f("ix_reconsideration_case_respondent_agency_id"), "reconsideration_case",
                    ["respondent_agency_id"])
    columns = ", ".join(DETAIL_COLUMNS)
    op.execute(f'INSERT INTO reconsideration_case (id, {columns}) SELECT id, {columns} FROM "case" '
               "WHERE kind = 'reconsideration'")

    with op.batch_alter_table("contested_act") as batch:
        batch.drop_constraint(op.f("fk_contested_act_case_id_case"), type_="foreignkey")
        batch.create_foreign_key(op.f("fk_contested_act_case_id_reconsideration_case"), "reconsideration_case",
                                 ["case_id"], ["id"])

    with op.batch_alter_table("case") as batch:
        batch.add_column(sa.Column("closed_on", sa.Date(), nullable=True))
        batch.create_index(op.f("ix_case_closed_on"), ["closed_on"])
        batch.drop_index("ix_case_respondent_agency_id")
        batch.drop_constraint(op.f("fk_case_respondent_agency_id_respondent_agency"), type_="foreignkey")
        batch.drop_constraint(op.f("ck_case_procedure_known"), type_="check")
        for column in DETAIL_COLUMNS:
            batch.drop_column(column)
    finals = ", ".join(f"'{s}'" for s in FINAL_STATES)
    op.execute(f"""UPDATE "case" SET closed_on = (SELECT max(e.effective_on) FROM case_event e
                   WHERE e.case_id = "case".id AND e.to_state = "case".state)
                   WHERE kind = 'reconsideration' AND state IN ({finals})""")

    with op.batch_alter_table("party") as batch:
        batch.drop_constraint(op.f("ck_party_role_known"), type_="check")
        batch.create_check_constraint("role_known", "role IN ('applicant', 'respondent', 'third_party', 'agent')")

    with op.batch_alter_table("case_event") as batch:
        batch.add_column(sa.Column("actor_role", sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table("case_event") as batch:
        batch.drop_column("actor_role")
    with op.batch_alter_table("party") as batch:
        batch.drop_constraint(op.f("ck_party_role_known"), type_="check")
        batch.create_check_constraint("role_known", "role IN ('applicant', 'third_party', 'agent')")
    with op.batch_alter_table("case") as batch:
        batch.add_column(sa.Column("receipt_channel", sa.String(length=32), nullable=False, server_default="in_person"))
        batch.add_column(sa.Column("respondent_agency_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("request", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("facts_and_reasons", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("timeliness", JSON, nullable=True))
        batch.add_column(sa.Column("procedure", sa.String(length=16), nullable=False, server_default="ordinary"))
        batch.add_column(sa.Column("accepted_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("decided_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("decision_type", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("performance_days", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("effective_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("closing_ground", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("no_reply", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.drop_index("ix_case_closed_on")
        batch.drop_column("closed_on")
    for column in DETAIL_COLUMNS:
        op.execute(f'UPDATE "case" SET {column} = (SELECT r.{column} FROM reconsideration_case r '
                   f'WHERE r.id = "case".id) WHERE kind = \'reconsideration\'')
    with op.batch_alter_table("case") as batch:
        batch.create_foreign_key("fk_case_respondent_agency_id_respondent_agency", "respondent_agency",
                                 ["respondent_agency_id"], ["id"])
        batch.create_index("ix_case_respondent_agency_id", ["respondent_agency_id"])
        batch.create_check_constraint("procedure_known", "procedure IN ('ordinary', 'simplified')")
    with op.batch_alter_table("contested_act") as batch:
        batch.drop_constraint(op.f("fk_contested_act_case_id_reconsideration_case"), type_="foreignkey")
        batch.create_foreign_key("fk_contested_act_case_id_case", "case", ["case_id"], ["id"])
    op.drop_index(op.f("ix_reconsideration_case_respondent_agency_id"), table_name="reconsideration_case")
    op.drop_table("reconsideration_case")
