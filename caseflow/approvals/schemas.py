"""What the approvals API reads and writes."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from caseflow.cases.schemas import ApprovalRoleSchema, CaseSchema, EventSchema


class ProposalSchema(Schema):
    """A proposal: the transition as it would be posted to /cases/<id>/transitions, with the proposer's opinion."""

    case_id = fields.Int(required=True)
    transition = fields.Str(required=True, validate=validate.Length(min=1, max=48))
    version = fields.Int(required=True, metadata={"description": "the case version the proposal is made on"})
    on = fields.Date(load_default=None, metadata={
        "description": "the effective date proposed (default today); used as is when the workflow says the action "
                       "takes effect on the proposed date, otherwise it takes effect on the day it is approved"})
    reason = fields.Str(load_default="", validate=validate.Length(max=4000))
    data = fields.Dict(load_default=dict)
    opinion = fields.Str(load_default="", validate=validate.Length(max=4000),
                         metadata={"description": "拟办意见: the proposer's opinion"})
    previous_id = fields.Int(load_default=None, metadata={
        "description": "the returned (or stale) request this one proposes again"})


class DecisionSchema(Schema):
    opinion = fields.Str(load_default="", validate=validate.Length(max=4000),
                         metadata={"description": "审批意见 (required to return or reject)"})
    on = fields.Date(load_default=None, metadata={
        "description": "approve only: the day of approval (default today; not before the proposed date, not in "
                       "the future): the effective date of an action that takes effect on approval"})


class ApprovalQueryArgsSchema(Schema):
    scope = fields.Str(load_default="queue", validate=validate.OneOf(["queue", "mine", "case"]), metadata={
        "description": "queue: awaiting your approval; mine: proposed by you; case: every request of case_id"})
    case_id = fields.Int(load_default=None)


class ChainStepSchema(ApprovalRoleSchema):
    done = fields.Bool()
    current = fields.Bool()


class StepSchema(Schema):
    stage = fields.Int()
    role = fields.Str()
    role_title = fields.Str()
    outcome = fields.Str(metadata={"description": "approved | returned | rejected"})
    outcome_title = fields.Str()
    by = fields.Str()
    at = fields.DateTime()
    on = fields.Date()
    opinion = fields.Str()


class RequestCaseSchema(Schema):
    id = fields.Int()
    docket_number = fields.Str()
    kind = fields.Str()
    state = fields.Str()
    state_title = fields.Str()
    version = fields.Int()


class PersonSchema(Schema):
    id = fields.Int()
    name = fields.Str()


class FieldValueSchema(Schema):
    name = fields.Str()
    title = fields.Str()
    value = fields.Raw()


class ApprovalRequestSchema(Schema):
    id = fields.Int()
    status = fields.Str(metadata={"description": "pending | returned | rejected | approved | stale | withdrawn"})
    status_title = fields.Str()
    case = fields.Nested(RequestCaseSchema)
    transition = fields.Str()
    transition_title = fields.Str()
    basis = fields.Str()
    chain = fields.List(fields.Nested(ChainStepSchema))
    effective = fields.Str()
    effective_title = fields.Str()
    stage = fields.Int()
    awaiting_role = fields.Str(allow_none=True)
    awaiting_role_title = fields.Str(allow_none=True)
    proposed_by = fields.Nested(PersonSchema)
    proposed_at = fields.DateTime()
    proposed_on = fields.Date()
    case_version = fields.Int()
    opinion = fields.Str()
    reason = fields.Str()
    data = fields.Dict()
    fields_ = fields.List(fields.Nested(FieldValueSchema), data_key="fields", attribute="fields")
    steps = fields.List(fields.Nested(StepSchema))
    previous_id = fields.Int(allow_none=True)
    event_id = fields.Int(allow_none=True)
    decided_at = fields.DateTime(allow_none=True)


class DecisionResultSchema(Schema):
    request = fields.Nested(ApprovalRequestSchema)
    case = fields.Nested(CaseSchema)
    event = fields.Nested(EventSchema, allow_none=True, metadata={"description": "set once the last approval "
                                                                                 "applied the action"})
