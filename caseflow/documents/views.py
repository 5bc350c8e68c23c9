"""The documents pages: per case, the documents its kind needs with a preview (the same template the PDF uses),
issue (and correct) them, download the stored PDF/DOCX, record their service; and a supervision notice's document.
Views parse, authorise, call one service and commit once."""
from __future__ import annotations

from flask import Blueprint, Response, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _

from caseflow.auth import policies
from caseflow.cases.services import get_case
from caseflow.documents import catalogue, services
from caseflow.documents.forms import IssueForm, ServeForm
from caseflow.documents.render import MissingField
from caseflow.errors import Conflict, DomainError
from caseflow.extensions import db
from caseflow.i18n import lang
from caseflow.serving import services as serving
from caseflow.web.access import web_auth
from caseflow.web.forms import apply_errors

bp = Blueprint("documents", __name__, template_folder="templates")
READERS = tuple(sorted(policies.CASE_ROLES))
WRITERS = tuple(sorted(policies.HANDLING_ROLES))


def _page(case_id, *, issue_form=None, serve_form=None, status=200, message=None):
    case = get_case(case_id, g.user)
    issued = services.for_case(case.id)
    superseded = {d.supersedes_id for d in issued if d.supersedes_id}
    return render_template("documents/case.html", case=case, types=catalogue.for_kind(case.kind), issued=issued,
                           superseded=superseded, issue_form=issue_form or IssueForm(),
                           serve_form=serve_form or ServeForm(prefix="serve"), message=message,
                           services=serving.for_case(case.id), en=lang() == "en"), status


@bp.route("/cases/<int:case_id>/documents")
@web_auth(*READERS, scope="case")
def case_documents(case_id):
    return _page(case_id)


def _missing(exc: DomainError):
    return render_template("documents/missing.html", error=exc), exc.status


def _refused(exc: DomainError, to: str):
    """Not this user's to do, or no longer possible: say why on the page it came from."""
    for messages in (exc.errors or {"": [exc.message]}).values():
        for message in messages:
            flash(message, "warning")
    return redirect(to, 303)


@bp.route("/cases/<int:case_id>/documents/<doc_type>/preview")
@web_auth(*READERS, scope="case")
def preview(case_id, doc_type):
    """The document as it would be issued, in the browser (not issued, no number reserved)."""
    try:
        return services.preview(case_id, doc_type, g.user)
    except MissingField as exc:
        return _missing(exc)


@bp.route("/cases/<int:case_id>/documents/<doc_type>/issue", methods=["POST"])
@web_auth(*WRITERS, scope="case")
def issue(case_id, doc_type):
    form = IssueForm()
    if not form.validate_on_submit():
        return _page(case_id, issue_form=form, status=422)
    try:
        document = services.issue(case_id, doc_type, g.user, reason=form.reason.data or "")
    except DomainError as exc:
        db.session.rollback()
        if exc.status in (403, 409):
            return _refused(exc, url_for("documents.case_documents", case_id=case_id))
        unmatched = apply_errors(form, exc.errors)
        return _page(case_id, issue_form=form, status=exc.status, message="；".join(unmatched) or exc.message)
    db.session.commit()
    flash(_("已制发：%(title)s %(number)s", title=document.title, number=document.number), "success")
    return redirect(url_for("documents.case_documents", case_id=case_id), 303)


def _file(document_id, fmt: str):
    document = services.get_document(document_id, g.user)
    data, mimetype = (document.pdf, "application/pdf") if fmt == "pdf" else (
        document.docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    name = f"{document.doc_type}-{document.case_id}-v{document.version}.{fmt}"
    return Response(data, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}"', "X-Content-SHA256": document.sha256})


@bp.route("/documents/<int:document_id>/pdf")
@web_auth(*READERS, scope="case")
def download_pdf(document_id):
    """The stored PDF, as issued (its SHA-256 in X-Content-SHA256)."""
    return _file(document_id, "pdf")


@bp.route("/documents/<int:document_id>/docx")
@web_auth(*READERS, scope="case")
def download_docx(document_id):
    return _file(document_id, "docx")


@bp.route("/documents/<int:document_id>/serve", methods=["POST"])
@web_auth(*WRITERS, scope="case")
def serve(document_id):
    form = ServeForm(prefix="serve")
    document = services.get_document(document_id, g.user)
    if not form.validate_on_submit():
        return _page(document.case_id, serve_form=form, status=422)
    try:
        services.serve(document_id, g.user, addressee=form.addressee.data, addressee_role=form.addressee_role.data,
                       method=form.method.data, sent_on=form.sent_on.data, evidence=form.evidence.data or None)
    except DomainError as exc:
        db.session.rollback()
        if exc.status in (403, 409):
            return _refused(exc, url_for("documents.case_documents", case_id=document.case_id))
        unmatched = apply_errors(form, exc.errors)
        return _page(document.case_id, serve_form=form, status=exc.status, message="；".join(unmatched) or exc.message)
    db.session.commit()
    flash(_("已记录送达"), "success")
    return redirect(url_for("documents.case_documents", case_id=document.case_id), 303)


@bp.route("/notices/<int:notice_id>/document")
@web_auth(*READERS, scope="case")
def notice_document(notice_id):
    """督办通知书 / 责令限期履行通知书 for a notice addressed to an agency: preview, issued copies, issue."""
    from caseflow.supervision.services import get_notice

    notice = get_notice(notice_id, g.user)
    doc_type = catalogue.for_notice(notice, get_case(notice.case_id, g.user).kind)
    try:
        html = services.preview_notice(notice_id, g.user)
        error = None
    except (MissingField, Conflict) as exc:
        html, error = None, exc
    return render_template("documents/notice.html", notice=notice, doc_type=doc_type,
                           issued=services.for_notice(notice_id), error=error, has_preview=html is not None,
                           issue_form=IssueForm())


@bp.route("/notices/<int:notice_id>/document/preview")
@web_auth(*READERS, scope="case")
def notice_preview(notice_id):
    try:
        return services.preview_notice(notice_id, g.user)
    except (MissingField, Conflict) as exc:
        return _missing(exc)


@bp.route("/notices/<int:notice_id>/document/issue", methods=["POST"])
@web_auth(*WRITERS, scope="case")
def notice_issue(notice_id):
    form = IssueForm()
    if not form.validate_on_submit():
        return _refused(DomainError(_("请重新提交")), url_for("documents.notice_document", notice_id=notice_id))
    try:
        document = services.issue_for_notice(notice_id, g.user, reason=form.reason.data or "")
    except DomainError as exc:
        db.session.rollback()
        if exc.status == 404:
            raise
        return _refused(exc, url_for("documents.notice_document", notice_id=notice_id))
    db.session.commit()
    flash(_("已制发：%(title)s %(number)s", title=document.title, number=document.number), "success")
    return redirect(url_for("documents.notice_document", notice_id=notice_id), 303)
