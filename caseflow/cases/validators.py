"""Field rules shared by the API schemas and the web forms: one definition of a valid ID, code or phone."""
from __future__ import annotations

import re

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

MOBILE = re.compile(r"^(?:\+?86[- ]?)?1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(?:-\d{1,6})?$")

ACT_TYPES = {
    "penalty": ("行政处罚", "Administrative penalty"),
    "compulsory_measure": ("行政强制", "Compulsory measure"),
    "licensing": ("行政许可", "Licensing"),
    "confirmation": ("行政确认（自然资源权属等）", "Confirmation (e.g. natural-resource rights)"),
    "non_performance": ("不履行法定职责", "Failure to perform a duty"),
    "information_disclosure": ("政府信息公开", "Government information disclosure"),
    "work_injury": ("工伤认定", "Work-injury determination"),
    "expropriation_compensation": ("征收征用及补偿", "Expropriation and compensation"),
    "other": ("其他", "Other"),
}


def check_resident_id(value: str) -> str | None:
    """None if `value` is a valid 18-digit resident ID (GB 11643, ISO 7064 MOD 11-2 check digit); else why not."""
    try:
        ric.validate(value)
    except ValidationError:
        return "公民身份号码无效（校验位或出生日期不正确）"
    return None


def check_credit_code(value: str) -> str | None:
    """None if `value` is a valid unified social credit code (GB 32100-2015 check character)."""
    try:
        uscc.validate(value)
    except ValidationError:
        return "统一社会信用代码无效（校验码不正确）"
    return None


def check_phone(value: str) -> str | None:
    compact = value.replace(" ", "")
    if MOBILE.match(compact) or LANDLINE.match(compact):
        return None
    return "电话号码格式不正确（手机11位，或区号-号码）"


def normalise_id(value: str) -> str:
    return value.strip().upper()
