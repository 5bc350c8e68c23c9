"""The supervision sweep over a province's caseload on PostgreSQL, beside the same work in raw SQL, in one process.

    python bench/bench_sweep.py [--url postgresql+psycopg://postgres@127.0.0.1:5432/bench_sweep]
                                [--cases 1000000] [--due 10000]

The database is emptied and migrated, then loaded in SQL: reconsideration cases in 20 offices, each with its
register event and three deadlines (the review met, the copy met, the decision running far ahead). `--due` of them
have something due on the sweep day, in the proportions a bureau sees: warnings before the decision period ends
(40%), decision periods already passed (40%, notice E4), and replies not given in time (20%: the system records
the no-reply step, R11, and notices the respondent, E1). Then, as of that day:

- sweep: caseflow.supervision.sweep.sweep, as the scheduler runs it;
- raw SQL: the same rows read and written by hand-written SQL, transaction for transaction (the set-based
  notices in one, each no-reply step in its own: the case locked, UPDATE case / INSERT event / UPDATE deadline,
  its notices), into scratch copies of the tables so the sweep still finds the work to do;
- the sweep again (nothing left to do: what an idempotent re-run costs).

Run it with --cases 1000000 and --cases 2000000 and the same --due: the sweep's time should barely move.
"""
from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

AS_OF = date(2025, 11, 17)  # a Monday
OFFICES = 20


def load(engine, cases: int, due: int) -> None:
    warn, e4, reply = int(due * 0.4), int(due * 0.4), due - 2 * int(due * 0.4)
    started = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO office (id, code, name, level, created_at) SELECT g, 'O' || g, "
                             "'办公室' || g, 'county', now() FROM generate_series(1, CAST(:n AS integer)) g"), {"n": OFFICES})
        conn.execute(sa.text(
            "INSERT INTO user_account (id, username, display_name, password_hash, office_id, active, "
            "failed_logins, created_at, session_epoch) SELECT g, 'clerk' || g, '承办人' || g, 'x', g, true, 0, "
            "now(), 0 FROM generate_series(1, CAST(:n AS integer)) g"), {"n": OFFICES})
        conn.execute(sa.text("INSERT INTO user_role (user_id, role) SELECT g, 'clerk' FROM generate_series(1, CAST(:n AS integer)) g"),
                     {"n": OFFICES})
        conn.execute(sa.text("INSERT INTO respondent_agency (id, name, level, field, active, created_at) SELECT g, "
                             "'被申请机关' || g, 'county', 'public_security', true, now() "
                             "FROM generate_series(1, CAST(:n AS integer)) g"), {"n": OFFICES})
        # Cases 1..due are the due ones: warn first, then E4, then the replies; the rest wait far ahead.
        conn.execute(sa.text(
            "INSERT INTO \"case\" (id, kind, office_id, docket_year, docket_seq, docket_number, state, version, "
            "received_on, handler_id, created_at, updated_at) SELECT g, 'reconsideration', 1 + g % :offices, 2025, g, "
            "'O' || (1 + g % :offices) || '政复〔2025〕' || g || '号', "
            "CASE WHEN g > :warn + :e4 AND g <= :due THEN 'awaiting_reply' ELSE 'in_review' END, 2, "
            "DATE '2025-09-12', 1 + g % :offices, now(), now() FROM generate_series(1, CAST(:cases AS integer)) g"),
            {"offices": OFFICES, "warn": warn, "e4": e4, "due": due, "cases": cases})
        conn.execute(sa.text(
            "INSERT INTO reconsideration_case (id, receipt_channel, respondent_agency_id, request, facts_and_reasons, "
            "timeliness, procedure, accepted_on, no_reply, oral_record_confirmed) SELECT g, 'mail', 1 + g % :offices, "
            "'撤销处罚', '', '{}'::jsonb, 'ordinary', DATE '2025-09-16', false, false "
            "FROM generate_series(1, CAST(:cases AS integer)) g"), {"offices": OFFICES, "cases": cases})
        conn.execute(sa.text(
            "INSERT INTO case_event (case_id, seq, name, from_state, to_state, actor_name, effective_on, recorded_at, "
            "reason, payload) SELECT g, 2, 'accept', 'received', 'accepted', '承办人', DATE '2025-09-16', now(), '', "
            "'{}'::jsonb FROM generate_series(1, CAST(:cases AS integer)) g"), {"cases": cases})
        deadline = ("INSERT INTO deadline (case_id, rule_id, start_on, count, status, due_on, nominal_on, provisional, "
                    "closed_on, created_at, rule_as_of, awaiting_receipt) ")
        conn.execute(sa.text(deadline + "SELECT g, 'reconsideration.acceptance_review', DATE '2025-09-12', 5, 'met', "
                             "DATE '2025-09-19', DATE '2025-09-19', false, DATE '2025-09-16', now(), "
                             "DATE '2025-09-12', false FROM generate_series(1, CAST(:cases AS integer)) g"), {"cases": cases})
        # The decision: due in 3 working days (a warning), passed (E4), or far ahead.
        conn.execute(sa.text(
            deadline + "SELECT g, 'reconsideration.decision', DATE '2025-09-16', 60, 'running', CASE "
            "WHEN g <= :warn THEN DATE '2025-11-20' WHEN g <= :warn + :e4 THEN DATE '2025-11-14' "
            "ELSE DATE '2026-01-30' END, NULL, false, NULL, now(), DATE '2025-09-12', false "
            "FROM generate_series(1, CAST(:cases AS integer)) g"), {"warn": warn, "e4": e4, "cases": cases})
        conn.execute(sa.text(
            deadline + "SELECT g, 'reconsideration.reply', DATE '2025-09-26', 10, 'running', DATE '2025-10-16', NULL, "
            "false, NULL, now(), DATE '2025-09-12', false FROM generate_series(CAST(:first AS integer), CAST(:last AS integer)) g"),
            {"first": warn + e4 + 1, "last": due})
        for table in ("office", "user_account", "respondent_agency", "case", "case_event", "deadline"):
            conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                                 f"(SELECT max(id) FROM \"{table}\"))"))
        # The statistics' summary table, as `flask caseflow stats-rebuild` fills it after a load made in SQL: the
        # sweep's steps then update its rows as they would in service.
        from caseflow.statistics import tally

        tally.rebuild(conn)
        conn.execute(sa.text("ANALYZE"))
    print(f"loaded {cases:,} cases ({due:,} due: {warn:,} warnings, {e4:,} passed decisions, {reply:,} replies) "
          f"in {time.perf_counter() - started:.0f} s")


RAW_NOTICES = """
INSERT INTO raw_notice (case_id, office_id, deadline_id, deadline_key, type, level, addressee_key, addressee_kind,
                        addressee_user_id, addressee_role, addressee_name, owner_user_id, rule_id, title, basis, body,
                        proposal_data, due_on, raised_on, raised_at, status)
SELECT d.case_id, c.office_id, d.id, d.id, :type, :level,
       CASE WHEN :spec = 'handler' THEN 'user:' || c.handler_id ELSE 'role:' || :spec END,
       CASE WHEN :spec = 'handler' THEN 'user' ELSE 'role' END,
       CASE WHEN :spec = 'handler' THEN c.handler_id END, CASE WHEN :spec = 'handler' THEN NULL ELSE :spec END,
       coalesce(u.display_name, :spec), c.handler_id, d.rule_id, :title, :basis,
       c.docket_number || ' ' || d.start_on || ' ' || d.due_on, '{}'::jsonb, d.due_on, :as_of, now(), 'open'
FROM deadline d JOIN "case" c ON c.id = d.case_id LEFT JOIN user_account u ON u.id = c.handler_id
WHERE d.rule_id = :rule AND d.status = 'running' AND d.due_on >= :low AND d.due_on < :high
ON CONFLICT DO NOTHING RETURNING id
"""
SCRATCH = ("raw_case", "raw_recon", "raw_event", "raw_deadline", "raw_notice", "raw_notice_event")


def _scratch(engine, due_reply_ids) -> None:
    """Copies of the rows the raw side writes, so it does the same work without touching what the sweep reads."""
    with engine.begin() as conn:
        for table in SCRATCH:
            conn.execute(sa.text(f"DROP TABLE IF EXISTS {table}"))
        ids = {"ids": due_reply_ids}
        conn.execute(sa.text('CREATE TABLE raw_case AS SELECT * FROM "case" WHERE id = ANY(:ids)'), ids)
        conn.execute(sa.text("CREATE TABLE raw_recon AS SELECT * FROM reconsideration_case WHERE id = ANY(:ids)"), ids)
        conn.execute(sa.text("CREATE TABLE raw_deadline AS SELECT * FROM deadline WHERE case_id = ANY(:ids)"), ids)
        for table in ("raw_case", "raw_recon", "raw_deadline"):
            conn.execute(sa.text(f"ALTER TABLE {table} ADD PRIMARY KEY (id)"))
        conn.execute(sa.text("CREATE INDEX ON raw_deadline (case_id)"))
        conn.execute(sa.text("CREATE TABLE raw_event (LIKE case_event INCLUDING ALL)"))
        conn.execute(sa.text("CREATE TABLE raw_notice (LIKE supervision_notice INCLUDING ALL)"))
        conn.execute(sa.text("CREATE TABLE raw_notice_event (LIKE supervision_notice_event INCLUDING ALL)"))
        conn.execute(sa.text("ALTER TABLE raw_event ALTER COLUMN id SET DEFAULT nextval('case_event_id_seq')"))
        conn.execute(sa.text("ALTER TABLE raw_notice ALTER COLUMN id SET DEFAULT "
                             "nextval('supervision_notice_id_seq')"))
        conn.execute(sa.text("ALTER TABLE raw_notice_event ALTER COLUMN id SET DEFAULT "
                             "nextval('supervision_notice_event_id_seq')"))


def raw(engine, calendar, due_reply_ids) -> float:
    """The sweep's writes for this data, by hand and transaction for transaction: the warnings and E4 notices with
    their events in one transaction, then for each lapsed reply, in its own transaction, the case taken FOR
    UPDATE, the no-reply step (case, detail, event, deadline) and its two E1 notices with their events."""
    _scratch(engine, due_reply_ids)
    started = time.perf_counter()
    with engine.connect() as conn:
        low = calendar.nth_working_day_after(AS_OF, 2)  # 2 to 5 working days left: the 5-day warning
        high = calendar.nth_working_day_after(AS_OF, 6)
        with conn.begin():
            notices = []
            for kind, level, spec, title, low_day, high_day in (
                    ("E3", 5, "handler", "办案期限预警", low, high),
                    ("E4", 1, "office_head", "超期未决", date(2000, 1, 1), AS_OF),
                    ("E4", 1, "leader", "超期未决", date(2000, 1, 1), AS_OF)):
                notices += conn.scalars(sa.text(RAW_NOTICES), {
                    "type": kind, "level": level, "spec": spec, "title": title, "basis": "第八十条",
                    "rule": "reconsideration.decision", "as_of": AS_OF, "low": low_day, "high": high_day}).all()
            conn.execute(sa.text("INSERT INTO raw_notice_event (notice_id, action, actor_name, at, \"on\", note) "
                                 "VALUES (:id, 'raised', '系统', now(), :on, '')"),
                         [{"id": i, "on": AS_OF} for i in notices])
        for case_id in due_reply_ids:
            with conn.begin():
                conn.execute(sa.text("SELECT id FROM raw_case WHERE id = :id FOR UPDATE SKIP LOCKED"), {"id": case_id})
                conn.execute(sa.text("UPDATE raw_case SET state = 'in_review', version = version + 1, "
                                     "updated_at = now() WHERE id = :id AND version = 2"), {"id": case_id})
                conn.execute(sa.text("UPDATE raw_recon SET no_reply = true WHERE id = :id"), {"id": case_id})
                event = conn.scalar(sa.text(
                    "INSERT INTO raw_event (case_id, seq, name, from_state, to_state, actor_name, actor_role, "
                    "effective_on, recorded_at, reason, payload) VALUES (:id, 3, 'record_no_reply', "
                    "'awaiting_reply', 'in_review', '系统', 'system', DATE '2025-10-17', now(), '', '{}'::jsonb) "
                    "RETURNING id"), {"id": case_id})
                conn.execute(sa.text("UPDATE raw_deadline SET status = 'late', closed_on = DATE '2025-10-17', "
                                     "closed_event_id = :event WHERE case_id = :id AND rule_id = "
                                     "'reconsideration.reply'"), {"id": case_id, "event": event})
                for key in ("agency:1", "user:1"):
                    notice = conn.scalar(sa.text(
                        "INSERT INTO raw_notice (case_id, office_id, deadline_key, type, level, addressee_key, "
                        "addressee_kind, addressee_name, title, basis, body, proposal_data, raised_on, raised_at, "
                        "status) VALUES (:id, 1, 0, 'E1', 1, :key, 'agency', '被申请机关', '逾期未答复', '第七十条', "
                        "'', '{}'::jsonb, :as_of, now(), 'open') ON CONFLICT DO NOTHING RETURNING id"),
                        {"id": case_id, "key": key, "as_of": AS_OF})
                    conn.execute(sa.text("INSERT INTO raw_notice_event (notice_id, action, actor_name, at, \"on\", "
                                         "note) VALUES (:id, 'raised', '系统', now(), :on, '')"),
                                 {"id": notice, "on": AS_OF})
    seconds = time.perf_counter() - started
    with engine.begin() as conn:
        for table in SCRATCH:
            conn.execute(sa.text(f"DROP TABLE {table}"))
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="postgresql+psycopg://postgres@127.0.0.1:5432/bench_sweep")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=10_000)
    args = parser.parse_args()

    admin = sa.create_engine(args.url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    name = sa.engine.make_url(args.url).database
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()

    import time_machine
    from flask_migrate import upgrade

    from caseflow import create_app
    from caseflow.calendar.services import current_calendar
    from caseflow.extensions import db
    from caseflow.supervision.sweep import sweep

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=args.url)
    with app.app_context():
        upgrade()
        load(db.engine, args.cases, args.due)
        warn, e4 = int(args.due * 0.4), int(args.due * 0.4)
        replies = list(range(warn + e4 + 1, args.due + 1))
        with time_machine.travel(AS_OF.isoformat() + " 01:00:00+08:00", tick=False):
            calendar = current_calendar()
            raw_seconds = raw(db.engine, calendar, replies)
            started = time.perf_counter()
            run = sweep(AS_OF)
            sweep_seconds = time.perf_counter() - started
            counts, errors = dict(run.counts), len(run.errors)
            started = time.perf_counter()
            again = dict(sweep(AS_OF).counts)
            again_seconds = time.perf_counter() - started
    print(f"sweep as of {AS_OF}: {counts}, {errors} errors")
    print(f"  sweep            {sweep_seconds:8.2f} s")
    print(f"  raw SQL          {raw_seconds:8.2f} s   sweep / raw = {sweep_seconds / raw_seconds:.2f}")
    print(f"  sweep again      {again_seconds:8.2f} s   ({again})")
    print(f"  per due case     {sweep_seconds / args.due * 1000:8.2f} ms   cases in the database: {args.cases:,}")


if __name__ == "__main__":
    main()
