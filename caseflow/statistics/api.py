"""/api/v1/stats: the leaders' figures, with the same definitions as the dashboard, and the cases behind each."""
from __future__ import annotations

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from caseflow.auth.access import api_auth
from caseflow.auth.models import Role
from caseflow.i18n import lang
from caseflow.schemas import ErrorSchema
from caseflow.statistics import report, services
from caseflow.statistics.schemas import DrillArgsSchema, DrillSchema, StatsArgsSchema, StatsSchema

blp = Blueprint("stats_api", __name__, url_prefix="/api/v1/stats",
                description="Statistics (统计): the figures a bureau reports, and the cases behind each")
READERS = (Role.LEADER.value, Role.OFFICE_HEAD.value)  # a leader for the offices below too; an office head, own
SECURITY = [{"bearerAuth": []}]


@blp.route("")
class Stats(MethodView):
    @api_auth(*READERS, scope="offices")
    @blp.arguments(StatsArgsSchema, location="query")
    @blp.response(200, StatsSchema)
    @blp.alt_response(401, schema=ErrorSchema)
    @blp.alt_response(403, schema=ErrorSchema)
    @blp.alt_response(422, schema=ErrorSchema, description="a malformed period or filter, or an office you may not read")
    @blp.doc(security=SECURITY)
    def get(self, args):
        """Every figure of the period (default: this year) and filters, beside the same period last year. Rates
        give numerator and denominator; a rate with nothing in its denominator is null."""
        return report.jsonable(services.figures(g.user, args, lang()))


@blp.route("/cases")
class StatCases(MethodView):
    @api_auth(*READERS, scope="offices")
    @blp.arguments(DrillArgsSchema, location="query")
    @blp.response(200, DrillSchema)
    @blp.alt_response(401, schema=ErrorSchema)
    @blp.alt_response(403, schema=ErrorSchema)
    @blp.alt_response(422, schema=ErrorSchema, description="an unknown figure, or a bad period or filter")
    @blp.doc(security=SECURITY)
    def get(self, args):
        """The cases a figure counts, under the same period and filters (count: all of them; cases: up to 500)."""
        return services.drill_page(g.user, args, lang())
