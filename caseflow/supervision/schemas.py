"""What the notices API reads and writes."""
from __future__ import annotations

from marshmallow import Schema, fields, validate


class NoticeQueryArgsSchema(Schema):
    scope = fields.Str(load_default="mine", validate=validate.OneOf(["mine", "office"]), metadata={
        "description": "mine: to you, your roles or the cases you handle; office: every notice of your offices"})
    status = fields.Str(load_default="open", validate=validate.OneOf(["open", "all"]))


class AnswerSchema(Schema):
    answer = fields.Str(required=True, validate=validate.Length(min=1, max=4000),
                        metadata={"description": "the answer (an agency's, received by the office, or yours)"})
    on = fields.Date(load_default=None, metadata={"description": "the day it was answered (default today)"})


class DecideSchema(Schema):
    take = fields.Bool(required=True, metadata={"description": "true: take the proposed step; false: decline it"})
    reason = fields.Str(load_default="", validate=validate.Length(max=4000),
                        metadata={"description": "why (required to decline)"})
    on = fields.Date(load_default=None)


class AddresseeSchema(Schema):
    kind = fields.Str(metadata={"description": "user | role | agency | external"})
    name = fields.Str()
    role = fields.Str(allow_none=True)
    user_id = fields.Int(allow_none=True)
    agency_id = fields.Int(allow_none=True)


class NoticeEventSchema(Schema):
    action = fields.Str()
    action_title = fields.Str()
    actor = fields.Str()
    at = fields.DateTime()
    on = fields.Date()
    note = fields.Str()


class NoticeSchema(Schema):
    id = fields.Int()
    case_id = fields.Int()
    docket_number = fields.Str()
    type = fields.Str(metadata={"description": "legal-reference §4.6: E1 ... E13, P (a proposed step)"})
    type_title = fields.Str()
    level = fields.Int(metadata={"description": "a warning's days before the last day; a ladder's step"})
    title = fields.Str()
    basis = fields.Str()
    body = fields.Str()
    addressee = fields.Nested(AddresseeSchema)
    rule_id = fields.Str(allow_none=True)
    rule_title = fields.Str(allow_none=True)
    due_on = fields.Date(allow_none=True)
    response_due_on = fields.Date(allow_none=True)
    raised_on = fields.Date()
    raised_at = fields.DateTime()
    status = fields.Str(metadata={"description": "proposed | open | acknowledged | answered | escalated | resolved | "
                                                "declined | cancelled"})
    status_title = fields.Str()
    proposal = fields.Str(allow_none=True, metadata={"description": "the case step proposed, if any"})
    decided_by = fields.Str(allow_none=True)
    decided_by_title = fields.Str(allow_none=True)
    answer = fields.Str(allow_none=True)
    closed_on = fields.Date(allow_none=True)
    is_open = fields.Bool()
    events = fields.List(fields.Nested(NoticeEventSchema))
