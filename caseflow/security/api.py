"""POST /api/v1/cases/{case_id}/parties/{party_id}/reveal: one party's personal data in full, for those who handle
the case, recorded in the security log (caseflow.security.personal_data)."""
from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from caseflow.auth.access import api_auth
from caseflow.auth.policies import HANDLING_ROLES
from caseflow.cases import services
from caseflow.cases.schemas import PartySchema
from caseflow.extensions import db
from caseflow.schemas import ErrorSchema
from caseflow.security.personal_data import reveal_party

blp = Blueprint("personal_data_api", __name__, url_prefix="/api/v1/cases", description="Personal data by need")


@blp.route("/<int:case_id>/parties/<int:party_id>/reveal")
class PartyReveal(MethodView):
    @api_auth(*sorted(HANDLING_ROLES), scope="case")
    @blp.response(200, PartySchema)
    @blp.alt_response(401, schema=ErrorSchema)
    @blp.alt_response(403, schema=ErrorSchema, description="you do not handle this case (e.g. a leader reading it)")
    @blp.alt_response(404, schema=ErrorSchema)
    @blp.doc(security=[{"bearerAuth": []}])
    def post(self, case_id, party_id):
        """Show one party's ID number, phone and address in full; the showing is recorded."""
        shown = reveal_party(services.get_case(case_id, g.user), party_id, g.user)
        db.session.commit()
        return shown
