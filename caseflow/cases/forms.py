"""Web forms for cases: registration, filters, transitions (built from the workflow's field list), uploads."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import HiddenInput

from caseflow.attachments.models import ATTACHMENT_KINDS
from caseflow.cases.models import RECEIPT_CHANNEL_LABELS
from caseflow.cases.validators import ACT_TYPES, check_credit_code, check_phone, check_resident_id
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


class RegisterCaseForm(FlaskForm):
    received_on = DateField(_l("收到申请日期"), validators=[DataRequired(_l("请填写收到申请的日期")), not_in_future],
                            default=today_local)
    receipt_channel = SelectField(_l("申请方式"), validators=[DataRequired()])
    applicant_kind = RadioField(_l("申请人类型"), default="natural_person",
                                choices=options([("natural_person", _l("自然人")), ("organisation", _l("法人或其他组织"))]))
    applicant_name = StringField(_l("申请人姓名或名称"), validators=[DataRequired(_l("请填写申请人")), Length(max=200)])
    applicant_id_number = StringField(_l("公民身份号码"), validators=[Optional(), Length(max=18), resident_id])
    applicant_credit_code = StringField(_l("统一社会信用代码"), validators=[Optional(), Length(max=18), credit_code])
    applicant_legal_representative = StringField(_l("法定代表人"), validators=[Optional(), Length(max=100)])
    applicant_phone = StringField(_l("联系电话"), validators=[Optional(), Length(max=32), phone])
    applicant_address = StringField(_l("住所或通讯地址"), validators=[Optional(), Length(max=300)])
    agent_name = StringField(_l("委托代理人"), validators=[Optional(), Length(max=200)])
    agent_id_number = StringField(_l("代理人公民身份号码"), validators=[Optional(), Length(max=18), resident_id])
    agent_phone = StringField(_l("代理人电话"), validators=[Optional(), Length(max=32), phone])
    third_party_kind = RadioField(_l("第三人类型"), default="natural_person",
                                  choices=options([("natural_person", _l("自然人")), ("organisation", _l("法人或其他组织"))]))
    third_party_name = StringField(_l("第三人姓名或名称"), validators=[Optional(), Length(max=200)])
    third_party_number = StringField(_l("第三人公民身份号码或统一社会信用代码"), validators=[Optional(), Length(max=18)])
    respondent_agency_id = SelectField(_l("被申请人"), coerce=int, validators=[DataRequired(_l("请选择被申请人"))])
    act_type = SelectField(_l("行政行为类别"), validators=[DataRequired()])
    act_description = TextAreaField(_l("被申请的行政行为"), validators=[DataRequired(_l("请描述行政行为")), Length(max=4000)])
    act_document_number = StringField(_l("文书文号"), validators=[Optional(), Length(max=100)])
    act_made_on = DateField(_l("行政行为作出日期"), validators=[DataRequired(_l("请填写作出日期")), not_in_future])
    act_known_on = DateField(_l("申请人知道该行为的日期"), validators=[DataRequired(_l("请填写知道日期")), not_in_future])
    act_informed_of_right = BooleanField(_l("行政行为已告知申请行政复议的权利、机关和期限"), default=True)
    act_immovable_property = BooleanField(_l("涉及不动产"))
    act_obstacle_days = IntegerField(_l("因不可抗力等耽误的天数"), validators=[Optional()], default=0)
    request = TextAreaField(_l("行政复议请求"), validators=[DataRequired(_l("请填写复议请求")), Length(max=4000)])
    facts_and_reasons = TextAreaField(_l("事实和理由"), validators=[Optional(), Length(max=20000)])
    confirm_duplicate = BooleanField(_l("已核实，不属于重复申请，继续登记"))

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if self.applicant_kind.data == "natural_person" and not self.applicant_id_number.data:
            self.applicant_id_number.errors.append(_l("自然人须填写公民身份号码"))
            ok = False
        if self.applicant_kind.data == "organisation" and not self.applicant_credit_code.data:
            self.applicant_credit_code.errors.append(_l("法人或其他组织须填写统一社会信用代码"))
            ok = False
        if self.third_party_name.data:
            number = (self.third_party_number.data or "").strip().upper()
            check = check_resident_id if self.third_party_kind.data == "natural_person" else check_credit_code
            problem = check(number) if number else _l("请填写第三人的证件号码")
            if problem:
                self.third_party_number.errors.append(problem)
                ok = False
        if self.act_obstacle_days.data is not None and not 0 <= self.act_obstacle_days.data <= 3650:
            self.act_obstacle_days.errors.append(_l("应在0至3650之间"))
            ok = False
        return ok

    def service_data(self) -> dict:
        """The registration as caseflow.cases.services.register_case takes it."""
        person = self.applicant_kind.data == "natural_person"
        applicant = {"kind": self.applicant_kind.data, "name": self.applicant_name.data.strip(),
                     "id_number": (self.applicant_id_number.data or "").strip().upper() or None if person else None,
                     "credit_code": None if person else (self.applicant_credit_code.data or "").strip().upper() or None,
                     "legal_representative": None if person else (self.applicant_legal_representative.data or None),
                     "phone": self.applicant_phone.data or None, "address": self.applicant_address.data or None}
        agent = None
        if self.agent_name.data:
            agent = {"kind": "natural_person", "name": self.agent_name.data.strip(),
                     "id_number": (self.agent_id_number.data or "").strip().upper() or None,
                     "phone": self.agent_phone.data or None}
        return {
            "kind": "reconsideration", "received_on": self.received_on.data, "receipt_channel": self.receipt_channel.data,
            "respondent_agency_id": self.respondent_agency_id.data, "request": self.request.data.strip(),
            "facts_and_reasons": (self.facts_and_reasons.data or "").strip(), "applicants": [applicant],
            "agent": agent, "third_parties": self._third_parties(),
            "act": {"act_type": self.act_type.data, "description": self.act_description.data.strip(),
                    "document_number": self.act_document_number.data or None, "made_on": self.act_made_on.data,
                    "known_on": self.act_known_on.data, "informed_of_right": bool(self.act_informed_of_right.data),
                    "immovable_property": bool(self.act_immovable_property.data),
                    "obstacle_days": self.act_obstacle_days.data or 0},
        }

    def _third_parties(self) -> list[dict]:
        if not self.third_party_name.data:
            return []
        number = (self.third_party_number.data or "").strip().upper()
        person = self.third_party_kind.data == "natural_person"
        return [{"kind": self.third_party_kind.data, "name": self.third_party_name.data.strip(),
                 "id_number": number if person else None, "credit_code": None if person else number}]

    def fill_choices(self, agencies, language: str):
        self.receipt_channel.choices = options((k.value, en if language == "en" else zh)
                                               for k, (zh, en) in RECEIPT_CHANNEL_LABELS.items())
        self.act_type.choices = labelled(ACT_TYPES, language)
        self.respondent_agency_id.choices = options([(0, _l("— 请选择 —"))] + [(a.id, a.name) for a in agencies])


class CaseFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search changes nothing

    q = StringField(_l("文号、当事人或内容"), validators=[Optional(), Length(max=100)])
    state = SelectMultipleField(_l("状态"), validators=[Optional()])
    agency_id = SelectField(_l("被申请人"), coerce=int, validators=[Optional()])
    handler_id = SelectField(_l("承办人"), coerce=int, validators=[Optional()])
    received_from = DateField(_l("收到日期自"), validators=[Optional()])
    received_to = DateField(_l("至"), validators=[Optional()])
    overdue = SelectField(_l("逾期"), choices=options([("", _l("全部")), ("1", _l("仅逾期")), ("0", _l("未逾期"))]),
                          validators=[Optional()])
    sort = SelectField(_l("排序"), choices=options([("-received_on", _l("收到日期（新→旧）")),
                                                  ("received_on", _l("收到日期（旧→新）")),
                                                  ("next_due_on", _l("最近到期")), ("docket_number", _l("案号"))]),
                       default="-received_on", validators=[Optional()])

    def args(self) -> dict:
        out = {"sort": self.sort.data or "-received_on"}
        for name in ("q", "received_from", "received_to"):
            if getattr(self, name).data:
                out[name] = getattr(self, name).data
        if self.state.data:
            out["state"] = self.state.data
        for name in ("agency_id", "handler_id"):
            if getattr(self, name).data:
                out[name] = getattr(self, name).data
        if self.overdue.data in ("0", "1"):
            out["overdue"] = self.overdue.data == "1"
        return out


class UploadForm(FlaskForm):
    kind = SelectField(_l("材料类别"))
    file = FileField(_l("文件（PDF、JPG、PNG、DOCX、OFD，不超过20MB）"))

    def fill_choices(self, language: str):
        self.kind.choices = labelled(ATTACHMENT_KINDS, language)


def transition_form_class(transition, approvers, language: str, users_by_role=None):
    """A form with exactly the fields `transition` declares, plus the effective date, reason and approver.

    Field rules (required, ranges, choices, dates) are enforced once, by the transition service; the form only
    parses, and the service's errors are put back next to these fields.
    """
    en = language == "en"

    class TransitionForm(FlaskForm):
        version = IntegerField(widget=HiddenInput(), validators=[DataRequired()])
        on = DateField(_l("办理日期（生效日期）"), validators=[DataRequired(_l("请填写日期"))], default=today_local)
        reason = TextAreaField(_l("理由") if transition.reason_required else _l("说明（可选）"),
                               validators=[Optional(), Length(max=4000)])

    if transition.approval:
        TransitionForm.approver_id = SelectField(_l("批准人"), coerce=str,
                                                 choices=options([("", _l("— 请选择 —"))] + approvers))
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
    names += ["approver_id"] if transition.approval else []
    for name in names:
        form[name].flags.required = True


def transition_data(form, transition) -> dict:
    data = {}
    for spec in transition.fields:
        value = getattr(form, spec.name).data
        if value is None or value == "":
            continue
        data[spec.name] = value.isoformat() if hasattr(value, "isoformat") else value
    if transition.approval and form.approver_id.data:
        data["approver_id"] = form.approver_id.data
    return data
