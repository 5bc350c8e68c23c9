"""Schemas shared by every API blueprint."""
from marshmallow import Schema, fields


class ErrorSchema(Schema):
    """The one error shape of the API (see caseflow/api_errors.py)."""

    code = fields.Int()
    status = fields.Str()
    message = fields.Str()
    error = fields.Str()
    errors = fields.Dict()
    allowed_transitions = fields.List(fields.Str())
    current_version = fields.Int()
    state = fields.Str()
    approval_roles = fields.List(fields.Str(), metadata={"description": "approval_required: who approves"})
