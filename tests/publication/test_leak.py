"""The leak test: 500 synthetic decisions full of personal data of every kind, in the structured record and in free
text, go through the publication (redaction review, submission, approval by a second person); then nothing of that
data appears anywhere on the portal, the feed or the public API, while agency names and docket numbers do."""
import json
import random
import re
from datetime import date, timedelta
from types import SimpleNamespace

import sqlalchemy as sa

from caseflow.cases.models import Party
from caseflow.cases.services import record_event, register_case
from caseflow.publication import services
from caseflow.publication.models import PublishedDecision
from tests.conftest import valid_id

N = 500
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈欧阳"
GIVEN = "伟芳娜敏静丽强磊洋艳勇杰娟涛超秀霞刚桂英华慧巧美淑惠珠翠雅芝玉萍红娥玲芬燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹"
STREETS = ["幸福路", "和平街", "解放大道", "人民路", "建设巷", "光明里", "朝阳胡同"]
DECISIONS = ["vary", "revoke", "revoke_and_redo", "confirm_illegal", "order_performance", "maintain", "dismiss_request"]
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def _luhn_card(rng) -> str:
    from stdnum import luhn

    body = "6222" + "".join(rng.choice("0123456789") for _ in range(14))
    return body + luhn.calc_check_digit(body)


def _person(rng, n):
    name = rng.choice(["欧阳", ""]) or rng.choice(SURNAMES[:-2])
    name += rng.choice(GIVEN) + rng.choice(GIVEN)
    phone = "1" + rng.choice("3589") + "".join(rng.choice("0123456789") for _ in range(9))
    street = f"{rng.choice(STREETS)}{rng.randint(1, 300)}号{rng.randint(1, 30)}栋{rng.randint(101, 2800)}室"
    return {"name": name, "id_number": valid_id(n, f"19{rng.randint(50, 99)}0{rng.randint(1, 9)}1{rng.randint(0, 9)}"),
            "phone": phone, "address": f"江州市东城区{street}", "street": street}


def _synthetic(rng, n, agency, office, clerk):
    applicant, agent = _person(rng, 2 * n), _person(rng, 2 * n + 1)
    witness, officer = _person(rng, 0)["name"], _person(rng, 0)["name"]
    card, email = _luhn_card(rng), f"user{n}.{rng.randint(100, 999)}@example.com"
    plate = f"京{rng.choice(PLATE_LETTERS)}·{rng.randint(10000, 99999)}"
    landline = f"010-{rng.randint(60000000, 69999999)}"
    p = applicant["phone"]
    facts = (f"申请人{applicant['name']}（身份证号{applicant['id_number'].lower()}，手机{p[:3]} {p[3:7]} {p[7:]}，"
             f"+86-{p[:3]}-{p[3:7]}-{p[7:]}）称，其住址：{applicant['address']}，家住{applicant['street']}。"
             f"其驾驶的车辆{plate}被扣押，罚款已从银行卡{' '.join(card[i:i + 4] for i in range(0, len(card), 4))}扣缴。"
             f"委托代理人{agent['name']}（电话{agent['phone']}，邮箱{email}，座机{landline}）到场。")
    reason = (f"经查，证人{witness}称当日未见到申请人，执法人员{officer}未出示执法证件；"
              f"申请人{applicant['name']}提交的身份证{applicant['id_number']}复印件与原件一致。")
    received = date(2025, 3, 3) + timedelta(days=n % 200)
    case = register_case({
        "kind": "reconsideration", "received_on": received, "receipt_channel": "in_person",
        "respondent_agency_id": agency.id, "request": "请求撤销处罚决定", "facts_and_reasons": facts,
        "applicants": [{"kind": "natural_person", "name": applicant["name"], "id_number": applicant["id_number"],
                        "phone": applicant["phone"], "address": applicant["address"]}],
        "act": {"act_type": "penalty", "description": "罚款2000元的行政处罚", "made_on": received - timedelta(days=20),
                "known_on": received - timedelta(days=15)}}, clerk)
    case.parties.append(Party(role="agent", kind="natural_person", name=agent["name"], phone=agent["phone"],
                              address=agent["address"], id_number=agent["id_number"]))
    case.state, case.decision_type = "effective", rng.choice(DECISIONS)
    case.accepted_on, case.decided_on, case.effective_on = received, received + timedelta(days=40), \
        received + timedelta(days=45)
    record_event(case, "decide", on=case.decided_on, actor_name="测试", reason=reason, payload={})
    secrets = [applicant["name"], agent["name"], witness, officer, applicant["id_number"],
               applicant["id_number"].lower(), agent["id_number"], applicant["phone"], agent["phone"],
               f"{p[3:7]} {p[7:]}", f"{p[3:7]}-{p[7:]}", applicant["street"], agent["street"], card, card[-8:],
               email, plate, plate[-5:], landline[-8:]]
    return case, secrets


def test_nothing_personal_reaches_the_portal_the_feed_or_the_public_api(app, db, make, client):
    rng = random.Random(20261123)
    office = make.office()
    clerk = make.user("clerk", office=office)
    heads = [make.user("office_head", office=office) for _ in range(2)]
    agencies = [make.agency(f"江州市东城区第{i}执法局") for i in range(5)]
    secrets, dockets = set(), []
    for n in range(1, N + 1):
        case, personal = _synthetic(rng, n, agencies[n % 5], office, clerk)
        secrets.update(personal)
        dockets.append(case.docket_number)
        publication = services.start(case, SimpleNamespace(effective_on=case.effective_on))
        # the reviewer rules on every candidate name (here: all redacted, as a careful reviewer does)
        publication.decisions = {name: True for name in services.unreviewed(publication)}
        services.submit(publication, clerk)
        services.approve(publication, heads[n % 2])
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PublishedDecision)) == N

    seen = []
    page = 1
    while True:
        listing = client.get(f"/public/decisions?page={page}")
        assert listing.status_code == 200
        seen.append(listing.get_data(as_text=True))
        api = client.get(f"/api/v1/public/decisions?page={page}").json
        seen.append(json.dumps(api, ensure_ascii=False))
        if not api["items"]:
            break
        page += 1
    for row in db.session.scalars(sa.select(PublishedDecision.id)):
        seen.append(client.get(f"/public/decisions/{row}").get_data(as_text=True))
        seen.append(json.dumps(client.get(f"/api/v1/public/decisions/{row}").json, ensure_ascii=False))
    seen.append(client.get("/public/decisions.atom").get_data(as_text=True))
    for year in (2025,):
        seen.append(client.get(f"/public/decisions?year={year}&q=某").get_data(as_text=True))
    everything = "\n".join(seen)

    leaked = sorted(s for s in secrets if s in everything)
    for s in leaked[:8]:
        i = everything.find(s)
        print("LEAK", s, everything[max(0, i - 80):i + 40].replace("\n", " "))
    assert leaked == [], f"{len(leaked)} personal values on the public side, e.g. {leaked[:5]}"
    assert not re.search(r"@example\.com", everything)
    for agency in agencies:
        assert agency.name in everything
    assert all(docket in everything for docket in dockets)
    assert everything.count("某") > N  # the people are there, pseudonymised
