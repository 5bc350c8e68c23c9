"""The filters every statistics route takes (the page, the API, the workbooks, the drill-down), and the API's
answers."""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, pre_load, validate

from caseflow.organisations.models import ADMINISTRATIVE_FIELDS, Level
from caseflow.schemas import Date, Id


class StatsArgsSchema(Schema):
    class Meta:
        unknown = EXCLUDE  # the page's other parameters (lang, page) are not filters

    period = fields.Str(load_default="", validate=validate.Length(max=16), metadata={
        "description": "YYYY, YYYY-Qn, YYYY-MM or custom (then start and end); default this year"})
    start = Date(load_default=None, metadata={"description": "custom period: first day"})
    end = Date(load_default=None, metadata={"description": "custom period: last day (at most 10 years)"})
    kind = fields.Str(load_default=None, validate=validate.OneOf(["reconsideration", "mediation", "adjudication"]))
    office_id = Id(load_default=None, metadata={"description": "this office and the offices below it"})
    agency_id = Id(load_default=None, metadata={"description": "reconsideration: the respondent agency"})
    agency_level = fields.Str(load_default=None, validate=validate.OneOf([lv.value for lv in Level]))
    field = fields.Str(load_default=None, validate=validate.OneOf(list(ADMINISTRATIVE_FIELDS)),
                       metadata={"description": "reconsideration: the respondent's administrative field"})
    procedure = fields.Str(load_default=None, validate=validate.OneOf(["ordinary", "simplified"]))
    handler_id = Id(load_default=None)

    @pre_load
    def _empty_is_absent(self, data, **_kw):
        """A form's empty select ("全部") or date means no filter."""
        return {k: v for k, v in data.items() if v != ""}


class DrillArgsSchema(StatsArgsSchema):
    stat = fields.Str(required=True, validate=validate.Length(min=1, max=80, error="统计项无效"),
                      error_messages={"required": "请选择一项统计数字"}, metadata={
        "description": "a figure's key (e.g. corrected, outcome:vary, open_age:reconsideration:31-60, "
                       "deadline_late:reconsideration.reply)"})


class StatsSchema(Schema):
    period = fields.Dict()
    last_year = fields.Dict()
    kinds = fields.List(fields.Dict())
    left_out = fields.Dict(metadata={
        "description": "kinds a reconsideration-only filter (agency, level, field, procedure) leaves out: kinds, "
                       "filters (key, title) and a message; empty lists when none"})
    reconsideration = fields.Dict(metadata={"description": "sets (count, last_year), outcomes, handling_time"})
    rates = fields.List(fields.Dict(), metadata={
        "description": "key, title, definition, numerator, denominator, value (null: no denominator), last_year"})
    deadlines = fields.List(fields.Dict(), metadata={"description": "per rule: met, late, rate"})
    open_by_age = fields.List(fields.Dict())
    respondents = fields.List(fields.Dict(), metadata={"description": "per agency, the latest first"})
    mediation = fields.Dict()
    adjudication = fields.Dict()
    trends = fields.Dict()


class DrillCaseSchema(Schema):
    id = fields.Int()
    docket_number = fields.Str()
    kind = fields.Str()
    state = fields.Str()
    state_title = fields.Str()
    received_on = fields.Date()
    closed_on = fields.Date(allow_none=True)
    respondent = fields.Str(allow_none=True)


class DrillSchema(Schema):
    stat = fields.Str()
    title = fields.Str()
    count = fields.Int(metadata={"description": "every case the figure counts (the list holds at most 500)"})
    cases = fields.List(fields.Nested(DrillCaseSchema))
