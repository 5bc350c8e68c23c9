"""The supervision pages: the inbox (督办通知), one notice with its actions, and the administrator's health page.
Views parse, authorise, call one service and commit once."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from caseflow.auth import policies
from caseflow.auth.models import Role
from caseflow.cases.models import Case
from caseflow.errors import DomainError
from caseflow.extensions import db
from caseflow.i18n import lang
from caseflow.supervision import queries, services
from caseflow.supervision.forms import AcknowledgeForm, AnswerForm, DecideForm
from caseflow.web.access import web_auth
from caseflow.web.forms import apply_errors

bp = Blueprint("supervision", __name__, template_folder="templates")
READERS = tuple(sorted(policies.CASE_ROLES))


@bp.app_context_processor
def supervision_helpers():
    """The inbox the menu, the work page and the case page show (computed only when used)."""
    def count() -> int:
        return queries.inbox_count(current_user) if current_user.is_authenticated and \
            current_user.roles & policies.CASE_ROLES else 0

    def preview(limit: int = 5) -> list[dict]:
        return queries.inbox(current_user, lang=lang(), limit=limit)

    def for_case(case_id: int) -> list[dict]:
        return queries.for_case(case_id, lang())

    return {"notice_count": count, "notice_preview": preview, "case_notices": for_case}


@bp.route("/notices")
@web_auth(*READERS, scope="offices")
def inbox():
    """督办通知: what is addressed to the user; an office head or leader also sees every open notice of the office."""
    office = g.user.has_role(Role.OFFICE_HEAD, Role.LEADER)
    return render_template("supervision/inbox.html", mine=queries.inbox(g.user, lang=lang()),
                           office=queries.inbox(g.user, scope="office", lang=lang()) if office else None)


def _page(notice_id, *, answer_form=None, decide_form=None, status=200, notice_text=None):
    notice = services.get_notice(notice_id, g.user)
    docket = db.session.scalar(sa.select(Case.docket_number).where(Case.id == notice.case_id))
    view = queries.notice_view(notice, docket, lang())
    may_handle = services.may_handle(notice, g.user)
    may_decide = services.may_decide(notice, db.session.get(Case, notice.case_id), g.user)
    return render_template("supervision/notice.html", n=view, may_handle=may_handle, may_decide=may_decide,
                           acknowledge_form=AcknowledgeForm(), answer_form=answer_form or AnswerForm(prefix="answer"),
                           decide_form=decide_form or DecideForm(prefix="decide"), notice=notice_text), status


@bp.route("/notices/<int:notice_id>")
@web_auth(*READERS, scope="case")
def notice_detail(notice_id):
    return _page(notice_id)


def _act(notice_id, form, form_name: str, action, done: str):
    notice = services.get_notice(notice_id, g.user)
    if not form.validate_on_submit():
        return _page(notice_id, status=422, **{form_name: form})
    try:
        action(notice)
    except DomainError as exc:
        db.session.rollback()
        if exc.status in (403, 409):  # not this user's, or no longer possible: say why on the notice's page
            for messages in (exc.errors or {"": [exc.message]}).values():
                for message in messages:
                    flash(message, "warning")
            return redirect(url_for("supervision.notice_detail", notice_id=notice_id), 303)
        unmatched = apply_errors(form, exc.errors)
        return _page(notice_id, status=exc.status, **{form_name: form},
                     notice_text="；".join(unmatched) if unmatched else (None if exc.errors else exc.message))
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("supervision.notice_detail", notice_id=notice_id), 303)


@bp.route("/notices/<int:notice_id>/acknowledge", methods=["POST"])
@web_auth(*READERS, scope="case")
def acknowledge(notice_id):
    return _act(notice_id, AcknowledgeForm(), "answer_form", lambda n: services.acknowledge(n, g.user), _("已阅"))


@bp.route("/notices/<int:notice_id>/answer", methods=["POST"])
@web_auth(*READERS, scope="case")
def answer(notice_id):
    form = AnswerForm(prefix="answer")
    return _act(notice_id, form, "answer_form",
                lambda n: services.answer(n, g.user, form.answer.data, on=form.on.data), _("已记录回复"))


@bp.route("/notices/<int:notice_id>/decide", methods=["POST"])
@web_auth(*READERS, scope="case")
def decide(notice_id):
    form = DecideForm(prefix="decide")
    return _act(notice_id, form, "decide_form", lambda n: services.decide(
        n, g.user, take=form.take.data == "yes", reason=form.reason.data or "", on=form.on.data), _("已作出决定"))


@bp.route("/admin/supervision")
@web_auth(Role.ADMIN.value, scope="bureau")
def health():
    """For administrators: the sweeps, the outbox, agencies that cannot be mailed, rules no longer in the catalogue."""
    return render_template("supervision/health.html", h=queries.health())
