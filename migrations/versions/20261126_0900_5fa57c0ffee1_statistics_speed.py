"""statistics speed: indexes the leaders' figures read instead of the whole case table (issue 12's speed)

- the conclusions of a period with all the columns the handling time, outcome mix and trends read
  (replaces the narrower (concluded_on, outcome) index);
- the deadlines closed in a period with the rule, status and case they count by (replaces (closed_on));
- the cases received in a period by kind and office (trends, the 收案 count), read from the index alone;
- the suits: judged in a period, and decisions that were sued (partial: only the sued rows are indexed);
- the open reconsiderations (partial: concluded_on IS NULL), which the carried-over count reads.

Revision ID: 5fa57c0ffee1
Revises: c8fc398ad582
Create Date: 2026-11-26 09:00:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '5fa57c0ffee1'
down_revision = 'c8fc398ad582'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('reconsideration_case', schema=None) as batch_op:
        batch_op.drop_index('ix_reconsideration_case_concluded_outcome')
        batch_op.create_index('ix_reconsideration_case_concluded', ['concluded_on', 'outcome', 'accepted_on', 'settled'],
                              unique=False)
        batch_op.create_index('ix_reconsideration_case_suit_outcome_on', ['suit_outcome_on'], unique=False)
        batch_op.create_index('ix_reconsideration_case_sued', ['concluded_on'], unique=False,
                              postgresql_where=sa.text('suit_filed_on IS NOT NULL'),
                              sqlite_where=sa.text('suit_filed_on IS NOT NULL'))
        batch_op.create_index('ix_reconsideration_case_open', ['accepted_on'], unique=False,
                              postgresql_where=sa.text('concluded_on IS NULL'),
                              sqlite_where=sa.text('concluded_on IS NULL'))
    with op.batch_alter_table('deadline', schema=None) as batch_op:
        batch_op.drop_index('ix_deadline_closed_on')
        batch_op.create_index('ix_deadline_closed', ['closed_on', 'rule_id', 'status', 'case_id'], unique=False)
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.create_index('ix_case_received_kind_office', ['received_on', 'kind', 'office_id'], unique=False)


def downgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_index('ix_case_received_kind_office')
    with op.batch_alter_table('deadline', schema=None) as batch_op:
        batch_op.drop_index('ix_deadline_closed')
        batch_op.create_index('ix_deadline_closed_on', ['closed_on'], unique=False)
    with op.batch_alter_table('reconsideration_case', schema=None) as batch_op:
        batch_op.drop_index('ix_reconsideration_case_open')
        batch_op.drop_index('ix_reconsideration_case_sued')
        batch_op.drop_index('ix_reconsideration_case_suit_outcome_on')
        batch_op.drop_index('ix_reconsideration_case_concluded')
        batch_op.create_index('ix_reconsideration_case_concluded_outcome', ['concluded_on', 'outcome'], unique=False)
