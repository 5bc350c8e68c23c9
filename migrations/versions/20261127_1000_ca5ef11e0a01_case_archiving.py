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


# Plain ADD COLUMN, not a batch: on SQLite a batch that adds a constraint rebuilds the table, which would drop the
# triggers keeping its FTS5 search table (migration 5ca1ab1e0014).
def upgrade():
    op.add_column('case', sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True))
    if op.get_bind().dialect.name == "sqlite":  # a column's own REFERENCES clause: SQLite adds it in place
        op.execute('ALTER TABLE "case" ADD COLUMN archived_by_id INTEGER '
                   'CONSTRAINT fk_case_archived_by_id_user_account REFERENCES user_account (id)')
    else:
        op.add_column('case', sa.Column('archived_by_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_case_archived_by_id_user_account'), 'case', 'user_account',
                              ['archived_by_id'], ['id'])
    op.add_column('case', sa.Column('archived_by_name', sa.String(length=100), nullable=True))
    op.add_column('case', sa.Column('archive_reason', sa.Text(), nullable=True))


SEARCH_TRIGGERS = [
    """CREATE TRIGGER case_search_insert AFTER INSERT ON "case" BEGIN
        INSERT INTO case_search(rowid, search_terms) VALUES (new.id, new.search_terms); END""",
    """CREATE TRIGGER case_search_delete AFTER DELETE ON "case" BEGIN
        INSERT INTO case_search(case_search, rowid, search_terms) VALUES ('delete', old.id, old.search_terms);
        END""",
    """CREATE TRIGGER case_search_update AFTER UPDATE OF search_terms ON "case" BEGIN
        INSERT INTO case_search(case_search, rowid, search_terms) VALUES ('delete', old.id, old.search_terms);
        INSERT INTO case_search(rowid, search_terms) VALUES (new.id, new.search_terms); END""",
]


def downgrade():
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_case_archived_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('archive_reason')
        batch_op.drop_column('archived_by_name')
        batch_op.drop_column('archived_by_id')
        batch_op.drop_column('archived_at')
    if op.get_bind().dialect.name == "sqlite":  # the batch rebuilt the table without its triggers
        for trigger in SEARCH_TRIGGERS:
            op.execute(trigger)
