"""failure to act: a contested act with no act date (不履行法定职责), and the end of the duty's time limit

A failure to perform a statutory duty has no day it was made; its application period runs from the day the
agency's time limit to perform ran out (ARL Art. 20(1), ARL-IR Art. 16). contested_act.made_on becomes nullable
and contested_act.duty_due_on records that day.

Revision ID: 9a1e0c5d7f31
Revises: 7a11ed5e0c01
Create Date: 2026-11-27 10:00:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '9a1e0c5d7f31'
down_revision = '7a11ed5e0c01'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('contested_act', schema=None) as batch_op:
        batch_op.alter_column('made_on', existing_type=sa.Date(), nullable=True)
        batch_op.add_column(sa.Column('duty_due_on', sa.Date(), nullable=True))


def downgrade():
    # A failure-to-act case has no act date; it takes the end of the duty's time limit, so nothing is lost.
    op.execute("UPDATE contested_act SET made_on = COALESCE(duty_due_on, known_on) WHERE made_on IS NULL")
    with op.batch_alter_table('contested_act', schema=None) as batch_op:
        batch_op.drop_column('duty_due_on')
        batch_op.alter_column('made_on', existing_type=sa.Date(), nullable=False)
