"""Read side of approval requests: what the queue, the case page and the API show of a request."""
from __future__ import annotations

import sqlalchemy as sa

from caseflow.approvals.models import STATUS_LABELS, ApprovalRequest, RequestStatus
from caseflow.approvals.services import status_of
from caseflow.auth.models import ROLE_LABELS, Role, User
from caseflow.cases.models import Case
from caseflow.cases.queries import approval_info
from caseflow.cases.services import get_workflow
from caseflow.extensions import db

OUTCOME_LABELS = {"approved": ("批准", "Approved"), "returned": ("退回", "Returned"),
                  "rejected": ("不予批准", "Rejected")}


def _role_title(role: str | None, en: bool) -> str | None:
    return ROLE_LABELS[Role(role)][1 if en else 0] if role else None


def field_values(transition, data: dict, lang: str = "zh") -> list[dict]:
    """The proposal's fields as the approver reads them: the workflow's title and the value in words."""
    en = lang == "en"
    out = []
    for spec in transition.fields:
        value = data.get(spec.name)
        if value in (None, ""):
            continue
        shown = value
        if spec.choices:
            choice = next((c for c in spec.choices if c.value == str(value)), None)
            shown = (choice.title_en if en else choice.title) if choice else value
        elif spec.type == "boolean":
            shown = ("Yes" if value else "No") if en else ("是" if value else "否")
        elif spec.type == "user":
            user = db.session.get(User, int(value)) if str(value).isdigit() else None
            shown = user.display_name if user else value
        out.append({"name": spec.name, "title": spec.title_en if en else spec.title, "value": shown})
    return out


def request_view(request: ApprovalRequest, case: Case, lang: str = "zh") -> dict:
    en = lang == "en"
    workflow = get_workflow(case.kind)
    transition = workflow.transitions[request.transition]
    status = status_of(request, case)
    decided = {s.stage for s in request.steps if s.outcome == "approved"}
    chain = approval_info(transition.approval, lang)
    for stage, step in enumerate(chain["by"]):
        step["done"] = stage in decided
        step["current"] = status == RequestStatus.PENDING and stage == request.stage
    state = workflow.states[case.state]
    return {
        "id": request.id, "status": status.value, "status_title": STATUS_LABELS[status][1 if en else 0],
        "case": {"id": case.id, "docket_number": case.docket_number, "kind": case.kind, "state": case.state,
                 "state_title": state.title_en if en else state.title, "version": case.version},
        "transition": request.transition, "transition_title": transition.title_en if en else transition.title,
        "basis": transition.basis, "chain": chain["by"], "effective": chain["effective"],
        "effective_title": chain["effective_title"], "stage": request.stage,
        "awaiting_role": request.awaiting_role if status == RequestStatus.PENDING else None,
        "awaiting_role_title": _role_title(request.awaiting_role, en) if status == RequestStatus.PENDING else None,
        "proposed_by": {"id": request.proposed_by.id, "name": request.proposed_by.display_name},
        "proposed_at": request.proposed_at, "proposed_on": request.proposed_on, "case_version": request.case_version,
        "opinion": request.opinion, "reason": request.reason, "data": request.data,
        "fields": field_values(transition, request.data, lang),
        "steps": [{"stage": s.stage, "role": s.role, "role_title": _role_title(s.role, en), "outcome": s.outcome,
                   "outcome_title": OUTCOME_LABELS[s.outcome][1 if en else 0], "by": s.decided_by.display_name,
                   "at": s.decided_at, "on": s.decided_on, "opinion": s.opinion} for s in request.steps],
        "previous_id": request.previous_id, "event_id": request.event_id, "decided_at": request.decided_at,
    }


def requests_view(requests: list[ApprovalRequest], lang: str = "zh") -> list[dict]:
    """Views of several requests, their cases loaded in one query."""
    ids = {r.case_id for r in requests}
    cases = {c.id: c for c in db.session.scalars(sa.select(Case).where(Case.id.in_(ids)))} if ids else {}
    return [request_view(r, cases[r.case_id], lang) for r in requests]
