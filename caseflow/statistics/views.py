"""The leaders' statistics pages: the dashboard, the cases behind a figure, and the two workbooks. Views parse,
authorise and call one service (read only: nothing to commit)."""
from __future__ import annotations

import json

import sqlalchemy as sa
from flask import Blueprint, Response, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from caseflow.auth import policies
from caseflow.auth.models import Role, User
from caseflow.clock import today_local
from caseflow.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.i18n import lang
from caseflow.organisations.models import ADMINISTRATIVE_FIELDS, LEVEL_LABELS, Office, RespondentAgency
from caseflow.statistics import exports, report, services
from caseflow.statistics.forms import StatsFilterForm
from caseflow.statistics.schemas import DrillArgsSchema, StatsArgsSchema
from caseflow.web.access import web_auth
from caseflow.web.forms import apply_errors

bp = Blueprint("statistics", __name__, template_folder="templates")
READERS = (Role.LEADER.value, Role.OFFICE_HEAD.value)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _parse(schema) -> tuple[dict, dict]:
    """(args, errors by field): a bad filter is shown next to its field, the rest of the page stays usable."""
    try:
        return schema.load(request.args), {}
    except ValidationError as exc:
        return {}, {k: v if isinstance(v, list) else [str(v)] for k, v in exc.messages.items()}


def _choices() -> dict:
    en = lang() == "en"
    visible = policies.visible_office_ids(g.user)
    return {
        "offices": [(o.id, o.name) for o in db.session.scalars(
            sa.select(Office).where(Office.id.in_(visible or {-1})).order_by(Office.id))],
        "agencies": [(a.id, a.name) for a in db.session.scalars(sa.select(RespondentAgency)
                                                               .order_by(RespondentAgency.name))],
        "levels": [(lv.value, label[1] if en else label[0]) for lv, label in LEVEL_LABELS.items()],
        "fields": [(k, label[1] if en else label[0]) for k, label in ADMINISTRATIVE_FIELDS.items()],
        "handlers": [(u.id, u.display_name) for u in db.session.scalars(
            sa.select(User).where(User.office_id.in_(visible or {-1})).order_by(User.display_name))],
    }


def chart_labels() -> dict[str, str]:
    """The charts' series names, from the catalogue in the reader's language (statistics.js reads them)."""
    return {"reply_late": _("逾期答复"), "performed_late": _("逾期履行"), "notices_open": _("未办结督办"),
            "met": _("按期"), "late": _("逾期"), "concluded": _("行政复议审结"), "corrected": _("纠错"),
            "last_year": _("上年同期")}


def _query_string(exclude: tuple = ("stat", "page")) -> dict:
    return {k: v for k, v in request.args.items() if k not in exclude and v}


@bp.route("/statistics")
@web_auth(*READERS, scope="offices")
def dashboard():
    form = StatsFilterForm(request.args).fill(_choices(), today_local())
    args, errors = _parse(StatsArgsSchema())
    rep = None
    if not errors:
        try:
            rep = services.figures(g.user, args, lang())
        except ValidationFailed as exc:
            errors = exc.errors
    unmatched = apply_errors(form, errors)
    charts = json.dumps(report.jsonable(rep), ensure_ascii=False) if rep else "null"
    return render_template("statistics/dashboard.html", rep=rep, form=form, unmatched=unmatched,
                           params=_query_string(), charts=charts, fmt_rate=report.fmt_rate,
                           chart_labels=json.dumps(chart_labels(), ensure_ascii=False),
                           scope_title=services.scope_title(g.user, args))


@bp.route("/statistics/cases")
@web_auth(*READERS, scope="offices")
def cases():
    args, errors = _parse(DrillArgsSchema())
    page = None
    if not errors:
        try:
            page = services.drill_page(g.user, args, lang())
        except ValidationFailed as exc:
            errors = exc.errors
    return render_template("statistics/cases.html", page=page, errors=errors, params=_query_string(),
                           stat=request.args.get("stat", ""))


def _workbook(data: bytes, name: str) -> Response:
    return Response(data, mimetype=XLSX, headers={"Content-Disposition": f"attachment; filename={name}"})


@bp.route("/statistics/export.xlsx")
@web_auth(*READERS, scope="offices")
def export_view():
    args, errors = _parse(StatsArgsSchema())
    try:
        if errors:
            raise ValidationFailed("bad filter", errors=errors)
        rep = services.figures(g.user, args, lang())
    except ValidationFailed:  # the dashboard shows what is wrong, next to the field
        return redirect(url_for("statistics.dashboard", **request.args))
    return _workbook(exports.view_workbook(rep, lang(), services.scope_title(g.user, args)),
                     f"caseflow-statistics-{rep['period']['label']}.xlsx")


@bp.route("/statistics/official.xlsx")
@web_auth(*READERS, scope="offices")
def export_official():
    args, errors = _parse(StatsArgsSchema())
    try:
        if errors:
            raise ValidationFailed("bad filter", errors=errors)
        rows, period = services.official_table(g.user, args)
    except ValidationFailed:
        return redirect(url_for("statistics.dashboard", **request.args))
    return _workbook(exports.official_workbook(rows, lang(), services.scope_title(g.user, args), period),
                     f"caseflow-reconsideration-table-{period['label']}.xlsx")
