"""Personal data by need (issue 13, finding 9): the one place a party becomes what a user is shown.

The API, the case page and the exports all take a party's view from `party_view`. ID numbers, phones and
addresses are masked for everyone by default (3201**********2312, 138****8000, 江州市东城区****). Those who handle
the case (HANDLING_ROLES of the case's own office) may have one party shown in full, and every such showing is
written to the security log; a leader, who reads without handling, and other offices never can. Exports are
always masked: a spreadsheet leaves the system, and bulk showing would bypass the per-party record.
Names and organisations' credit codes are not masked: the case is about them.
"""
from __future__ import annotations

import re

from caseflow.auth.policies import HANDLING_ROLES
from caseflow.errors import NotFound, PermissionDenied
from caseflow.security.audit import record

MASK = "****"
# The administrative divisions a mailing address starts with: province, prefecture, county (each optional). What
# follows them (street, number, village) is what identifies a home, and is masked.
DIVISIONS = re.compile(r"^(?:[^省市区县旗盟]{2,7}?(?:省|自治区))?"
                       r"(?:[^省市区县旗盟]{1,7}?(?:市|自治州|盟|地区|州(?![市区县])))?"  # 杭州市 is a city, not 杭州
                       r"(?:[^省市区县旗盟]{1,7}?(?:区|县|旗|市))?")


def mask_id_number(value: str | None) -> str | None:
    """The first 4 (province and city) and last 4 characters of an ID number: 3201**********2312."""
    if not value:
        return value
    return value[:4] + "*" * (len(value) - 8) + value[-4:] if len(value) > 8 else "*" * len(value)


def mask_phone(value: str | None) -> str | None:
    """A mobile number keeps its first 3 and last 4 digits (138****8000), a shorter number its last 4."""
    if not value:
        return value
    if len(value) >= 11:
        return value[:3] + "*" * (len(value) - 7) + value[-4:]
    return "*" * max(len(value) - 4, 0) + value[-4:] if len(value) > 6 else "*" * len(value)


def mask_address(value: str | None) -> str | None:
    """The address down to the county or district, the rest masked: 江州市东城区建设大街88号 → 江州市东城区****."""
    if not value:
        return value
    return (DIVISIONS.match(value).group(0) or "") + MASK


def handles_case(user, case) -> bool:
    """Whether `user` works the case: someone of the case's own office in a role that takes its steps."""
    return (not getattr(user, "is_system", False) and user.office_id == case.office_id
            and bool(user.roles & HANDLING_ROLES))


def party_view(party, *, shown: bool = False) -> dict:
    """What is shown of `party`: masked, unless `shown` (see reveal_party)."""
    return {"id": party.id, "role": party.role, "kind": party.kind, "name": party.name,
            "credit_code": party.credit_code, "legal_representative": party.legal_representative,
            "id_number": party.id_number if shown else mask_id_number(party.id_number),
            "phone": party.phone if shown else mask_phone(party.phone),
            "address": party.address if shown else mask_address(party.address),
            "masked": not shown and any((party.id_number, party.phone, party.address))}


def parties_view(case, shown_party_id: int | None = None) -> list[dict]:
    return [party_view(p, shown=p.id == shown_party_id) for p in case.parties]


def reveal_party(case, party_id: int, user) -> dict:
    """One party in full, for someone who handles the case; recorded in the security log. Anyone else: 403."""
    party = next((p for p in case.parties if p.id == party_id), None)
    if party is None:
        raise NotFound("no such party on this case")
    if not handles_case(user, case):
        raise PermissionDenied("只有本案所在机构的承办人员可以查看完整个人信息")
    shown = [name for name in ("id_number", "phone", "address") if getattr(party, name)]
    record("personal_data_shown", user=user, case_id=case.id, party_id=party.id, fields=shown)
    return party_view(party, shown=True)
