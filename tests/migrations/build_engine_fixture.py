"""Build tests/migrations/engine_fixture.json with the code *before* the kind-neutral engine migration.

Run once, at the commit that adds this file, with the pre-engine code:
    . .venv/bin/activate && python tests/migrations/build_engine_fixture.py

It registers reconsideration cases in every state of the workflow through the real API (time frozen at
2025-12-20), then writes every row of every case table, and each case's API view (detail, events, list), to the
fixture. tests/migrations/test_engine_migration.py loads those rows into a database at the pre-engine revision,
upgrades it and checks that the API still shows every case exactly as it did. The builder is removed with the
engine change (it imports the old models); it stays in the history of this file.
"""
from __future__ import annotations

import json
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import time_machine

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from caseflow import create_app  # noqa: E402
from caseflow.extensions import db  # noqa: E402

TODAY = datetime(2025, 12, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PASSWORD = "correct-horse-battery"
TABLES = ["office", "user_account", "user_role", "respondent_agency", "docket_counter", "case", "party",
          "contested_act", "case_event", "deadline", "deadline_pause", "deadline_extension", "attachment"]

# (name, received_on, procedure-independent steps: (transition, on, data, reason))
CASES = [
    ("received", "2025-12-15", []),
    ("awaiting_supplement", "2025-12-01", [("request_supplement", "2025-12-02",
                                            {"items": "补充身份证明", "notice_received_on": "2025-12-03"}, "")]),
    ("supplement_extended", "2025-11-10", [
        ("request_supplement", "2025-11-11", {"items": "补充证据目录", "notice_received_on": "2025-11-12"}, ""),
        ("extend_supplement", "2025-11-20", {"days": 5, "approver": "head"}, "申请人住院")]),
    ("deemed_abandoned", "2025-09-12", [
        ("request_supplement", "2025-09-15", {"items": "补充身份证明", "notice_received_on": "2025-09-16"}, ""),
        ("deem_abandoned", "2025-09-30", {}, "逾期未补正")]),
    ("received_after_supplement", "2025-11-03", [
        ("request_supplement", "2025-11-04", {"items": "补充授权委托书"}, ""),
        ("receive_supplement", "2025-11-10", {}, "")]),
    ("accepted", "2025-12-10", [("accept", "2025-12-12", {"procedure": "ordinary"}, "")]),
    ("accepted_late", "2025-10-09", [("accept", "2025-10-30", {"procedure": "ordinary"}, "")]),
    ("awaiting_reply", "2025-11-17", [("accept", "2025-11-18", {"procedure": "ordinary"}, ""),
                                      ("forward_copy", "2025-11-19", {"served_on": "2025-11-20"}, "")]),
    ("in_review", "2025-10-13", [("accept", "2025-10-14", {"procedure": "ordinary"}, ""),
                                 ("forward_copy", "2025-10-15", {"served_on": "2025-10-16"}, ""),
                                 ("receive_reply", "2025-10-27", {}, "")]),
    ("no_reply", "2025-09-01", [("accept", "2025-09-02", {"procedure": "ordinary"}, ""),
                                ("forward_copy", "2025-09-03", {"served_on": "2025-09-04"}, ""),
                                ("record_no_reply", "2025-09-25", {}, "")]),
    ("hearing_scheduled", "2025-11-03", [
        ("accept", "2025-11-04", {"procedure": "ordinary"}, ""),
        ("forward_copy", "2025-11-05", {"served_on": "2025-11-06"}, ""),
        ("receive_reply", "2025-11-18", {}, ""),
        ("schedule_hearing", "2025-12-01", {"hearing_on": "2026-01-09", "place": "第一听证室"}, "")]),
    ("awaiting_committee", "2025-10-20", [
        ("accept", "2025-10-21", {"procedure": "ordinary"}, ""),
        ("forward_copy", "2025-10-22", {"served_on": "2025-10-23"}, ""),
        ("receive_reply", "2025-11-03", {}, ""), ("refer_to_committee", "2025-11-20", {}, "")]),
    ("mediating", "2025-10-20", [
        ("accept", "2025-10-21", {"procedure": "ordinary"}, ""),
        ("forward_copy", "2025-10-22", {"served_on": "2025-10-23"}, ""),
        ("receive_reply", "2025-11-03", {}, ""), ("start_mediation", "2025-11-10", {}, "")]),
    ("suspended", "2025-10-20", [
        ("accept", "2025-10-21", {"procedure": "ordinary"}, ""),
        ("forward_copy", "2025-10-22", {"served_on": "2025-10-23"}, ""),
        ("receive_reply", "2025-11-03", {}, ""),
        ("suspend", "2025-11-10", {"ground": "1", "approver": "head"}, "")]),
    ("resumed", "2025-09-15", [
        ("accept", "2025-09-16", {"procedure": "ordinary"}, ""),
        ("forward_copy", "2025-09-17", {"served_on": "2025-09-18"}, ""),
        ("receive_reply", "2025-09-30", {}, ""),
        ("suspend", "2025-10-09", {"ground": "8", "approver": "head"}, ""),
        ("resume", "2025-10-30", {"approver": "head"}, "")]),
    ("extended", "2025-10-01", [
        ("accept", "2025-10-09", {"procedure": "ordinary"}, ""),
        ("forward_copy", "2025-10-10", {"served_on": "2025-10-11"}, ""),
        ("receive_reply", "2025-10-24", {}, ""),
        ("extend", "2025-11-28", {"days": 30, "approver": "head"}, "案情复杂")]),
    ("converted", "2025-11-24", [
        ("accept", "2025-11-25", {"procedure": "simplified"}, ""),
        ("forward_copy", "2025-11-26", {"served_on": "2025-11-27"}, ""),
        ("convert_to_ordinary", "2025-12-01", {"approver": "head"}, "案情复杂，不宜适用简易程序")]),
    ("decided", "2025-09-22", [
        ("accept", "2025-09-23", {"procedure": "ordinary"}, ""),
        ("forward_copy", "2025-09-24", {"served_on": "2025-09-25"}, ""),
        ("receive_reply", "2025-10-13", {}, ""),
        ("decide", "2025-11-14", {"decision_type": "maintain", "approver": "organ"}, "")]),
    ("effective", "2025-09-22", [
        ("accept", "2025-09-23", {"procedure": "ordinary"}, ""),
        ("forward_copy", "2025-09-24", {"served_on": "2025-09-25"}, ""),
        ("receive_reply", "2025-10-13", {}, ""),
        ("decide", "2025-11-14", {"decision_type": "revoke_and_redo", "performance_days": 45,
                                  "approver": "organ"}, ""),
        ("record_service", "2025-11-18", {}, "")]),
    ("mediated", "2025-09-22", [
        ("accept", "2025-09-23", {"procedure": "ordinary"}, ""),
        ("forward_copy", "2025-09-24", {"served_on": "2025-09-25"}, ""),
        ("receive_reply", "2025-10-13", {}, ""), ("start_mediation", "2025-10-20", {}, ""),
        ("issue_mediation", "2025-11-03", {"performance_days": 20}, "")]),
    ("performed", "2025-08-04", [
        ("accept", "2025-08-05", {"procedure": "ordinary"}, ""),
        ("forward_copy", "2025-08-06", {"served_on": "2025-08-07"}, ""),
        ("receive_reply", "2025-08-20", {}, ""),
        ("decide", "2025-09-30", {"decision_type": "order_performance", "approver": "organ"}, ""),
        ("record_service", "2025-10-09", {}, ""), ("record_performance", "2025-11-05", {}, "")]),
    ("closed", "2025-08-04", [
        ("accept", "2025-08-05", {"procedure": "ordinary"}, ""),
        ("forward_copy", "2025-08-06", {"served_on": "2025-08-07"}, ""),
        ("receive_reply", "2025-08-20", {}, ""),
        ("decide", "2025-09-30", {"decision_type": "maintain", "approver": "organ"}, ""),
        ("record_service", "2025-10-09", {}, ""), ("archive", "2025-10-27", {}, "")]),
    ("not_accepted", "2025-12-08", [("reject", "2025-12-09", {"competent_organ": "江州市人民政府",
                                                             "approver": "head"}, "不属于本机关管辖")]),
    ("withdrawn", "2025-10-13", [("accept", "2025-10-14", {"procedure": "ordinary"}, ""),
                                 ("withdraw", "2025-11-03", {"after_settlement": True, "approver": "head"},
                                  "双方和解")]),
    ("terminated", "2025-10-13", [("accept", "2025-10-14", {"procedure": "simplified"}, ""),
                                  ("terminate", "2025-10-20", {"ground": "2", "approver": "head"}, "")]),
    ("reassigned", "2025-12-11", [("assign_handler", "2025-12-12", {"handler": "clerk2"}, "")]),
]


def _json(value):
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(type(value))


def main(out: Path) -> None:
    from flask_migrate import upgrade
    from stdnum.cn import ric, uscc

    from caseflow.auth.services import create_user
    from caseflow.organisations.services import create_agency, create_office

    folder = tempfile.mkdtemp(prefix="caseflow-fixture-")
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/fixture.db")
    with time_machine.travel(TODAY, tick=False), app.app_context():
        upgrade()
        office = create_office("东", "江州市东城区人民政府行政复议办公室", "county")
        users = {name: create_user(name, display, PASSWORD, office, roles) for name, display, roles in [
            ("clerk", "张晓明", ["clerk"]), ("clerk2", "李静", ["clerk"]), ("head", "王建国", ["office_head"]),
            ("organ", "赵海峰", ["organ_leader"]), ("mediator", "陈慧", ["mediator"])]}
        agency = create_agency("江州市东城区公安分局", "county", "public_security")
        db.session.commit()
        client = app.test_client()
        token = client.post("/api/v1/auth/token", json={"username": "clerk", "password": PASSWORD}).json["token"]
        headers = {"Authorization": f"Bearer {token}"}
        case_ids = []
        for n, (label, received, steps) in enumerate(CASES, start=1):
            received_on = date.fromisoformat(received)
            body = {
                "received_on": received, "receipt_channel": ["in_person", "mail", "online"][n % 3],
                "respondent_agency_id": agency.id, "request": f"请求撤销处罚决定（{label}）",
                "facts_and_reasons": "事实不清，证据不足",
                "applicants": [{"kind": "natural_person", "name": f"申请人{n}",
                                "id_number": (lambda b: b + ric.calc_check_digit(b + "0"))(f"11010119850101{n:03d}"),
                                "phone": "13800138000", "address": "江州市东城区和平路12号"}],
                "act": {"act_type": "penalty", "description": "罚款2000元", "document_number": f"公罚〔2025〕{n}号",
                        "made_on": date.fromordinal(received_on.toordinal() - 20).isoformat(),
                        "known_on": date.fromordinal(received_on.toordinal() - 15).isoformat()},
            }
            if n == 2:
                body["agent"] = {"kind": "natural_person", "name": "代理人甲",
                                 "id_number": (lambda b: b + ric.calc_check_digit(b + "0"))("110101197001010" + "42")}
                body["third_parties"] = [{"kind": "organisation", "name": "江州某某有限公司",
                                          "credit_code": "91110101MA01AB120" + uscc.calc_check_digit("91110101MA01AB120")}]
            response = client.post("/api/v1/cases", json=body, headers=headers)
            assert response.status_code == 201, response.json
            cid = response.json["id"]
            case_ids.append(cid)
            for name, on, data, reason in steps:
                data = dict(data)
                if "approver" in data:
                    data["approver_id"] = users[data.pop("approver")].id
                if "handler" in data:
                    data["handler_id"] = users[data.pop("handler")].id
                version = client.get(f"/api/v1/cases/{cid}", headers=headers).json["version"]
                actor_headers = headers
                if name == "assign_handler":
                    t = client.post("/api/v1/auth/token", json={"username": "head", "password": PASSWORD}).json
                    actor_headers = {"Authorization": f"Bearer {t['token']}"}
                r = client.post(f"/api/v1/cases/{cid}/transitions", headers=actor_headers, json={
                    "transition": name, "on": on, "version": version, "reason": reason, "data": data})
                assert r.status_code == 200, (label, name, r.json)
        # one attachment row (the file itself is not part of the fixture)
        db.session.execute(sa.text(
            "INSERT INTO attachment (case_id, kind, filename, content_type, size, sha256, uploaded_by_id, uploaded_at)"
            " VALUES (:c, 'application', '申请书.pdf', 'application/pdf', 1234, :h, :u, '2025-12-15 02:00:00')"),
            {"c": case_ids[0], "h": "0" * 64, "u": users["clerk"].id})
        db.session.commit()
        views = {"detail": {}, "events": {}}
        for lang in ("zh", "en"):
            views["detail"][lang] = {str(c): client.get(f"/api/v1/cases/{c}?lang={lang}", headers=headers).json
                                     for c in case_ids}
            views["events"][lang] = {str(c): client.get(f"/api/v1/cases/{c}/events?lang={lang}",
                                                        headers=headers).json for c in case_ids}
        views["list"] = client.get("/api/v1/cases?page_size=100&sort=docket_number", headers=headers).json
        rows = {}
        with db.engine.connect() as conn:
            for table in TABLES:
                result = conn.execute(sa.text(f'SELECT * FROM "{table}" ORDER BY 1'))
                rows[table] = [dict(r._mapping) for r in result]
            revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    out.write_text(json.dumps({"revision": revision, "today": TODAY.isoformat(), "password": PASSWORD,
                               "rows": rows, "views": views}, ensure_ascii=False, indent=1, default=_json),
                   encoding="utf-8")
    print(f"{out}: {len(case_ids)} cases, revision {revision}")


if __name__ == "__main__":
    main(Path(__file__).with_name("engine_fixture.json"))
