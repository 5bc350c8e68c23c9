"""The publication of a decision (ARL Art. 79; legal-reference §1.13, §8.10): a task starts when the decision takes
effect, with its clock `reconsideration.publication` (20 working days, started by the workflow); the clerk reviews
the redaction, marks more passages, rules on each candidate name or asks for an exemption with its ground; a second
person (the office head, never the one who prepared it) approves; the redacted copy goes into the published table.
Every step is an event on the case. Services flush; the view commits."""
from __future__ import annotations

import sqlalchemy as sa

from caseflow.auth import policies
from caseflow.auth.models import Role
from caseflow.cases.models import Case
from caseflow.cases.services import get_case, get_workflow, record_event
from caseflow.clock import today_local
from caseflow.deadlines import queries as deadline_queries
from caseflow.deadlines import services as clocks
from caseflow.documents import catalogue, render
from caseflow.documents import services as documents
from caseflow.documents.models import IssuedDocument
from caseflow.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from caseflow.extensions import db
from caseflow.publication import redaction
from caseflow.publication.models import EXEMPTION_GROUNDS, Publication, PublicationStatus, PublishedDecision

S = PublicationStatus


def settings(case: Case) -> dict | None:
    """What the case's kind publishes (CaseKind.publication: document, rule, type_field, type_choices), or None."""
    from flask import current_app

    kind = current_app.extensions["caseflow.kinds"].get(case.kind)
    return kind.publication if kind is not None else None


def _source(case: Case) -> tuple[str, int | None]:
    """The decision's text: the issued document (latest version) if there is one, else rendered from the case now."""
    code = settings(case)["document"]
    issued = db.session.scalar(sa.select(IssuedDocument).where(
        IssuedDocument.case_id == case.id, IssuedDocument.doc_type == code, IssuedDocument.notice_key == 0)
        .order_by(IssuedDocument.version.desc()).limit(1))
    if issued is not None:
        return issued.text, issued.id
    doc_type = catalogue.get(case.kind, code)
    return render.to_text(render.render_html(doc_type.template, documents.context(case, doc_type))), None


def start(case: Case, event) -> Publication | None:
    """When a decision takes effect: the task, once per case. Decisions only (a 调解书 is not published, §8.10)."""
    config = settings(case)
    if config is None or getattr(case, config["type_field"], None) is None:
        return None
    if db.session.scalar(sa.select(Publication.id).where(Publication.case_id == case.id)):
        return None
    try:
        text, document_id = _source(case)
    except render.MissingField:
        text, document_id = "", None
    deadline = next(iter(deadline_queries.open_for_rules(case.id, [config["rule"]])), None)
    publication = Publication(case_id=case.id, office_id=case.office_id, started_on=event.effective_on,
                              deadline_id=deadline.id if deadline else None, document_id=document_id,
                              original_text=text, marks=[], decisions={})
    db.session.add(publication)
    db.session.flush()
    return publication


def on_case_changed(case: Case, *, event) -> None:
    """Receiver of caseflow.cases.services.case_changed: the decision took effect (served) → the task starts."""
    if event.to_state == "effective" and event.from_state != "effective":
        start(case, event)


def get_publication(publication_id: int, user) -> Publication:
    publication = db.session.get(Publication, publication_id)
    if publication is None:
        raise NotFound(f"publication {publication_id} not found")
    get_case(publication.case_id, user)
    return publication


def for_case(case_id: int) -> Publication | None:
    return db.session.scalar(sa.select(Publication).where(Publication.case_id == case_id))


def queue(user) -> list[Publication]:
    offices = policies.visible_office_ids(user)
    return list(db.session.scalars(sa.select(Publication).where(Publication.office_id.in_(offices))
                                   .order_by(Publication.started_on, Publication.id)))


def keep_list(case: Case) -> list[str]:
    """What stays named: the office, the respondent agency, organisations and their legal representatives."""
    keep = [case.office.name]
    agency = getattr(case, "respondent_agency", None)
    if agency is not None:
        keep += [agency.name, agency.contact_person or "", agency.address or ""]
    for party in case.parties:
        if party.kind == "organisation":
            keep += [party.name, party.legal_representative or ""]
    return [k for k in keep if k]


def party_data(case: Case) -> list[dict]:
    return [{"name": p.name, "role": p.role, "kind": p.kind, "id_number": p.id_number, "phone": p.phone,
             "address": p.address} for p in case.parties]


def redacted(publication: Publication, case: Case | None = None) -> redaction.Result:
    case = case or db.session.get(Case, publication.case_id)
    text = publication.original_text
    marks = []
    for mark in publication.marks or []:
        start = text.find(mark["text"])
        while start >= 0:
            marks.append((start, start + len(mark["text"])))
            start = text.find(mark["text"], start + 1)
    return redaction.redact(text, party_data(case), keep=keep_list(case), marks=marks,
                            decisions=publication.decisions or {})


def unreviewed(publication: Publication, result: redaction.Result | None = None) -> list[str]:
    result = result or redacted(publication)
    return sorted({f.original for f in result.findings if f.kind == "name_candidate" and not f.certain})


def _case_for(publication: Publication, user, *, may_prepare: bool = True) -> Case:
    case = db.session.get(Case, publication.case_id)
    if not policies.can_act_on_case(user, case):
        raise PermissionDenied("you may not act on this case")
    if may_prepare and publication.status != S.REVIEWING.value:
        raise Conflict("the redaction is no longer under review",
                       errors={"status": [f"当前状态不允许修改：{publication.status}"]})
    return case


def _event(case: Case, name: str, user, reason: str = "", **payload) -> None:
    record_event(case, name, on=today_local(), actor_name=user.display_name, actor=user, reason=reason,
                 payload=payload)


def mark(publication: Publication, user, passage: str, reason: str) -> None:
    """Remove a passage (trade secret, privacy ...) wherever it occurs in the text."""
    case = _case_for(publication, user)
    passage = (passage or "").strip()
    errors = {}
    if len(passage) < 2 or passage not in publication.original_text:
        errors["passage"] = ["请粘贴原文中的一段文字（至少2个字） (paste a passage of the original)"]
    if not (reason or "").strip():
        errors["reason"] = ["请说明理由 (reason required)"]
    if errors:
        raise ValidationFailed("the mark is invalid", errors=errors)
    publication.marks = [*(publication.marks or []), {"text": passage, "reason": reason.strip()}]
    _event(case, "publication_marked", user, reason.strip(), passage_length=len(passage))


def decide_candidate(publication: Publication, user, name: str, redact_it: bool) -> None:
    case = _case_for(publication, user)
    if name not in {f.original for f in redacted(publication, case).findings if f.kind == "name_candidate"}:
        raise ValidationFailed("not a candidate", errors={"name": ["不是待审查的姓名 (not a candidate name)"]})
    publication.decisions = {**(publication.decisions or {}), name: bool(redact_it)}
    _event(case, "publication_name_reviewed", user, "", redact=bool(redact_it))


def request_exemption(publication: Publication, user, ground: str, reason: str) -> None:
    case = _case_for(publication, user)
    errors = {}
    if ground not in EXEMPTION_GROUNDS:
        errors["ground"] = ["请选择不公开的理由 (choose a ground)"]
    if not (reason or "").strip():
        errors["reason"] = ["请说明理由 (reason required)"]
    if errors:
        raise ValidationFailed("the exemption request is invalid", errors=errors)
    publication.exemption_ground, publication.exemption_reason = ground, reason.strip()
    publication.status = S.EXEMPTION_REQUESTED.value
    publication.prepared_by_id = user.id
    _event(case, "publication_exemption_requested", user, reason.strip(), ground=ground)


def submit(publication: Publication, user) -> None:
    """Hand the redaction to the office head; refused while a candidate name is unreviewed."""
    case = _case_for(publication, user)
    if getattr(case, "effective_on", None) is None:
        raise Conflict("the decision has not taken effect", errors={"status": ["决定尚未生效，不能公开（第七十九条）"]})
    if not publication.original_text.strip():
        raise Conflict("no text to publish", errors={"document": ["决定书文本为空，请先制发决定书 (no text: issue the decision first)"]})
    pending = unreviewed(publication)
    if pending:
        raise Conflict("every candidate name must be reviewed", errors={
            "candidates": [f"尚有{len(pending)}个疑似姓名未审查：{'、'.join(pending)}"]})
    publication.status = S.AWAITING_APPROVAL.value
    publication.prepared_by_id = user.id
    _event(case, "publication_submitted", user)


def _approver(publication: Publication, user) -> Case:
    case = _case_for(publication, user, may_prepare=False)
    if not user.has_role(Role.OFFICE_HEAD):
        raise PermissionDenied("only the office head approves a publication")
    if publication.prepared_by_id == user.id:
        raise PermissionDenied("you prepared it: a second person approves", errors={
            "approval": ["不能审批本人提交的公开或不公开申请"]})
    return case


def _close_clock(case: Case) -> None:
    for deadline in deadline_queries.open_for_rules(case.id, [settings(case)["rule"]]):
        clocks.close(deadline, today_local(), _last_event(case))


def _last_event(case: Case):
    from caseflow.cases.models import CaseEvent

    return db.session.scalar(sa.select(CaseEvent).where(CaseEvent.case_id == case.id)
                             .order_by(CaseEvent.seq.desc()).limit(1))


def approve(publication: Publication, user) -> PublishedDecision | None:
    """Publish the redacted copy (or, for an exemption request, approve not publishing)."""
    case = _approver(publication, user)
    if publication.status == S.EXEMPTION_REQUESTED.value:
        publication.status = S.EXEMPTED.value
        publication.approved_by_id = user.id
        _event(case, "publication_exemption_approved", user, publication.exemption_reason or "",
               ground=publication.exemption_ground)
        _close_clock(case)
        return None
    if publication.status != S.AWAITING_APPROVAL.value:
        raise Conflict("nothing awaits approval", errors={"status": ["没有待审批的公开申请"]})
    result = redacted(publication, case)
    if unreviewed(publication, result):
        raise Conflict("every candidate name must be reviewed", errors={"candidates": ["尚有疑似姓名未审查"]})
    agency = getattr(case, "respondent_agency", None)
    config = settings(case)
    doc_type = catalogue.get(case.kind, config["document"])
    decision_type = getattr(case, config["type_field"])
    issued = db.session.get(IssuedDocument, publication.document_id) if publication.document_id else None
    copy = PublishedDecision(
        docket_number=case.docket_number,
        document_number=issued.number if issued else catalogue.number(case.docket_number, doc_type),
        title=f"{agency.name if agency else ''}{doc_type.title}",
        office_name=case.office.name, agency_name=agency.name if agency else "", field=agency.field if agency else "",
        decision_type=decision_type,
        decision_type_title=get_workflow(case.kind).choice_title(config["type_choices"], decision_type),
        year=case.decided_on.year, decided_on=case.decided_on, published_on=today_local(), body=result.text)
    db.session.add(copy)
    db.session.flush()
    publication.status = S.PUBLISHED.value
    publication.approved_by_id = user.id
    publication.published_id = copy.id
    _event(case, "published", user, "", published_id=copy.id, findings=len(result.findings))
    _close_clock(case)
    return copy


def return_for_review(publication: Publication, user, reason: str) -> None:
    case = _approver(publication, user)
    if publication.status not in (S.AWAITING_APPROVAL.value, S.EXEMPTION_REQUESTED.value):
        raise Conflict("nothing awaits approval", errors={"status": ["没有待审批的申请"]})
    if not (reason or "").strip():
        raise ValidationFailed("reason required", errors={"reason": ["请说明退回理由 (reason required)"]})
    publication.status = S.REVIEWING.value
    publication.exemption_ground = publication.exemption_reason = None
    _event(case, "publication_returned", user, reason.strip())


def withdraw(publication: Publication, user, reason: str) -> None:
    """Take a published copy off the portal, with the reason (the copy is kept, marked withdrawn)."""
    case = _case_for(publication, user, may_prepare=False)
    if not user.has_role(Role.OFFICE_HEAD):
        raise PermissionDenied("only the office head withdraws a publication")
    if publication.status != S.PUBLISHED.value:
        raise Conflict("not published", errors={"status": ["尚未公开"]})
    if not (reason or "").strip():
        raise ValidationFailed("reason required", errors={"reason": ["请说明撤回理由 (reason required)"]})
    copy = db.session.get(PublishedDecision, publication.published_id)
    copy.withdrawn_on, copy.withdrawn_reason = today_local(), reason.strip()
    publication.status = S.WITHDRAWN.value
    _event(case, "publication_withdrawn", user, reason.strip(), published_id=copy.id)
