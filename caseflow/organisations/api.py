"""GET/POST /api/v1/agencies: the registry of respondent agencies."""
from __future__ import annotations

import sqlalchemy as sa
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates

from caseflow.auth.access import api_auth
from caseflow.auth.models import Role
from caseflow.cases.validators import check_phone
from caseflow.extensions import db
from caseflow.organisations import services
from caseflow.organisations.models import ADMINISTRATIVE_FIELDS, Level, RespondentAgency
from caseflow.schemas import ErrorSchema

blp = Blueprint("agencies_api", __name__, url_prefix="/api/v1/agencies", description="Respondent agencies")


class AgencySchema(Schema):
    id = fields.Int(dump_only=True)
    name = fields.Str(required=True, validate=validate.Length(min=2, max=200))
    level = fields.Str(required=True, validate=validate.OneOf([lv.value for lv in Level]))
    field = fields.Str(required=True, validate=validate.OneOf(list(ADMINISTRATIVE_FIELDS)))
    active = fields.Bool(dump_only=True)
    # Where documents and supervision notices are served (送达): the issue 9 admin section.
    address = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=300),
                         metadata={"description": "送达地址: where documents are served"})
    contact_person = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=100),
                                metadata={"description": "联系人 for service and notices"})
    phone = fields.Str(load_default=None, allow_none=True, validate=validate.Length(max=32))
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=200),
                         metadata={"description": "the daily digest of open notices goes here"})

    @validates("phone")
    def valid_phone(self, value, **kwargs):
        if value and (problem := check_phone(value)):
            raise ValidationError(problem)


@blp.route("")
class Agencies(MethodView):
    @api_auth(scope="bureau")
    @blp.response(200, AgencySchema(many=True))
    @blp.alt_response(401, schema=ErrorSchema)
    @blp.doc(security=[{"bearerAuth": []}])
    def get(self):
        """List the active respondent agencies."""
        return db.session.scalars(sa.select(RespondentAgency).where(RespondentAgency.active)
                                  .order_by(RespondentAgency.name)).all()

    @api_auth(Role.ADMIN.value, scope="bureau")
    @blp.arguments(AgencySchema)
    @blp.response(201, AgencySchema)
    @blp.alt_response(401, schema=ErrorSchema)
    @blp.alt_response(403, schema=ErrorSchema)
    @blp.alt_response(422, schema=ErrorSchema)
    @blp.doc(security=[{"bearerAuth": []}])
    def post(self, body):
        """Add a respondent agency (administrators)."""
        contact = {k: body.pop(k, None) for k in ("address", "contact_person", "phone", "email")}
        agency = services.create_agency(**body, contact=contact)
        db.session.commit()
        return agency
