"""Shared helpers for forms: put a service's field errors next to the fields."""
from __future__ import annotations


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
