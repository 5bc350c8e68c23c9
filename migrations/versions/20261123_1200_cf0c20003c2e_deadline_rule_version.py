"""each deadline keeps the date that picks its rule's version: the case's receipt (legal-reference §8.11)

Until now a deadline's rule was looked up by the case's receipt when it started and by its own start date when it
was recomputed, so a later version of the law could change a running clock. The new column holds the case's
received date for every existing deadline.

Revision ID: cf0c20003c2e
Revises: 8910f3e72136
Create Date: 2026-11-23 12:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "cf0c20003c2e"
down_revision = "8910f3e72136"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("deadline") as batch:
        batch.add_column(sa.Column("rule_as_of", sa.Date(), nullable=True))
    op.execute('UPDATE deadline SET rule_as_of = (SELECT "case".received_on FROM "case" WHERE "case".id = '
               "deadline.case_id)")
    with op.batch_alter_table("deadline") as batch:
        batch.alter_column("rule_as_of", existing_type=sa.Date(), nullable=False)


def downgrade():
    with op.batch_alter_table("deadline") as batch:
        batch.drop_column("rule_as_of")
