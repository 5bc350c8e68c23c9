"""statistics summary: stat_tally, the count of each figure per day (and per month), office, kind, respondent agency, procedure and handler, kept in the
transaction that changes a case (caseflow.statistics.tally); backfilled here from the cases by the same SELECT that
`flask caseflow stats-rebuild` runs.

Revision ID: 7a11ed5e0c01
Revises: ca5ef11e0a01
Create Date: 2026-11-27 10:00:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '7a11ed5e0c01'
down_revision = 'ca5ef11e0a01'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'stat_tally',
        sa.Column('figure', sa.String(length=40), nullable=False),
        sa.Column('grain', sa.String(length=1), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('office_id', sa.Integer(), nullable=False),
        sa.Column('agency_id', sa.Integer(), nullable=False),
        sa.Column('procedure', sa.String(length=16), nullable=False),
        sa.Column('handler_id', sa.Integer(), nullable=False),
        sa.Column('detail', sa.String(length=80), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('figure', 'grain', 'day', 'kind', 'office_id', 'agency_id', 'procedure', 'handler_id', 'detail'),
    )
    # The backfill: the definitions' own SELECT (caseflow.statistics.tally.aggregate) over the cases there are.
    from caseflow.statistics import tally

    tally.rebuild(op.get_bind())


def downgrade():
    op.drop_table('stat_tally')
