"""statistics: what the leaders' figures count, as indexed columns of the reconsideration detail (the conclusion's
day and outcome, a settlement, a deemed acceptance) and the suit after the decision (行政应诉), backfilled from
the events that set them

Revision ID: a7c3e5f19b20
Revises: 5ca1ab1e0014
Create Date: 2026-11-25 09:00:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'a7c3e5f19b20'
down_revision = '5ca1ab1e0014'
branch_labels = None
depends_on = None

# The transitions that conclude a reconsideration (or close it before acceptance), and the outcome each records.
CONCLUDING = {"decide": None, "issue_mediation": "mediation", "withdraw": "withdrawal", "terminate": "termination",
              "reject": "not_accepted", "deem_abandoned": "deemed_abandoned"}


def upgrade():
    with op.batch_alter_table('reconsideration_case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deemed_accepted', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('concluded_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('outcome', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('settled', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('suit_case_number', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('suit_outcome', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('suit_outcome_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('suit_head_appeared', sa.String(length=16), nullable=True))
        batch_op.create_index('ix_reconsideration_case_accepted_on', ['accepted_on'], unique=False)
        batch_op.create_index('ix_reconsideration_case_concluded_outcome', ['concluded_on', 'outcome'], unique=False)

    # The figures count deadlines closed and events of a period: by date, not by case.
    op.create_index('ix_deadline_closed_on', 'deadline', ['closed_on'], unique=False)
    op.create_index('ix_case_event_name_effective_on', 'case_event', ['name', 'effective_on'], unique=False)

    # Backfill from the event log: the last concluding event of each case gives the day and outcome.
    bind = op.get_bind()
    event = sa.table('case_event', sa.column('case_id'), sa.column('seq'), sa.column('name'),
                     sa.column('effective_on', sa.Date), sa.column('payload', sa.JSON))
    rc = sa.table('reconsideration_case', sa.column('id'), sa.column('decision_type'), sa.column('concluded_on'),
                  sa.column('outcome'), sa.column('settled'), sa.column('deemed_accepted'),
                  sa.column('suit_case_number'))
    rows = bind.execute(sa.select(event.c.case_id, event.c.name, event.c.effective_on, event.c.payload)
                        .select_from(event.join(rc, rc.c.id == event.c.case_id))
                        .where(event.c.name.in_([*CONCLUDING, "deem_accepted", "record_suit"]))
                        .order_by(event.c.case_id, event.c.seq)).all()
    for case_id, name, on, payload in rows:
        payload = payload or {}
        if name == "deem_accepted":
            values = {"deemed_accepted": True}
        elif name == "record_suit":
            values = {"suit_case_number": payload.get("court_case_number")}
        else:
            values = {"concluded_on": on, "outcome": CONCLUDING[name] or payload.get("decision_type"),
                      "settled": bool(name == "withdraw" and payload.get("after_settlement"))}
        bind.execute(rc.update().where(rc.c.id == case_id).values(**values))


def downgrade():
    op.drop_index('ix_case_event_name_effective_on', table_name='case_event')
    op.drop_index('ix_deadline_closed_on', table_name='deadline')
    with op.batch_alter_table('reconsideration_case', schema=None) as batch_op:
        batch_op.drop_index('ix_reconsideration_case_concluded_outcome')
        batch_op.drop_index('ix_reconsideration_case_accepted_on')
        for name in ('suit_head_appeared', 'suit_outcome_on', 'suit_outcome', 'suit_case_number', 'settled',
                     'outcome', 'concluded_on', 'deemed_accepted'):
            batch_op.drop_column(name)
