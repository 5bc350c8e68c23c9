"""/api/v1/cases: register, list, read, transition, history. Handlers parse, authorise, call one service, commit."""
from __future__ import annotations

import json

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from caseflow.auth.access import api_auth
from caseflow.auth.policies import CASE_ROLES, HANDLING_ROLES, REGISTER_ROLES
from caseflow.cases import queries, services
from caseflow.cases.schemas import (
    CaseCreateSchema,
    CaseListArgsSchema,
    CaseSchema,
    CaseSummarySchema,
    ErrorSchema,
    EventSchema,
    KindInfoSchema,
    TransitionRequestSchema,
    TransitionResultSchema,
)
from caseflow.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.i18n import lang
from caseflow.schemas import MAX_ID
from caseflow.serving.schemas import ReceiptSchema

blp = Blueprint("cases_api", __name__, url_prefix="/api/v1/cases", description="Cases, transitions and history")
READERS = tuple(sorted(CASE_ROLES))
REGISTRARS = tuple(sorted(REGISTER_ROLES))
ACTORS = tuple(sorted(HANDLING_ROLES))
SECURITY = [{"bearerAuth": []}]


def page_header(page: int | None, size: int, total: int) -> dict:
    """X-Pagination (asked for with `count=true`): the total, the number of pages, and for a numbered page its
    neighbours (the fields flask-smorest wrote before keyset pages came)."""
    pages = max((total + size - 1) // size, 1) if total else 0
    out = {"total": total, "total_pages": pages}
    if total and page is not None:
        out.update(first_page=1, last_page=pages, page=page)
        if page > 1:
            out["previous_page"] = min(page - 1, pages)
        if page < pages:
            out["next_page"] = page + 1
    return out


@blp.route("")
class Cases(MethodView):
    @api_auth(*READERS, scope="offices")
    @blp.arguments(CaseListArgsSchema, location="query")
    @blp.response(200, CaseSummarySchema(many=True), headers={
        "X-Next-Cursor": {"description": "pass as `cursor` for the next page (absent on the last page)",
                          "schema": {"type": "string"}},
        "X-Pagination": {"description": "only with `count=true`: total, total_pages (and for the first or a "
                                         "numbered page: page, first_page, last_page, next_page ...)",
                         "schema": {"type": "string"}}})
    @blp.alt_response(401, schema=ErrorSchema)
    @blp.alt_response(403, schema=ErrorSchema)
    @blp.alt_response(422, schema=ErrorSchema, description="a bad filter, page size or cursor")
    @blp.doc(security=SECURITY)
    def get(self, args):
        """List the cases you may read, filtered and sorted, a page at a time: follow X-Next-Cursor (keyset,
        constant cost however deep). Nothing is counted unless you ask (`count=true`, in X-Pagination): a count
        reads every matching case of the office."""
        size, sort = args["page_size"], args["sort"]
        headers = {}
        if args.get("cursor"):
            try:
                args["after"] = queries.cursor_after(args["cursor"], sort)
            except ValueError as exc:
                raise ValidationFailed(str(exc), errors={"cursor": [str(exc)]}) from None
        number = None if args.get("cursor") else args.get("page") or 1
        found = queries.page(g.user, args, size, offset=min(((number or 1) - 1) * size, MAX_ID))
        if found.next_cursor:
            headers["X-Next-Cursor"] = found.next_cursor
        if args["count"]:
            headers["X-Pagination"] = json.dumps(page_header(number, size, queries.count(g.user, args)))
        return queries.summaries(found.cases, lang()), 200, headers

    @api_auth(*REGISTRARS, scope="own-office")
    @blp.arguments(CaseCreateSchema)
    @blp.response(201, CaseSchema)
    @blp.alt_response(401, schema=ErrorSchema)
    @blp.alt_response(403, schema=ErrorSchema)
    @blp.alt_response(422, schema=ErrorSchema)
    @blp.alt_response(503, schema=ErrorSchema, description="the database is busy: nothing was saved, retry")
    @blp.doc(security=SECURITY)
    def post(self, body):
        """Register a case of any kind (`kind`, default: the DEFAULT_CASE_KIND setting); returns it with its first
        deadlines.

        The body is the kind's: see the schemas named *CreateSchema* for each kind (GET /api/v1/cases/kinds)."""
        case = services.register_case(body, g.user)
        db.session.commit()
        return queries.detail(case, g.user, lang())


@blp.route("/kinds")
class Kinds(MethodView):
    @api_auth(*READERS, scope="none")
    @blp.response(200, KindInfoSchema(many=True))
    @blp.alt_response(401, schema=ErrorSchema)
    @blp.doc(security=SECURITY)
    def get(self):
        """The kinds of case this installation runs: their states and who may register them."""
        return queries.kinds_info(lang())


@blp.route("/<int:case_id>")
class CaseById(MethodView):
    @api_auth(*READERS, scope="case")
    @blp.response(200, CaseSchema)
    @blp.alt_response(401, schema=ErrorSchema)
    @blp.alt_response(404, schema=ErrorSchema)
    @blp.doc(security=SECURITY)
    def get(self, case_id):
        """One case with its state, version, deadlines (with explanations) and the transitions you may take."""
        return queries.detail(services.get_case(case_id, g.user), g.user, lang())


@blp.route("/<int:case_id>/transitions")
class Transitions(MethodView):
    @api_auth(*ACTORS, scope="case")
    @blp.arguments(TransitionRequestSchema)
    @blp.response(200, TransitionResultSchema)
    @blp.alt_response(401, schema=ErrorSchema)
    @blp.alt_response(403, schema=ErrorSchema, description="your role may not take this transition")
    @blp.alt_response(404, schema=ErrorSchema)
    @blp.alt_response(409, schema=ErrorSchema, description="stale version, or not allowed in the current state")
    @blp.alt_response(422, schema=ErrorSchema, description="invalid data, effective date or approver")
    @blp.alt_response(503, schema=ErrorSchema, description="the database is busy: nothing was saved, retry")
    @blp.doc(security=SECURITY)
    def post(self, body, case_id):
        """Apply a workflow transition: {transition, on, version, reason, data}."""
        case = services.get_case(case_id, g.user)
        event = services.apply_transition(case, body["transition"], actor=g.user, on=body["on"],
                                          version=body["version"], reason=body["reason"], data=body["data"])
        services.commit_keeping(case)  # the answer shows the case as written, not read back whole
        history = queries.events(case, lang())
        return {"case": queries.detail(case, g.user, lang()), "event": next(e for e in history if e["id"] == event.id)}


@blp.route("/<int:case_id>/services/<int:service_id>/receipt")
class Receipt(MethodView):
    @api_auth(*ACTORS, scope="case")
    @blp.arguments(ReceiptSchema)
    @blp.response(200, TransitionResultSchema)
    @blp.alt_response(401, schema=ErrorSchema)
    @blp.alt_response(403, schema=ErrorSchema)
    @blp.alt_response(404, schema=ErrorSchema)
    @blp.alt_response(409, schema=ErrorSchema, description="stale version, or the receipt is already recorded")
    @blp.alt_response(422, schema=ErrorSchema, description="received before it was sent, or in the future")
    @blp.doc(security=SECURITY)
    def post(self, body, case_id, service_id):
        """Record the day a served document was received (送达回证): clocks counted from it restart on it."""
        case = services.get_case(case_id, g.user)
        event = services.record_receipt(case, service_id, received_on=body["received_on"], evidence=body["evidence"],
                                        actor=g.user, version=body["version"])
        services.commit_keeping(case)
        history = queries.events(case, lang())
        return {"case": queries.detail(case, g.user, lang()), "event": next(e for e in history if e["id"] == event.id)}


@blp.route("/<int:case_id>/events")
class Events(MethodView):
    @api_auth(*READERS, scope="case")
    @blp.response(200, EventSchema(many=True))
    @blp.alt_response(401, schema=ErrorSchema)
    @blp.alt_response(404, schema=ErrorSchema)
    @blp.doc(security=SECURITY)
    def get(self, case_id):
        """The case's full history, oldest first: who, when, the effective date, what and why."""
        return queries.events(services.get_case(case_id, g.user), lang())
