"""Shared helpers for forms: put a service's field errors next to the fields."""
from __future__ import annotations

from flask import request
from wtforms import SelectChoice

from caseflow.errors import ValidationFailed
from caseflow.extensions import db


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def apply_errors(form, errors: dict, prefix_map: dict | None = None) -> list[str]:
    """Attach `errors` ({'data.days': [...], 'on': [...]}) to the matching form fields.

    Returns the messages that match no field, to be shown above the form.
    """
    unmatched = []
    for key, messages in errors.items():
        name = key.split(".")[-1]
        name = (prefix_map or {}).get(key, name)
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            if isinstance(field.errors, tuple):
                field.errors = list(field.errors)
            field.errors.extend(messages if isinstance(messages, list) else [str(messages)])
        else:
            unmatched.extend(messages if isinstance(messages, list) else [str(messages)])
    return unmatched


def run_form(form, action):
    """The one shape of a form submission: validate, call one service, commit once.

    Returns (done, result, status). On a service's ValidationFailed nothing is kept and its field errors are put
    next to the fields (422); an invalid POST is 422; a GET is 200 and not done.
    """
    if not form.validate_on_submit():
        return False, None, 422 if request.method == "POST" else 200
    try:
        result = action()
    except ValidationFailed as exc:
        db.session.rollback()
        apply_errors(form, exc.errors)
        return False, None, 422
    db.session.commit()
    return True, result, 200
