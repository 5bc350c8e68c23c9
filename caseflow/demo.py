"""Demo data: two offices, users of every role, respondent agencies, and each kind's demo cases
(CaseKind.seed_demo) in different states.

Every case is registered and moved through the real services, so its history, deadlines and explanations are
exactly what a clerk would have produced. Dates are relative to today, so the demo always looks current.
"""
from __future__ import annotations

import sqlalchemy as sa
from stdnum.cn import ric, uscc

from caseflow.approvals import services as approvals
from caseflow.auth.models import User
from caseflow.auth.services import create_user
from caseflow.cases.kinds import all_kinds
from caseflow.cases.services import apply_transition, get_workflow
from caseflow.clock import today_local
from caseflow.extensions import db
from caseflow.organisations.services import create_agency, create_office

DEMO_PASSWORD = "caseflow-demo"

USERS = [
    # username, name, office, roles, label
    ("clerk", "张晓明", "东", ["clerk"], "承办人 clerk (东城区)"),
    ("clerk2", "李静", "东", ["clerk"], "承办人 clerk (东城区)"),
    ("head", "王建国", "东", ["office_head"], "机构负责人 office head (东城区)"),
    ("organ", "赵海峰", "东", ["organ_leader"], "机关负责人 organ leader (东城区)"),
    ("mediator", "陈慧", "东", ["mediator"], "调解员 mediator (东城区): 我的调解案件"),
    ("mediator2", "周敏", "东", ["mediator"], "调解员 mediator (东城区)"),
    ("leader", "周志远", "江", ["leader"], "局领导 leader (江州市, reads 东城区 too)"),
    ("cityclerk", "孙倩", "江", ["clerk"], "承办人 clerk (江州市)"),
    ("admin", "系统管理员", "东", ["admin"], "管理员 administrator"),
]

AGENCIES = [
    ("江州市东城区公安分局", "county", "public_security"),
    ("江州市东城区市场监督管理局", "county", "market_regulation"),
    ("江州市东城区自然资源局", "county", "natural_resources"),
    ("江州市东城区人力资源和社会保障局", "county", "human_resources"),
    ("江州市东城区住房和城乡建设局", "county", "housing"),
    ("江州市东城区城市管理局", "county", "urban_management"),
]


def person_id(birth: str, seq: int) -> str:
    body = f"110101{birth}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")  # the function reads the first 17 of 18


def credit_code(serial: str) -> str:
    body = f"91110101{serial:0<9}"[:17]  # dept+type, division, 9-char organisation code
    return body + uscc.calc_check_digit(body)


def seed() -> list[tuple[str, str]]:
    if db.session.scalar(sa.select(sa.func.count(User.id))):
        raise RuntimeError("the database already has users; seed-demo only fills an empty database")
    city = create_office("江", "江州市司法局", "city")
    county = create_office("东", "江州市东城区司法局", "county", city)
    offices = {"江": city, "东": county}
    users = {}
    for username, name, office, roles, _label in USERS:
        users[username] = create_user(username, name, DEMO_PASSWORD, offices[office], roles)
    agencies = [create_agency(*a) for a in AGENCIES]
    for n, agency in enumerate(agencies, start=1):  # where service and supervision notices go
        agency.address, agency.contact_person = f"江州市东城区政务服务中心{n}号楼", "法制科"
        agency.phone = f"010-6555{n:04d}"
        agency.email = f"fazhi{n}@dongcheng.example.cn" if n < len(agencies) else None  # one still to be asked
    context = {"offices": offices, "users": users, "agencies": agencies, "today": today_local(),
               "approvers": {"office_head": users["head"], "organ_leader": users["organ"]}}
    for kind in all_kinds().values():
        kind.seed_demo(context)
    db.session.flush()
    return [(u[0], u[4]) for u in USERS]


def act(context: dict, case, name: str, *, actor, on, data: dict | None = None, reason: str = "",
        opinion: str = "拟同意", stop_before: str | None = None):
    """Move a demo case as the office would. A document the step serves is handed over and signed for that day
    unless `data` says how it went; an action that needs approval is proposed by `actor` and approved that day by
    the office's approvers in turn, up to (not including) the role `stop_before`, which leaves it in the queue."""
    transition = get_workflow(case.kind).transitions[name]
    data = dict(data or {})
    if transition.serves is not None and "service" not in data and "services" not in data:
        data["service"] = {"method": "direct", "received_on": on.isoformat()}
    if transition.approval is None:
        return apply_transition(case, name, actor=actor, on=on, reason=reason, data=data)
    request = approvals.propose(case, name, actor=actor, on=on, version=case.version, reason=reason, data=data,
                                opinion=opinion)
    event = None
    for role in transition.approval.by:
        if role == stop_before:
            return None
        event = approvals.approve(request, context["approvers"][role], "同意", on=on)
    return event
