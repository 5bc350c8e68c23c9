"""Validate the data a transition carries against the fields its workflow declares."""
from __future__ import annotations

from datetime import date

from caseflow.workflow.definitions import Transition


def _as_date(value):
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def validate_payload(transition: Transition, data: dict | None, *, on: date, today: date,
                     find_user=None) -> tuple[dict, dict]:
    """Return (clean data, errors by field). Unknown fields are errors: silently dropping input loses it.

    `find_user(user_id, role)` resolves user fields (a user of the case's office holding `role`, or None).
    """
    data = dict(data or {})
    clean, errors = {}, {}
    declared = {f.name for f in transition.fields}
    for name in sorted(set(data) - declared):
        errors[name] = [f"“{transition.title}”没有此字段 (unknown field)"]
    for spec in transition.fields:
        value = data.get(spec.name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if spec.required:
                errors[spec.name] = [f"请填写{spec.title} (required)"]
            continue
        problem = None
        if spec.type == "date":
            parsed = _as_date(value)
            if parsed is None:
                problem = "日期格式应为 YYYY-MM-DD (not a date)"
            elif not spec.future_allowed and parsed > today:
                problem = "日期不能晚于今天 (in the future)"
            elif spec.after_on and parsed <= on:
                problem = "应晚于办理日期 (must be after the effective date)"
            value = parsed
        elif spec.type in ("text", "string"):
            if not isinstance(value, str):
                problem = "应为文本 (not a string)"
            else:
                value = value.strip()
                if spec.max_length and len(value) > spec.max_length:
                    problem = f"不能超过{spec.max_length}个字符 (too long)"
        elif spec.type == "integer":
            if isinstance(value, bool) or not isinstance(value, (int, str)):
                problem = "应为整数 (not an integer)"
            else:
                try:
                    value = int(value)
                except ValueError:
                    problem = "应为整数 (not an integer)"
                else:
                    if spec.min is not None and value < spec.min or spec.max is not None and value > spec.max:
                        problem = f"应在{spec.min}至{spec.max}之间 (out of range)"
        elif spec.type == "boolean":
            if not isinstance(value, bool):
                problem = "应为是或否 (not a boolean)"
        elif spec.type == "user":
            user = find_user(value, spec.role) if find_user and str(value).isdigit() else None
            if user is None:
                problem = "须为本机构具有相应角色的在职人员 (not a user of this office with the required role)"
            else:
                value = user.id
        elif spec.type == "choice":
            value = str(value)
            if spec.choice(value) is None:
                problem = "不是可选值之一 (not one of the choices: " + ", ".join(c.value for c in spec.choices) + ")"
        if problem:
            errors[spec.name] = [problem]
        else:
            clean[spec.name] = value
    return clean, errors
