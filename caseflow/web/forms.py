"""Shared helpers for forms: put a service's field errors next to the fields."""
from __future__ import annotations

from wtforms import SelectChoice


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
