"""Schemas and fields shared by every API blueprint."""
from datetime import date
from decimal import Decimal

from marshmallow import Schema, fields, validate

# What a date in a case can be: a period of up to 20 years from any of these still fits Python's dates, and
# nothing the law concerns lies outside (issue 13: a start in year 9999 overflowed the clock).
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2199, 12, 31)
MAX_ID = 2**31 - 1  # PostgreSQL's integer: no id or version exceeds it


def _validators(first, kwargs) -> list:
    extra = kwargs.pop("validate", None)
    return [first, *([] if extra is None else [extra] if callable(extra) else extra)]


class Date(fields.Date):
    """A date between EARLIEST_DATE and LATEST_DATE."""

    def __init__(self, **kwargs):
        super().__init__(validate=_validators(validate.Range(
            EARLIEST_DATE, LATEST_DATE, error=f"日期须在{EARLIEST_DATE.year}年至{LATEST_DATE.year}年之间"), kwargs),
            **kwargs)


class Id(fields.Int):
    """The id of a row (or a version): 1 to MAX_ID."""

    def __init__(self, **kwargs):
        super().__init__(validate=_validators(validate.Range(1, MAX_ID, error="编号超出范围"), kwargs),
                         **kwargs)


def numeric_bounds(converter, field, ret, **kwargs) -> dict:
    """apispec writes a Decimal field's range as Decimals, which the document serialises as strings
    ("1000000000000.00"): an invalid OpenAPI document that no client or fuzzer can read. Make them numbers."""
    return {key: int(value) if value == value.to_integral_value() else float(value)
            for key in ("minimum", "maximum") if isinstance(value := ret.get(key), Decimal)}


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
    archived_at = fields.Str(metadata={"description": "case_archived: when the case was archived (归档)"})
    archived_by = fields.Str(allow_none=True, metadata={"description": "case_archived: who archived it"})
