"""What must hold 1: every route has a declared policy (tests/test_platform.py walks the URL map), SECURITY.md
prints exactly that table, and calling every route as every role, anonymously and as a user of another office gives
the answer its policy promises."""
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from caseflow.security.policy import documented_table, markdown_table, routes
from tests.conftest import PASSWORD
from tests.web.conftest import Browser, csrf_from

SECURITY_MD = Path(__file__).resolve().parents[2] / "SECURITY.md"
ROLES = ["clerk", "office_head", "organ_leader", "mediator", "leader", "admin"]
PRINCIPALS = ["anonymous", *ROLES, "other office"]
# A body that passes the schema, so the answer is about the object, not the body's shape (any other: {}).
BODIES = {"/api/v1/cases/<int:case_id>/transitions": lambda name, args: {"transition": name, "version": 1},
          "/api/v1/cases/<int:case_id>/services/<int:service_id>/receipt":
              lambda name, args: {"version": 1, "received_on": "2025-09-16"},
          "/api/v1/cases/<int:case_id>/archive": lambda name, args: {"version": 1, "reason": "卷宗已整理"},
          "/api/v1/approvals": lambda name, args: {"case_id": args["case_id"], "transition": name, "version": 1},
          **{f"/api/v1/approvals/<int:request_id>/{action}": lambda name, args: {"opinion": "同意"}
             for action in ("approve", "return", "reject")},
          "/api/v1/notices/<int:notice_id>/answer": lambda name, args: {"answer": "已收到"},
          "/api/v1/notices/<int:notice_id>/decide": lambda name, args: {"take": False, "reason": "不采取"}}


def test_security_md_states_the_declared_policy_table(app):
    assert documented_table(SECURITY_MD.read_text("utf-8")) == markdown_table(app), \
        "SECURITY.md is out of date: paste the output of `flask caseflow policy-table`"


@pytest.fixture
def world(app, api, make, office_team, db):
    """Office A with one user per role, a case with a party and an attachment, a pending role grant; office B with
    a user holding every role."""
    from caseflow.attachments.services import add_attachment
    from caseflow.auth.services import set_roles

    office = office_team["office"]
    people = {"clerk": office_team["clerk"], "office_head": office_team["head"],
              "organ_leader": office_team["organ"], "mediator": office_team["mediator"],
              "leader": make.user("leader", office=office), "admin": make.user("admin", office=office)}
    people["other office"] = make.user(*ROLES)
    requester = make.user("admin", office=office)
    grant = set_roles(office_team["clerk"], ["clerk", "mediator"], actor=requester)
    db.session.commit()
    case = api(office_team["clerk"]).post("/api/v1/cases", json=make.application(office_team["agency"])).json
    from caseflow.cases.models import Case

    row = db.session.get(Case, case["id"])
    attachment = add_attachment(row, office_team["clerk"], "evidence", "证据.pdf", io.BytesIO(b"%PDF-1.4 x"))
    db.session.commit()
    # A proposal awaiting the office head (呈批), then a supplement notice mailed: a service record awaiting receipt.
    clerk = api(office_team["clerk"])
    proposal = clerk.post("/api/v1/approvals", json={
        "case_id": case["id"], "transition": "reject", "version": case["version"], "reason": "不属于本机关管辖",
        "data": {"competent_organ": "某市人民政府"}}).json["request"]
    served = clerk.transition(case["id"], "request_supplement", data={"items": "补充证据",
                                                                      "service": {"method": "mail"}}).json["case"]
    notice = _notice(row)
    document, publication, published = _documents(row, office_team["clerk"])
    workflow = app.extensions["caseflow.workflows"].get("reconsideration")
    by_role = {role: next((t.name for t in workflow.transitions.values() if role in t.roles), "accept")
               for role in ROLES}
    args = {"case_id": case["id"], "attachment_id": attachment.id, "party_id": row.parties[0].id,
            "user_id": office_team["clerk"].id, "agency_id": office_team["agency"].id, "grant_id": grant.id,
            "year": 2026, "code": "en", "decision": "approve", "filename": "caseflow.css",
            "request_id": proposal["id"], "service_id": served["services"][0]["id"], "notice_id": notice,
            "doc_type": "supplement_notice", "document_id": document, "publication_id": publication,
            "published_id": published}
    return {"people": people, "args": args, "transition": by_role, "docket": case["docket_number"],
            "markers": [case["docket_number"], office_team["clerk"].username]}


def _notice(case) -> int:
    """A supervision notice on the case, to its handler (a proposal would be the same row to a role)."""
    from datetime import date

    from caseflow.extensions import db
    from caseflow.supervision.services import raise_notice, supervision

    [notice_id] = raise_notice(case, None, supervision().types["E4"], date(2025, 9, 30), to=("handler",))
    db.session.commit()
    return notice_id


def _documents(case, clerk) -> tuple[int, int, int]:
    """An issued document (the supplement notice), a publication task and a published copy (issue 11)."""
    from datetime import date

    from caseflow.documents.services import issue
    from caseflow.extensions import db
    from caseflow.publication.models import Publication, PublishedDecision

    document = issue(case.id, "supplement_notice", clerk)
    publication = Publication(case_id=case.id, office_id=case.office_id, started_on=date(2025, 9, 30),
                              original_text="申请人张三不服处罚决定。", marks=[], decisions={})
    published = PublishedDecision(docket_number="示例〔2025〕1号", document_number="示例决字〔2025〕1号",
                                  title="行政复议决定书", office_name="示例司法局", agency_name="示例公安分局",
                                  field="public_security", decision_type="revoke", decision_type_title="撤销",
                                  year=2025, decided_on=date(2025, 9, 1), published_on=date(2025, 9, 30),
                                  body="申请人张某不服处罚决定。")
    db.session.add_all([publication, published])
    db.session.commit()
    return document.id, publication.id, published.id


def _transition(world, principal) -> str:
    """A transition the principal's role takes (the clerk's, for those holding no or every role)."""
    return world["transition"]["clerk" if principal in ("anonymous", "other office") else principal]


def _url(app, route, world, principal):
    rule = next(r for r in app.url_map.iter_rules() if r.rule == route.rule and r.endpoint == route.endpoint)
    values = {}
    for name in rule.arguments:
        if name == "name":
            values[name] = _transition(world, principal)
        else:
            assert name in world["args"], f"add a sample value for <{name}> ({rule.rule}) to the matrix"
            values[name] = world["args"][name]
    return app.url_map.bind("localhost").build(route.endpoint, values, method=route.method)


def _call(app, route, url, principal, world):
    client = app.test_client()
    if route.rule.startswith("/api/"):
        headers = {}
        if principal != "anonymous":
            user = world["people"][principal]
            token = client.post("/api/v1/auth/token", json={"username": user.username, "password": PASSWORD})
            headers["Authorization"] = f"Bearer {token.json['token']}"
        body = BODIES.get(route.rule, lambda name, args: {})(_transition(world, principal), world["args"]) \
            if route.method == "POST" else None
        return client.open(url, method=route.method, json=body, headers=headers)
    b = Browser(client, None if principal == "anonymous" else world["people"][principal])
    if route.method == "GET":
        return b.get(url)
    token = csrf_from(b.get("/login").get_data(as_text=True))
    return b.client.post(url, data={"csrf_token": token})


def _text(response) -> str:
    if response.mimetype.endswith("spreadsheetml.sheet"):
        sheet = load_workbook(io.BytesIO(response.data)).active
        return " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    return response.get_data(as_text=True)


def _verdict(policy, principal, roles, response, markers) -> str | None:
    """What is wrong with `response` under `policy`, or None."""
    status = response.status_code
    if status >= 500:
        return "a server error"
    if policy.public:
        return None if status not in (401, 403) else "admitted (public)"
    if principal == "anonymous":
        if policy.channel == "api":
            return None if status == 401 else "401"
        return None if status == 302 and "/login" in response.headers["Location"] else "the sign-in page"
    if not policy.admits(roles):
        return None if status == 403 else "403 (role)"
    if principal == "other office" and policy.scope in ("case", "attachment"):
        return None if status == 404 else "404 (another office's object)"
    if status == 403 and policy.channel == "api" and (response.get_json(silent=True) or {}).get("errors"):
        return None  # the route admitted the user; the service refused this request, saying why (not your stage)
    if principal == "other office" and policy.scope in ("offices", "own-office"):
        if any(marker in _text(response) for marker in markers):
            return "nothing of another office"
    return None if status not in (401, 403, 404) else "admitted"


def test_every_route_answers_every_principal_as_its_policy_says(app, world):
    wrong = []
    for route in routes(app):
        assert route.policy is not None, f"{route.method} {route.rule} declares no policy"
        for principal in PRINCIPALS:
            url = _url(app, route, world, principal)
            roles = set() if principal == "anonymous" else world["people"][principal].roles
            with _call(app, route, url, principal, world) as response:
                problem = _verdict(route.policy, principal, roles, response, world["markers"])
                if problem:
                    wrong.append(f"{route.method} {url} as {principal}: {response.status_code}, expected {problem}")
    assert wrong == []
