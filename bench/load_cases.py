"""Load N realistic reconsideration cases into a migrated PostgreSQL database, in SQL (generate_series).

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench_scale \\
        python bench/load_cases.py 1000000          # flask --app wsgi db upgrade first

20 offices (codes B01..B20, a clerk `bench01`..`bench20` each, password `bench-password`), 200 respondent
agencies, per case: 1-2 applicants with common Chinese names (张伟 among them, as often as in life), 4-9 events
and 3-8 deadlines consistent with its state (half the cases closed), the docket number, the maintained next
due date (caseflow.cases.next_due) and search terms (caseflow.cases.search, computed here in SQL the same way).
Prints the row counts and the time taken. Refuses a database that already holds cases.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PASSWORD = "bench-password"
OFFICES = 20
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
         "华", "平", "建华", "志强", "桂英", "海燕"]
# The states of reconsideration and how many cases are in each (per 20): half are over.
STATES = ["received", "received", "accepted", "accepted", "awaiting_reply", "awaiting_reply", "in_review",
          "in_review", "in_review", "decided", "closed", "closed", "closed", "closed", "closed", "closed", "closed",
          "closed", "effective", "performed"]
EVENTS = ["register", "accept", "forward_copy", "receive_reply", "hear_views", "decide", "record_service",
          "archive", "record_finality"]
EVENTS_BY_STATE = {"received": 1, "accepted": 2, "awaiting_reply": 3, "in_review": 5, "decided": 6, "effective": 7,
                   "closed": 8, "performed": 9}
# (rule, working-day or day count, which event starts it, which event stops it)
DEADLINES = [("reconsideration.acceptance_review", 5, 1, 2), ("reconsideration.supplement_notice", 5, 1, 2),
             ("reconsideration.decision", 60, 2, 6), ("reconsideration.forward_copy", 7, 2, 3),
             ("reconsideration.reply", 10, 3, 4), ("litigation.after_decision", 15, 7, 9),
             ("reconsideration.performance", 30, 7, 9), ("reconsideration.publication", 20, 6, 7)]


def setup(conn, app) -> None:
    from caseflow.auth.services import create_user
    from caseflow.extensions import db
    from caseflow.organisations.services import create_agency, create_office

    with app.app_context():
        if db.session.scalar(sa.text("SELECT count(*) FROM office WHERE code = 'B01'")):
            return  # a load that failed half-way left its offices: they serve again
        for n in range(1, OFFICES + 1):
            office = create_office(f"B{n:02d}", f"基准测试复议机构{n:02d}", "city")
            create_user(f"bench{n:02d}", f"办案人{n:02d}", PASSWORD, office, ["clerk"])
        for n in range(1, 201):
            create_agency(f"基准市第{n}区{['公安', '市场监管', '自然资源', '住建', '税务'][n % 5]}局", "county",
                          "public_security")
        db.session.commit()


GRAMS = """CREATE OR REPLACE FUNCTION pg_temp.grams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(array_agg(DISTINCT encode(convert_to(lower(substr(t, i, n)), 'UTF8'), 'hex')), '{}')
  FROM generate_series(1, length(t)) AS i, (VALUES (1), (2)) AS v(n) WHERE i + n - 1 <= length(t) $$"""


def load(conn, n: int) -> None:
    surnames = "ARRAY[" + ",".join(f"'{s}'" for s in SURNAMES) + "]"
    given = "ARRAY[" + ",".join(f"'{g}'" for g in GIVEN) + "]"
    states = "ARRAY[" + ",".join(f"'{s}'" for s in STATES) + "]"
    ids = dict(conn.execute(sa.text("SELECT code, id FROM office")).all())
    users = dict(conn.execute(sa.text("SELECT office_id, id FROM user_account WHERE username LIKE 'bench%'")).all())
    agency0 = conn.execute(sa.text("SELECT min(id) FROM respondent_agency WHERE name LIKE '基准%'")).scalar()
    office_of = "ARRAY[" + ",".join(str(ids[f"B{k:02d}"]) for k in range(1, OFFICES + 1)) + "]"
    handler_of = "ARRAY[" + ",".join(str(users[ids[f"B{k:02d}"]]) for k in range(1, OFFICES + 1)) + "]"
    conn.execute(sa.text(GRAMS))
    # g: the case number; everything else derives from it, so every table agrees without joins.
    conn.execute(sa.text(f"""
      CREATE TEMP TABLE gen AS
      SELECT g, ({office_of})[1 + g % {OFFICES}] AS office_id, ({handler_of})[1 + g % {OFFICES}] AS handler_id,
             'B' || lpad((1 + g % {OFFICES})::text, 2, '0') AS code,
             ({states})[1 + (g / 7) % 20] AS state,
             date '2020-01-02' + (g::bigint * 2287 % 2500)::int AS received_on,
             ({surnames})[1 + h % 20] || ({given})[1 + (h / 20) % {len(GIVEN)}] AS name1,
             CASE WHEN g % 3 = 0 THEN ({surnames})[1 + (h / 480) % 20] || ({given})[1 + (h / 9600) % {len(GIVEN)}] END
               AS name2,
             {agency0} + g % 200 AS agency_id
      FROM generate_series(1, :n) AS g, LATERAL (SELECT (g::bigint * 2654435761) % 4294967296 AS h) AS hashed"""),
                 {"n": n})
    conn.execute(sa.text("""
      ALTER TABLE gen ADD COLUMN year int, ADD COLUMN seq int, ADD COLUMN events int;
      UPDATE gen SET year = extract(year FROM received_on),
                     events = CASE state WHEN 'received' THEN 1 WHEN 'accepted' THEN 2 WHEN 'awaiting_reply' THEN 3
                       WHEN 'in_review' THEN 5 WHEN 'decided' THEN 6 WHEN 'effective' THEN 7 WHEN 'closed' THEN 8
                       ELSE 9 END;
      UPDATE gen SET seq = s.seq FROM (SELECT g, row_number() OVER (PARTITION BY office_id, year ORDER BY g) AS seq
                                       FROM gen) s WHERE s.g = gen.g;
      ALTER TABLE gen ADD PRIMARY KEY (g)"""))
    base = conn.execute(sa.text('SELECT coalesce(max(id), 0) FROM "case"')).scalar()
    conn.execute(sa.text(f"""
      INSERT INTO "case" (id, kind, office_id, docket_year, docket_seq, docket_number, state, version, received_on,
                          closed_on, handler_id, created_at, created_by_id, updated_at, next_due_provisional,
                          search_terms)
      SELECT {base} + g, 'reconsideration', office_id, year, seq, code || '政复〔' || year || '〕' || seq || '号', state,
             events, received_on,
             CASE WHEN state IN ('closed', 'performed') THEN received_on + 20 * events END, handler_id,
             received_on + time '09:00', handler_id, received_on + time '09:00' + events * interval '20 days', false,
             array_to_string(ARRAY(SELECT DISTINCT unnest(pg_temp.grams(code || '政复〔' || year || '〕' || seq || '号')
                 || pg_temp.grams(name1) || pg_temp.grams(coalesce(name2, ''))
                 || pg_temp.grams((SELECT name FROM respondent_agency WHERE id = agency_id))) ORDER BY 1), ' ')
      FROM gen"""))
    conn.execute(sa.text(f"""
      INSERT INTO reconsideration_case (id, receipt_channel, respondent_agency_id, request, facts_and_reasons,
                                        timeliness, procedure, no_reply, oral_record_confirmed, accepted_on)
      SELECT {base} + g, 'in_person', agency_id, '请求撤销行政处罚决定', '事实不清，证据不足', '{{}}'::jsonb,
             'ordinary', false, false, CASE WHEN events >= 2 THEN received_on + 5 END FROM gen"""))
    conn.execute(sa.text(f"""
      INSERT INTO party (case_id, role, kind, name, phone, address)
      SELECT {base} + g, 'applicant', 'natural_person', name1, '13800138000', '某市某区某路' || g % 999 || '号' FROM gen
      UNION ALL
      SELECT {base} + g, 'applicant', 'natural_person', name2, '13900139000', '某市某区某街' || g % 777 || '号'
      FROM gen WHERE name2 IS NOT NULL"""))
    events = "ARRAY[" + ",".join(f"'{e}'" for e in EVENTS) + "]"
    conn.execute(sa.text(f"""
      INSERT INTO case_event (case_id, seq, name, from_state, to_state, actor_id, actor_name, actor_role,
                              effective_on, recorded_at, reason, payload)
      SELECT {base} + g, k, ({events})[k], NULL, NULL, handler_id, '办案人', 'clerk', received_on + 20 * (k - 1),
             received_on + 20 * (k - 1) + time '10:00', '', '{{}}'::jsonb
      FROM gen, generate_series(1, events) AS k"""))
    values = ",".join(f"('{r}', {c}, {s}, {e}, {i})" for i, (r, c, s, e) in enumerate(DEADLINES))
    conn.execute(sa.text(f"""
      INSERT INTO deadline (case_id, rule_id, rule_as_of, start_on, count, status, due_on, nominal_on, provisional,
                            awaiting_receipt, closed_on, created_at)
      SELECT {base} + g, d.rule, received_on, received_on + 20 * (d.starts - 1), d.count,
             CASE WHEN events >= d.stops THEN 'met' WHEN state IN ('closed', 'performed') THEN 'stopped'
                  ELSE 'running' END,
             received_on + 20 * (d.starts - 1) + (CASE WHEN d.count < 30 THEN d.count * 7 / 5 ELSE d.count END),
             received_on + 20 * (d.starts - 1) + d.count, (g % 50 = 0),
             false, CASE WHEN events >= d.stops THEN received_on + 20 * (d.stops - 1) END,
             received_on + time '09:00'
      FROM gen JOIN (VALUES {values}) AS d(rule, count, starts, stops, i) ON events >= d.starts
      ORDER BY g, d.i"""))
    conn.execute(sa.text("""SELECT setval(pg_get_serial_sequence('"case"', 'id'), (SELECT max(id) FROM "case"))"""))
    conn.execute(sa.text("""
      INSERT INTO docket_counter (office_id, kind, year, last_seq)
      SELECT office_id, 'reconsideration', year, max(seq) FROM gen GROUP BY office_id, year"""))


def main(n: int) -> None:
    from caseflow import create_app
    from caseflow.cases import next_due

    url = os.environ["DATABASE_URL"]
    app = create_app("development", SQLALCHEMY_DATABASE_URI=url)
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        if conn.execute(sa.text('SELECT count(*) FROM "case"')).scalar():
            sys.exit("the database already holds cases: load into an empty, migrated database")
    t0 = time.perf_counter()
    setup(None, app)
    with engine.begin() as conn:
        load(conn, n)
        with app.app_context():
            obligations = next_due.obligation_rule_ids()
        next_due.refresh_all(conn, obligations)
        # The statistics' summary table, as `flask caseflow stats-rebuild` fills it after a load made in SQL.
        from caseflow.statistics import tally

        tally.rebuild(conn)
    t_load = time.perf_counter() - t0
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(sa.text("VACUUM ANALYZE"))
        counts = {t: conn.execute(sa.text(f'SELECT count(*) FROM "{t}"')).scalar()
                  for t in ("case", "party", "case_event", "deadline")}
    print(f"loaded in {t_load:.0f} s (and VACUUM ANALYZE {time.perf_counter() - t0 - t_load:.0f} s): "
          + ", ".join(f"{k} {v:,}" for k, v in counts.items()))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
