"""HTML error pages: a clear message, never a stack trace."""
from __future__ import annotations

import re

from flask import render_template
from werkzeug.http import HTTP_STATUS_CODES

MESSAGES = {
    400: ("请求无效", "The request was not valid."),
    401: ("请先登录", "Please sign in."),
    403: ("您无权进行此操作", "You may not do this."),
    404: ("页面不存在，或您无权查看", "Not found, or not yours to see."),
    405: ("不支持此操作方式", "Method not allowed."),
    409: ("案件已被他人更新，请刷新页面后重试", "The case was changed by someone else: refresh and try again."),
    413: ("上传的文件过大", "The upload is too large."),
    422: ("填写的内容有误", "Some fields are not valid."),
    429: ("尝试过于频繁，请稍后再试", "Too many attempts; please wait and try again."),
    500: ("系统出现错误，本次操作未保存", "Something went wrong; nothing was saved."),
    503: ("系统繁忙，本次操作未保存，请稍后重试", "The system is busy; nothing was saved. Please try again."),
}


def _page(status: int, detail: str | None = None):
    zh, en = MESSAGES.get(status, (HTTP_STATUS_CODES.get(status, "错误"), HTTP_STATUS_CODES.get(status, "Error")))
    return render_template("errors.html", status=status, title=zh, title_en=en, detail=detail), status


def _in_page_language(message: str | None) -> str | None:
    """A service's message is shown when it speaks the page's language; an internal one ("case 9 not found")
    gives way to the status's own sentence."""
    from caseflow.i18n import lang
    from caseflow.web.forms import one_language

    if not message:
        return None
    message = one_language(message)
    chinese = bool(re.search(r"[\u4e00-\u9fff]", message))
    return message if chinese == (lang() != "en") else None


def render_domain_error(err):
    return _page(err.status, None if err.status == 404 else _in_page_language(err.message))


def render_http_error(err):
    return _page(err.code or 500, None)


def render_server_error():
    return _page(500)
