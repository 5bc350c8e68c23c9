"""Locale selection: Simplified Chinese first, English second."""
from __future__ import annotations

from flask import has_request_context, request, session
from flask_babel import get_locale


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
