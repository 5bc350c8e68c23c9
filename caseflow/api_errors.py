"""One error shape for the API: {code, status, message, error, errors: {json: {field: [messages]}}}.

flask-smorest already answers bad input with 422 and that shape; domain errors raised by services join it here.
Every message is in the request's language (Accept-Language or ?lang=, Chinese by default; Content-Language says
which), never "中文 (english)" both at once; `error` is a stable machine code. Web pages get HTML instead (handled
by the web package).
"""
from __future__ import annotations

import re

from flask import jsonify, request
from sqlalchemy.exc import DataError, OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from caseflow.errors import DomainError
from caseflow.extensions import db
from caseflow.i18n import CHINESE, in_language, lang

# The answer's sentence in Chinese when the service spoke English only, by machine code (then by status).
CODE_SENTENCES = {
    "validation_failed": "输入有误，请按各字段的说明更正", "invalid_input": "输入有误，请按各字段的说明更正",
    "not_found": "未找到所请求的对象", "forbidden": "无权进行此操作", "unauthorized": "请先登录或提供有效的令牌",
    "conflict": "操作与当前状态冲突", "stale_version": "案件已被他人更新，请刷新后按最新版本重试",
    "transition_not_allowed": "案件当前状态不允许此操作", "precondition_failed": "此操作的法定条件尚未满足",
    "approval_required": "此操作须经审批（呈批），请提交审批", "calendar_conflicts": "节假日通知与手工更正的日期不一致，请逐日选择",
    "busy": "系统繁忙，本次操作未保存，请稍后重试", "unavailable": "数据库暂不可用，本次操作未保存，请稍后重试",
    "out_of_range": "数值或日期超出允许范围", "server_error": "系统发生意外错误，本次操作未保存",
    "method_not_allowed": "不支持此请求方法", "too_many_requests": "请求过于频繁，请稍后再试",
    "payload_too_large": "提交的内容过大",
}
STATUS_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
                405: "method_not_allowed", 409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type",
                422: "invalid_input", 429: "too_many_requests", 500: "server_error", 503: "unavailable"}
# marshmallow's and webargs' own messages, in Chinese.
FRAMEWORK_MESSAGES = [
    (re.compile(r"^Missing data for required field\.$"), "必填"),
    (re.compile(r"^Field may not be null\.$"), "不能为空"),
    (re.compile(r"^Unknown field\.$"), "无此字段"),
    (re.compile(r"^Not a valid date\.$"), "不是有效日期（应写作年-月-日）"),
    (re.compile(r"^Not a valid (integer|number)\.$"), "不是有效数字"),
    (re.compile(r"^Not a valid string\.$"), "须为文本"),
    (re.compile(r"^Not a valid boolean\.$"), "须为是或否"),
    (re.compile(r"^Not a valid (list|mapping type)\.$"), "格式不正确"),
    (re.compile(r"^Invalid input type\.$"), "格式不正确"),
    (re.compile(r"^Not a valid email address\.$"), "电子邮件地址无效"),
    (re.compile(r"^Must be one of: (?P<a>.*)\.$"), "须为以下之一：{a}"),
    (re.compile(r"^Length must be between (?P<a>\d+) and (?P<b>\d+)\.$"), "长度须在{a}至{b}之间"),
    (re.compile(r"^Shorter than minimum length (?P<a>\d+)\.$"), "长度不能少于{a}"),
    (re.compile(r"^Longer than maximum length (?P<a>\d+)\.$"), "长度不能超过{a}"),
    (re.compile(r"^Must be greater than or equal to (?P<a>\S+) and less than or equal to (?P<b>\S+)\.$"),
     "须在{a}至{b}之间"),
    (re.compile(r"^Must be greater than or equal to (?P<a>\S+)\.$"), "不能小于{a}"),
    (re.compile(r"^Must be less than or equal to (?P<a>\S+)\.$"), "不能大于{a}"),
    (re.compile(r"^invalid input$"), "输入有误，请按各字段的说明更正"),
]


def nest(errors: dict) -> dict:
    """{'act.known_on': [..]} -> {'act': {'known_on': [..]}}: the same nesting as the request body."""
    out: dict = {}
    for key, messages in errors.items():
        node = out
        parts = key.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = messages
    return out


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def _field_message(text: str, language: str) -> str:
    text = in_language(text, language)
    if language != "en" and not CHINESE.search(text):
        for pattern, zh in FRAMEWORK_MESSAGES:
            if match := pattern.match(text):
                return zh.format(**match.groupdict())
    return text


def _localised(node, language: str):
    if isinstance(node, str):
        return _field_message(node, language)
    if isinstance(node, list):
        return [_localised(item, language) for item in node]
    if isinstance(node, dict):
        return {key: _localised(value, language) for key, value in node.items()}
    return node


def _first_message(errors) -> str | None:
    if isinstance(errors, str):
        return errors
    for value in (errors.values() if isinstance(errors, dict) else errors if isinstance(errors, list) else []):
        if found := _first_message(value):
            return found
    return None


def localise(body: dict) -> dict:
    """The body in the request's language: each field message in it (the matching half of "中文 (english)",
    marshmallow's own in Chinese); the headline too, which on a Chinese request is the service's Chinese sentence,
    else the first field message, else the machine code's sentence."""
    language = lang()
    body.setdefault("error", STATUS_CODES.get(body.get("code"), "error"))
    if "errors" in body:
        body["errors"] = _localised(body["errors"], language)
    message = in_language(body["message"], language) if body.get("message") else ""
    if language != "en" and not CHINESE.search(message):
        first = _first_message(body.get("errors") or {}) if body["error"] != "invalid_input" else None
        message = first if first and CHINESE.search(first) else (
            CODE_SENTENCES.get(body["error"]) or CODE_SENTENCES.get(STATUS_CODES.get(body.get("code"), ""))
            or message)
    elif language == "en" and CHINESE.search(message):
        message = (HTTP_STATUS_CODES.get(body.get("code"), "Error") if not body.get("error") else
                   body["error"].replace("_", " "))
    body["message"] = message
    return body


def api_json(body: dict, status: int, headers=None):
    """An API error answer in the request's language, saying which (Content-Language)."""
    response = jsonify(localise(body))
    response.status_code = status
    response.headers["Content-Language"] = "en" if lang() == "en" else "zh-CN"
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def domain_error_body(err: DomainError) -> dict:
    body = {"code": err.status, "status": HTTP_STATUS_CODES.get(err.status, "Error"), "message": err.message,
            "error": err.code}
    if err.errors:
        body["errors"] = {"json": nest(err.errors)}
    body.update(err.extra)
    return body


def register(app) -> None:
    @app.errorhandler(DomainError)
    def handle_domain_error(err: DomainError):
        db.session.rollback()  # nothing of a refused operation is kept
        if is_api_request():
            headers = {"WWW-Authenticate": 'Bearer realm="caseflow"'} if err.status == 401 else None
            return api_json(domain_error_body(err), err.status, headers)
        from caseflow.web.errors import render_domain_error

        return render_domain_error(err)

    @app.errorhandler(HTTPException)
    def handle_http_error(err: HTTPException):
        db.session.rollback()
        if is_api_request():
            body = {"code": err.code, "status": HTTP_STATUS_CODES.get(err.code, "Error")}
            data = getattr(err, "data", None) or {}
            if "messages" in data:  # webargs/marshmallow validation
                body["errors"] = data["messages"]
                body["message"] = "invalid input"
            elif data.get("message") or err.description:
                body["message"] = data.get("message") or err.description
            return api_json(body, err.code)
        from caseflow.web.errors import render_http_error

        return render_http_error(err)

    @app.errorhandler(OperationalError)
    def handle_busy_database(err: OperationalError):
        """SQLite allows one writer: a write that loses the race is refused whole; the client may simply retry.
        The database gone (restarted, the connection cut): the transaction is lost whole, the pool drops the dead
        connection (and pre-pings the others), so the next request works again once the database is back."""
        try:
            db.session.rollback()
        except OperationalError:
            db.session.close()
        text = str(err.orig).lower()
        gone = err.connection_invalidated or any(
            word in text for word in ("terminat", "server closed", "connection", "could not connect", "shutdown"))
        if "locked" not in text and "busy" not in text and not gone:
            return handle_unexpected(err)
        app.logger.warning("database %s: %s", "unavailable" if gone else "busy", err.orig)
        if is_api_request():
            return api_json({"code": 503, "status": "Service Unavailable", "error": "unavailable" if gone else "busy",
                             "message": f"the database is {'unavailable' if gone else 'busy'}; nothing was saved, "
                                        "try again"}, 503, {"Retry-After": "1"})
        from werkzeug.exceptions import ServiceUnavailable

        from caseflow.web.errors import render_http_error

        return render_http_error(ServiceUnavailable())

    @app.errorhandler(DataError)
    @app.errorhandler(OverflowError)
    def handle_out_of_range(err: Exception):
        """A value no column or date can hold (a number past 2**63, a date past year 9999) that slipped past the
        schemas: bad input, refused whole (422), never a server error. Logged, to find the schema that let it in."""
        db.session.rollback()
        app.logger.warning("value out of range reached %s: %s", request.path, err)
        message = "a value is out of range"
        if is_api_request():
            return api_json({"code": 422, "status": HTTP_STATUS_CODES[422], "message": message,
                             "error": "out_of_range"}, 422)
        from caseflow.errors import ValidationFailed
        from caseflow.web.errors import render_domain_error

        return render_domain_error(ValidationFailed("数值或日期超出允许范围"))

    @app.errorhandler(Exception)
    def handle_unexpected(err: Exception):
        if isinstance(err, HTTPException):
            return handle_http_error(err)
        db.session.rollback()
        app.logger.exception("unhandled error")
        if is_api_request():
            return api_json({"code": 500, "status": "Internal Server Error", "error": "server_error",
                             "message": "an unexpected error occurred; nothing was saved"}, 500)
        from caseflow.web.errors import render_server_error

        return render_server_error()
