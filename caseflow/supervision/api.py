"""/api/v1/notices: the supervision inbox; acknowledge, answer, and decide a proposed step. Handlers parse,
authorise, call one service and commit once."""
from __future__ import annotations

import sqlalchemy as sa
from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from caseflow.auth.access import api_auth
from caseflow.auth.policies import CASE_ROLES
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.i18n import lang
from caseflow.schemas import ErrorSchema
from caseflow.supervision import queries, services
from caseflow.supervision.schemas import AnswerSchema, DecideSchema, NoticeQueryArgsSchema, NoticeSchema

blp = Blueprint("notices_api", __name__, url_prefix="/api/v1/notices",
                description="Supervision notices (督办/监督通知): the inbox, answers and decisions")
READERS = tuple(sorted(CASE_ROLES))  # a leader reads, and decides the ladder's later steps
SECURITY = [{"bearerAuth": []}]


def _view(notice) -> dict:
    docket = db.session.scalar(sa.select(Case.docket_number).where(Case.id == notice.case_id))
    return queries.notice_view(notice, docket, lang())


@blp.route("")
class Notices(MethodView):
    @api_auth(*READERS, scope="offices")
    @blp.arguments(NoticeQueryArgsSchema, location="query")
    @blp.response(200, NoticeSchema(many=True))
    @blp.alt_response(401, schema=ErrorSchema)
    @blp.doc(security=SECURITY)
    def get(self, args):
        """Open notices for you (scope=mine: to you, to a role you hold, about cases you handle), or every notice of
        your offices (scope=office), most urgent first; status=all includes closed ones."""
        return queries.inbox(g.user, scope=args["scope"], status=args["status"], lang=lang())


@blp.route("/<int:notice_id>")
class NoticeById(MethodView):
    @api_auth(*READERS, scope="case")
    @blp.response(200, NoticeSchema)
    @blp.alt_response(401, schema=ErrorSchema)
    @blp.alt_response(404, schema=ErrorSchema)
    @blp.doc(security=SECURITY)
    def get(self, notice_id):
        """One notice with what happened to it."""
        return _view(services.get_notice(notice_id, g.user))


def _documented(view=None, *, body: bool = True):
    def decorate(view):
        for status, text in ((401, None), (403, "not addressed to you, or another role decides"), (404, None),
                             (409, "the notice is not in a state that allows this")):
            view = blp.alt_response(status, schema=ErrorSchema, description=text)(view)
        if body:
            view = blp.alt_response(422, schema=ErrorSchema, description="missing answer or reason, or a bad date")(
                view)
        return blp.doc(security=SECURITY)(view)

    return decorate(view) if view is not None else decorate


@blp.route("/<int:notice_id>/acknowledge", methods=["POST"])
@api_auth(*READERS, scope="case")
@blp.response(200, NoticeSchema)
@_documented(body=False)
def acknowledge(notice_id):
    """Mark a notice read (已阅)."""
    notice = services.get_notice(notice_id, g.user)
    services.acknowledge(notice, g.user)
    db.session.commit()
    return _view(notice)


@blp.route("/<int:notice_id>/answer", methods=["POST"])
@api_auth(*READERS, scope="case")
@blp.arguments(AnswerSchema)
@blp.response(200, NoticeSchema)
@_documented
def answer(body, notice_id):
    """Record the answer to a notice (yours, or an agency's received by the office)."""
    notice = services.get_notice(notice_id, g.user)
    services.answer(notice, g.user, body["answer"], on=body["on"])
    db.session.commit()
    return _view(notice)


@blp.route("/<int:notice_id>/decide", methods=["POST"])
@api_auth(*READERS, scope="case")
@blp.arguments(DecideSchema)
@blp.response(200, NoticeSchema)
@_documented
def decide(body, notice_id):
    """Take the step the system proposed (a ladder step is issued to its addressees; a case step is applied), or
    decline it with the reason."""
    notice = services.get_notice(notice_id, g.user)
    services.decide(notice, g.user, take=body["take"], reason=body["reason"], on=body["on"])
    db.session.commit()
    return _view(notice)
