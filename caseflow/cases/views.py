"""The case pages every kind shares: my work, case list and export, the case page, transitions, attachments.
Each kind adds its own (registration) in its package.

Views parse, authorise, call one service and commit once; the rules live in caseflow.cases.services.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _

from caseflow.attachments import services as attachments
from caseflow.auth import policies
from caseflow.auth.models import Role, User
from caseflow.calendar.services import get_catalogue
from caseflow.cases import queries, services
from caseflow.cases.export import cases_workbook
from caseflow.cases.forms import (
    CaseFilterForm,
    ReceiptForm,
    UploadForm,
    mark_required,
    transition_data,
    transition_form_class,
)
from caseflow.cases.kinds import all_kinds, get_kind
from caseflow.cases.models import Case
from caseflow.clock import today_local
from caseflow.deadlines import queries as deadline_queries
from caseflow.errors import DomainError, PermissionDenied, StaleCase, ValidationFailed
from caseflow.extensions import db
from caseflow.i18n import lang
from caseflow.organisations.models import Office, RespondentAgency
from caseflow.security import personal_data
from caseflow.security.filenames import clean_filename
from caseflow.web.access import web_auth
from caseflow.web.filters import ldate
from caseflow.web.forms import apply_errors, edit_rows, options, posted_values, rows

bp = Blueprint("cases", __name__)
READERS = tuple(sorted(policies.CASE_ROLES))
REGISTRARS = tuple(sorted(policies.REGISTER_ROLES))
ACTORS = tuple(sorted(policies.HANDLING_ROLES))
PAGE_SIZE = 20


@bp.route("/")
@web_auth(scope="offices")
def dashboard():
    """My work (工作台): open cases by nearest due date, counts by state, and the notices panel."""
    user = g.user
    if not user.roles & policies.CASE_ROLES:
        return redirect(url_for("auth.users") if user.has_role(Role.ADMIN) else url_for("calendar.calculator"))
    args = {"open": True, "sort": "next_due_on"}
    if user.has_role(Role.CLERK, Role.MEDIATOR) and not user.has_role(Role.OFFICE_HEAD, Role.LEADER):
        args["mine"] = user.id
    cases = next_deadlines(queries.summaries(
        db.session.scalars(queries.filter_cases(user, args).limit(200)).unique(), lang()))
    counts = db.session.execute(
        sa.select(Case.kind, Case.state, sa.func.count()).where(Case.office_id.in_(policies.visible_office_ids(user)))
        .group_by(Case.kind, Case.state)).all()
    workload = queries.office_workload(user) if user.has_role(Role.OFFICE_HEAD, Role.LEADER) else None
    return render_template("cases/dashboard.html", cases=cases, offices=_office_names(), state_counts=queries.state_counts(counts, lang()),
                           mine=("mine" in args), workload=workload)


def next_deadlines(cases: list[dict]) -> list[dict]:
    """Each list row with `next_due`: which deadline comes next, its date, whether that date is provisional, and
    whether missing it is a breach (an applicant's period lapses instead). One statement for the page.

    The case-list query is to carry these as maintained columns (issue 14); the template reads only `next_due`,
    so the data source can change without touching the pages."""
    rules = {r.id: r for r in get_catalogue().latest()}
    nearest = deadline_queries.next_running([c["id"] for c in cases])
    en = lang() == "en"
    for c in cases:
        d = nearest.get(c["id"])
        rule = rules.get(d.rule_id) if d else None
        c["next_due"] = {"title": (rule.title_en if en else rule.title) if rule else _("期限"), "on": d.due_on,
                         "provisional": d.provisional, "obligation": bool(rule) and rule.responsible != "applicant",
                         "rule_id": d.rule_id} if d else None
    return cases


def _filter_form():
    form = CaseFilterForm(request.args)
    en = lang() == "en"
    kinds = all_kinds()
    form.kind.choices = options([("", _("全部"))] + [(k.name, k.title_en if en else k.title) for k in kinds.values()])
    form.state.choices = options(queries.state_choices(lang()))
    form.agency_id.choices = options([(0, _("全部"))] + [(a.id, a.name) for a in db.session.scalars(
        sa.select(RespondentAgency).order_by(RespondentAgency.name))])
    offices = policies.visible_office_ids(g.user)
    # 承办人: people who handle cases (a clerk or mediator, or whoever handles one now), not every colleague.
    handling = {u for u in db.session.scalars(sa.select(User).where(User.office_id.in_(offices))
                                              .order_by(User.display_name))
                if u.has_role(Role.CLERK, Role.MEDIATOR)}
    # One probe of the index (handler_id, office_id) per person (a scalar subquery, LIMIT 1), not a row per case
    handles = sa.select(Case.id).where(Case.handler_id == User.id, Case.office_id.in_(offices or {-1})).limit(1)
    handling |= set(db.session.scalars(sa.select(User).where(handles.scalar_subquery().is_not(None))))
    form.handler_id.choices = options([(0, _("全部"))] + [(u.id, u.display_name) for u in sorted(
        handling, key=lambda u: (u.display_name, u.id))])
    form.office_id.choices = options([(0, _("全部"))] + [(o.id, o.name) for o in _offices(offices)])
    return form


def _office_names() -> dict[int, str] | None:
    """Office names by id when the user sees several offices (a leader): the lists then show and filter by office."""
    ids = policies.visible_office_ids(g.user)
    return {o.id: o.name for o in _offices(ids)} if len(ids) > 1 else None


def _offices(ids) -> list[Office]:
    return list(db.session.scalars(sa.select(Office).where(Office.id.in_(ids or {-1})).order_by(Office.code)))


@bp.route("/cases")
@web_auth(*READERS, scope="offices")
def case_list():
    """The case list, a page at a time by keyset (下一页/上一页), not counted; the total and numbered pages only
    when asked for (显示总数: `count=1`, or a numbered `page`): a count reads every matching case of the office."""
    form = _filter_form()
    if not form.validate():  # the errors next to the filters; no list that looks like an answer
        return render_template("cases/list.html", form=form, cases=[], total=None, page=1, pages=1, after=None,
                               before=None, invalid=True, offices=_office_names())
    args = form.args()
    sort = args.get("sort") or "-received_on"
    total = number = pages = None
    offset = 0
    for name in ("after", "before"):  # keyset: continue from the row shown last (or first), however deep
        if request.args.get(name):
            try:
                args[name] = queries.cursor_after(request.args[name], sort)
            except ValueError:  # a stale or foreign cursor: the list from its start
                pass
            break
    if "after" not in args and "before" not in args and (request.args.get("count") or request.args.get("page")):
        total = queries.count(g.user, args)
        pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
        # any number asked for is a page that exists
        number = min(max(request.args.get("page", 1, type=int), 1), pages)
        offset = (number - 1) * PAGE_SIZE
    found = queries.page(g.user, args, PAGE_SIZE, offset=offset)
    if "before" in args and found.previous_cursor is None:  # back at the start: the first page, full
        args.pop("before")
        found = queries.page(g.user, args, PAGE_SIZE)
    cases = next_deadlines(queries.summaries(found.cases, lang()))
    return render_template("cases/list.html", form=form, cases=cases, total=total, page=number, pages=pages,
                           after=found.next_cursor, before=found.previous_cursor, offices=_office_names())


def _act_and_decision(case) -> dict:
    """The contested act and the decision, for kinds that have them (read by name: the engine names no kind)."""
    act = getattr(case, "act", None)
    text = "　".join(x for x in (getattr(act, "document_number", None), getattr(act, "description", None)) if x)
    value = getattr(case, "decision_type", None)
    decision = None
    if value:
        title = services.get_workflow(case.kind).choice_title("decision_type", value, lang())
        decision = {"title": title, "on": getattr(case, "decided_on", None)}
    return {"act": text, "decision": decision}


def _export_title(form) -> str:
    """Row 1 of the export: what the list is (its filters, in words) and the day it was made."""
    shown = []
    for field in (form.q, form.kind, form.state, form.agency_id, form.handler_id, form.overdue):
        data = field.data
        if not data or data in ("", 0, [""]):
            continue
        labels = dict((str(c.value), c.label) for c in getattr(field, "choices", None) or []) \
            if hasattr(field, "choices") and field.choices else {}
        values = data if isinstance(data, list) else [data]
        shown.append(f"{field.label.text}：{'、'.join(str(labels.get(str(v), v)) for v in values)}")
    if form.received_from.data or form.received_to.data:
        shown.append(_("收到日期：%(start)s至%(end)s", start=ldate(form.received_from.data) if form.received_from.data
                       else "", end=ldate(form.received_to.data) if form.received_to.data else ""))
    return _("案件清单（%(filters)s），导出于%(day)s", filters="；".join(shown) or _("全部案件"),
             day=ldate(today_local()))


@bp.route("/cases/export.xlsx")
@web_auth(*READERS, scope="offices")
def case_export():
    form = _filter_form()
    if not form.validate():  # the list page says what is wrong with the filters
        return redirect(url_for("cases.case_list", **{key: values for key, values in request.args.to_dict(
            flat=False).items() if not key.startswith("_")}))
    found = db.session.scalars(queries.filter_cases(g.user, form.args()).limit(10000)).unique().all()
    cases = next_deadlines(queries.summaries(found, lang()))
    for c, case in zip(cases, found):
        c.update(_act_and_decision(case))
    data = cases_workbook(cases, lang(), [personal_data.parties_view(case) for case in found],
                          title=_export_title(form))
    name = f"caseflow-cases-{today_local().isoformat()}.xlsx"
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename={name}"})


@bp.route("/cases/new")
@web_auth(*REGISTRARS, scope="own-office")
def case_new():
    """Register a case: straight to the one kind the user registers, or a choice between the kinds."""
    kinds = [k for k in all_kinds().values() if policies.can_register(g.user, k) and k.blueprint is not None]
    if not kinds:
        abort(403)
    if len(kinds) == 1:
        return redirect(url_for(f"{kinds[0].blueprint.name}.register"))
    return render_template("cases/new.html", kinds=kinds)


@bp.route("/cases/<int:case_id>")
@web_auth(*READERS, scope="case")
def case_detail(case_id):
    return _case_page(services.get_case(case_id, g.user))


@bp.route("/cases/<int:case_id>/parties/<int:party_id>/reveal", methods=["POST"])
@web_auth(*ACTORS, scope="case")
def party_reveal(case_id, party_id):
    """The case page with one party's ID number, phone and address in full (recorded in the security log)."""
    case = services.get_case(case_id, g.user)
    shown = personal_data.reveal_party(case, party_id, g.user)
    db.session.commit()
    return _case_page(case, shown)


def _case_page(case, shown=None, upload=None):
    return render_template("cases/detail.html", case=case, kind=get_kind(case.kind),
                           view=queries.detail(case, g.user, lang(), shown), events=queries.events(case, lang()),
                           attachments=attachments.list_for_case(case.id), upload=upload or _upload_form(),
                           can_act=policies.can_act_on_case(g.user, case)
                           and bool(g.user.roles & policies.HANDLING_ROLES) and not case.archived,
                           can_show=personal_data.handles_case(g.user, case), receipt_form=ReceiptForm(),
                           open_first=queries.open_first)


def _upload_form():
    form = UploadForm()
    form.fill_choices(lang())
    return form


def _office_people(case, role):
    users = db.session.scalars(sa.select(User).where(User.office_id == case.office_id, User.active)
                               .order_by(User.display_name)).all()
    return [(str(u.id), u.display_name) for u in users if u.has_role(role)]


@bp.route("/cases/<int:case_id>/transitions/<name>", methods=["GET", "POST"])
@web_auth(*ACTORS, scope="case")
def case_transition(case_id, name):
    case = services.get_case(case_id, g.user)
    transition = services.get_workflow(case.kind).transitions.get(name)
    if transition is None:
        abort(404)
    if transition.approval is not None:  # proposed for approval (呈批), on the approvals' page
        return redirect(url_for("approvals.propose", case_id=case.id, name=name), 307)

    def submit(form, data):
        services.apply_transition(case, name, actor=g.user, on=form.on.data, version=form.version.data,
                                  reason=form.reason.data or "", data=data)
        flash(_("已办理：%(title)s", title=transition.title_en if lang() == "en" else transition.title), "success")
        return url_for("cases.case_detail", case_id=case.id)

    return transition_page(case, transition, submit)


def transition_page(case, transition, submit, *, proposal: bool = False, prefill: dict | None = None):
    """The form of one transition: the fields it declares, its effect's, the service of the document it sends.

    `submit(form, data)` runs the one service (apply, or propose for approval) and returns where to go; its
    errors come back next to the fields, with what the user entered.
    """
    workflow = services.get_workflow(case.kind)
    kind = get_kind(case.kind)
    effect = kind.effects[transition.effect] if transition.effect else None
    addressees = kind.addressees(case, transition.serves.to, {}) if transition.serves else []
    if transition not in services.allowed_transitions(case, g.user):
        if not policies.can_act_on_case(g.user, case) or not (transition.roles & g.user.roles):
            raise PermissionDenied(_("您的角色不能进行此操作"))
        if request.method == "GET":
            flash(_("案件当前状态不能“%(title)s”，请刷新后重试", title=transition.title), "warning")
            return redirect(url_for("cases.case_detail", case_id=case.id))
    people = {spec.role: _office_people(case, spec.role) for spec in transition.fields if spec.type == "user"}
    form_class = transition_form_class(transition, lang(), people, proposal=proposal)
    form = form_class(data=prefill) if request.method == "GET" and prefill else form_class()
    mark_required(form, transition)
    if request.method == "GET":
        form.version.data = case.version
    status = 200
    notice = None
    errors = {}
    values = posted_values(request.form) if effect is not None and request.method == "POST" else None
    if values is not None and request.form.get("rows"):
        # An add/remove button of the effect's lists: show the form again with the row added or removed.
        values = edit_rows(values, request.form["rows"])
    elif form.validate_on_submit():
        data = transition_data(form, transition)
        if effect is not None:
            data.update(effect.form_data(request.form))
        if transition.serves is not None:
            data["services"] = [{**row, "addressee": row.get("addressee", "")} for row in rows(request.form, "services")
                                if row.get("method")]
        try:
            target = submit(form, data)
        except StaleCase:
            db.session.rollback()
            notice = _("案件已被他人更新（当前版本与您打开页面时不同）。请刷新案件页面，核对后重新办理。")
            status = 409
        except DomainError as exc:
            db.session.rollback()
            errors = exc.errors  # the effect's fields show theirs (its template reads `errors`)
            own = {k: v for k, v in errors.items() if not k.startswith("data.") or k.split(".")[-1] in form._fields}
            unmatched = apply_errors(form, own)
            if errors.keys() - own.keys():
                unmatched.append(_("请检查下方标出的内容"))
            notice = "；".join(unmatched) if unmatched else (exc.message if not exc.errors else None)
            status = exc.status
        else:
            db.session.commit()
            return redirect(target)
    elif request.method == "POST":
        status = 422
    case = services.get_case(case.id, g.user)
    return render_template("cases/transition.html", case=case, transition=transition, form=form, notice=notice,
                           state=workflow.states[case.state], effect=effect, errors=errors, values=values,
                           addressees=addressees, proposal=proposal,
                           approval=queries.approval_info(transition.approval, lang()),
                           service_values=posted_values(request.form).get("services")
                           if request.method == "POST" else None), status


@bp.route("/cases/<int:case_id>/services/<int:service_id>/receipt", methods=["POST"])
@web_auth(*ACTORS, scope="case")
def record_receipt(case_id, service_id):
    """送达回证: the day a served document was received; the clocks counted from it restart on it."""
    case = services.get_case(case_id, g.user)
    form = ReceiptForm()
    if form.validate_on_submit():
        try:
            services.record_receipt(case, service_id, received_on=form.received_on.data,
                                    evidence=form.evidence.data or None, actor=g.user, version=form.version.data)
        except DomainError as exc:
            db.session.rollback()
            for messages in (exc.errors or {"": [exc.message]}).values():
                for message in messages:
                    flash(_("未记录：%(reason)s", reason=message), "danger")
        else:
            db.session.commit()
            flash(_("已记录送达回证"), "success")
    else:
        for field in form:
            for message in field.errors:
                flash(message if field.name in ("version", "csrf_token") else f"{field.label.text}：{message}",
                      "danger")
    return redirect(url_for("cases.case_detail", case_id=case.id, _anchor="services")), 303


@bp.route("/cases/<int:case_id>/attachments", methods=["POST"])
@web_auth(*ACTORS, scope="case")
def attachment_upload(case_id):
    """One upload; a refusal (no file chosen, wrong type, too big) is shown next to the field on the case page."""
    case = services.get_case(case_id, g.user)
    form = _upload_form()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            added = attachments.add_attachment(case, g.user, form.kind.data, getattr(upload, "filename", ""),
                                               getattr(upload, "stream", None))
        except ValidationFailed as exc:
            db.session.rollback()
            apply_errors(form, exc.errors)
        else:
            db.session.commit()
            flash(_("已上传 %(name)s", name=added.filename), "success")
            return redirect(url_for("cases.case_detail", case_id=case.id, _anchor="attachments")), 303
    return _case_page(services.get_case(case.id, g.user), upload=form), 422


@bp.route("/attachments/<int:attachment_id>")
@web_auth(*READERS, scope="attachment")
def attachment_download(attachment_id):
    attachment, path = attachments.open_attachment(attachment_id, g.user)
    # Names stored before they were cleaned are cleaned on the way out: a NUL or CR cannot go into a header.
    name = clean_filename(attachment.filename) or f"attachment-{attachment.id}"
    return send_file(path, mimetype=attachment.content_type, as_attachment=True, download_name=name)

