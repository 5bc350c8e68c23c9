"""The deadline calculator (期限计算器) and the calendar administration pages."""
from __future__ import annotations

import json
from datetime import date

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from caseflow.auth.models import Role
from caseflow.calendar import forms, services
from caseflow.calendar.explain import explain
from caseflow.calendar.notice import NoticeError, Problem, notice_as_mapping, parse_notice, parse_notice_lines
from caseflow.calendar.periods import Pause
from caseflow.calendar.workdays import DayType
from caseflow.clock import today_local
from caseflow.errors import ValidationFailed
from caseflow.extensions import db
from caseflow.i18n import lang
from caseflow.web.access import web_auth
from caseflow.web.forms import SelectChoice, apply_errors

bp = Blueprint("calendar", __name__)


OTHER_GROUPS = {"agreement": ("调解协议的履行", "Performing an agreement"),
                "litigation": ("行政诉讼", "Administrative litigation")}


def rule_choices(rules, en: bool) -> list[SelectChoice]:
    """The rules grouped by the kind of case they belong to, each group ordered by law, then by name."""
    from flask import current_app

    kinds = current_app.extensions["caseflow.kinds"]

    def group(rule):
        prefix = rule.id.split(".")[0]
        if prefix in kinds:
            return kinds[prefix].title_en if en else kinds[prefix].title
        zh, english = OTHER_GROUPS.get(prefix, (prefix, prefix))
        return english if en else zh

    ordered = sorted(rules, key=lambda r: (list(kinds).index(r.id.split(".")[0]) if r.id.split(".")[0] in kinds
                                           else len(kinds), r.basis.law, r.title))
    return [SelectChoice(r.id, f"{r.title_en if en else r.title} · {r.describe('en' if en else 'zh')}",
                         optgroup=group(r)) for r in ordered]


@bp.route("/deadlines/calculator")
@web_auth(scope="none")
def calculator():
    form = forms.CalculatorForm(request.args)
    en = lang() == "en"
    rules = services.get_catalogue().latest()
    form.rule.choices = rule_choices(rules, en)
    result = explanation = None
    status = 200
    if request.args and form.validate():
        pauses = []
        if form.pause_from.data or form.pause_to.data:
            if not (form.pause_from.data and form.pause_to.data):
                form.pause_to.errors.append(_("暂停需要起止两个日期"))
            else:
                pauses.append(Pause(form.pause_from.data, form.pause_to.data, ""))
        if not form.pause_to.errors:
            try:
                result = services.compute_deadline(form.rule.data, form.start.data, pauses, form.extend.data)
                explanation = explain(result, lang())
            except ValidationFailed as exc:
                for message in apply_errors(form, exc.errors):
                    form.start.errors.append(message)
        status = 200 if result else 422
    elif request.args:
        status = 422
    return render_template("calendar/calculator.html", form=form, result=result, explanation=explanation), status


@bp.route("/admin/calendar")
@bp.route("/admin/calendar/<int:year>")
@web_auth(Role.ADMIN.value, scope="bureau")
def calendar_year(year=None):
    year = year or today_local().year
    status = services.year_status()
    if year not in status:
        flash(_("日历不包含%(year)s年", year=year), "warning")
        return redirect(url_for("calendar.calendar_year"))
    days = services.days_of_year(year)
    months = [[d for d in days if d.day.month == m] for m in range(1, 13)]
    return render_template("calendar/year.html", year=year, status=status[year], months=months,
                           years=sorted(status), import_form=forms.NoticeImportForm(),
                           correct_form=forms.DayCorrectionForm(), entry_form=forms.NoticeEntryForm(year=year + 1))


@bp.route("/admin/calendar/import", methods=["POST"])
@web_auth(Role.ADMIN.value, scope="bureau")
def calendar_import():
    form = forms.NoticeImportForm()
    problems = []
    if form.validate_on_submit():
        text = form.text.data or ""
        if form.file.data:
            raw = form.file.data.read(200_000)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                problems.append(_("文件须为UTF-8编码的YAML或JSON"))
        if not text.strip() and not problems:
            problems.append(_("请选择文件或粘贴通知内容"))
        if not problems:
            return _import(lambda: parse_notice(text))
    return _not_imported(problems)


@bp.route("/admin/calendar/enter", methods=["POST"])
@web_auth(Role.ADMIN.value, scope="bureau")
def calendar_enter():
    """The notice typed into a form instead of uploaded: the same checks, the same import."""
    form = forms.NoticeEntryForm()
    if form.validate_on_submit():
        return _import(lambda: parse_notice_lines(form.year.data, form.notice.data, form.holidays.data,
                                                  form.makeup.data))
    return _not_imported([f"{field.label.text}：{message}" for field in form for message in field.errors])


def _not_imported(problems):
    for problem in problems:
        flash(_("未导入：%(problem)s", problem=problem), "danger")
    return redirect(url_for("calendar.calendar_year")), 303


@bp.route("/admin/calendar/import/resolve", methods=["POST"])
@web_auth(Role.ADMIN.value, scope="bureau")
def calendar_resolve():
    """The administrator's choice, day by day, where the notice disagrees with a hand correction; then the import."""
    form = forms.ConflictChoiceForm()
    if not form.validate_on_submit():
        return _not_imported([f"{field.label.text}：{message}" for field in form for message in field.errors])
    choices = {}
    for key, value in request.form.items():
        if key.startswith("choice-") and value in (services.KEEP, services.TAKE):
            try:
                choices[date.fromisoformat(key[len("choice-"):])] = value
            except ValueError:
                continue
    return _import(lambda: parse_notice(form.notice_text.data), choices)


def _conflicts_page(notice, conflicts, choices):
    form = forms.ConflictChoiceForm(notice_text=json.dumps(notice_as_mapping(notice), ensure_ascii=False))
    return render_template("calendar/conflicts.html", notice=notice, conflicts=conflicts, form=form,
                           choices={d.isoformat(): v for d, v in (choices or {}).items()},
                           missing=choices is not None), 409


def _import(parse, choices=None):
    """Parse, import and recompute in one transaction; on any problem nothing changes. A notice that disagrees
    with days corrected by hand shows those days for the administrator to choose (nothing imported before)."""
    try:
        notice = parse()
        changes = services.import_notice(notice, g.user.username, choices)
    except services.CalendarConflicts as exc:
        db.session.rollback()
        conflicts = [{**c, "day": date.fromisoformat(c["day"])} for c in exc.extra["conflicts"]]
        return _conflicts_page(notice, conflicts, choices)
    except NoticeError as exc:
        db.session.rollback()
        problems = [problem.text(lang()) if isinstance(problem, Problem) else problem for problem in exc.problems]
    except ValidationFailed as exc:
        db.session.rollback()
        problems = [exc.message]
    else:
        db.session.commit()
        flash(_("已导入%(year)s年节假日安排（%(notice)s），%(n)s个未结期限已重新计算",
                year=notice.year, notice=notice.notice, n=len(changes)), "success")
        if choices:
            kept = sum(1 for v in choices.values() if v == services.KEEP)
            flash(_("与手工更正不一致的日期：保留更正%(kept)s日，采用通知%(taken)s日，已记入审计日志",
                    kept=kept, taken=len(choices) - kept), "info")
        for warning in notice.warnings:
            flash(warning.text(lang()) if isinstance(warning, Problem) else warning, "warning")
        return redirect(url_for("calendar.calendar_year", year=notice.year))
    return _not_imported(problems)


@bp.route("/admin/calendar/correct", methods=["POST"])
@web_auth(Role.ADMIN.value, scope="bureau")
def calendar_correct():
    form = forms.DayCorrectionForm()
    year = form.day.data.year if form.day.data else today_local().year
    if form.validate_on_submit():
        try:
            changes = services.correct_day(form.day.data, DayType(form.day_type.data), form.name.data,
                                           g.user.username, form.reason.data)
        except ValidationFailed as exc:
            db.session.rollback()
            for messages in exc.errors.values():
                for message in messages:
                    flash(message, "danger")
        else:
            db.session.commit()
            flash(_("已更正%(day)s，%(n)s个未结期限已重新计算", day=form.day.data.isoformat(), n=len(changes)), "success")
    else:
        for field in form:
            for message in field.errors:
                flash(f"{field.label.text}：{message}", "danger")
    return redirect(url_for("calendar.calendar_year", year=year)), 303

