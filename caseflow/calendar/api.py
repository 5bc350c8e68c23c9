"""/api/v1/deadlines: the deadline calculator and the rule catalogue."""
from __future__ import annotations

from datetime import date

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate

from caseflow.auth.access import api_auth
from caseflow.calendar.explain import explain
from caseflow.calendar.periods import Pause
from caseflow.calendar.services import compute_deadline, get_catalogue
from caseflow.i18n import lang
from caseflow.schemas import EARLIEST_DATE, LATEST_DATE, Date, ErrorSchema

blp = Blueprint("deadlines_api", __name__, url_prefix="/api/v1/deadlines", description="Statutory clock")
SECURITY = [{"bearerAuth": []}]


class PauseField(fields.Str):
    """FROM:TO, two ISO dates."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        start, sep, end = text.partition(":")
        try:
            days = date.fromisoformat(start), date.fromisoformat(end)
            if not sep or not all(EARLIEST_DATE <= day <= LATEST_DATE for day in days):
                raise ValueError
            return Pause(*days, "")
        except ValueError:
            raise ValidationError("a pause is FROM:TO with two dates, e.g. 2025-03-20:2025-04-10") from None


class ComputeArgsSchema(Schema):
    rule = fields.Str(required=True, validate=validate.Length(min=1, max=64))
    start = Date(required=True)
    pause = fields.List(PauseField(), load_default=list)
    extend = fields.Int(load_default=None)


class ComputeResultSchema(Schema):
    rule = fields.Str()
    title = fields.Str()
    start = fields.Date()
    due_on = fields.Date(allow_none=True)
    nominal_on = fields.Date(allow_none=True)
    unit = fields.Str()
    count = fields.Int()
    backward = fields.Bool()
    basis = fields.Str()
    provisional = fields.Bool()
    explanation = fields.List(fields.Str())


class RuleSchema(Schema):
    id = fields.Str()
    title = fields.Str()
    unit = fields.Str()
    count = fields.Int()
    backward = fields.Bool()
    roll_forward = fields.Bool()
    basis = fields.Str()
    start_event = fields.Str()
    applies_from = fields.Date()
    max_extension_days = fields.Int(allow_none=True)
    note = fields.Str()


def rule_view(rule, language: str) -> dict:
    en = language == "en"
    return {"id": rule.id, "title": rule.title_en if en else rule.title, "unit": rule.unit.value, "count": rule.count,
            "backward": rule.backward, "roll_forward": rule.roll_forward, "basis": rule.basis.text(language),
            "start_event": rule.start_event_en if en else rule.start_event, "applies_from": rule.applies_from,
            "max_extension_days": rule.max_extension_days, "note": rule.note}


@blp.route("/compute")
class Compute(MethodView):
    @api_auth(scope="none")
    @blp.arguments(ComputeArgsSchema, location="query")
    @blp.response(200, ComputeResultSchema)
    @blp.alt_response(401, schema=ErrorSchema)
    @blp.alt_response(422, schema=ErrorSchema, description="unknown rule, malformed date, or outside the calendar")
    @blp.doc(security=SECURITY)
    def get(self, args):
        """Compute a due date: rule id, start date, optional pauses (FROM:TO, repeatable) and extension days."""
        result = compute_deadline(args["rule"], args["start"], args["pause"], args["extend"])
        language = lang()
        return {"rule": result.rule.id, "title": result.rule.title_en if language == "en" else result.rule.title,
                "start": result.start, "due_on": result.due_on, "nominal_on": result.nominal_on,
                "unit": result.rule.unit.value, "count": result.count, "backward": result.rule.backward,
                "basis": result.rule.basis.text(language), "provisional": result.provisional,
                "explanation": explain(result, language)}


@blp.route("/rules")
class Rules(MethodView):
    @api_auth(scope="none")
    @blp.response(200, RuleSchema(many=True))
    @blp.alt_response(401, schema=ErrorSchema)
    @blp.doc(security=SECURITY)
    def get(self):
        """The catalogue of legal time limits, newest version of each."""
        return [rule_view(r, lang()) for r in get_catalogue().latest()]
