"""list speed: the days a calendar change touched, kept on its queued recompute (only the deadlines whose period
includes one are recomputed)

Revision ID: a11c0ffee514
Revises: 5fa57c0ffee1
Create Date: 2026-11-27 09:00:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'a11c0ffee514'
down_revision = '5fa57c0ffee1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('deadline_recompute_job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('changed_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('changed_to', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('deadline_recompute_job', schema=None) as batch_op:
        batch_op.drop_column('changed_to')
        batch_op.drop_column('changed_from')
