"""GET/POST /api/v1/agencies: the registry of respondent agencies."""
from __future__ import annotations

import sqlalchemy as sa
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from caseflow.auth.access import api_auth
from caseflow.auth.models import Role
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
        agency = services.create_agency(**body)
        db.session.commit()
        return agency
