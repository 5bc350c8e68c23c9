"""GET /api/v1/openapi.json describes every endpoint, and every response matches what it documents."""
from datetime import date

import pytest
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource

from tests.conftest import PASSWORD


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json


def test_every_api_route_is_documented(app, spec):
    documented = {(path, method.upper()) for path, ops in spec["paths"].items() for method in ops
                  if method in ("get", "post", "put", "patch", "delete")}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint.startswith("api-docs"):
            continue
        path = rule.rule.replace("<int:", "{").replace(">", "}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method) in documented, f"{method} {path} is not in the OpenAPI document"


def test_browsable_docs_are_served_locally(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert b"/static/vendor/swagger-ui/swagger-ui-bundle.js" in page.data
    with client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js") as asset:
        assert asset.status_code == 200


class Checker:
    """Validates each response against the schema the document gives for its path, method and status."""

    def __init__(self, spec):
        self.spec = spec
        self.registry = Registry().with_resource("spec", Resource.opaque(spec))
        self.seen = set()

    def __call__(self, path, method, response):
        op = self.spec["paths"][path][method]
        status = str(response.status_code)
        assert status in op["responses"], f"{method} {path} returned undocumented {status}: {response.get_json()}"
        documented = op["responses"][status]
        if "$ref" in documented:
            documented = self.spec["components"]["responses"][documented["$ref"].rsplit("/", 1)[1]]
        self.seen.add((path, method, status))
        content = documented.get("content")
        if not content:
            assert not response.data, f"{method} {path} {status} documents no body but returned one"
            return
        schema = content["application/json"]["schema"]
        schema = _rebase(schema)
        OAS30Validator(schema, registry=self.registry).validate(response.get_json())


def _rebase(node):
    if isinstance(node, dict):
        return {k: ("spec" + v if k == "$ref" and v.startswith("#") else _rebase(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_rebase(v) for v in node]
    return node


def test_responses_match_the_document(client, spec, make, db, monkeypatch):
    check = Checker(spec)
    office = make.office()
    clerk = make.user("clerk", office=office)
    head = make.user("office_head", office=office)
    admin = make.user("admin", office=office)
    agency = make.agency()
    db.session.commit()

    r = client.post("/api/v1/auth/token", json={"username": clerk.username, "password": "wrong"})
    check("/api/v1/auth/token", "post", r)
    r = client.post("/api/v1/auth/token", json={"username": clerk.username})
    check("/api/v1/auth/token", "post", r)
    for _ in range(client.application.config["LOGIN_MAX_FAILURES"]):
        client.post("/api/v1/auth/token", json={"username": "nobody-at-all", "password": "wrong"})
    check("/api/v1/auth/token", "post", client.post("/api/v1/auth/token", json={"username": "nobody-at-all",
                                                                               "password": "wrong"}))
    r = client.post("/api/v1/auth/token", json={"username": clerk.username, "password": PASSWORD})
    check("/api/v1/auth/token", "post", r)
    h = {"Authorization": f"Bearer {r.json['token']}"}
    admin_token = client.post("/api/v1/auth/token", json={"username": admin.username, "password": PASSWORD}).json
    ha = {"Authorization": f"Bearer {admin_token['token']}"}

    check("/api/v1/cases", "get", client.get("/api/v1/cases"))
    check("/api/v1/cases", "get", client.get("/api/v1/cases", headers=ha))
    body = make.application(agency, received_on=date(2025, 9, 12))
    check("/api/v1/cases", "post", client.post("/api/v1/cases", json={"received_on": "x"}, headers=h))
    check("/api/v1/cases", "post", client.post("/api/v1/cases", json=body, headers=ha))
    r = client.post("/api/v1/cases", json=body, headers=h)
    check("/api/v1/cases", "post", r)
    cid = r.json["id"]
    # The request body is documented per kind: the one that was accepted matches its kind's schema.
    documented_body = spec["paths"]["/api/v1/cases"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert {ref["$ref"].rsplit("/", 1)[1] for ref in documented_body["oneOf"]} >= {"ReconsiderationCreateSchema"}
    OAS30Validator(_rebase(documented_body), registry=check.registry).validate(body)
    check("/api/v1/cases/kinds", "get", client.get("/api/v1/cases/kinds", headers=h))
    check("/api/v1/cases/kinds", "get", client.get("/api/v1/cases/kinds"))
    check("/api/v1/cases", "get", client.get("/api/v1/cases?overdue=false&sort=next_due_on", headers=h))
    check("/api/v1/cases", "get", client.get("/api/v1/cases?sort=colour", headers=h))
    check("/api/v1/cases", "post", client.post("/api/v1/cases", json=body))
    check("/api/v1/cases/{case_id}", "get", client.get(f"/api/v1/cases/{cid}", headers=h))
    check("/api/v1/cases/{case_id}", "get", client.get("/api/v1/cases/999999", headers=h))
    check("/api/v1/cases/{case_id}", "get", client.get(f"/api/v1/cases/{cid}"))
    tr = "/api/v1/cases/{case_id}/transitions"
    url = f"/api/v1/cases/{cid}/transitions"
    check(tr, "post", client.post(url, json={"transition": "accept", "version": 1, "on": "2025-09-16",
                                             "data": {"procedure": "ordinary"}}, headers=h))
    check(tr, "post", client.post(url, json={"transition": "accept", "version": 1}, headers=h))
    check(tr, "post", client.post(url, json={"transition": "decide", "version": 2}, headers=h))
    check(tr, "post", client.post(url, json={"transition": "forward_copy", "version": 2, "on": "2025-09-17"},
                                  headers=ha))
    check(tr, "post", client.post("/api/v1/cases/999999/transitions", json={"transition": "x", "version": 1},
                                  headers=h))
    check(tr, "post", client.post(url, json={"version": 2}, headers=h))
    check(tr, "post", client.post(url, json={"transition": "accept", "version": 2}))
    check(tr, "post", client.post(url, json={"transition": "forward_copy", "version": 2, "on": "2025-09-17",
                                             "data": {"service": {"method": "mail"}}}, headers=h))
    _check_approvals(client, check, h, ha, head, cid)
    _check_notices(client, check, h, head, cid)
    _check_stats(client, check, h, head)
    case = client.get(f"/api/v1/cases/{cid}", headers=h).json
    receipt = "/api/v1/cases/{case_id}/services/{service_id}/receipt"
    served = f"/api/v1/cases/{cid}/services/{case['services'][0]['id']}/receipt"
    signed = {"version": case["version"], "received_on": "2025-09-19", "evidence": "EMS 1180"}
    check(receipt, "post", client.post(served, json=signed))
    check(receipt, "post", client.post(served, json=signed, headers=ha))
    check(receipt, "post", client.post(f"/api/v1/cases/{cid}/services/999999/receipt", json=signed, headers=h))
    check(receipt, "post", client.post(served, json={**signed, "received_on": "2025-09-01"}, headers=h))
    check(receipt, "post", client.post(served, json=signed, headers=h))
    check(receipt, "post", client.post(served, json={**signed, "version": case["version"] + 1}, headers=h))
    version = case["version"] + 1
    import sqlalchemy as sa

    import caseflow.cases.services as services

    def busy(*args, **kwargs):
        raise sa.exc.OperationalError("INSERT", {}, Exception("database is locked"))

    with monkeypatch.context() as patch:
        patch.setattr(services, "_append_event", busy)
        check(tr, "post", client.post(url, json={"transition": "receive_reply", "version": version,
                                                 "on": "2025-09-25"}, headers=h))
        check("/api/v1/cases", "post", client.post("/api/v1/cases", json=body, headers=h))
    reveal = "/api/v1/cases/{case_id}/parties/{party_id}/reveal"
    party_id = client.get(f"/api/v1/cases/{cid}", headers=h).json["parties"][0]["id"]
    check(reveal, "post", client.post(f"/api/v1/cases/{cid}/parties/{party_id}/reveal", headers=h))
    check(reveal, "post", client.post(f"/api/v1/cases/{cid}/parties/{party_id}/reveal", headers=ha))
    check(reveal, "post", client.post(f"/api/v1/cases/{cid}/parties/{party_id}/reveal"))
    check(reveal, "post", client.post(f"/api/v1/cases/999999/parties/{party_id}/reveal", headers=h))
    check("/api/v1/cases/{case_id}/events", "get", client.get(f"/api/v1/cases/{cid}/events", headers=h))
    check("/api/v1/cases/{case_id}/events", "get", client.get("/api/v1/cases/999999/events", headers=h))
    check("/api/v1/cases/{case_id}/events", "get", client.get(f"/api/v1/cases/{cid}/events"))

    compute = "/api/v1/deadlines/compute"
    check(compute, "get", client.get(compute + "?rule=reconsideration.decision&start=2025-03-03"
                                     "&pause=2025-03-20:2025-04-10&extend=10", headers=h))
    check(compute, "get", client.get(compute + "?rule=nope&start=2025-03-03", headers=h))
    check(compute, "get", client.get(compute + "?rule=reconsideration.decision&start=soon", headers=h))
    check(compute, "get", client.get(compute + "?rule=reconsideration.decision&start=2025-03-03"))
    check("/api/v1/deadlines/rules", "get", client.get("/api/v1/deadlines/rules", headers=h))
    check("/api/v1/deadlines/rules", "get", client.get("/api/v1/deadlines/rules"))

    check("/api/v1/agencies", "get", client.get("/api/v1/agencies", headers=h))
    check("/api/v1/agencies", "get", client.get("/api/v1/agencies"))
    check("/api/v1/agencies", "post", client.post("/api/v1/agencies", json={"name": "某局", "level": "county",
                                                                            "field": "taxation"}, headers=h))
    check("/api/v1/agencies", "post", client.post("/api/v1/agencies", json={"name": "某局"}, headers=ha))
    check("/api/v1/agencies", "post", client.post("/api/v1/agencies", json={"name": "某区税务局", "level": "county",
                                                                            "field": "taxation"}, headers=ha))
    check("/api/v1/agencies", "post", client.post("/api/v1/agencies"))

    users = client.get("/api/v1/users?role=office_head", headers=h)
    check("/api/v1/users", "get", users)
    assert [u["id"] for u in users.json] == [head.id]
    check("/api/v1/users", "get", client.get("/api/v1/users?role=king", headers=h))
    check("/api/v1/users", "get", client.get("/api/v1/users"))

    _check_archive(client, check, make, agency, h, head)
    check("/api/v1/auth/token", "delete", client.delete("/api/v1/auth/token", headers=h))
    check("/api/v1/auth/token", "delete", client.delete("/api/v1/auth/token", headers=h))

    _check_public(client, check, db)

    # Every documented (path, method, status) was exercised: the document promises nothing untested.
    documented = {(p, m, s) for p, ops in spec["paths"].items() for m, op in ops.items()
                  if m in ("get", "post", "delete") for s in op["responses"] if s != "default"}
    assert documented - check.seen == set()


def _check_archive(client, check, make, agency, h, head):
    """归档: a case not accepted (proposed by the clerk, approved by the office head) is archived."""
    hh = {"Authorization": "Bearer " + client.post("/api/v1/auth/token", json={
        "username": head.username, "password": PASSWORD}).json["token"]}
    case = client.post("/api/v1/cases", json=make.application(agency), headers=h).json
    proposal = client.post("/api/v1/approvals", headers=h, json={
        "case_id": case["id"], "transition": "reject", "version": case["version"], "reason": "不属于本机关管辖",
        "data": {"competent_organ": "某市人民政府"}}).json["request"]
    assert client.post(f"/api/v1/approvals/{proposal['id']}/approve", json={}, headers=hh).status_code == 200
    version = client.get(f"/api/v1/cases/{case['id']}", headers=h).json["version"]
    path, url = "/api/v1/cases/{case_id}/archive", f"/api/v1/cases/{case['id']}/archive"
    check(path, "post", client.post(url, json={"version": version, "reason": ""}, headers=hh))
    check(path, "post", client.post(url, json={"version": version, "reason": "卷宗已整理"}, headers=h))
    check(path, "post", client.post(url, json={"version": version, "reason": "卷宗已整理"}))
    check(path, "post", client.post("/api/v1/cases/999999/archive", json={"version": 1, "reason": "x"}, headers=hh))
    check(path, "post", client.post(url, json={"version": version, "reason": "卷宗已整理"}, headers=hh))
    check(path, "post", client.post(url, json={"version": version + 1, "reason": "卷宗已整理"}, headers=hh))


def _check_public(client, check, db):
    """The published decisions, without sign-in (issue 11)."""
    from caseflow.publication.models import PublishedDecision

    row = PublishedDecision(docket_number="示例〔2025〕1号", document_number="示例决字〔2025〕1号", title="行政复议决定书",
                            office_name="示例司法局", agency_name="示例公安分局", field="public_security",
                            decision_type="revoke", decision_type_title="撤销", year=2025, decided_on=date(2025, 9, 1),
                            published_on=date(2025, 9, 30), body="申请人张某不服处罚决定。")
    db.session.add(row)
    db.session.commit()
    many, one = "/api/v1/public/decisions", "/api/v1/public/decisions/{published_id}"
    listed = client.get(f"{many}?year=2025&agency=公安&q=张某")
    check(many, "get", listed)
    assert [d["id"] for d in listed.json["items"]] == [row.id]
    check(many, "get", client.get(f"{many}?year=soon"))
    check(one, "get", client.get(f"{many}/{row.id}"))
    check(one, "get", client.get(f"{many}/999999"))


def _check_approvals(client, check, h, ha, head, cid):
    """Propose, list, read, approve, return, reject and withdraw, with each documented refusal."""
    hh = {"Authorization": "Bearer " + client.post("/api/v1/auth/token", json={
        "username": head.username, "password": PASSWORD}).json["token"]}
    base, one = "/api/v1/approvals", "/api/v1/approvals/{request_id}"
    version = client.get(f"/api/v1/cases/{cid}", headers=h).json["version"]
    extend = {"case_id": cid, "transition": "extend", "version": version, "on": "2025-09-20",
              "reason": "案情复杂", "data": {"days": 10}, "opinion": "拟延长10日"}
    check(base, "post", client.post(base, json=extend))
    check(base, "post", client.post(base, json=extend, headers=ha))
    check(base, "post", client.post(base, json={**extend, "case_id": 999999}, headers=h))
    check(base, "post", client.post(base, json={"case_id": cid}, headers=h))
    created = client.post(base, json=extend, headers=h)
    check(base, "post", created)
    check(base, "post", client.post(base, json=extend, headers=h))  # already awaiting approval: 409
    rid = created.json["request"]["id"]
    check(base, "get", client.get(base, headers=hh))
    check(base, "get", client.get(base + "?scope=case", headers=h))
    check(base, "get", client.get(base + "?scope=case&case_id=999999", headers=h))
    check(base, "get", client.get(base + "?scope=everything", headers=h))
    check(base, "get", client.get(base))
    check(one, "get", client.get(f"{base}/{rid}", headers=h))
    check(one, "get", client.get(f"{base}/999999", headers=h))
    check(one, "get", client.get(f"{base}/{rid}"))
    for action in ("approve", "return", "reject"):
        path = one + "/" + action
        check(path, "post", client.post(f"{base}/{rid}/{action}", json={"opinion": "x"}))
        check(path, "post", client.post(f"{base}/{rid}/{action}", json={"opinion": "x"}, headers=h))  # own: 403
        check(path, "post", client.post(f"{base}/999999/{action}", json={"opinion": "x"}, headers=hh))
    check(one + "/approve", "post", client.post(f"{base}/{rid}/approve", json={"on": "2099-01-01"}, headers=hh))
    check(one + "/approve", "post", client.post(f"{base}/{rid}/approve", json={"on": "2025-09-20"}, headers=hh))
    check(one + "/approve", "post", client.post(f"{base}/{rid}/approve", json={}, headers=hh))  # decided: 409

    def suspend(**extra):
        version = client.get(f"/api/v1/cases/{cid}", headers=h).json["version"]
        response = client.post(base, json={"case_id": cid, "transition": "suspend", "version": version,
                                           "on": "2025-09-21", "data": {"ground": "8"}, **extra}, headers=h)
        assert response.status_code == 201, response.json
        return response.json["request"]["id"]

    for action in ("reject", "return"):
        rid = suspend()
        check(one + "/" + action, "post", client.post(f"{base}/{rid}/{action}", json={}, headers=hh))  # 422
        check(one + "/" + action, "post", client.post(f"{base}/{rid}/{action}", json={"opinion": "理由不足"},
                                                      headers=hh))
        check(one + "/" + action, "post", client.post(f"{base}/{rid}/{action}", json={"opinion": "再次"},
                                                      headers=hh))  # decided: 409
    rid = suspend(previous_id=rid)
    path = one + "/withdraw"
    check(path, "post", client.post(f"{base}/{rid}/withdraw"))
    check(path, "post", client.post(f"{base}/{rid}/withdraw", headers=hh))
    check(path, "post", client.post(f"{base}/999999/withdraw", headers=h))
    check(path, "post", client.post(f"{base}/{rid}/withdraw", headers=h))
    check(path, "post", client.post(f"{base}/{rid}/withdraw", headers=h))


def _check_stats(client, check, h, head):
    """The figures and the cases behind one, with each documented refusal (h is a clerk's: 403)."""
    hh = {"Authorization": "Bearer " + client.post("/api/v1/auth/token", json={
        "username": head.username, "password": PASSWORD}).json["token"]}
    for path, query in (("/api/v1/stats", "period=2025"), ("/api/v1/stats/cases", "period=2025&stat=received")):
        check(path, "get", client.get(f"{path}?{query}", headers=hh))
        check(path, "get", client.get(f"{path}?{query}"))
        check(path, "get", client.get(f"{path}?{query}", headers=h))
        check(path, "get", client.get(f"{path}?period=2025-13&stat=received", headers=hh))


def _check_notices(client, check, h, head, cid):
    """The inbox, one notice, acknowledge, answer and decide, with each documented refusal."""
    from caseflow.cases.models import Case
    from caseflow.extensions import db
    from caseflow.supervision.services import raise_notice, supervision

    case = db.session.get(Case, cid)
    types = supervision().types
    [told] = raise_notice(case, None, types["E4"], date(2025, 9, 30), to=("handler",))
    [proposed] = raise_notice(case, None, types["E5"], date(2025, 9, 30), status="proposed", proposal="terminate",
                              proposal_data={"ground": "5"}, decided_by="office_head")
    db.session.commit()
    hh = {"Authorization": "Bearer " + client.post("/api/v1/auth/token", json={
        "username": head.username, "password": PASSWORD}).json["token"]}
    base, one = "/api/v1/notices", "/api/v1/notices/{notice_id}"
    check(base, "get", client.get(base, headers=h))
    check(base, "get", client.get(base + "?scope=nowhere", headers=h))
    check(base, "get", client.get(base))
    check(one, "get", client.get(f"{base}/{told}", headers=h))
    check(one, "get", client.get(f"{base}/999999", headers=h))
    check(one, "get", client.get(f"{base}/{told}"))
    for action, body in (("acknowledge", None), ("answer", {"answer": "已收到，正在处理"})):
        path = one + "/" + action
        check(path, "post", client.post(f"{base}/{told}/{action}", json=body))
        check(path, "post", client.post(f"{base}/999999/{action}", json=body, headers=h))
        check(path, "post", client.post(f"{base}/{told}/{action}", json=body, headers=hh))  # not the head's: 403
        check(path, "post", client.post(f"{base}/{told}/{action}", json=body, headers=h))
        check(path, "post", client.post(f"{base}/{told}/{action}", json=body, headers=h))  # again: 409
    check(one + "/answer", "post", client.post(f"{base}/{told}/answer", json={}, headers=h))
    path = one + "/decide"
    check(path, "post", client.post(f"{base}/{proposed}/decide", json={"take": False}))
    check(path, "post", client.post(f"{base}/999999/decide", json={"take": False}, headers=hh))
    check(path, "post", client.post(f"{base}/{proposed}/decide", json={"take": False}, headers=h))  # the head's: 403
    check(path, "post", client.post(f"{base}/{proposed}/decide", json={"take": False}, headers=hh))  # no reason
    check(path, "post", client.post(f"{base}/{proposed}/decide", json={"take": False, "reason": "原因已消除"},
                                    headers=hh))
    check(path, "post", client.post(f"{base}/{proposed}/decide", json={"take": False, "reason": "再"},
                                    headers=hh))  # decided: 409
