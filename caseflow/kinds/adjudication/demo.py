"""Administrative-adjudication demo cases: one of each sub-kind, at different stages, through the real services."""
from __future__ import annotations

from datetime import timedelta

from caseflow.cases.services import register_case
from caseflow.demo import act, credit_code, person_id
from caseflow.kinds.adjudication.models import KIND


def _company(name, serial):
    return {"kind": "organisation", "name": name, "credit_code": credit_code(serial), "legal_representative": "李明"}


# profile, subject, number, request, applicant, respondent, days ago received, steps
CASES = [
    ("land", "东城区和平村三组与四组交界处约2.3亩集体土地", "宗地号 110101-003-0217", "请求确认争议土地所有权归三组",
     {"kind": "organisation", "name": "江州市东城区和平村第三村民小组"},
     {"kind": "organisation", "name": "江州市东城区和平村第四村民小组"}, 40,
     ["accept", "serve_copy", "receive_answer"]),
    ("procurement", "东城区政务服务中心信息化采购项目", "DCCG-2026-031", "请求认定中标结果无效",
     _company("江州智联科技有限公司", "MA05GH78"), _company("江州东城区政务服务中心", "MB06JK90"), 20,
     ["accept", "serve_copy"]),
    ("patent", "“一种折叠式置物架”实用新型专利", "ZL202320123456.7", "请求责令被请求人停止制造、销售侵权产品",
     {"kind": "natural_person", "name": "高峰", "id_number": person_id("19760812", 301)},
     _company("江州鑫隆家居有限公司", "MA07LM12"), 75, ["accept", "begin_investigation", "decide", "serve"]),
    ("forest", "东城区青龙山林场北坡约15亩林地", None, "请求确认林木所有权",
     {"kind": "natural_person", "name": "石磊", "id_number": person_id("19690505", 302)},
     {"kind": "natural_person", "name": "龙斌"}, 5, []),
]


def seed_demo(context: dict) -> None:
    users, today = context["users"], context["today"]
    clerk = users["clerk2"]
    for profile, subject, number, request, applicant, respondent, ago, steps in CASES:
        received = today - timedelta(days=ago)
        case = register_case({"kind": KIND, "profile": profile, "received_on": received, "subject": subject,
                              "reference_number": number, "request": request,
                              "facts_and_reasons": "申请人认为对方行为侵害其合法权益。",
                              "applicants": [applicant], "respondents": [respondent]}, clerk)
        day = received
        for step in steps:
            day = min(day + timedelta(days=5), today)
            if step == "decide":
                act(context, case, "decide", actor=clerk, on=day, reason="经审查，被请求人的行为构成侵权", data={
                    "outcome": "order_stop", "summary": "被请求人立即停止制造、销售侵犯该专利权的产品",
                    "performance_due_on": (day + timedelta(days=30)).isoformat()})
            else:
                act(context, case, {"serve": "record_service"}.get(step, step), actor=clerk, on=day)
