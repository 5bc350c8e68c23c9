"""Every document type is generated for demo cases, issued to PDF and DOCX, and read back: the names, numbers and
dates are right; the page keeps the GB/T 9704 margins; a missing field names itself and stores nothing; an issued
document is immutable and a correction is a new version."""
import io
from datetime import date

import pytest
import sqlalchemy as sa
from docx import Document as Docx
from pypdf import PdfReader

from caseflow.cases.models import Case
from caseflow.cases.services import apply_transition
from caseflow.documents import catalogue, render, services
from caseflow.documents.models import IssuedDocument
from caseflow.errors import ValidationFailed
from caseflow.serving.models import ServiceRecord
from caseflow.supervision.services import raise_notice, supervision

MM = 72 / 25.4  # PDF points per millimetre
ARTICLES = {"vary": "第六十三条", "revoke": "第六十四条", "partially_revoke": "第六十四条", "revoke_and_redo": "第六十四条",
            "confirm_illegal": "第六十五条", "order_performance": "第六十六条", "confirm_invalid": "第六十七条",
            "maintain": "第六十八条", "dismiss_request": "第六十九条", "dismiss_application": "第三十三条"}


def _pdf_text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")


def _case(db, state=None, kind=None, docket=None):
    query = sa.select(Case)
    if state:
        query = query.where(Case.state == state)
    if kind:
        query = query.where(Case.kind == kind)
    if docket:
        query = query.where(Case.docket_number == docket)
    return db.session.scalars(query.order_by(Case.id)).first()


def _complete_the_demo(db, demo):
    """The demo leaves no case resumed, extended, or with a notice to an agency: take those steps on its cases."""
    clerk, head = demo["clerk"], demo["head"]
    suspended = _case(db, "suspended")
    apply_transition(suspended, "resume", actor=clerk, approval={"approver": head, "record": {}})
    in_review = _case(db, "in_review")
    apply_transition(in_review, "extend", actor=clerk, reason="案情复杂，需要进一步调查取证", data={"days": 30},
                     approval={"approver": head, "record": {}})
    effective = _case(db, "effective")
    e6 = raise_notice(effective, None, supervision().types["E6"], date(2026, 11, 2), to=("respondent",))
    e1 = raise_notice(effective, None, supervision().types["E1"], date(2026, 11, 2), to=("respondent",))
    db.session.flush()
    return {"performance_order": e6[0], "supervision_notice": e1[0]}


def test_every_document_type_is_issued_for_demo_cases_and_reads_back(app, db, demo):
    notices = _complete_the_demo(db, demo)
    clerk = demo["clerk"]
    issued = {}
    for case in db.session.scalars(sa.select(Case).order_by(Case.id)):
        for doc_type in catalogue.for_kind(case.kind):
            if doc_type.code in issued:
                continue
            try:
                services.preview(case.id, doc_type.code, clerk)
            except render.MissingField:
                continue  # this case has not reached the step the document records
            issued[doc_type.code] = services.issue(case.id, doc_type.code, clerk)
    for code, notice_id in notices.items():
        issued[code] = services.issue_for_notice(notice_id, clerk)
    every = {code: t for kind in ("reconsideration", "mediation", "adjudication")
             for code, t in catalogue.all_types(kind).items()}
    assert len(every) == 16 and set(issued) == set(every), f"never generated: {set(every) - set(issued)}"

    for code, document in issued.items():
        case = db.session.get(Case, document.case_id)
        text = _pdf_text(document.pdf)
        assert every[code].title in text, code
        assert document.number in text and document.number.startswith(case.docket_number.split("〔")[0])
        assert case.office.name in text, code
        # the people the document is about, by name (the notices name the agency they go to)
        names = [p.name for p in case.parties if p.role in ("applicant", "respondent")]
        if code not in ("performance_order", "supervision_notice", "opinion_letter"):
            assert any(n in text for n in names), (code, names)
        assert "年" in text and "月" in text and "日" in text
        assert document.sha256 == __import__("hashlib").sha256(document.pdf).hexdigest()
        paragraphs = [p.text for p in Docx(io.BytesIO(document.docx)).paragraphs]
        assert paragraphs[0] == every[code].title and document.number in paragraphs

    decision = issued["decision"]
    case = db.session.get(Case, decision.case_id)
    text = _pdf_text(decision.pdf)
    assert f"{case.decided_on.year}年{case.decided_on.month}月{case.decided_on.day}日" in text  # no zero padding
    assert ARTICLES[case.decision_type] in text
    assert "东城区公安分局" in _pdf_text(issued["performance_order"].pdf)


def test_the_decision_states_each_decision_type_with_its_article(app, db, demo):
    """ARL Arts. 63–72 and 33: the operative part and the article differ by decision type."""
    case = _case(db, "effective")
    doc_type = catalogue.get("reconsideration", "decision")
    seen = set()
    for value, article in ARTICLES.items():
        case.decision_type, case.performance_days = value, 45
        text = render.to_text(render.render_html(doc_type.template, services.context(case, doc_type)))
        assert f"《中华人民共和国行政复议法》{article}" in text, value
        seen.add(text.split("本机关决定：")[1].split("\n")[1])
    assert len(seen) == len(ARTICLES)  # each type has its own operative sentence
    assert any("45日内" in s for s in seen)
    db.session.rollback()


def test_a_page_keeps_the_gbt9704_margins(app, db, demo):
    import pypdfium2

    case = _case(db, "effective")
    document = services.issue(case.id, "decision", demo["clerk"])
    pdf = pypdfium2.PdfDocument(document.pdf)
    page = pdf[0]
    width, height = page.get_size()
    assert round(width / MM) == 210 and round(height / MM) == 297  # A4
    scale = 2
    image = page.render(scale=scale).to_pil().convert("L")
    pixels = image.load()
    w, h = image.size
    inked = [(x, y) for y in range(0, h, 2) for x in range(0, w, 2) if pixels[x, y] < 128]
    footer_top = (297 - 35) * MM * scale  # the page number sits below the text block
    body = [(x, y) for x, y in inked if y < footer_top]
    left = min(x for x, _ in body) / scale / MM
    right = (w - max(x for x, _ in body)) / scale / MM
    top = min(y for _, y in body) / scale / MM
    assert 27 <= left <= 31, left  # binding margin 28 ± 1 mm (ink starts inside the glyph's side bearing)
    assert right >= 25, right  # text block 156 mm wide
    assert 36 <= top <= 37 + 35 / MM, top  # the text block starts at 37 ± 1 mm: ink inside the title's first line
    assert any(y > footer_top for _, y in inked)  # the page number "— 1 —" below the text block
    page.close()
    pdf.close()


def _browser(client, username):
    from caseflow.demo import DEMO_PASSWORD
    from tests.web.conftest import Browser

    b = Browser(client)
    b.login(username, DEMO_PASSWORD)
    return b


def test_a_missing_field_names_itself_and_nothing_is_stored(app, db, demo, client):
    case = _case(db, "received")  # nothing scheduled: no hearing notice can be made
    with pytest.raises(render.MissingField) as caught:
        services.issue(case.id, "hearing_notice", demo["clerk"])
    assert "安排听证" in str(caught.value.errors)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(IssuedDocument)) == 0
    db.session.commit()
    page = _browser(client, "clerk").get(f"/cases/{case.id}/documents/hearing_notice/preview")
    assert page.status_code == 422 and "安排听证" in page.get_data(as_text=True)


def test_a_correction_is_a_new_version_and_the_old_one_stays(app, db, demo):
    case = _case(db, "effective")
    first = services.issue(case.id, "decision", demo["clerk"])
    with pytest.raises(ValidationFailed) as refused:
        services.issue(case.id, "decision", demo["clerk"])
    assert "reason" in refused.value.errors
    second = services.issue(case.id, "decision", demo["clerk"], reason="更正申请人住址笔误")
    assert (second.version, second.supersedes_id) == (2, first.id) and second.number.endswith("之二")
    assert db.session.get(IssuedDocument, first.id).pdf == first.pdf
    first.html = "changed"
    with pytest.raises(RuntimeError, match="immutable"):
        db.session.flush()
    db.session.rollback()


def test_an_issued_document_is_served_through_the_service_records(app, db, demo):
    case = _case(db, "effective")
    document = services.issue(case.id, "decision", demo["clerk"])
    record = services.serve(document.id, demo["clerk"], addressee="郑浩", addressee_role="applicant",
                            method="mail", sent_on=date.today(), evidence="EMS 1234")
    assert db.session.get(ServiceRecord, record.id).document == "decision"
    assert record.received_on is None  # the receipt is recorded later, the usual way
    names = [e.name for e in db.session.get(Case, case.id).events]
    assert names[-2:] == ["issue_document", "serve_document"]


def test_the_pages_preview_issue_and_download(app, db, demo, client):
    from tests.web.conftest import csrf_from

    case = _case(db, "effective")
    db.session.commit()
    b = _browser(client, "clerk")
    page = b.get(f"/cases/{case.id}/documents")
    assert page.status_code == 200 and "行政复议决定书" in page.get_data(as_text=True)
    preview = b.get(f"/cases/{case.id}/documents/decision/preview").get_data(as_text=True)
    assert "东政复决字〔2026〕12号" in preview and "预览" in preview
    token = csrf_from(page.get_data(as_text=True))
    issued = b.client.post(f"/cases/{case.id}/documents/decision/issue", data={"csrf_token": token})
    assert issued.status_code == 303
    document = db.session.scalars(sa.select(IssuedDocument)).one()
    pdf = b.get(f"/documents/{document.id}/pdf")
    assert pdf.mimetype == "application/pdf" and pdf.headers["X-Content-SHA256"] == document.sha256
    assert b.get(f"/documents/{document.id}/docx").data[:2] == b"PK"
