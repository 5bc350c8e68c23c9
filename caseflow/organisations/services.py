"""Offices and the respondent-agency registry."""
from __future__ import annotations

import sqlalchemy as sa

from caseflow.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.organisations.models import ADMINISTRATIVE_FIELDS, Level, Office, RespondentAgency

CONTACT_FIELDS = ("address", "contact_person", "phone", "email")


def update_contact(agency: RespondentAgency, contact: dict) -> RespondentAgency:
    """An agency's address, contact person, phone and e-mail for service and notices."""
    for name in CONTACT_FIELDS:
        setattr(agency, name, contact.get(name) or None)
    db.session.flush()
    return agency


def create_agency(name: str, level: str, field: str, contact: dict | None = None) -> RespondentAgency:
    name = name.strip()
    errors = {}
    if db.session.scalar(sa.select(RespondentAgency.id).where(RespondentAgency.name == name)):
        errors["name"] = ["该行政机关已在名录中"]
    if level not in {lv.value for lv in Level}:
        errors["level"] = ["层级无效"]
    if field not in ADMINISTRATIVE_FIELDS:
        errors["field"] = ["管理领域无效"]
    if errors:
        raise ValidationFailed("invalid agency", errors=errors)
    agency = RespondentAgency(name=name, level=level, field=field,
                              **{k: (contact or {}).get(k) or None for k in CONTACT_FIELDS})
    db.session.add(agency)
    db.session.flush()
    return agency


def create_office(code: str, name: str, level: str, parent: Office | None = None) -> Office:
    if db.session.scalar(sa.select(Office.id).where(Office.code == code)):
        raise ValidationFailed("office code taken", errors={"code": ["机构代码已存在"]})
    office = Office(code=code, name=name, level=level, parent_id=parent.id if parent else None)
    db.session.add(office)
    db.session.flush()
    return office
