"""The JSON API answers in the request's language (Accept-Language or ?lang=; Chinese by default), never
"中文 (english)" both at once, with a stable machine code in `error` (issue 9)."""
import json
from datetime import timedelta

from flask_babel import refresh

from caseflow.clock import today_local
from caseflow.i18n import BILINGUAL


def _texts(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)


def _fresh():
    """The test keeps one app context (and `g`) across requests, where Flask-Babel caches the locale: a client's
    requests never share one."""
    refresh()


def _future_step(clerk, case_id, language=None):
    _fresh()
    headers = {**clerk.headers, **({"Accept-Language": language} if language else {})}
    version = clerk.get(f"/api/v1/cases/{case_id}").json["version"]
    _fresh()
    return clerk.client.post(f"/api/v1/cases/{case_id}/transitions", headers=headers, json={
        "transition": "request_supplement", "version": version, "reason": "",
        "on": (today_local() + timedelta(days=3)).isoformat(), "data": {"items": "补充证据"}})


def test_a_refusal_speaks_chinese_by_default_and_english_when_asked(api, make, office_team):
    clerk = api(office_team["clerk"])
    case = clerk.post("/api/v1/cases", json=make.application(office_team["agency"])).json
    zh = _future_step(clerk, case["id"])
    assert zh.status_code == 422 and zh.headers["Content-Language"] == "zh-CN"
    assert zh.json["error"] == "validation_failed"
    assert zh.json["errors"]["json"]["on"] == ["办理日期不能晚于今天"]
    assert "今天" in zh.json["message"]  # the headline in Chinese too, not the service's English
    en = _future_step(clerk, case["id"], "en-US,en;q=0.9")
    assert en.status_code == 422 and en.headers["Content-Language"] == "en"
    assert en.json["error"] == "validation_failed"  # the same machine code in both languages
    assert en.json["errors"]["json"]["on"] == ["effective date in the future"]
    for body in (zh.json, en.json):
        assert not [t for t in _texts(body) if BILINGUAL.match(t)], body


def test_schema_errors_are_in_the_request_language(api, office_team):
    clerk = api(office_team["clerk"])
    _fresh()
    zh = clerk.post("/api/v1/cases", json={"kind": "reconsideration"})
    assert zh.status_code == 422 and zh.json["error"] == "invalid_input"
    assert zh.json["errors"]["json"]["received_on"] == ["必填"] and "有误" in zh.json["message"]
    _fresh()
    en = clerk.client.post("/api/v1/cases?lang=en", headers=clerk.headers, json={"kind": "reconsideration"})
    assert en.json["errors"]["json"]["received_on"] == ["Missing data for required field."]
    assert en.json["message"] == "invalid input"


def test_a_not_found_answer_is_in_one_language_and_utf8(api, office_team):
    clerk = api(office_team["clerk"])
    _fresh()
    missing = clerk.get("/api/v1/cases/999999")
    assert missing.status_code == 404 and missing.json["error"] == "not_found"
    assert "未找到" in missing.json["message"] and "\\u" not in missing.get_data(as_text=True)
    _fresh()
    english = clerk.client.get("/api/v1/cases/999999", headers={**clerk.headers, "Accept-Language": "en"})
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in json.dumps(english.json, ensure_ascii=False))
