"""The last step of every kind's registration page: register, commit once, go to the new case."""
from __future__ import annotations

from flask import flash, g, redirect, url_for
from flask_babel import gettext as _

from caseflow.cases.services import register_case
from caseflow.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.web.forms import apply_errors


def save_registration(form, data: dict, field_names: dict | None = None):
    """Register `data` for the signed-in user. Returns the redirect to the case page, or None when the service
    refused: nothing is kept and its errors are put on `form` (`field_names` maps service keys to form fields)."""
    try:
        case = register_case(data, g.user)
    except ValidationFailed as exc:
        db.session.rollback()
        errors = {(field_names or {}).get(key, key): messages for key, messages in exc.errors.items()}
        for message in apply_errors(form, errors):
            flash(message, "danger")
        return None
    db.session.commit()
    flash(_("已登记 %(docket)s", docket=case.docket_number), "success")
    return redirect(url_for("cases.case_detail", case_id=case.id))
