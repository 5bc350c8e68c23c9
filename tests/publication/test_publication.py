"""Publication (ARL Art. 79, legal-reference §8.10): the task starts when the decision takes effect, with a clock of
20 working days; the clerk reviews the redaction; a second person approves; the portal shows only the redacted
copy; withdrawal and exemption; every step an event; what must be refused is refused."""
from datetime import date

import pytest
import sqlalchemy as sa

from caseflow.cases.models import Case
from caseflow.clock import today_local
from caseflow.deadlines.models import Deadline
from caseflow.errors import Conflict, PermissionDenied, ValidationFailed
from caseflow.publication import services
from caseflow.publication.models import Publication, PublishedDecision
from tests.cases.flow import Flow
from tests.conftest import valid_id
from tests.web.conftest import Browser, csrf_from

HEARD = {"heard_party": "申请人", "method": "in_person", "views": "申请人坚持复议请求", "asked_about_mediation": True}
REASON = "被申请人作出的处罚认定事实不清。证人李娜称当日并未见到申请人，执法人员王建国未出示证件。"


@pytest.fixture
def decided(api, make, office_team, db):
    """A decision served on 2025-09-23 (a Tuesday): in effect; its applicant's data in the structured record."""
    body = make.application(office_team["agency"], received_on=date(2025, 9, 12))
    body["applicants"][0].update(name="张伟明", id_number=valid_id(5, "19800312"), phone="13912345678",
                                 address="江州市东城区幸福路8号2单元")
    body["facts_and_reasons"] = "申请人张伟明（电话139 1234 5678）称其住址为幸福路8号2单元，罚款已缴纳。"
    created = api(office_team["clerk"]).post("/api/v1/cases", json=body)
    f = Flow(api, office_team, created.json)
    f.do("accept", "2025-09-16", {"procedure": "ordinary"})
    f.do("forward_copy", "2025-09-16")
    f.do("receive_reply", "2025-09-16")
    f.do("hear_views", "2025-09-17", HEARD)
    f.do("decide", "2025-09-22", {"decision_type": "revoke"}, reason=REASON)
    f.do("record_service", "2025-09-23")
    return f


def _publication(case_id) -> Publication:
    from caseflow.extensions import db

    return db.session.scalar(sa.select(Publication).where(Publication.case_id == case_id))


def test_the_task_starts_when_the_decision_takes_effect_with_its_clock(decided, db):
    publication = _publication(decided.id)
    assert publication is not None and publication.status == "reviewing"
    clock = decided.deadlines("reconsideration.publication", "running")[0]
    # 20 working days from 2025-09-23, over the National Day holiday (10-01 to 10-08 off; Sun 09-28 and Sat 10-11 worked): 20th is Mon 10-27
    assert clock["due_on"] == "2025-10-27"
    assert "第七十九条" in clock["basis"]
    assert "张伟明" in publication.original_text and "李娜" in publication.original_text


def test_review_approval_by_a_second_person_and_the_public_copy(decided, db, office_team, make, client):
    clerk, head = office_team["clerk"], office_team["head"]
    second_head = make.user("office_head", office=office_team["office"])
    db.session.commit()
    publication = _publication(decided.id)
    result = services.redacted(publication)
    assert "张伟明" not in result.text and "张某" in result.text
    assert "13912345678" not in result.text and "139 1234 5678" not in result.text
    assert "幸福路" not in result.text and valid_id(5, "19800312") not in result.text
    assert office_team["agency"].name in result.text

    with pytest.raises(Conflict) as unreviewed:
        services.submit(publication, clerk)
    assert "李娜" in str(unreviewed.value.errors) and "王建国" in str(unreviewed.value.errors)
    services.decide_candidate(publication, clerk, "李娜", True)
    services.decide_candidate(publication, clerk, "王建国", True)
    services.mark(publication, clerk, "罚款已缴纳", "个人隐私")
    services.submit(publication, head)  # the office head prepares it this time
    with pytest.raises(PermissionDenied):
        services.approve(publication, head)  # not the one who prepared it
    with pytest.raises(PermissionDenied):
        services.approve(publication, clerk)  # only an office head
    copy = services.approve(publication, second_head)
    db.session.commit()
    assert publication.status == "published"
    for secret in ("张伟明", "李娜", "王建国", "13912345678", "幸福路", "罚款已缴纳"):
        assert secret not in copy.body
    assert copy.docket_number == decided.case["docket_number"]
    clock = db.session.scalars(sa.select(Deadline).where(Deadline.case_id == decided.id,
                                                          Deadline.rule_id == "reconsideration.publication")).one()
    assert (clock.status, clock.closed_on) == ("late", today_local())  # due 2025-10-27, published today
    events = [e.name for e in db.session.get(Case, decided.id).events]
    assert ["publication_name_reviewed", "publication_name_reviewed", "publication_marked", "publication_submitted",
            "published"] == [e for e in events if e.startswith("publi")]

    page = client.get(f"/public/decisions/{copy.id}")
    assert page.status_code == 200 and "public" in page.headers["Cache-Control"]
    text = page.get_data(as_text=True)
    assert office_team["agency"].name in text and "张某" in text and "张伟明" not in text
    listed = client.get("/api/v1/public/decisions?q=张某").json
    assert [d["id"] for d in listed["items"]] == [copy.id]
    assert "张伟明" not in client.get("/public/decisions.atom").get_data(as_text=True)

    services.withdraw(publication, second_head, "当事人提出异议，核查中")
    db.session.commit()
    assert client.get(f"/public/decisions/{copy.id}").status_code == 404
    assert client.get(f"/api/v1/public/decisions/{copy.id}").status_code == 404
    assert db.session.get(PublishedDecision, copy.id).withdrawn_reason == "当事人提出异议，核查中"  # kept


def test_an_exemption_needs_its_ground_and_the_office_heads_approval(decided, db, office_team):
    clerk, head = office_team["clerk"], office_team["head"]
    publication = _publication(decided.id)
    with pytest.raises(ValidationFailed) as refused:
        services.request_exemption(publication, clerk, "nonsense", "")
    assert set(refused.value.errors) == {"ground", "reason"}
    services.request_exemption(publication, clerk, "trade_secret", "决定书载有第三人的工艺参数")
    with pytest.raises(PermissionDenied):
        services.approve(publication, clerk)
    assert services.approve(publication, head) is None
    assert publication.status == "exempted"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PublishedDecision)) == 0


def test_a_decision_not_in_effect_cannot_be_published(decided, db, office_team):
    publication = _publication(decided.id)
    case = db.session.get(Case, decided.id)
    case.effective_on = None  # as if the service had not been recorded
    services.decide_candidate(publication, office_team["clerk"], "李娜", True)
    services.decide_candidate(publication, office_team["clerk"], "王建国", True)
    with pytest.raises(Conflict) as refused:
        services.submit(publication, office_team["clerk"])
    assert "生效" in str(refused.value.errors)
    db.session.rollback()


def test_the_review_page_shows_both_texts_and_the_head_approves_through_it(decided, db, office_team, make, client):
    clerk = Browser(client, office_team["clerk"])
    publication = _publication(decided.id)
    page = clerk.get(f"/publications/{publication.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "<mark" in html and "张伟明" in html and "张某" in html
    token = csrf_from(html)
    for name in ("李娜", "王建国"):
        assert clerk.client.post(f"/publications/{publication.id}/names",
                                 data={"csrf_token": token, "name": name, "verdict": "redact"}).status_code == 303
    bad = clerk.client.post(f"/publications/{publication.id}/mark", data={"csrf_token": token, "mark-passage": "不在原文",
                                                                          "mark-reason": "个人隐私"})
    assert bad.status_code == 422 and "粘贴原文" in bad.get_data(as_text=True) and "不在原文" in bad.get_data(as_text=True)
    assert clerk.client.post(f"/publications/{publication.id}/submit", data={"csrf_token": token}).status_code == 303
    head = Browser(client, office_team["head"])
    assert head.client.post(f"/publications/{publication.id}/approve",
                            data={"csrf_token": csrf_from(head.get("/publications").get_data(as_text=True))}
                            ).status_code == 303
    db.session.expire_all()
    assert _publication(decided.id).status == "published"


def test_the_review_page_labels_every_control(decided, db, office_team, client):
    from tests.web.test_accessibility import Controls

    page = Browser(client, office_team["clerk"]).get(f"/publications/{_publication(decided.id).id}")
    parser = Controls()
    parser.feed(page.get_data(as_text=True))
    assert parser.lang in ("zh-CN", "en") and parser.main
    assert [n for cid, n, aria, wrapped in parser.controls if not (aria or wrapped or cid in parser.labels_for)] == []


def test_an_unpublished_decision_raises_e11_and_publishing_resolves_it(decided, db, office_team, make):
    """Supervision watches the publication clock like any other (workflows/supervision.yaml E11)."""
    from caseflow.supervision.models import Notice
    from caseflow.supervision.sweep import sweep

    sweep(as_of=date(2025, 10, 28))  # the day after the 20th working day
    notices = db.session.scalars(sa.select(Notice).where(Notice.case_id == decided.id, Notice.type == "E11")).all()
    assert notices and all(n.rule_id == "reconsideration.publication" for n in notices)
    assert {n.addressee_role or n.addressee_kind for n in notices} >= {"office_head"}
    publication = _publication(decided.id)
    services.request_exemption(publication, office_team["clerk"], "privacy", "涉及申请人健康状况")
    services.approve(publication, office_team["head"])
    sweep(as_of=today_local())
    assert all(not n.is_open for n in db.session.scalars(sa.select(Notice).where(Notice.type == "E11")))
