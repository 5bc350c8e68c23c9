"""Shared helpers for forms: put a service's field errors next to the fields, keep what was typed."""
from __future__ import annotations

import re

from flask import request
from wtforms import SelectChoice, ValidationError

from caseflow.errors import ValidationFailed
from caseflow.extensions import db


def plausible_date(form, field):
    """A date the law could concern (caseflow.schemas.EARLIEST_DATE to LATEST_DATE): beyond, periods overflow."""
    from flask_babel import gettext as _

    from caseflow.schemas import EARLIEST_DATE, LATEST_DATE

    if field.data and not EARLIEST_DATE <= field.data <= LATEST_DATE:
        raise ValidationError(_("日期须在%(first)s年至%(last)s年之间", first=EARLIEST_DATE.year, last=LATEST_DATE.year))


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def one_language(message) -> str:
    """A service's message as the page speaks: "日期不能晚于今天 (in the future)" is 日期不能晚于今天 on a Chinese
    page and "in the future" on an English one (caseflow.i18n.in_language; the API does the same)."""
    from caseflow.i18n import in_language

    return in_language(message)


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
            field.errors.extend(one_language(m) for m in (messages if isinstance(messages, list) else [messages]))
        else:
            unmatched.extend(one_language(m) for m in (messages if isinstance(messages, list) else [messages]))
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


ROW = re.compile(r"^(\w+)-(\d+)-(\w+)$")


def rows(form, prefix: str) -> list[dict]:
    """`prefix-N-field` inputs as a list of dicts in N order; a row left entirely blank is not a row. An empty
    input is left out, so an optional field that was not filled in is absent (its default), not malformed."""
    found: dict[int, dict] = {}
    for key in form:
        match = ROW.match(key)
        if match and match.group(1) == prefix:
            row = found.setdefault(int(match.group(2)), {})
            if form.get(key, "").strip():
                row[match.group(3)] = form.get(key).strip()
    return [row for _n, row in sorted(found.items()) if row]


def posted_values(form) -> dict:
    """What an effect's form posted, as typed, to show it again: plain fields, and `prefix-N-field` inputs as
    lists of rows (blank rows kept, so a row just added stays on the page)."""
    values: dict = {}
    lists: dict[str, dict[int, dict]] = {}
    for key in form:
        match = ROW.match(key)
        if match:
            lists.setdefault(match.group(1), {}).setdefault(int(match.group(2)), {})[match.group(3)] = form.get(key)
        elif key not in ("csrf_token", "rows"):
            values[key] = form.getlist(key) if len(form.getlist(key)) > 1 else form.get(key)
    for name, found in lists.items():
        values[name] = [row for _n, row in sorted(found.items())]
    return values


def edit_rows(values: dict, action: str) -> dict:
    """Apply an add/remove button of a list (`terms:add`, `terms:remove:2`) without submitting the form."""
    name, _, rest = action.partition(":")
    rows = list(values.get(name) or [])
    if rest == "add":
        rows.append({})
    elif rest.startswith("remove:") and rest[7:].isdigit() and int(rest[7:]) < len(rows):
        rows.pop(int(rest[7:]))
    return {**values, name: rows}
