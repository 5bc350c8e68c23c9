"""Redaction (caseflow/publication/redaction.py): the case's own data in every variant a text uses, validated
detectors for what free text adds, and candidate names offered to the reviewer, never silently kept."""
import json

from caseflow.cli import caseflow_cli
from caseflow.publication.redaction import pseudonyms, redact
from tests.conftest import valid_id

ID = valid_id(7, "19800312")
PARTIES = [
    {"name": "张伟明", "role": "applicant", "kind": "natural_person", "id_number": ID, "phone": "13800138000",
     "address": "江州市东城区和平路12号3单元"},
    {"name": "张丽", "role": "agent", "kind": "natural_person", "phone": "010-65551234"},
    {"name": "欧阳晓", "role": "third_party", "kind": "natural_person"},
    {"name": "江州宏达商贸有限公司", "role": "third_party", "kind": "organisation", "legal_representative": "刘强",
     "phone": "010-65559999", "address": "江州市东城区建设大街88号"},
]
KEEP = ["江州市东城区市场监督管理局", "刘强", "江州宏达商贸有限公司"]


def test_names_become_surname_and_mou_and_a_shared_surname_is_told_apart():
    assert pseudonyms(["张伟明", "张丽", "李娜", "欧阳晓"]) == {"张伟明": "张某甲", "张丽": "张某乙", "李娜": "李某",
                                                         "欧阳晓": "欧阳某"}
    result = redact("申请人张伟明、委托代理人张丽与第三人欧阳晓到场。", PARTIES, keep=KEEP)
    assert result.text == "申请人张某甲、委托代理人张某乙与第三人欧阳某到场。"


def test_structured_values_are_found_in_every_variant():
    text = (f"公民身份号码{ID.lower()}，{ID.upper()}；电话138 0013 8000、+86-138-0013-8000、8613800138000、"
            f"13800138000；代理人电话010 65551234；住址：江州市东城区和平路12号3单元，又称和平路12号3单元。")
    result = redact(text, PARTIES, keep=KEEP)
    for secret in (ID.lower(), ID.upper(), "0013", "8000", "65551234", "和平路"):
        assert secret not in result.text, secret
    assert "江州市东城区***" in result.text  # kept down to county level
    assert {f.kind for f in result.findings} >= {"id_number", "phone", "address"}
    assert all(f.certain for f in result.findings)


def test_detectors_validate_what_free_text_adds_and_keep_what_fails_validation():
    other = valid_id(9, "19900101")
    wrong = other[:-1] + ("0" if other[-1] != "0" else "1")
    text = (f"证人身份证{other}，订单号{wrong}，银行卡6222 0212 3456 7890 128，卡号6222021234567890129，"
            "邮箱li.na@example.com，车牌京A·12345，座机(010)87654321，手机159-1234-5678，"
            "现住：江州市西城区幸福里5栋，罚款20000元，统一社会信用代码91110101MA01AB12XK。")
    result = redact(text, [], keep=[])
    kinds = {f.kind for f in result.findings}
    assert {"id_number", "bank_card", "email", "plate", "landline", "phone", "address"} <= kinds
    for secret in (other, "6222 0212 3456 7890 128", "li.na@example.com", "A·12345", "87654321", "159-1234-5678", "幸福里"):
        assert secret not in result.text, secret
    assert wrong in result.text  # fails the ID checksum: an order number, kept
    assert "6222021234567890129" in result.text  # fails Luhn: kept
    assert "20000元" in result.text and "91110101MA01AB12XK" in result.text


def test_an_agency_and_an_organisation_stay_named():
    text = "被申请人江州市东城区市场监督管理局，住所地：江州市东城区建设大街1号，法定代表人刘强。第三人江州宏达商贸有限公司。"
    result = redact(text, PARTIES, keep=KEEP)
    assert result.text == text and not result.findings


def test_names_not_in_the_records_are_candidates_for_the_reviewer():
    text = "证人李娜称，执法人员王建国当场出具了决定书。证人赵春来作证。"
    result = redact(text, PARTIES, keep=KEEP)
    candidates = {f.original: f for f in result.candidates}
    assert {"李娜", "王建国", "赵春来"} <= set(candidates)
    assert all(not f.certain for f in candidates.values())
    assert "李娜" not in result.text  # never silently kept: redacted until the reviewer says otherwise
    kept = redact(text, PARTIES, keep=KEEP, decisions={"王建国": False, "李娜": True, "赵春来": True})
    assert "王建国" in kept.text and "李娜" not in kept.text and not kept.candidates


def test_the_redact_command_prints_the_findings(app, tmp_path):
    request = tmp_path / "request.json"
    request.write_text(json.dumps({"parties": PARTIES[:1], "text": f"申请人张伟明，身份证{ID.lower()}，证人李娜。"},
                                  ensure_ascii=False), "utf-8")
    result = app.test_cli_runner().invoke(caseflow_cli, ["redact", str(request)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["text"] == "申请人张某，身份证" + "*" * 18 + "，证人李某。"
    assert {(f["kind"], f["certain"]) for f in out["findings"]} == {("name", True), ("id_number", True),
                                                                   ("name_candidate", False)}
    assert all(set(f) == {"kind", "original", "start", "end", "replacement", "certain"} for f in out["findings"])
    bad = tmp_path / "bad.json"
    bad.write_text("{}", "utf-8")
    refused = app.test_cli_runner().invoke(caseflow_cli, ["redact", str(bad)])
    assert refused.exit_code != 0 and "parties" in refused.output
