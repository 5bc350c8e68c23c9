"""Locale selection: Simplified Chinese first, English second."""
from __future__ import annotations

import re

from flask import has_request_context, request, session
from flask_babel import get_locale

# A service's message in both languages: "日期不能晚于今天 (in the future)".
BILINGUAL = re.compile(r"^(?P<zh>.*[^\x00-\x7f].*?)\s*\((?P<en>[A-Za-z][^()]*(?:\([^()]*\)[^()]*)*)\)$", re.S)
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def select_locale():
    if not has_request_context():
        return "zh_Hans_CN"
    wanted = request.args.get("lang") or session.get("lang")
    if wanted in ("en", "zh"):
        return "en" if wanted == "en" else "zh_Hans_CN"
    return "en" if request.accept_languages.best_match(["zh", "en"]) == "en" else "zh_Hans_CN"


def lang() -> str:
    """'zh' or 'en', for texts that come from data (workflow titles, rule explanations)."""
    return "en" if str(get_locale() or "zh").startswith("en") else "zh"


def in_language(message, language: str | None = None) -> str:
    """A service's message in one language: the matching half of "中文 (english)"; a Chinese-only message in
    English through the catalogue when it has it. Never both halves."""
    language = language or lang()
    text = str(message)
    match = BILINGUAL.match(text)
    if match:
        return match["en"] if language == "en" else match["zh"]
    if language == "en" and CHINESE.search(text) and has_request_context():
        from flask_babel import gettext

        return gettext(text)
    return text
