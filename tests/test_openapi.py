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
    check(tr, "post", client.post(url, json={"transition": "forward_copy", "version": 2, "on": "2025-09-17"},
                                  headers=h))
    import sqlalchemy as sa

    import caseflow.cases.services as services

    def busy(*args, **kwargs):
        raise sa.exc.OperationalError("INSERT", {}, Exception("database is locked"))

    with monkeypatch.context() as patch:
        patch.setattr(services, "_append_event", busy)
        check(tr, "post", client.post(url, json={"transition": "receive_reply", "version": 3, "on": "2025-09-18"},
                                      headers=h))
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

    check("/api/v1/auth/token", "delete", client.delete("/api/v1/auth/token", headers=h))
    check("/api/v1/auth/token", "delete", client.delete("/api/v1/auth/token", headers=h))

    # Every documented (path, method, status) was exercised: the document promises nothing untested.
    documented = {(p, m, s) for p, ops in spec["paths"].items() for m, op in ops.items()
                  if m in ("get", "post", "delete") for s in op["responses"] if s != "default"}
    assert documented - check.seen == set()
