"""The publication pages inside the office: the queue, the review (original beside redacted, every change
highlighted), marking passages, ruling on candidate names, exemption, submission, approval by the office head,
withdrawal. Views parse, authorise, call one service and commit once."""
from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from caseflow.auth import policies
from caseflow.auth.models import Role, User
from caseflow.cases.models import Case
from caseflow.cases.services import get_case
from caseflow.deadlines.models import Deadline
from caseflow.errors import DomainError
from caseflow.extensions import db
from caseflow.i18n import lang
from caseflow.publication import queries, services
from caseflow.publication.forms import ButtonForm, ExemptionForm, MarkForm, NameForm, ReasonForm
from caseflow.publication.models import EXEMPTION_GROUNDS, STATUS_LABELS, PublicationStatus, PublishedDecision
from caseflow.web.access import web_auth
from caseflow.web.forms import apply_errors

# What each highlighted change is, for the reviewer (caseflow.publication.redaction's finding kinds).
FINDING_TITLES = tuple(dict(zip(keys, titles)) for keys, titles in [(
    ("name", "id_number", "bank_card", "phone", "landline", "email", "plate", "address", "name_candidate", "marked"),
    titles) for titles in (
    ("姓名", "身份证号码", "银行卡号", "手机号码", "固定电话", "电子邮箱", "车牌号码", "地址", "待确认的人名", "标记隐去的内容"),
    ("Name", "ID number", "Bank card", "Mobile phone", "Landline", "E-mail", "Plate", "Address", "Name to confirm",
     "Marked passage"))])

bp = Blueprint("publication", __name__, template_folder="templates")
READERS = tuple(sorted(policies.CASE_ROLES))
WRITERS = (Role.CLERK.value, Role.OFFICE_HEAD.value)
HEAD = (Role.OFFICE_HEAD.value,)


@bp.app_context_processor
def publication_helpers():
    """The case page links to its publication task when there is one."""
    return {"case_publication": services.for_case}


def _label(pair) -> str:
    return pair[1] if lang() == "en" else pair[0]


@bp.route("/publications")
@web_auth(*READERS, scope="offices")
def queue():
    """网上公开: the publication tasks of the user's offices, oldest first, with their due dates."""
    rows = []
    for p in services.queue(g.user):
        case = db.session.get(Case, p.case_id)
        deadline = db.session.get(Deadline, p.deadline_id) if p.deadline_id else None
        rows.append({"p": p, "case": case, "due_on": deadline.due_on if deadline else None,
                     "status": _label(STATUS_LABELS[PublicationStatus(p.status)])})
    return render_template("publication/queue.html", rows=rows)


@bp.route("/cases/<int:case_id>/publication")
@web_auth(*READERS, scope="case")
def for_case(case_id):
    get_case(case_id, g.user)
    publication = services.for_case(case_id)
    if publication is None:
        abort(404)
    return redirect(url_for("publication.review", publication_id=publication.id))


def _page(publication_id, status=200, message=None, **forms):
    publication = services.get_publication(publication_id, g.user)
    case = db.session.get(Case, publication.case_id)
    result = services.redacted(publication, case)
    original, redacted = queries.segments(publication.original_text, result.findings)
    deadline = db.session.get(Deadline, publication.deadline_id) if publication.deadline_id else None
    people = {u.id: u.display_name for u in db.session.query(User).filter(
        User.id.in_([i for i in (publication.prepared_by_id, publication.approved_by_id) if i]))}
    copy = db.session.get(PublishedDecision, publication.published_id) if publication.published_id else None
    defaults = {"mark_form": MarkForm(prefix="mark"), "exemption_form": ExemptionForm(prefix="exemption"),
                "button_form": ButtonForm(), "return_form": ReasonForm(prefix="return"),
                "withdraw_form": ReasonForm(prefix="withdraw")}
    defaults.update(forms)
    return render_template(
        "publication/review.html", finding_titles=FINDING_TITLES[1 if lang() == "en" else 0], p=publication, case=case, result=result, original=original, redacted=redacted,
        candidates=[f for f in result.findings if f.kind == "name_candidate"], deadline=deadline, people=people,
        status_title=_label(STATUS_LABELS[PublicationStatus(publication.status)]), copy=copy, message=message,
        grounds={k: _label(v) for k, v in EXEMPTION_GROUNDS.items()}, name_form=NameForm(), **defaults), status


@bp.route("/publications/<int:publication_id>")
@web_auth(*READERS, scope="case")
def review(publication_id):
    return _page(publication_id)


def _act(publication_id, form, form_name, action, done):
    publication = services.get_publication(publication_id, g.user)
    if not form.validate_on_submit():
        return _page(publication_id, status=422, **({form_name: form} if form_name else {}))
    try:
        action(publication)
    except DomainError as exc:
        db.session.rollback()
        if exc.status in (403, 409) or form_name is None:
            for messages in (exc.errors or {"": [exc.message]}).values():
                for message in messages:
                    flash(message, "warning")
            return redirect(url_for("publication.review", publication_id=publication_id), 303)
        unmatched = apply_errors(form, exc.errors)
        return _page(publication_id, status=exc.status, message="；".join(unmatched) or None, **{form_name: form})
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("publication.review", publication_id=publication_id), 303)


@bp.route("/publications/<int:publication_id>/mark", methods=["POST"])
@web_auth(*WRITERS, scope="case")
def mark(publication_id):
    form = MarkForm(prefix="mark")
    return _act(publication_id, form, "mark_form",
                lambda p: services.mark(p, g.user, form.passage.data, form.reason.data), _("已标记隐去"))


@bp.route("/publications/<int:publication_id>/names", methods=["POST"])
@web_auth(*WRITERS, scope="case")
def names(publication_id):
    form = NameForm()
    return _act(publication_id, form, None, lambda p: services.decide_candidate(
        p, g.user, form.name.data, form.verdict.data == "redact"), _("已记录对该姓名的处理"))


@bp.route("/publications/<int:publication_id>/exemption", methods=["POST"])
@web_auth(*WRITERS, scope="case")
def exemption(publication_id):
    form = ExemptionForm(prefix="exemption")
    return _act(publication_id, form, "exemption_form", lambda p: services.request_exemption(
        p, g.user, form.ground.data, form.reason.data), _("已提交不公开申请"))


@bp.route("/publications/<int:publication_id>/submit", methods=["POST"])
@web_auth(*WRITERS, scope="case")
def submit(publication_id):
    return _act(publication_id, ButtonForm(), None, lambda p: services.submit(p, g.user), _("已提交审批"))


@bp.route("/publications/<int:publication_id>/approve", methods=["POST"])
@web_auth(*HEAD, scope="case")
def approve(publication_id):
    return _act(publication_id, ButtonForm(), None, lambda p: services.approve(p, g.user), _("已批准"))


@bp.route("/publications/<int:publication_id>/return", methods=["POST"])
@web_auth(*HEAD, scope="case")
def return_for_review(publication_id):
    form = ReasonForm(prefix="return")
    return _act(publication_id, form, "return_form",
                lambda p: services.return_for_review(p, g.user, form.reason.data), _("已退回"))


@bp.route("/publications/<int:publication_id>/withdraw", methods=["POST"])
@web_auth(*HEAD, scope="case")
def withdraw(publication_id):
    form = ReasonForm(prefix="withdraw")
    return _act(publication_id, form, "withdraw_form",
                lambda p: services.withdraw(p, g.user, form.reason.data), _("已撤回公开"))
