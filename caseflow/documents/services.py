"""Preview, issue and serve documents. Issuing renders once (PDF ~100 ms a page, libraries.md §5) and keeps the
bytes; downloads and the publication read the stored copy, never re-render."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from caseflow.auth import policies
from caseflow.cases.models import Case, CaseEvent
from caseflow.cases.services import get_case, get_workflow, record_event
from caseflow.clock import today_local
from caseflow.documents import catalogue, render
from caseflow.documents.catalogue import DocType
from caseflow.documents.models import IssuedDocument
from caseflow.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from caseflow.extensions import db
from caseflow.serving.models import Method, ServiceRecord
from caseflow.settlement.models import Agreement
from caseflow.supervision.models import Notice


@dataclass
class Step:
    """The last time a step was taken on the case: its date, who and what was entered."""

    on: date
    reason: str
    data: dict
    actor: str


def _steps(case: Case) -> dict[str, Step]:
    events = db.session.scalars(sa.select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.seq))
    return {e.name: Step(e.effective_on, e.reason, e.payload or {}, e.actor_name) for e in events}


def context(case: Case, doc_type: DocType, notice: Notice | None = None, version: int = 1) -> dict:
    """Everything a template may use. `step(name)` is the last event of that transition, or a MissingField that
    names the transition not taken yet."""
    steps = _steps(case)
    workflow = get_workflow(case.kind)

    def step(name: str) -> Step:
        if name not in steps:
            title = workflow.transitions[name].title if name in workflow.transitions else name
            raise render.MissingField(f"尚未办理：{title}", errors={"document": [f"案件尚未办理“{title}”，无法生成本文书"]})
        return steps[name]

    def choice(choice_set: str, value) -> str:
        return workflow.choice_title(choice_set, value) if value else ""

    agreement = db.session.scalar(sa.select(Agreement).where(Agreement.case_id == case.id)
                                  .order_by(Agreement.id.desc()).limit(1))
    return {"case": case, "office": case.office, "doc": doc_type, "number": _number(case, doc_type, notice, version),
        "applicants": case.parties_in("applicant"), "respondents": case.parties_in("respondent"),
        "third_parties": case.parties_in("third_party"), "agents": case.parties_in("agent"),
        "agency": getattr(case, "respondent_agency", None), "act": getattr(case, "act", None),
        "step": step, "has_step": lambda name: name in steps, "choice": choice, "notice": notice,
        "agreement": agreement, "today": today_local()}


def _number(case: Case, doc_type: DocType, notice: Notice | None, version: int) -> str:
    number = catalogue.number(case.docket_number, doc_type, version)
    return number if notice is None else number.replace("号", f"-{notice.id}号", 1)


def _case_and_type(case_id: int, code: str, user) -> tuple[Case, DocType]:
    case = get_case(case_id, user)
    doc_type = catalogue.get(case.kind, code)
    if doc_type is None or doc_type.notice:
        raise NotFound(f"no document {code!r} for this case")
    return case, doc_type


def _notice(notice_id: int, user) -> tuple[Case, Notice, DocType]:
    from caseflow.supervision.services import get_notice

    notice = get_notice(notice_id, user)
    if notice.addressee_kind not in ("agency", "external"):
        raise Conflict("该通知发给本机关内部，不制作文书",
                       errors={"document": ["该通知发给本机关内部，不制作文书"]})
    case = db.session.get(Case, notice.case_id)
    doc_type = catalogue.for_notice(notice, case.kind)
    if doc_type is None:
        raise Conflict("本类案件没有该通知的文书",
                       errors={"document": ["本类案件没有该通知的文书"]})
    return case, notice, doc_type


def _latest(case_id: int, code: str, notice_id: int | None = None) -> IssuedDocument | None:
    return db.session.scalar(sa.select(IssuedDocument).where(
        IssuedDocument.case_id == case_id, IssuedDocument.doc_type == code,
        IssuedDocument.notice_key == (notice_id or 0)).order_by(IssuedDocument.version.desc()).limit(1))


def preview(case_id: int, code: str, user) -> str:
    case, doc_type = _case_and_type(case_id, code, user)
    latest = _latest(case.id, code)
    return render.render_html(doc_type.template, context(case, doc_type, version=(latest.version + 1) if latest else 1),
                              for_browser=True)


def preview_notice(notice_id: int, user) -> str:
    case, notice, doc_type = _notice(notice_id, user)
    return render.render_html(doc_type.template, context(case, doc_type, notice), for_browser=True)


def _may_issue(case: Case, user) -> None:
    if not policies.can_act_on_case(user, case):
        raise PermissionDenied("you may not act on this case")
    case.refuse_if_archived()  # before rendering anything (its event would be refused anyway)


def _issue(case: Case, doc_type: DocType, user, *, notice: Notice | None = None, reason: str = "") -> IssuedDocument:
    latest = _latest(case.id, doc_type.code, notice.id if notice else None)
    if latest is not None and not reason.strip():
        raise ValidationFailed("更正须说明理由", errors={
            "reason": ["本文书已制发；更正须说明理由，原文书保留"]})
    version = latest.version + 1 if latest else 1
    html = render.render_html(doc_type.template, context(case, doc_type, notice, version))
    pdf = render.to_pdf(html)
    ctx_number = _number(case, doc_type, notice, version)
    event = record_event(case, "issue_document", on=today_local(), actor_name=user.display_name, actor=user,
                         reason=reason.strip(), payload={"document": doc_type.code, "title": doc_type.title,
                                                         "number": ctx_number, "version": version,
                                                         "sha256": hashlib.sha256(pdf).hexdigest(),
                                                         **({"notice_id": notice.id} if notice else {})})
    document = IssuedDocument(
        case_id=case.id, notice_id=notice.id if notice else None, notice_key=notice.id if notice else 0,
        doc_type=doc_type.code, title=doc_type.title, number=ctx_number, version=version,
        supersedes_id=latest.id if latest else None, correction_reason=reason.strip(), html=html,
        text=render.to_text(html), pdf=pdf, docx=render.to_docx(html), sha256=hashlib.sha256(pdf).hexdigest(),
        issued_by_id=user.id, issued_by_name=user.display_name, event_id=event.id)
    db.session.add(document)
    db.session.flush()
    return document


def issue(case_id: int, code: str, user, reason: str = "") -> IssuedDocument:
    """Render and keep the document: its PDF, DOCX, text and SHA-256; an event on the case says so. Issuing a
    type again is a correction: a new version with its reason; the previous one stays."""
    case, doc_type = _case_and_type(case_id, code, user)
    _may_issue(case, user)
    return _issue(case, doc_type, user, reason=reason)


def issue_for_notice(notice_id: int, user, reason: str = "") -> IssuedDocument:
    case, notice, doc_type = _notice(notice_id, user)
    _may_issue(case, user)
    return _issue(case, doc_type, user, notice=notice, reason=reason)


def for_case(case_id: int) -> list[IssuedDocument]:
    return list(db.session.scalars(sa.select(IssuedDocument).where(IssuedDocument.case_id == case_id)
                                   .order_by(IssuedDocument.id)))


def for_notice(notice_id: int) -> list[IssuedDocument]:
    return list(db.session.scalars(sa.select(IssuedDocument).where(IssuedDocument.notice_id == notice_id)
                                   .order_by(IssuedDocument.id)))


def get_document(document_id: int, user) -> IssuedDocument:
    document = db.session.get(IssuedDocument, document_id)
    if document is None:
        raise NotFound(f"document {document_id} not found")
    get_case(document.case_id, user)  # NotFound for another office's
    return document


def latest_of(document: IssuedDocument) -> bool:
    newer = db.session.scalar(sa.select(sa.func.count()).select_from(IssuedDocument).where(
        IssuedDocument.supersedes_id == document.id))
    return newer == 0


def serve(document_id: int, user, *, addressee: str, addressee_role: str, method: str, sent_on: date,
          evidence: str | None = None) -> ServiceRecord:
    """送达: a service record for an issued document, in the same table as every other service; its receipt is
    recorded later the usual way (送达回证)."""
    document = get_document(document_id, user)
    case = db.session.get(Case, document.case_id)
    _may_issue(case, user)
    errors = {}
    if not addressee.strip():
        errors["addressee"] = ["请填写受送达人 (addressee required)"]
    if method not in {m.value for m in Method}:
        errors["method"] = ["请选择送达方式 (choose a method)"]
    if sent_on > today_local():
        errors["sent_on"] = ["发出日期不能晚于今天 (in the future)"]
    if errors:
        raise ValidationFailed("the service is invalid", errors=errors)
    event = record_event(case, "serve_document", on=sent_on, actor_name=user.display_name, actor=user, reason="",
                         payload={"document": document.doc_type, "number": document.number,
                                  "addressee": addressee.strip(), "method": method})
    record = ServiceRecord(case_id=case.id, event_id=event.id, document=document.doc_type,
                           document_title=f"{document.title}（{document.number}）", addressee=addressee.strip(),
                           addressee_role=addressee_role, method=method, sent_on=sent_on, evidence=evidence)
    db.session.add(record)
    db.session.flush()
    return record
