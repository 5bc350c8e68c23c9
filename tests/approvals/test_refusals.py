"""What an approver may not do, each refused with its reason and nothing half-written: approve one's own proposal,
approve without the stage's role, approve twice, approve a request whose case changed since, date an approval in
the future or before the proposal; and what the proposer may not do."""
from datetime import date

import pytest
import sqlalchemy as sa

from caseflow.approvals.models import ApprovalRequest, ApprovalStep
from tests.cases.flow import Flow


@pytest.fixture
def flow(api, make, office_team):
    body = make.application(office_team["agency"], received_on=date(2025, 9, 12))
    created = api(office_team["clerk"]).post("/api/v1/cases", json=body)
    f = Flow(api, office_team, created.json)
    f.do("accept", "2025-09-16", {"procedure": "ordinary"})
    f.do("forward_copy", "2025-09-16")
    f.do("receive_reply", "2025-09-19")
    return f


def propose_extension(f, client=None, **extra):
    response = f.propose("extend", "2025-10-09", {"days": 20}, reason="案情复杂", client=client, **extra)
    assert response.status_code == 201, response.json
    return response.json["request"]["id"]


def approve(client, request_id, **body):
    return client.post(f"/api/v1/approvals/{request_id}/approve", json=body)


def nothing_written(f, db, request_id):
    """The request has no decision recorded and the case is as it was."""
    assert db.session.scalar(sa.select(sa.func.count(ApprovalStep.id)).where(
        ApprovalStep.request_id == request_id)) == 0
    assert f.clerk.get(f"/api/v1/cases/{f.id}").json == f.case


def test_one_may_not_approve_ones_own_proposal(flow, api, office_team, make, db):
    other_head = make.user("office_head", office=office_team["office"])
    db.session.commit()
    head = api(office_team["head"])
    request_id = propose_extension(flow, client=head)  # the office head proposes: another head approves
    refused = approve(head, request_id, on="2025-10-09")
    assert refused.status_code == 403 and "本人" in refused.json["errors"]["json"]["request"][0]
    nothing_written(flow, db, request_id)
    assert request_id not in [r["id"] for r in head.get("/api/v1/approvals").json]  # not in one's own queue
    assert approve(api(other_head), request_id, on="2025-10-09").status_code == 200


def test_approving_needs_the_stages_role_in_the_cases_office(flow, api, office_team, make, db):
    request_id = propose_extension(flow)
    stranger = make.user("office_head")  # another office's head
    clerk2 = make.user("clerk", office=office_team["office"])
    db.session.commit()
    wrong_role = approve(api(office_team["organ"]), request_id, on="2025-10-09")
    assert wrong_role.status_code == 403 and "机构负责人" in wrong_role.json["errors"]["json"]["request"][0]
    assert approve(api(clerk2), request_id).status_code == 403
    assert approve(api(stranger), request_id).status_code == 404  # another office's case is not found at all
    nothing_written(flow, db, request_id)


def test_a_request_whose_case_changed_since_cannot_be_approved(flow, api, office_team, db):
    request_id = propose_extension(flow)
    flow.do("refer_to_committee", "2025-10-09")  # the case moves on
    stale = approve(api(office_team["head"]), request_id, on="2025-10-09")
    assert stale.status_code == 409 and stale.json["error"] == "stale_version"
    assert "已失效" in stale.json["errors"]["json"]["request"][0]
    nothing_written(flow, db, request_id)
    shown = flow.clerk.get(f"/api/v1/approvals/{request_id}").json
    assert shown["status"] == "stale" and shown["awaiting_role"] is None
    assert api(office_team["head"]).get("/api/v1/approvals").json == []  # out of the approver's queue
    # The proposer proposes again on the case as it is now; the stale request is kept, marked stale.
    again = flow.propose("extend", "2025-10-09", {"days": 20}, reason="案情复杂", previous_id=request_id)
    assert again.status_code == 201, again.json
    assert db.session.get(ApprovalRequest, request_id).status == "stale"


@pytest.mark.parametrize("on, message", [("2099-01-01", "至今天之间"), ("2025-10-08", "至今天之间")])
def test_the_approval_date_is_not_in_the_future_nor_before_the_proposal(flow, api, office_team, db, on, message):
    request_id = propose_extension(flow)
    refused = approve(api(office_team["head"]), request_id, on=on)
    assert refused.status_code == 422 and message in refused.json["errors"]["json"]["on"][0]
    nothing_written(flow, db, request_id)


def test_an_approval_that_the_law_no_longer_allows_is_refused_at_approval(flow, api, office_team, db):
    """The extension must be approved while the decision period runs (Art. 62(1)): approving it after the
    period ran out is refused, even though it was proposed in time."""
    request_id = propose_extension(flow)
    assert flow.due("reconsideration.decision") == "2025-11-17"
    late = approve(api(office_team["head"]), request_id, on="2025-12-01")
    assert late.status_code == 409 and late.json["error"] == "precondition_failed"
    nothing_written(flow, db, request_id)


def test_proposals_are_checked_as_the_action_would_be(flow, api, office_team, db):
    bad = flow.propose("extend", "2025-10-09", {"days": 45}, reason="案情复杂")
    assert bad.status_code == 422 and "days" in bad.json["errors"]["json"]["data"]
    not_allowed = flow.propose("resume", "2025-10-09")
    assert not_allowed.status_code == 409 and not_allowed.json["error"] == "transition_not_allowed"
    mediator = api(office_team["mediator"])
    assert flow.propose("extend", "2025-10-09", {"days": 5}, reason="x", client=mediator).status_code == 403
    plain = flow.propose("refer_to_committee", "2025-10-09")
    assert plain.status_code == 409 and "无需审批" in plain.json["errors"]["json"]["transition"][0]
    request_id = propose_extension(flow)
    twice = flow.propose("extend", "2025-10-09", {"days": 20}, reason="案情复杂")
    assert twice.status_code == 409 and "已在审批中" in twice.json["errors"]["json"]["transition"][0]
    assert db.session.scalar(sa.select(sa.func.count(ApprovalRequest.id))) == 1  # only the one proposal kept
    assert flow.clerk.get(f"/api/v1/approvals/{request_id}").json["status"] == "pending"


def test_only_the_proposer_withdraws_a_pending_request(flow, api, office_team):
    request_id = propose_extension(flow)
    assert api(office_team["head"]).post(f"/api/v1/approvals/{request_id}/withdraw").status_code == 403
    withdrawn = flow.clerk.post(f"/api/v1/approvals/{request_id}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json["request"]["status"] == "withdrawn"
    assert approve(api(office_team["head"]), request_id).status_code == 409
    assert flow.clerk.post(f"/api/v1/approvals/{request_id}/withdraw").status_code == 409


def test_a_rejected_request_cannot_be_proposed_again_from(flow, api, office_team):
    request_id = propose_extension(flow)
    rejected = api(office_team["head"]).post(f"/api/v1/approvals/{request_id}/reject", json={"opinion": "不符合条件"})
    assert rejected.status_code == 200 and rejected.json["request"]["status"] == "rejected"
    again = flow.propose("extend", "2025-10-09", {"days": 20}, reason="x", previous_id=request_id)
    assert again.status_code == 422 and "previous_id" in again.json["errors"]["json"]
