"""The approval pages: propose an action (the transition's own form, plus an opinion), the approver's queue
(待审批) and one request with the approver's decision. Views parse, authorise, call one service, commit once."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.approvals import queries, services
from caseflow.approvals.forms import ApproveForm, SendBackForm, WithdrawForm
from caseflow.approvals.models import RequestStatus
from caseflow.auth import policies
from caseflow.cases.services import get_case, get_workflow
from caseflow.cases.views import transition_page
from caseflow.errors import DomainError
from caseflow.extensions import db
from caseflow.i18n import lang
from caseflow.web.access import web_auth
from caseflow.web.forms import apply_errors

bp = Blueprint("approvals", __name__, template_folder="templates")
READERS = tuple(sorted(policies.CASE_ROLES))
ACTORS = tuple(sorted(policies.HANDLING_ROLES))  # who may propose (and withdraw their proposal); a leader reads
APPROVERS = tuple(sorted(policies.APPROVAL_ROLES))


@bp.app_context_processor
def approval_helpers():
    """The approvals the navigation bar, the work page and the case page show (computed only when used)."""
    def queue_count() -> int:
        return services.queue_count(current_user) if current_user.is_authenticated else 0

    def queue_preview(limit: int = 5) -> list[dict]:
        return queries.requests_view(services.queue(current_user)[:limit], lang())

    def case_requests(case_id: int) -> list[dict]:
        return queries.requests_view(services.for_case(case_id), lang())

    return {"approval_queue_count": queue_count, "approval_queue_preview": queue_preview,
            "case_approval_requests": case_requests}


def _prefill(previous, transition) -> dict:
    """A returned request's content, back in the form for the proposer to correct and propose again."""
    dates = {spec.name for spec in transition.fields if spec.type == "date"}
    data = {k: (date.fromisoformat(v) if k in dates and v else v) for k, v in previous.data.items()}
    return {**data, "reason": previous.reason, "opinion": previous.opinion, "previous_id": previous.id}


@bp.route("/cases/<int:case_id>/proposals/<name>", methods=["GET", "POST"])
@web_auth(*ACTORS, scope="case")
def propose(case_id, name):
    """呈批: the transition's form, plus the proposer's opinion; submitting it changes nothing on the case."""
    case = get_case(case_id, g.user)
    transition = get_workflow(case.kind).transitions.get(name)
    if transition is None:
        abort(404)
    if transition.approval is None:  # applied directly, on its own page
        return redirect(url_for("cases.case_transition", case_id=case.id, name=name), 307)
    prefill = None
    if request.method == "GET" and request.args.get("previous", type=int):
        previous = services.get_request(request.args.get("previous", type=int), g.user)
        if previous.case_id != case.id or previous.transition != name:
            abort(404)
        prefill = _prefill(previous, transition)

    def submit(form, data):
        proposal = services.propose(case, name, actor=g.user, on=form.on.data, version=form.version.data,
                                    reason=form.reason.data or "", data=data, opinion=form.opinion.data or "",
                                    previous_id=form.previous_id.data or None)
        flash(_("已提交审批：%(title)s。审批通过前案件不变。",
                title=transition.title_en if lang() == "en" else transition.title), "success")
        return url_for("approvals.request_detail", request_id=proposal.id)

    return transition_page(case, transition, submit, proposal=True, prefill=prefill)


@bp.route("/approvals")
@web_auth(*READERS, scope="offices")
def queue():
    """待审批: what awaits the user's approval, and what the user proposed."""
    return render_template("approvals/queue.html",
                           queue=queries.requests_view(services.queue(g.user), lang()),
                           mine=queries.requests_view(services.proposed_by(g.user), lang()))


def _detail(request_id, *, approve_form=None, send_back_form=None, status=200, notice=None):
    approval = services.get_request(request_id, g.user)
    case = get_case(approval.case_id, g.user)
    view = queries.request_view(approval, case, lang())
    may = services.may_decide(approval, g.user)
    return render_template("approvals/detail.html", request_view=view, case=case, may=may, notice=notice,
                           approve_form=approve_form or ApproveForm(prefix="approve"),
                           send_back_form=send_back_form or SendBackForm(prefix="back"), withdraw_form=WithdrawForm(),
                           is_proposer=approval.proposed_by_id == g.user.id,
                           can_repropose=view["status"] in (RequestStatus.RETURNED.value, RequestStatus.STALE.value)
                           and approval.proposed_by_id == g.user.id), status


@bp.route("/approvals/<int:request_id>")
@web_auth(*READERS, scope="case")
def request_detail(request_id):
    return _detail(request_id)


@bp.route("/approvals/<int:request_id>/approve", methods=["POST"])
@web_auth(*APPROVERS, scope="case")
def approve(request_id):
    form = ApproveForm(prefix="approve")
    approval, event, page = _decide(request_id, form, "approve_form", lambda request: services.approve(
        request, g.user, form.opinion.data or "", on=form.on.data))
    if page is not None:
        return page
    view = queries.request_view(approval, get_case(approval.case_id, g.user), lang())
    if event is None:
        flash(_("已审批，转%(role)s审批", role=view["awaiting_role_title"]), "success")
        return redirect(url_for("approvals.queue"))
    flash(_("已批准并办理：%(title)s", title=view["transition_title"]), "success")
    return redirect(url_for("cases.case_detail", case_id=approval.case_id))


def _send_back(request_id, reject: bool):
    form = SendBackForm(prefix="back")
    _approval, _none, page = _decide(request_id, form, "send_back_form", lambda request: services.send_back(
        request, g.user, form.opinion.data, reject=reject))
    if page is not None:
        return page
    flash(_("已不予批准") if reject else _("已退回承办人"), "success")
    return redirect(url_for("approvals.queue"))


def _decide(request_id, form, form_name: str, action):
    """The approver's decision: validate `form`, run `action(request)`, commit once. Returns (request, what the
    action returned, None), or, on a refusal, the request page again with the reasons next to the fields."""
    approval = services.get_request(request_id, g.user)
    if not form.validate_on_submit():
        return approval, None, _detail(request_id, status=422, **{form_name: form})
    try:
        result = action(approval)
    except DomainError as exc:
        db.session.rollback()
        unmatched = apply_errors(form, exc.errors)
        return approval, None, _detail(request_id, status=exc.status, **{form_name: form},
                                       notice="；".join(unmatched) if unmatched else (None if exc.errors else exc.message))
    db.session.commit()
    return approval, result, None


@bp.route("/approvals/<int:request_id>/return", methods=["POST"])
@web_auth(*APPROVERS, scope="case")
def send_back(request_id):
    return _send_back(request_id, reject=False)


@bp.route("/approvals/<int:request_id>/reject", methods=["POST"])
@web_auth(*APPROVERS, scope="case")
def reject(request_id):
    return _send_back(request_id, reject=True)


@bp.route("/approvals/<int:request_id>/withdraw", methods=["POST"])
@web_auth(*ACTORS, scope="case")
def withdraw(request_id):
    approval = services.get_request(request_id, g.user)
    if WithdrawForm().validate_on_submit():
        try:
            services.withdraw(approval, g.user)
        except DomainError as exc:
            db.session.rollback()
            for messages in (exc.errors or {"": [exc.message]}).values():
                for message in messages:
                    flash(_("未撤回：%(reason)s", reason=message), "danger")
        else:
            db.session.commit()
            flash(_("已撤回"), "success")
    return redirect(url_for("approvals.request_detail", request_id=request_id), 303)
