"""case archiving (归档): who archived a closed case, when and why; an archived case is read-only

Revision ID: ca5ef11e0a01
Revises: 5fa57c0ffee1
Create Date: 2026-11-27 10:00:00

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'ca5ef11e0a01'
down_revision = '5fa57c0ffee1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('archived_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('archived_by_name', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('archive_reason', sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_case_archived_by_id_user_account'), 'user_account',
                                    ['archived_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_case_archived_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('archive_reason')
        batch_op.drop_column('archived_by_name')
        batch_op.drop_column('archived_by_id')
        batch_op.drop_column('archived_at')
