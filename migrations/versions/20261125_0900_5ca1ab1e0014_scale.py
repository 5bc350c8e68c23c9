"""scale: the case's next due date (date, rule, provisional) kept on the case row and indexed for the lists, with
a backfill from the deadline rows

Revision ID: 5ca1ab1e0014
Revises: d4c47cb54dbb
Create Date: 2026-11-25 09:00:00

"""
import sqlalchemy as sa
from alembic import op
from flask import current_app

from caseflow.calendar.rules import load_catalogue

# revision identifiers, used by Alembic.
revision = '5ca1ab1e0014'
down_revision = 'd4c47cb54dbb'
branch_labels = None
depends_on = None

case = sa.table("case", sa.column("id", sa.Integer), sa.column("next_due_on", sa.Date),
                sa.column("next_due_rule", sa.String), sa.column("next_due_provisional", sa.Boolean))
deadline = sa.table("deadline", sa.column("id", sa.Integer), sa.column("case_id", sa.Integer),
                    sa.column("due_on", sa.Date), sa.column("rule_id", sa.String), sa.column("status", sa.String),
                    sa.column("provisional", sa.Boolean))


def _next_running(column, obligations):
    return (sa.select(column).where(deadline.c.case_id == case.c.id, deadline.c.status == "running",
                                    deadline.c.due_on.is_not(None), deadline.c.rule_id.in_(obligations))
            .order_by(deadline.c.due_on, deadline.c.id).limit(1).correlate(case).scalar_subquery())


def upgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_due_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('next_due_rule', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('next_due_provisional', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.create_index('ix_case_office_next_due', ['office_id', 'next_due_on', 'id'], unique=False)
        batch_op.create_index('ix_case_office_received', ['office_id', 'received_on', 'id'], unique=False)

    # Backfill (the same computation as caseflow.cases.next_due): obligations are the rules not the applicant's.
    obligations = [r.id for r in load_catalogue(current_app.config["WORKFLOWS_DIR"]).latest()
                   if r.responsible != "applicant"]
    op.execute(case.update().values(
        next_due_on=_next_running(deadline.c.due_on, obligations),
        next_due_rule=_next_running(deadline.c.rule_id, obligations),
        next_due_provisional=sa.func.coalesce(_next_running(deadline.c.provisional, obligations), sa.false()))
        .where(sa.exists().where(deadline.c.case_id == case.c.id, deadline.c.status == "running")))


def downgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_index('ix_case_office_received')
        batch_op.drop_index('ix_case_office_next_due')
        batch_op.drop_column('next_due_provisional')
        batch_op.drop_column('next_due_rule')
        batch_op.drop_column('next_due_on')
