"""scale: the case's next due date (date, rule, provisional) kept on the case row and indexed for the lists, with
a backfill from the deadline rows; the search terms of each case (character pairs of its names and number), with a
GIN index on PostgreSQL and an FTS5 table kept by triggers on SQLite; the queue of deadline recomputes the scheduler
runs after a large calendar change

Revision ID: 5ca1ab1e0014
Revises: d4c47cb54dbb
Create Date: 2026-11-25 09:00:00

"""
import sqlalchemy as sa
from alembic import op
from flask import current_app

from caseflow.calendar.rules import load_catalogue
from caseflow.cases.search import terms

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
    op.create_table('deadline_recompute_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor', sa.String(length=100), nullable=False),
    sa.Column('reason_zh', sa.Text(), nullable=False),
    sa.Column('reason_en', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('last_deadline_id', sa.Integer(), nullable=False),
    sa.Column('checked', sa.Integer(), nullable=False),
    sa.Column('moved', sa.Integer(), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_recompute_job'))
    )
    with op.batch_alter_table('deadline_recompute_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadline_recompute_job_status'), ['status'], unique=False)
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_due_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('next_due_rule', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('next_due_provisional', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.create_index('ix_case_office_next_due', ['office_id', 'next_due_on', 'id'], unique=False)
        batch_op.create_index('ix_case_office_received', ['office_id', 'received_on', 'id'], unique=False)
        batch_op.add_column(sa.Column('search_terms', sa.Text(), server_default='', nullable=False))

    # Backfill (the same computation as caseflow.cases.next_due): obligations are the rules not the applicant's.
    obligations = [r.id for r in load_catalogue(current_app.config["WORKFLOWS_DIR"]).latest()
                   if r.responsible != "applicant"]
    op.execute(case.update().values(
        next_due_on=_next_running(deadline.c.due_on, obligations),
        next_due_rule=_next_running(deadline.c.rule_id, obligations),
        next_due_provisional=sa.func.coalesce(_next_running(deadline.c.provisional, obligations), sa.false()))
        .where(sa.exists().where(deadline.c.case_id == case.c.id, deadline.c.status == "running")))

    bind = op.get_bind()
    _backfill_search_terms(bind)
    if bind.dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_case_search_terms ON \"case\" USING gin (string_to_array(search_terms, ' '))")
    else:
        # The FTS5 table is built from the filled column ('rebuild'), then triggers keep it: a trigger's 'delete'
        # of a row the index never had would corrupt it.
        op.execute("CREATE VIRTUAL TABLE case_search USING fts5(search_terms, content='case', content_rowid='id')")
        op.execute("INSERT INTO case_search(case_search) VALUES ('rebuild')")
        op.execute("""CREATE TRIGGER case_search_insert AFTER INSERT ON "case" BEGIN
            INSERT INTO case_search(rowid, search_terms) VALUES (new.id, new.search_terms); END""")
        op.execute("""CREATE TRIGGER case_search_delete AFTER DELETE ON "case" BEGIN
            INSERT INTO case_search(case_search, rowid, search_terms) VALUES ('delete', old.id, old.search_terms);
            END""")
        op.execute("""CREATE TRIGGER case_search_update AFTER UPDATE OF search_terms ON "case" BEGIN
            INSERT INTO case_search(case_search, rowid, search_terms) VALUES ('delete', old.id, old.search_terms);
            INSERT INTO case_search(rowid, search_terms) VALUES (new.id, new.search_terms); END""")


def _backfill_search_terms(bind, batch=5000):
    """The same terms as caseflow.cases.search.refresh: docket number, party names, the respondent agency."""
    last = 0
    while True:
        rows = bind.execute(sa.text(
            'SELECT c.id, c.docket_number, a.name FROM "case" c LEFT JOIN reconsideration_case r ON r.id = c.id '
            'LEFT JOIN respondent_agency a ON a.id = r.respondent_agency_id WHERE c.id > :last ORDER BY c.id '
            'LIMIT :batch'), {"last": last, "batch": batch}).all()
        if not rows:
            return
        names = {}
        for case_id, name in bind.execute(sa.text("SELECT case_id, name FROM party WHERE case_id BETWEEN :a AND :b"),
                                          {"a": rows[0].id, "b": rows[-1].id}):
            names.setdefault(case_id, []).append(name)
        bind.execute(sa.text('UPDATE "case" SET search_terms = :terms WHERE id = :id'), [
            {"id": r.id, "terms": " ".join(terms([r.docket_number, r.name or "", *names.get(r.id, [])]))}
            for r in rows])
        last = rows[-1].id


def downgrade():
    op.drop_table('deadline_recompute_job')
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_case_search_terms")
    else:
        for trigger in ("case_search_insert", "case_search_delete", "case_search_update"):
            op.execute(f"DROP TRIGGER {trigger}")
        op.execute("DROP TABLE case_search")
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_column('search_terms')
        batch_op.drop_index('ix_case_office_received')
        batch_op.drop_index('ix_case_office_next_due')
        batch_op.drop_column('next_due_provisional')
        batch_op.drop_column('next_due_rule')
        batch_op.drop_column('next_due_on')
