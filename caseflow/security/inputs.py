"""Input hygiene before any view runs (issue 13, findings 5, 6 and 8).

- Control characters (NUL and the other C0/C1 controls but tab, CR and LF), Unicode bidi overrides and isolates,
  and lone surrogates are refused in every query parameter, form field and JSON string: they have no place in a
  case file, they break exports and headers, and a lone surrogate cannot be stored at all.
- JSON deeper than MAX_DEPTH is refused before the API's parser recurses into it.

An API request is answered 422 in the API's error shape, naming each field by its dotted path
(`applicants.0.name`); a page gets the 422 error page.
"""
from __future__ import annotations

import json
import re

from flask import request
from flask_babel import gettext as _
from werkzeug.http import HTTP_STATUS_CODES

# C0 controls but \t \n \r, DEL and the C1 controls; the bidi embeddings, overrides and isolates; surrogates.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
MAX_DEPTH = 32  # no body of this API nests deeper than a handful of levels


def has_forbidden(text: str) -> bool:
    return bool(FORBIDDEN.search(text))


def json_problems(body) -> tuple[dict[str, list[str]], bool]:
    """({dotted path: [message]} for strings and keys holding forbidden characters, too_deep). Iterative, so a
    deep body cannot exhaust the stack here."""
    problems: dict[str, list[str]] = {}
    stack = [(body, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            return problems, True
        if isinstance(value, str):
            if has_forbidden(value):
                problems[path or "_body"] = [_("含有不允许的控制字符")]
        elif isinstance(value, dict):
            for key, item in value.items():
                child = f"{path}.{key}" if path else str(key)
                if has_forbidden(key):
                    problems[path or "_body"] = [_("含有不允许的控制字符")]
                    continue
                stack.append((item, child, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, f"{path}.{n}" if path else str(n), depth + 1) for n, item in enumerate(value))
    return problems, False


def _field_problems(values) -> dict[str, list[str]]:
    return {(key if not has_forbidden(key) else "_key"): [_("含有不允许的控制字符")]
            for key, value in values.items(multi=True) if has_forbidden(key) or has_forbidden(value)}


def _refuse(status: int, message: str, errors: dict):
    from caseflow.api_errors import api_json, is_api_request

    if is_api_request():
        body = {"code": status, "status": HTTP_STATUS_CODES[status], "message": message, "error": "bad_input"}
        if errors:
            body["errors"] = errors
        return api_json(body, status)
    from caseflow.errors import ValidationFailed
    from caseflow.web.errors import render_domain_error

    return render_domain_error(ValidationFailed(message))


def check_request():
    errors = {location: found for location, found in (("query", _field_problems(request.args)),
                                                     ("form", _field_problems(request.form))) if found}
    if request.is_json:
        try:
            body = json.loads(request.get_data(cache=True))
        except RecursionError:
            return _refuse(400, _("JSON嵌套层数过多"), {})
        except ValueError:
            body = None  # not JSON at all: the API's own parser answers that
        found, too_deep = json_problems(body)
        if too_deep:
            return _refuse(400, _("JSON嵌套层数过多"), {})
        if found:
            errors["json"] = found
    if errors:
        return _refuse(422, _("提交的内容含有不允许的控制字符"), errors)
    return None


def init_app(app) -> None:
    app.before_request(check_request)
