"""The case page's 归档 form and the download of the electronic case file (电子卷宗)."""
from __future__ import annotations

from flask import Blueprint, Response, flash, g, redirect, url_for
from flask_babel import gettext as _

from caseflow.auth.models import Role
from caseflow.casefile import services
from caseflow.casefile.export import export_case
from caseflow.casefile.forms import ArchiveForm
from caseflow.cases.services import get_case, get_workflow
from caseflow.clock import today_local
from caseflow.errors import DomainError, PermissionDenied
from caseflow.extensions import db
from caseflow.security.audit import record
from caseflow.web.access import web_auth

bp = Blueprint("casefile", __name__, template_folder="templates")
HEADS = (Role.OFFICE_HEAD.value,)


@bp.app_context_processor
def _panel():
    def casefile_panel(case):
        """What the case page's 电子卷宗与归档 panel offers the signed-in user."""
        user = g.get("user")
        mine = user is not None and services.may_archive(user, case)
        closed = get_workflow(case.kind).states[case.state].final
        form = None
        if mine and closed and not case.archived:
            form = ArchiveForm()
            form.version.data = case.version
        return {"may_export": mine, "form": form, "closed": closed}

    return {"casefile_panel": casefile_panel}


@bp.route("/cases/<int:case_id>/archive", methods=["POST"])
@web_auth(*HEADS, scope="case")
def archive(case_id):
    """归档: the office head archives a closed case, with a reason; refusals are shown on the case page."""
    case = get_case(case_id, g.user)
    form = ArchiveForm()
    if form.validate_on_submit():
        try:
            services.archive_case(case, g.user, reason=form.reason.data, version=form.version.data)
        except DomainError as exc:
            db.session.rollback()
            for messages in (exc.errors or {"": [exc.message]}).values():
                for message in messages:
                    flash(_("未归档：%(reason)s", reason=message), "danger")
        else:
            db.session.commit()
            flash(_("已归档：案件此后只读"), "success")
    else:
        for messages in form.errors.values():
            for message in messages:
                flash(_("未归档：%(reason)s", reason=message), "danger")
    return redirect(url_for("cases.case_detail", case_id=case.id, _anchor="casefile")), 303


@bp.route("/cases/<int:case_id>/casefile.zip")
@web_auth(*HEADS, scope="case")
def download(case_id):
    """The electronic case file (the same archive as `flask caseflow export-case`), for the office head of the
    case's office: it holds every party's personal data in full, so each download is in the security log."""
    case = get_case(case_id, g.user)
    if not services.may_export(g.user, case):
        raise PermissionDenied(_("仅本机构负责人可以下载电子卷宗"))
    data, digest, _header = export_case(case.id)
    record("case_file_exported", user=g.user, case_id=case.id, manifest_sha256=digest)
    db.session.commit()
    name = f"casefile-{case.id}-{today_local().isoformat()}.zip"
    return Response(data, mimetype="application/zip", headers={
        "Content-Disposition": f"attachment; filename={name}", "X-Manifest-SHA256": digest})
