"""Reconsideration demo cases: a dozen applications in different states, moved through the real services."""
from __future__ import annotations

from datetime import timedelta

from caseflow.cases.services import register_case
from caseflow.demo import act, credit_code, person_id
from caseflow.kinds.reconsideration.models import FAILURE_TO_ACT, KIND


def _person(name, birth, seq, phone):
    return {"kind": "natural_person", "name": name, "id_number": person_id(birth, seq), "phone": phone,
            "address": "江州市东城区和平路12号"}


def _company(name, serial):
    return {"kind": "organisation", "name": name, "credit_code": credit_code(serial), "legal_representative": "刘强",
            "phone": "010-65551234", "address": "江州市东城区建设大街88号"}


# (applicant, agency index, act type, act description, days ago received, steps)
# steps: (transition, days after receipt, data[, options for caseflow.demo.act: stop_before leaves it pending])
CASES = [
    (_person("刘伟", "19800312", 101, "13800138001"), 0, "penalty", "对申请人处以罚款2000元的行政处罚决定", 1, []),
    (_company("江州宏达商贸有限公司", "MA01AB12"), 1, "penalty", "没收违法所得并处罚款5万元", 3, []),
    (_person("王芳", "19751105", 202, "13900139002"), 3, "work_injury", "不予认定工伤决定", 9,
     [("request_supplement", 2, {"items": "请补充提交劳动关系证明及医疗诊断证明"})]),
    (_person("陈刚", "19900220", 303, "13700137003"), 4, "licensing", "不予行政许可决定", 6,
     [("accept", 3, {"procedure": "ordinary"})]),
    (_company("江州绿源环保科技有限公司", "MA02CD34"), 2, "confirmation", "土地使用权确权决定", 20,
     [("accept", 4, {"procedure": "ordinary"}),  # mailed; the 送达回证 is not back yet: the reply clock waits
      ("forward_copy", 6, {"service": {"method": "mail", "evidence": "EMS 1180 2736 455"}})]),
    (_person("赵敏", "19881018", 404, "13600136004"), 0, "penalty", "当场作出的警告处罚", 12,
     [("accept", 1, {"procedure": "simplified", "simplified_ground": "on_the_spot"}), ("forward_copy", 2, {})]),
    (_person("孙磊", "19820707", 505, "13500135005"), 5, "non_performance", "未依法履行查处违法建设职责", 45,
     [("accept", 3, {"procedure": "ordinary"}), ("forward_copy", 5, {}), ("receive_reply", 14, {}),
      ("extend", 44, {"days": 30}, {"stop_before": "office_head"})]),  # awaiting the office head's approval
    (_person("周杰", "19790909", 606, "13400134006"), 2, "expropriation_compensation", "征收补偿决定", 40,
     [("accept", 2, {"procedure": "ordinary"}), ("forward_copy", 4, {}), ("receive_reply", 12, {}),
      ("schedule_hearing", 20, {"hearing_on": "+45", "place": "区司法局第一听证室"})]),
    (_company("江州天成建筑工程有限公司", "MA03EF56"), 4, "penalty", "责令停止施工并处罚款", 50,
     [("accept", 2, {"procedure": "ordinary"}), ("forward_copy", 4, {}), ("receive_reply", 15, {}),
      ("suspend", 25, {"ground": "8"})]),
    (_person("吴霞", "19850505", 707, "13300133007"), 1, "penalty", "吊销营业执照的行政处罚", 70,
     [("accept", 2, {"procedure": "ordinary"}), ("forward_copy", 5, {}), ("receive_reply", 16, {}),
      ("hear_views", 20, "views"), ("decide", 50, {"decision_type": "revoke"})]),
    (_person("林涛", "19910303", 333, "15000150012"), 2, "penalty", "责令停产停业的行政处罚", 52,
     [("accept", 2, {"procedure": "ordinary"}), ("forward_copy", 4, {}), ("receive_reply", 14, {}),
      ("hear_views", 18, "views"), ("decide", 51, {"decision_type": "revoke_and_redo", "performance_days": 30},
       {"stop_before": "organ_leader"})]),  # reviewed by the office head, awaiting the organ leader
    (_person("郑浩", "19921212", 808, "13200132008"), 0, "compulsory_measure", "扣押车辆的行政强制措施", 80,
     [("accept", 2, {"procedure": "ordinary"}), ("forward_copy", 4, {}), ("receive_reply", 14, {}),
      ("hear_views", 17, "views"), ("decide", 40, {"decision_type": "confirm_illegal"}), ("record_service", 43, {}),
      ("issue_opinion_letter", 45, {"recipient": "江州市东城区公安分局",
                                    "findings": "扣押车辆未当场交付扣押决定书，今后应严格执行《行政强制法》第二十四条",
                                    "service": {"method": "mail"}})]),
    (_person("冯雪", "19870404", 909, "13100131009"), 5, "penalty", "限期拆除决定", 30,
     [("withdraw", 5, {"after_settlement": True})]),
    (_person("何平", "19700101", 111, "15800158010"), 3, "information_disclosure", "政府信息公开答复", 15,
     [("reject", 3, {"competent_organ": "江州市人民政府"})]),
    (_person("马丽", "19830808", 222, "15900159011"), 1, "penalty", "罚款3000元", 35,
     [("accept", 2, {"procedure": "ordinary"}), ("forward_copy", 4, {}), ("receive_reply", 13, {}),
      ("start_mediation", 18, "willing"), ("record_session", 22, "session"), ("issue_mediation", 28, "terms")]),
]

REASONS = {"withdraw": "申请人与被申请人达成和解，申请撤回", "reject": "不属于本机关管辖",
           "decide": "被申请人作出的行政行为认定事实不清，证据不足", "suspend": "", "extend": "案情复杂，需要调取补充证据",
           "issue_opinion_letter": "执法程序存在瑕疵，需要被申请人整改"}


def _step_data(what: str, case, on) -> dict:
    """The data of a step named by a word: the parties heard (ARL Art. 49), willingness to mediate, a session, the
    terms of a mediation document (Arts. 5, 73)."""
    applicant, agency = case.applicants[0].name, case.respondent_agency.name
    if what == "willing":
        return {"consents": [{"party_id": case.applicants[0].id, "consented": True, "method": "oral",
                              "given_on": on.isoformat()},
                             {"party_name": agency, "consented": True, "method": "written", "given_on": on.isoformat()}]}
    if what == "views":  # ARL Art. 49, by phone, the applicant asked about mediation
        return {"heard_party": applicant, "method": "phone", "views": "申请人坚持复议请求，认为被申请人认定事实不清",
                "asked_about_mediation": True}
    if what == "session":
        return {"held_on": on.isoformat(), "starts_at": "10:00", "duration_minutes": 60, "mode": "in_person",
                "place": "区司法局调解室", "attendees": [{"name": applicant, "capacity": "party"},
                                                     {"name": "被申请人法制科负责人", "capacity": "agency"}],
                "issues": "罚款数额是否过当", "positions": [{"side": applicant, "position": "请求撤销罚款"},
                                                           {"side": agency, "position": "同意减为1500元"}]}
    return {"summary": "被申请人将罚款变更为1500元，申请人不再坚持复议请求", "terms": [
        {"obligor": agency, "obligee": applicant, "content_type": "payment", "content": "退还多收罚款1500元",
         "amount": "1500.00", "due_on": (on + timedelta(days=15)).isoformat()}]}


def seed_demo(context: dict) -> None:
    users, agencies, today = context["users"], context["agencies"], context["today"]
    for applicant, agency_ix, act_type, act_text, ago, steps in CASES:
        received = today - timedelta(days=ago)
        inaction = act_type == FAILURE_TO_ACT  # no act date: the period runs from the duty's end (ARL-IR Art. 16)
        case = register_case({
            "kind": KIND, "received_on": received, "receipt_channel": "in_person",
            "respondent_agency_id": agencies[agency_ix].id,
            "request": "请求责令被申请人履行法定职责" if inaction else f"请求撤销{act_text}",
            "facts_and_reasons": "申请人认为该行政行为认定事实不清、适用法律错误。", "applicants": [applicant],
            "act": {"act_type": act_type, "description": act_text,
                    "document_number": None if inaction else f"东执〔{received.year}〕{ago}号",
                    "made_on": None if inaction else received - timedelta(days=20),
                    "duty_due_on": received - timedelta(days=20) if inaction else None,
                    "known_on": received - timedelta(days=18),
                    "informed_of_right": True, "immovable_property": act_type == "confirmation", "obstacle_days": 0},
        }, users["clerk"])
        context.setdefault("cases", []).append(case)
        for name, after, data, *options in steps:
            on = received + timedelta(days=after)
            data = _step_data(data, case, on) if isinstance(data, str) else dict(data)
            if data.get("hearing_on", "").startswith("+"):
                data["hearing_on"] = (received + timedelta(days=int(data["hearing_on"][1:]))).isoformat()
            act(context, case, name, actor=users["clerk"], on=min(on, today), reason=REASONS.get(name, ""),
                data=data, **(options[0] if options else {}))
