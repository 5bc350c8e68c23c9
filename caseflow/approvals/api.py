"""/api/v1/approvals: propose an action for approval (呈批), list the queue, approve, return, reject, withdraw.

Handlers parse, authorise, call one service and commit once; the rules live in caseflow.approvals.services.
"""
from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from caseflow.approvals import queries, services
from caseflow.approvals.schemas import (
    ApprovalQueryArgsSchema,
    ApprovalRequestSchema,
    DecisionResultSchema,
    DecisionSchema,
    ProposalSchema,
)
from caseflow.auth.access import api_auth
from caseflow.auth.policies import APPROVAL_ROLES, CASE_ROLES, HANDLING_ROLES
from caseflow.cases import queries as case_queries
from caseflow.cases.services import get_case
from caseflow.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.i18n import lang
from caseflow.schemas import ErrorSchema

blp = Blueprint("approvals_api", __name__, url_prefix="/api/v1/approvals",
                description="Approval requests (呈批): proposals, the approver's queue and decisions")
READERS = tuple(sorted(CASE_ROLES))
ACTORS = tuple(sorted(HANDLING_ROLES))  # who may propose (and withdraw their proposal); a bureau leader reads
APPROVERS = tuple(sorted(APPROVAL_ROLES))
SECURITY = [{"bearerAuth": []}]


def _result(request, event=None) -> dict:
    case = get_case(request.case_id, g.user)
    history = case_queries.events(case, lang()) if event is not None else []
    return {"request": queries.request_view(request, case, lang()), "case": case_queries.detail(case, g.user, lang()),
            "event": next((e for e in history if e["id"] == event.id), None) if event is not None else None}


@blp.route("")
class Approvals(MethodView):
    @api_auth(*READERS, scope="offices")
    @blp.arguments(ApprovalQueryArgsSchema, location="query")
    @blp.response(200, ApprovalRequestSchema(many=True))
    @blp.alt_response(401, schema=ErrorSchema)
    @blp.alt_response(404, schema=ErrorSchema)
    @blp.doc(security=SECURITY)
    def get(self, args):
        """Requests awaiting your approval (scope=queue, oldest first), those you proposed (scope=mine), or every
        request of one case (scope=case&case_id=...)."""
        if args["scope"] == "case":
            if args["case_id"] is None:
                raise ValidationFailed("case_id is required with scope=case", errors={"case_id": ["请指定案件"]})
            requests = services.for_case(get_case(args["case_id"], g.user).id)
        else:
            requests = services.queue(g.user) if args["scope"] == "queue" else services.proposed_by(g.user)
        return queries.requests_view(requests, lang())

    @api_auth(*ACTORS, scope="case")
    @blp.arguments(ProposalSchema)
    @blp.response(201, DecisionResultSchema)
    @blp.alt_response(401, schema=ErrorSchema)
    @blp.alt_response(403, schema=ErrorSchema, description="your role may not propose this action")
    @blp.alt_response(404, schema=ErrorSchema)
    @blp.alt_response(409, schema=ErrorSchema, description="stale version, not allowed now, or already proposed")
    @blp.alt_response(422, schema=ErrorSchema, description="invalid data or effective date")
    @blp.doc(security=SECURITY)
    def post(self, body):
        """Propose an action that needs approval. It is checked as if applied on `on` (state, role, data, dates,
        legal guards) but nothing changes on the case until the last approver approves it."""
        case = get_case(body["case_id"], g.user)
        request = services.propose(case, body["transition"], actor=g.user, on=body["on"], version=body["version"],
                                   reason=body["reason"], data=body["data"], opinion=body["opinion"],
                                   previous_id=body["previous_id"])
        db.session.commit()
        return _result(request)


@blp.route("/<int:request_id>")
class ApprovalById(MethodView):
    @api_auth(*READERS, scope="case")
    @blp.response(200, ApprovalRequestSchema)
    @blp.alt_response(401, schema=ErrorSchema)
    @blp.alt_response(404, schema=ErrorSchema)
    @blp.doc(security=SECURITY)
    def get(self, request_id):
        """One request: what is proposed, by whom, with which opinion, and each approver's decision."""
        request = services.get_request(request_id, g.user)
        return queries.request_view(request, get_case(request.case_id, g.user), lang())


def _decision_doc(view=None, *, body=True):
    def decorate(view):
        statuses = [(401, None), (403, "not your stage's role, your own proposal, or already approved by you"),
                    (404, None), (409, "decided already, or the case changed since the proposal (stale)")]
        if body:
            statuses.append((422, "an opinion is required, or the date is out of range"))
        for status, text in statuses:
            view = blp.alt_response(status, schema=ErrorSchema, description=text)(view)
        return blp.doc(security=SECURITY)(view)

    return decorate(view) if view is not None else decorate


@blp.route("/<int:request_id>/approve", methods=["POST"])
@api_auth(*APPROVERS, scope="case")
@blp.arguments(DecisionSchema)
@blp.response(200, DecisionResultSchema)
@_decision_doc
def approve(body, request_id):
    """Approve at your stage. The last approval applies the action (its event is returned), effective on the day
    of approval or on the proposed day, as the workflow says."""
    request = services.get_request(request_id, g.user)
    event = services.approve(request, g.user, body["opinion"], on=body["on"])
    db.session.commit()
    return _result(request, event)


@blp.route("/<int:request_id>/return", methods=["POST"])
@api_auth(*APPROVERS, scope="case")
@blp.arguments(DecisionSchema)
@blp.response(200, DecisionResultSchema)
@_decision_doc
def send_back(body, request_id):
    """Return the request to its proposer with your opinion (required); they may propose it again."""
    request = services.get_request(request_id, g.user)
    services.send_back(request, g.user, body["opinion"])
    db.session.commit()
    return _result(request)


@blp.route("/<int:request_id>/reject", methods=["POST"])
@api_auth(*APPROVERS, scope="case")
@blp.arguments(DecisionSchema)
@blp.response(200, DecisionResultSchema)
@_decision_doc
def reject(body, request_id):
    """Reject the request with your opinion (required). It stays on the case's record."""
    request = services.get_request(request_id, g.user)
    services.send_back(request, g.user, body["opinion"], reject=True)
    db.session.commit()
    return _result(request)


@blp.route("/<int:request_id>/withdraw", methods=["POST"])
@api_auth(*ACTORS, scope="case")
@blp.response(200, DecisionResultSchema)
@_decision_doc(body=False)
def withdraw(request_id):
    """Take back a pending request you proposed."""
    request = services.get_request(request_id, g.user)
    services.withdraw(request, g.user)
    db.session.commit()
    return _result(request)
