"""POST /api/v1/cases/<id>/archive: archive a closed case (归档)."""
from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from caseflow.auth.access import api_auth
from caseflow.auth.models import Role
from caseflow.casefile import services
from caseflow.casefile.schemas import ArchiveRequestSchema, ArchiveResultSchema
from caseflow.cases import queries
from caseflow.cases.schemas import ErrorSchema
from caseflow.cases.services import get_case
from caseflow.extensions import db
from caseflow.i18n import lang

blp = Blueprint("casefile_api", __name__, url_prefix="/api/v1/cases", description="Archiving (归档)")
SECURITY = [{"bearerAuth": []}]


@blp.route("/<int:case_id>/archive")
class Archive(MethodView):
    @api_auth(Role.OFFICE_HEAD.value, scope="case")
    @blp.arguments(ArchiveRequestSchema)
    @blp.response(200, ArchiveResultSchema)
    @blp.alt_response(401, schema=ErrorSchema)
    @blp.alt_response(403, schema=ErrorSchema, description="only the office head of the case's office archives")
    @blp.alt_response(404, schema=ErrorSchema)
    @blp.alt_response(409, schema=ErrorSchema, description="stale version, already archived (`case_archived`), or "
                                                            "not closed yet / something still running (`conflict`)")
    @blp.alt_response(422, schema=ErrorSchema, description="no reason")
    @blp.doc(security=SECURITY)
    def post(self, body, case_id):
        """Archive a closed case with a reason: it becomes read-only (every change answers 409 `case_archived`),
        stays in lists and search (`archived` filter). Only when nothing runs: no open deadline, pending approval
        or open supervision notice."""
        case = get_case(case_id, g.user)
        event = services.archive_case(case, g.user, reason=body["reason"], version=body["version"])
        db.session.commit()
        history = queries.events(case, lang())
        return {"case": queries.detail(case, g.user, lang()), "event": next(e for e in history if e["id"] == event.id)}
