"""Administrative-mediation demo cases: requests in every stage, with a mediator who has sessions to log,
agreements to follow up and a breached term to chase. Moved through the real services."""
from __future__ import annotations

from datetime import timedelta

from caseflow.cases.services import apply_transition, register_case
from caseflow.demo import act, person_id
from caseflow.kinds.mediation.models import KIND
from caseflow.settlement.services import agreement_of


def _party(name, birth, seq, phone):
    return {"kind": "natural_person", "name": name, "id_number": person_id(birth, seq), "phone": phone,
            "address": "江州市东城区光明街道幸福里5号"}


def _session(day, issues, sides, proposal="", next_step=""):
    return {"held_on": day.isoformat(), "starts_at": "09:30", "duration_minutes": 90, "mode": "in_person",
            "place": "区司法局调解室", "attendees": [{"name": s, "capacity": "party"} for s in sides]
            + [{"name": "陈慧", "capacity": "mediator"}], "issues": issues,
            "positions": [{"side": s, "position": p} for s, p in sides.items()], "proposal": proposal,
            "next_step": next_step}


# applicant, respondent, category, summary, request, amount, days ago received, steps
CASES = [
    (("赵强", "19780403", 11), ("钱明", "19800716", 12), "neighbourhood", "相邻通行纠纷：钱某在共用通道堆放杂物",
     "请求清除通道杂物并恢复通行", None, 2, []),
    (("孙丽", "19850912", 13), ("李军", "19760221", 14), "property_management", "物业服务费及漏水维修纠纷",
     "请求维修漏水并减免部分物业费", "3600.00", 6, ["consent", "accept"]),
    (("周平", "19720518", 15), ("吴刚", "19690830", 16), "traffic", "非机动车与行人碰撞，医疗费用承担",
     "请求赔偿医疗费、误工费", "12800.00", 16, ["consent", "accept", "appoint", "session1"]),
    (("郑芳", "19900101", 17), ("王磊", "19880808", 18), "consumer", "装修合同质量纠纷",
     "请求返工或退还部分装修款", "45000.00", 34, ["consent", "accept", "appoint", "session1", "extend"]),
    (("冯军", "19820304", 19), ("陈静", "19840506", 20), "labour", "拖欠劳务报酬",
     "请求支付劳务报酬", "8600.00", 50, ["consent", "accept", "appoint", "session1", "session2", "agree_future"]),
    (("褚红", "19790707", 21), ("卫东", "19750909", 22), "neighbourhood", "宅基地边界围墙纠纷",
     "请求拆除越界部分围墙", None, 70, ["consent", "accept", "appoint", "session1", "agree_past", "perform_first"]),
    (("蒋涛", "19910202", 23), ("沈勇", "19670303", 24), "family", "赡养费分担纠纷",
     "请求明确赡养费分担", None, 40, ["consent", "accept", "appoint", "session1", "fail"]),
    (("韩梅", "19860606", 25), ("杨洋", "19830303", 26), "property_management", "停车位使用纠纷",
     "请求停止占用车位", None, 90, ["consent", "accept", "appoint", "session1", "agree_old", "perform_all",
                            "close_performed"]),
]


def seed_demo(context: dict) -> None:
    users, today = context["users"], context["today"]
    mediator, head = users["mediator"], users["head"]
    for n, (applicant, respondent, category, summary, request, amount, ago, steps) in enumerate(CASES):
        received = today - timedelta(days=ago)
        a = _party(*applicant, f"139{n:04d}1234"[:11])
        r = _party(*respondent, f"137{n:04d}5678"[:11])
        case = register_case({
            "kind": KIND, "received_on": received, "source": "application", "dispute_category": category,
            "dispute_summary": summary, "request": request, "amount_in_dispute": amount,
            "applicants": [a], "respondents": [r]}, mediator)
        day = received
        for step in steps:
            day = min(day + timedelta(days=2), today)
            consents = [{"party_id": p.id, "consented": True, "method": "written", "given_on": day.isoformat()}
                        for p in case.parties]
            sides = {a["name"]: "要求对方承担责任", r["name"]: "愿意协商，但对金额有异议"}
            if step == "consent":
                apply_transition(case, "record_consent", actor=mediator, on=day, data={"consents": consents})
            elif step == "accept":
                act(context, case, "accept", actor=mediator, on=day, opinion="双方均同意调解，拟受理")
            elif step == "appoint":
                apply_transition(case, "appoint_mediator", actor=head, on=day,
                                 data={"mediator_id": mediator.id, "no_conflict": True,
                                       "co_mediator_ids": [users["mediator2"].id]})
            elif step in ("session1", "session2"):
                apply_transition(case, "record_session", actor=mediator, on=day, data=_session(
                    day, summary, sides, "建议双方各让一步" if step == "session2" else "", "下次调解前补充票据"))
            elif step == "extend":
                apply_transition(case, "extend", actor=mediator, on=day, reason="双方同意延长以便补充材料",
                                 data={"days": 15, "consents": consents})
            elif step.startswith("agree"):
                first_due = day + timedelta(days={"agree_future": 20, "agree_past": 10, "agree_old": 10}[step])
                second_due = day + timedelta(days={"agree_future": 45, "agree_past": 25, "agree_old": 20}[step])
                apply_transition(case, "reach_agreement", actor=mediator, on=day, data={
                    "summary": f"经调解，双方就{summary}达成如下协议", "terms": [
                        {"obligor": r["name"], "obligee": a["name"], "content_type": "payment",
                         "content": "分期支付第一期款项", "amount": "3000.00", "due_on": first_due.isoformat()},
                        {"obligor": r["name"], "obligee": a["name"], "content_type": "act",
                         "content": "完成整改并书面告知对方", "due_on": second_due.isoformat()}]})
            elif step.startswith("perform"):
                day = today - timedelta(days=1) if step == "perform_first" else day + timedelta(days=25)
                day = min(day, today)
                terms = case_terms(case.id)
                chosen = terms[:1] if step == "perform_first" else terms
                apply_transition(case, "record_performance", actor=mediator, on=day, data={"performances": [
                    {"term_id": t.id, "status": "performed"} for t in chosen]})
                apply_transition(case, "record_follow_up", actor=mediator, on=day, data={
                    "visited_on": day.isoformat(), "method": "phone", "result": "当事人确认已收到款项"})
            elif step == "fail":
                apply_transition(case, "record_failure", actor=mediator, on=day,
                                 data={"advice": "已告知当事人可以向人民法院提起诉讼"})
            elif step == "close_performed":
                apply_transition(case, "close_performed", actor=mediator, on=day)
    _split_from_another_case(context, mediator)


def _split_from_another_case(context: dict, mediator) -> None:
    """A compensation dispute split from a case of another kind (a reconsideration, say), linked to it."""
    other = next((c for c in context.get("cases", []) if c.kind != KIND), None)
    if other is None:
        return
    received = context["today"] - timedelta(days=3)
    register_case({
        "kind": KIND, "received_on": max(received, other.received_on), "source": "split_from_case",
        "linked_case_id": other.id, "dispute_category": "expropriation",
        "dispute_summary": "行政复议案件中关于补偿数额的民事争议，经双方同意分流调解", "request": "请求协商确定补偿数额",
        "amount_in_dispute": "85000.00", "applicants": [_party("吴霞", "19850505", 707, "13300133007")],
        "respondents": [{"kind": "organisation", "name": "江州市东城区城市更新中心"}]}, mediator)


def case_terms(case_id: int):
    return agreement_of(case_id).terms
