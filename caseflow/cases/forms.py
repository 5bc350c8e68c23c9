"""Web forms for the case core: filters, transitions (built from the workflow's field list), uploads, and the
field checks every kind's registration form uses."""
from __future__ import annotations

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    Form,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import HiddenInput

from caseflow.attachments.models import ATTACHMENT_KINDS
from caseflow.auth.forms import MultiCheckboxField
from caseflow.cases.validators import check_credit_code, check_phone, check_resident_id
from caseflow.clock import today_local
from caseflow.web.forms import options


def not_in_future(form, field):
    if field.data and field.data > today_local():
        raise ValidationError(_l("日期不能晚于今天"))


def resident_id(form, field):
    if field.data and (problem := check_resident_id(field.data.strip().upper())):
        raise ValidationError(problem)


def credit_code(form, field):
    if field.data and (problem := check_credit_code(field.data.strip().upper())):
        raise ValidationError(problem)


def phone(form, field):
    if field.data and (problem := check_phone(field.data)):
        raise ValidationError(problem)


def labelled(pairs: dict, language: str):
    return options((key, (en if language == "en" else zh)) for key, (zh, en) in pairs.items())


class PartySubForm(Form):
    """One party's fields, for the registration forms of the kinds (nested with FormField under a prefix)."""

    kind = RadioField(_l("类型"), default="natural_person",
                      choices=options([("natural_person", _l("自然人")), ("organisation", _l("法人或其他组织"))]))
    name = StringField(_l("姓名或名称"), validators=[Optional(), Length(max=200)])
    id_number = StringField(_l("公民身份号码"), validators=[Optional(), Length(max=18), resident_id])
    credit_code = StringField(_l("统一社会信用代码"), validators=[Optional(), Length(max=18), credit_code])
    legal_representative = StringField(_l("法定代表人"), validators=[Optional(), Length(max=100)])
    phone = StringField(_l("联系电话"), validators=[Optional(), Length(max=32), phone])
    address = StringField(_l("住所或通讯地址"), validators=[Optional(), Length(max=300)])

    def check(self, *, required: bool, identity_required: bool) -> bool:
        """The name when the party is required; an ID number or credit code when identity is required."""
        ok = True
        if required and not (self.name.data or "").strip():
            self.name.errors.append(_l("请填写姓名或名称"))
            ok = False
        if self.kind.data == "natural_person" and (self.legal_representative.data or "").strip():
            self.legal_representative.errors.append(_l("自然人没有法定代表人，委托他人的请填写委托代理人"))
            ok = False
        if self.name.data and identity_required:
            person = self.kind.data == "natural_person"
            field = self.id_number if person else self.credit_code
            if not (field.data or "").strip():
                field.errors.append(_l("自然人须填写公民身份号码") if person else _l("法人或其他组织须填写统一社会信用代码"))
                ok = False
        return ok

    def same_as(self, other: "PartySubForm") -> bool:
        """The same person or organisation as `other` (by ID number or credit code, else by name)."""
        mine = (self.id_number.data or self.credit_code.data or "").strip().upper()
        theirs = (other.id_number.data or other.credit_code.data or "").strip().upper()
        if mine and theirs:
            return mine == theirs
        return bool(self.name.data) and (self.name.data or "").strip() == (other.name.data or "").strip()

    def party(self) -> dict | None:
        """The party as the services take it, or None when no name was given."""
        if not (self.name.data or "").strip():
            return None
        person = self.kind.data == "natural_person"
        return {"kind": self.kind.data, "name": self.name.data.strip(),
                "id_number": (self.id_number.data or "").strip().upper() or None if person else None,
                "credit_code": None if person else (self.credit_code.data or "").strip().upper() or None,
                "legal_representative": None if person else (self.legal_representative.data or None),
                "phone": self.phone.data or None, "address": self.address.data or None}


def check_sides(applicant: PartySubForm, respondent: PartySubForm) -> bool:
    """Both sides of a dispute are different people: one cannot apply against oneself."""
    if applicant.name.data and respondent.name.data and applicant.same_as(respondent):
        respondent.name.errors.append(_l("被申请人与申请人不能为同一人"))
        return False
    return True


class CaseFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("文号、当事人或内容"), validators=[Optional(), Length(max=100)])
    kind = SelectField(_l("案件类型"), validators=[Optional()])
    # Values are kind:state; a bare state name (any kind) is accepted too, checked in validate_state.
    state = MultiCheckboxField(_l("状态"), validators=[Optional()], validate_choice=False)
    office_id = SelectField(_l("机构"), coerce=int, validators=[Optional()])
    agency_id = SelectField(_l("被申请人"), coerce=int, validators=[Optional()])
    handler_id = SelectField(_l("承办人"), coerce=int, validators=[Optional()])
    received_from = DateField(_l("收到日期自"), validators=[Optional()])
    received_to = DateField(_l("至"), validators=[Optional()])
    overdue = SelectField(_l("逾期"), choices=options([("", _l("全部")), ("1", _l("仅逾期")), ("0", _l("未逾期"))]),
                          validators=[Optional()])
    archived = SelectField(_l("归档"), choices=options([("", _l("全部")), ("1", _l("仅已归档")), ("0", _l("未归档"))]),
                           validators=[Optional()])
    sort = SelectField(_l("排序"), choices=options([("-received_on", _l("收到日期（新→旧）")),
                                                  ("received_on", _l("收到日期（旧→新）")),
                                                  ("next_due_on", _l("最近到期")), ("docket_number", _l("案号（年度、序号）")),
                                                  ("-docket_number", _l("案号（倒序）"))]),
                       default="-received_on", validators=[Optional()])

    def validate_received_to(self, field):
        if field.data and self.received_from.data and field.data < self.received_from.data:
            raise ValidationError(_l("结束日期不能早于开始日期（收到日期自%(start)s）",
                                     start=format_date(self.received_from.data, "long")))

    def validate_state(self, field):
        values = [choice.value for choice in field.choices]
        known = set(values) | {value.split(":", 1)[1] for value in values}
        unknown = [v for v in field.data or [] if v not in known]
        if unknown:
            raise ValidationError(_l("有%(n)s个状态不在列表中，请从列表中选择", n=len(unknown)))

    def args(self) -> dict:
        out = {"sort": self.sort.data or "-received_on"}
        for name in ("q", "received_from", "received_to"):
            if getattr(self, name).data:
                out[name] = getattr(self, name).data
        if self.kind.data:
            out["kind"] = self.kind.data
        if self.state.data:
            out["state"] = self.state.data
        for name in ("agency_id", "handler_id", "office_id"):
            if getattr(self, name).data:
                out[name] = getattr(self, name).data
        if self.overdue.data in ("0", "1"):
            out["overdue"] = self.overdue.data == "1"
        if self.archived.data in ("0", "1"):
            out["archived"] = self.archived.data == "1"
        return out


class ReceiptForm(FlaskForm):
    """送达回证: the day a served document was received."""

    version = IntegerField(_l("版本"), widget=HiddenInput(), validators=[DataRequired(_l("页面已过期，请刷新后重试"))])
    received_on = DateField(_l("收到日期"), validators=[DataRequired(_l("请填写收到日期")), not_in_future])
    evidence = StringField(_l("送达回证号或邮件号"), validators=[Optional(), Length(max=200)])


class UploadForm(FlaskForm):
    kind = SelectField(_l("材料类别"), validators=[DataRequired(_l("请选择材料类别"))])
    file = FileField(_l("文件（PDF、JPG、PNG、DOCX、OFD，不超过20MB）"),
                     validators=[FileRequired(_l("请选择要上传的文件"))])

    def fill_choices(self, language: str):
        self.kind.choices = labelled(ATTACHMENT_KINDS, language)


def transition_form_class(transition, language: str, users_by_role=None, proposal: bool = False):
    """A form with exactly the fields `transition` declares, plus the effective date and reason; for a proposal
    (呈批) also the proposer's opinion, and no date when the action takes effect on the day it is approved.

    Field rules (required, ranges, choices, dates) are enforced once, by the transition service; the form only
    parses, and the service's errors are put back next to these fields.
    """
    en = language == "en"
    dated = not proposal or transition.approval.effective == "proposal"

    class TransitionForm(FlaskForm):
        version = IntegerField(widget=HiddenInput(), validators=[DataRequired()])
        on = DateField(_l("生效日期（拟办）") if proposal else _l("办理日期（生效日期）"),
                       validators=[DataRequired(_l("请填写日期"))], default=today_local,
                       widget=None if dated else HiddenInput())
        reason = TextAreaField(_l("理由") if transition.reason_required else _l("说明（可选）"),
                               validators=[Optional(), Length(max=4000)])

    if proposal:
        TransitionForm.opinion = TextAreaField(_l("拟办意见"), validators=[Optional(), Length(max=4000)])
        TransitionForm.previous_id = IntegerField(widget=HiddenInput(), validators=[Optional()])
    for spec in transition.fields:
        title = spec.title_en if en else spec.title
        if spec.type == "date":
            field = DateField(title, validators=[Optional()])
        elif spec.type == "text":
            field = TextAreaField(title, validators=[Optional()])
        elif spec.type == "string":
            field = StringField(title, validators=[Optional()])
        elif spec.type == "integer":
            field = IntegerField(title, validators=[Optional()])
        elif spec.type == "boolean":
            field = BooleanField(title)
        elif spec.type == "user":
            people = (users_by_role or {}).get(spec.role, [])
            field = SelectField(title, choices=options([("", _l("— 请选择 —"))] + people), validators=[Optional()])
        else:
            choices = options([("", _l("— 请选择 —"))] + [(c.value, c.title_en if en else c.title) for c in spec.choices])
            field = SelectField(title, choices=choices, validators=[Optional()])
        setattr(TransitionForm, spec.name, field)
    return TransitionForm


def mark_required(form, transition) -> None:
    """Show which fields the workflow requires (asterisk, aria-required); the service still enforces it."""
    names = [spec.name for spec in transition.fields if spec.required]
    names += ["reason"] if transition.reason_required else []
    for name in names:
        form[name].flags.required = True


def transition_data(form, transition) -> dict:
    data = {}
    for spec in transition.fields:
        value = getattr(form, spec.name).data
        if value is None or value == "":
            continue
        data[spec.name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data
