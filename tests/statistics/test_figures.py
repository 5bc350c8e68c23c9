"""Every figure of the hand-built data set (tests/statistics/conftest.py), worked out by hand, through the API,
the dashboard, the drill-down and both workbooks."""
from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from caseflow.extensions import db
from tests.conftest import valid_credit_code
from tests.web.conftest import Browser

# --- worked by hand: the leader (offices P, C1, C2), 2025 ----------------------------------------------------------
# received in 2025: r1 r2 r3 r4 r5 r6 r8 r10 (r7 came 2024-12-20, r9 2024)          = 8
# accepted in 2025: r1 r2 r3 r4 r6 r10 (r7 was accepted 2024-12-25)                  = 6, deemed: r2 = 1
# concluded after acceptance in 2025: r1 r2 r3 r4 r7 r10                           = 6
#   by decision: r1 (maintain) r2 (revoke) r7 (confirm_illegal) r10 (vary)           = 4
#   corrections: r2 r7 r10 = 3  → 纠错率 3 ÷ 4 = 75.00%
#   mediation r3 + settled withdrawal r4 = 2  → 调撤率 2 ÷ 6 = 33.33%
# carried over at 2025-12-31: r6 = 1
# handling days: r1 45, r2 60, r3 20, r4 30, r7 60, r10 26 → mean 241 / 6 = 40.2; p90 = 6th of 6 = 60
# suits: decisions of 2025 then sued: r1 r7 = 2 of 4 → 50.00%; judged in 2025: r1 (lost) r7 (dismissed) → 败诉率
# 1 ÷ 2 = 50.00%; heard: both, the head appeared at r1 → 50.00%
LEADER_2025 = {
    "received": 8, "accepted": 6, "deemed_accepted": 1, "not_accepted": 1, "supplement_requested": 1,
    "deemed_abandoned": 0, "withdrawn_before_acceptance": 1, "concluded": 6, "decided": 4, "corrected": 3,
    "mediated_or_withdrawn": 2, "carried_over": 1, "extended": 1, "suspended": 1, "no_reply": 1, "sued": 2,
    "suit_judged": 2, "suit_lost": 1, "suit_hearings": 2, "head_appeared": 1,
}
# 2024: received r7 r9; accepted r7 r9; concluded r9 (maintain); carried over r7.
LEADER_2024 = {"received": 2, "accepted": 2, "concluded": 1, "decided": 1, "corrected": 0, "carried_over": 1,
               "mediated_or_withdrawn": 0, "sued": 0}
LEADER_RATES = {"correction_rate": (3, 4, 75.0), "mediation_withdrawal_rate": (2, 6, 33.33),
                "deemed_acceptance_share": (1, 6, 16.67), "suit_rate": (2, 4, 50.0), "loss_rate": (1, 2, 50.0),
                "head_appearance_rate": (1, 2, 50.0)}
OUTCOMES = {"maintain": 1, "revoke": 1, "confirm_illegal": 1, "vary": 1, "mediation": 1, "withdrawal_settled": 1}


def _sets(body, section="reconsideration"):
    return {s["key"]: (s["count"], s["last_year"]) for s in body[section]["sets"]}


def test_the_leader_sees_every_figure_of_the_year_worked_out_by_hand(stats_world, api):
    body = api(stats_world["people"]["leader"]).get("/api/v1/stats?period=2025").json
    assert body["period"] == {"start": "2025-01-01", "end": "2025-12-31", "label": "2025"}
    sets = _sets(body)
    assert {k: sets[k][0] for k in LEADER_2025} == LEADER_2025
    assert {k: sets[k][1] for k in LEADER_2024} == LEADER_2024
    rates = {r["key"]: (r["numerator"], r["denominator"], r["value"]) for r in body["rates"]}
    assert {k: rates[k] for k in LEADER_RATES} == LEADER_RATES
    last_year = {r["key"]: r["last_year"] for r in body["rates"]}
    assert last_year["correction_rate"] == 0.0 and last_year["mediation_withdrawal_rate"] == 0.0
    assert last_year["loss_rate"] is None  # no suit judged in 2024: no rate, not 0%
    assert body["reconsideration"]["handling_time"] == {"cases": 6, "average": 40.2, "p90": 60}
    outcomes = {o["key"]: o["count"] for o in body["reconsideration"]["outcomes"] if o["count"]}
    assert outcomes == OUTCOMES
    # Deadlines closed in 2025: the review met at r1, ran out at r2; the reply met at r1, ran out at r6; the
    # performance late at r2.
    deadlines = {d["rule_id"]: (d["met"], d["late"], d["rate"]) for d in body["deadlines"]}
    assert deadlines == {"reconsideration.acceptance_review": (1, 1, 50.0), "reconsideration.reply": (1, 1, 50.0),
                         "reconsideration.performance": (0, 1, 0.0)}
    # Open at 2025-12-31: r6 only, received 2025-06-01: 213 days.
    age = {k["kind"]: k["buckets"] for k in body["open_by_age"]}
    assert [b["count"] for b in age["reconsideration"]] == [0, 0, 0, 0, 1]
    assert [b["count"] for b in age["mediation"]] == [0, 0, 0, 0, 1]  # m3, 213 days
    assert [b["count"] for b in age["adjudication"]] == [0, 0, 0, 1, 0]  # a2, received 08-01: 152 days
    # The respondents, the latest first: A2 (a late reply and an open notice) before A1 (a late performance).
    resp = [(r["name"], r["reply_met"], r["reply_late"], r["performed_late"], r["notices_open"], r["sued"],
             r["suit_lost"], r["loss_rate"], r["head_rate"]) for r in body["respondents"]]
    assert resp == [("统计镇人民政府", 0, 1, 0, 1, 1, 0, 0.0, 0.0),
                    ("统计区公安分局", 1, 0, 1, 0, 1, 1, 100.0, 100.0)]
    trends = body["trends"]
    assert trends["months"][0] == "2025-01" and len(trends["months"]) == 12
    received = {r["kind"]: r["counts"] for r in trends["received"]}
    assert received["reconsideration"] == [1, 2, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
    assert received["mediation"] == [0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0]
    assert received["adjudication"] == [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0]
    assert trends["concluded"] == [0, 1, 3, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    assert trends["corrected"] == [0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]


def test_mediation_and_adjudication_figures(stats_world, api):
    body = api(stats_world["people"]["leader"]).get("/api/v1/stats?period=2025").json
    # m1 m2 m3 received and accepted; m1 (agreement) and m2 (failed) concluded → success 1 ÷ 2; m1 performed;
    # one confirmation applied for, of one agreement, and confirmed. Days: m1 03-03→03-23 20, m2 05-02→05-22 20.
    assert {k: v[0] for k, v in _sets(body, "mediation").items()} == {
        "m_received": 3, "m_accepted": 3, "m_concluded": 2, "m_agreement": 1, "m_performed": 1,
        "m_confirmation_applied": 1, "m_confirmed": 1}
    rates = {r["key"]: (r["numerator"], r["denominator"], r["value"]) for r in body["rates"]}
    assert rates["mediation_success_rate"] == (1, 2, 50.0) and rates["confirmation_rate"] == (1, 1, 100.0)
    assert body["mediation"]["average_days"] == 20.0
    assert [(c["category"], c["concluded"], c["agreement"], c["rate"]) for c in body["mediation"]["categories"]] == \
        [("labour", 1, 0, 0.0), ("neighbourhood", 1, 1, 100.0)]
    assert {k: v[0] for k, v in _sets(body, "adjudication").items()} == {"a_received": 2, "a_accepted": 1,
                                                                         "a_decided": 1}
    assert [(p["profile"], p["received"], p["decided"], p["outcomes"]) for p in body["adjudication"]["profiles"]] \
        == [("land", 1, 1, {"confirm_rights": 1}), ("patent", 1, 0, {})]
    assert body["adjudication"]["profiles"][0]["outcome_titles"] == {"confirm_rights": "确认权属"}
    drill = api(stats_world["people"]["leader"]).get(
        "/api/v1/stats/cases", query_string={"period": "2025", "stat": "m_category:neighbourhood"}).json
    assert [c["docket_number"] for c in drill["cases"]] == [stats_world["cases"]["m1"].docket_number]


def test_an_office_head_sees_only_the_own_office(stats_world, api):
    # C1 without r10: received 7, accepted 5, concluded 5, by decision 3 (r1 r2 r7), corrected 2 → 66.67%;
    # 调撤 2 ÷ 5 = 40.00%.
    body = api(stats_world["people"]["head1"]).get("/api/v1/stats?period=2025").json
    sets = _sets(body)
    assert (sets["received"][0], sets["accepted"][0], sets["concluded"][0], sets["decided"][0],
            sets["corrected"][0]) == (7, 5, 5, 3, 2)
    rates = {r["key"]: r["value"] for r in body["rates"]}
    assert (rates["correction_rate"], rates["mediation_withdrawal_rate"]) == (66.67, 40.0)
    refused = api(stats_world["people"]["head1"]).get(
        f"/api/v1/stats?office_id={stats_world['offices']['C2'].id}")
    assert refused.status_code == 422 and "office_id" in refused.json["errors"]["json"]


def test_filters_narrow_every_figure(stats_world, api):
    leader = api(stats_world["people"]["leader"])
    # Township agencies (A2): r6 received and open, r7 concluded (confirm_illegal) → 纠错率 1 ÷ 1, 调撤率 0 ÷ 1.
    body = leader.get("/api/v1/stats?period=2025&agency_level=township").json
    sets = _sets(body)
    assert (sets["received"][0], sets["concluded"][0], sets["corrected"][0], sets["carried_over"][0]) == (1, 1, 1, 1)
    rates = {r["key"]: r["value"] for r in body["rates"]}
    assert (rates["correction_rate"], rates["mediation_withdrawal_rate"]) == (100.0, 0.0)
    assert body["mediation"]["included"] is False  # a respondent filter leaves the other kinds out
    # Office C2 and those below: r10 only.
    body = leader.get(f"/api/v1/stats?period=2025&office_id={stats_world['offices']['C2'].id}").json
    assert {k: v[0] for k, v in _sets(body).items() if v[0]} == {"received": 1, "accepted": 1, "concluded": 1,
                                                                  "decided": 1, "corrected": 1}
    # One quarter: Q1 2025 received r1 r2 r3 r10 = 4; concluded r1 r3 r7 r10 = 4.
    body = leader.get("/api/v1/stats?period=2025-Q1").json
    assert (_sets(body)["received"][0], _sets(body)["concluded"][0]) == (4, 4)
    # An empty month: every count 0 and every rate "—" (null), not 0%.
    body = leader.get("/api/v1/stats?period=2025-11").json
    assert all(v[0] == 0 for k, v in _sets(body).items() if k != "carried_over")
    assert all(r["value"] is None for r in body["rates"])


@pytest.mark.parametrize("query, field", [("period=2025-13", "period"), ("period=custom&start=2010-01-01&end=2025-01-01", "end"),
                                          ("period=custom&start=2025-02-01", "end"), ("period=custom&start=2025-02-30&end=2025-03-01", "start"),
                                          ("agency_level=galactic", "agency_level")])
def test_bad_periods_and_filters_name_the_field(stats_world, api, query, field):
    response = api(stats_world["people"]["leader"]).get(f"/api/v1/stats?{query}")
    assert response.status_code == 422
    errors = response.json["errors"]
    assert field in (errors.get("json") or errors.get("query") or errors)


DRILLS = {"received": 8, "concluded": 6, "corrected": 3, "decided": 4, "mediated_or_withdrawn": 2, "carried_over": 1,
          "outcome:vary": 1, "outcome:withdrawal_settled": 1, "open_age:reconsideration:181+": 1,
          "deadline_late:reconsideration.reply": 1, "sued": 2, "deemed_accepted": 1}


def test_every_drill_down_lists_exactly_the_cases_counted(stats_world, api):
    leader = api(stats_world["people"]["leader"])
    docket = {n: c.docket_number for n, c in stats_world["cases"].items()}
    for stat, expected in DRILLS.items():
        body = leader.get("/api/v1/stats/cases", query_string={"period": "2025", "stat": stat}).json
        assert body["count"] == expected == len(body["cases"]), stat
    corrected = leader.get("/api/v1/stats/cases?period=2025&stat=corrected").json
    assert {c["docket_number"] for c in corrected["cases"]} == {docket["r2"], docket["r7"], docket["r10"]}
    head = api(stats_world["people"]["head1"]).get("/api/v1/stats/cases?period=2025&stat=corrected").json
    assert {c["docket_number"] for c in head["cases"]} == {docket["r2"], docket["r7"]}  # not C2's r10
    assert leader.get("/api/v1/stats/cases?period=2025&stat=nonsense").status_code == 422


def test_the_dashboard_shows_the_figures_and_links_each_to_its_cases(stats_world, client):
    browser = Browser(client, stats_world["people"]["leader"])
    page = browser.get("/statistics?period=2025")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-rate="correction_rate">75.00%' in html and 'data-rate="mediation_withdrawal_rate">33.33%' in html
    assert 'id="avg-days">40.2<' in html and 'id="p90-days">60<' in html
    assert "/statistics/cases?stat=corrected&amp;period=2025" in html
    assert "vendor/echarts/echarts.min.js" in html and 'id="stats-data"' in html
    # The form sends every field, empty ones too: an empty filter is no filter.
    blank = browser.get("/statistics?period=2025&start=&end=&kind=&office_id=&agency_level=").get_data(as_text=True)
    assert 'data-rate="correction_rate">75.00%' in blank
    drill = browser.get("/statistics/cases?stat=corrected&period=2025").get_data(as_text=True)
    assert 'data-count="3"' in drill and stats_world["cases"]["r10"].docket_number in drill
    empty = browser.get("/statistics?period=2025-11").get_data(as_text=True)
    assert 'data-rate="correction_rate"><span title=' in empty  # "—", not 0%
    bad = browser.get("/statistics?period=custom&start=2010-01-01&end=2025-01-01")
    assert bad.status_code == 200 and "不能超过10年" in bad.get_data(as_text=True)
    assert Browser(client, stats_world["people"]["clerk1"]).get("/statistics").status_code == 403


def _cells(response) -> dict:
    wb = load_workbook(BytesIO(response.data))
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}


def test_the_view_workbook_holds_the_figures_on_the_screen(stats_world, client):
    browser = Browser(client, stats_world["people"]["leader"])
    sheets = _cells(browser.get("/statistics/export.xlsx?period=2025"))
    summary = {row[0]: (row[1], row[2]) for row in sheets["概览"][2:]}
    assert summary["行政复议 · 收案"] == (8, 2) and summary["行政复议 · 审结"] == (6, 1)
    assert summary["行政复议 · 纠错"] == (3, 0) and summary["行政复议 · 结转"] == (1, 1)
    rates = {row[0]: row[1:5] for row in sheets["比率"][1:]}
    assert rates["纠错率"] == [3, 4, "75.00%", "0.00%"] and rates["败诉率"] == [1, 2, "50.00%", "—"]
    outcomes = {row[0]: row[1] for row in sheets["审结方式"][1:]}
    assert outcomes["撤销"] == 1 and outcomes["和解撤回"] == 1 and outcomes["驳回复议请求"] == 0


def test_the_official_table_has_a_row_per_respondent_level_and_the_total(stats_world, client):
    browser = Browser(client, stats_world["people"]["leader"])
    rows = _cells(browser.get("/statistics/official.xlsx?period=2025"))["行政复议案件统计表"]
    assert rows[0][0].startswith("测试复议办公室") and "2025" in rows[0][0]
    header = rows[1]
    by_level = {row[0]: dict(zip(header, row)) for row in rows[2:5]}
    county, township, total = by_level["县级"], by_level["乡镇级"], by_level["合计"]
    # County (A1): r1 r2 r3 r4 r5 r8 r10 received; r1 r2 r3 r4 r10 accepted and concluded; 2 of 3 decisions corrected.
    assert (county["收案"], county["受理"], county["其中视为受理"], county["不予受理"], county["补正"],
            county["受理前撤回"], county["已审结"], county["维持"], county["撤销"], county["变更"], county["调解书"],
            county["和解撤回"], county["纠错"], county["结转"], county["纠错率"], county["调撤率"]) == \
        (7, 5, 1, 1, 1, 1, 5, 1, 1, 1, 1, 1, 2, 0, "66.67%", "40.00%")
    assert (township["收案"], township["已审结"], township["确认违法"], township["结转"], township["纠错率"],
            township["调撤率"]) == (1, 1, 1, 1, "100.00%", "0.00%")
    assert (total["收案"], total["受理"], total["已审结"], total["纠错"], total["纠错率"], total["调撤率"]) == \
        (8, 6, 6, 3, "75.00%", "33.33%")
    # Every applicant a natural person, every act a penalty (the registrations' defaults).
    assert (county["其中：自然人申请"], county["其中：法人或其他组织申请"], county["其中：行政处罚"],
            county["其中：行政许可"], county["其中：其他行政行为"]) == (7, 0, 7, 0, 0)
    # The reporting system's columns CaseFlow does not record are there, marked, and the note says why.
    assert (total["复议前置"], total["自愿选择复议"], total["受理前转送"]) == ("未采集",) * 3
    notes = [row[0] for row in rows if row and isinstance(row[0], str) and "未采集" in row[0]]
    assert any(n.startswith("复议前置（未采集）") and "第二十三条" in n for n in notes)


def test_the_official_table_counts_receipts_by_applicant_and_matter(stats_world, client):
    from caseflow.cases.models import Party
    from caseflow.kinds.reconsideration.models import ContestedAct

    r10, r2 = stats_world["cases"]["r10"], stats_world["cases"]["r2"]
    applicant = db.session.scalar(sa.select(Party).where(Party.case_id == r10.id, Party.role == "applicant"))
    applicant.kind, applicant.id_number, applicant.credit_code = "organisation", None, valid_credit_code()
    db.session.get(ContestedAct, r2.id).act_type = "licensing"
    db.session.get(ContestedAct, stats_world["cases"]["r1"].id).act_type = "work_injury"  # 其他
    db.session.flush()
    rows = _cells(Browser(client, stats_world["people"]["leader"]).get("/statistics/official.xlsx?period=2025"))
    rows = rows["行政复议案件统计表"]
    county = dict(zip(rows[1], next(row for row in rows if row[0] == "县级")))
    assert (county["其中：自然人申请"], county["其中：法人或其他组织申请"], county["其中：行政处罚"],
            county["其中：行政许可"], county["其中：其他行政行为"]) == (6, 1, 5, 1, 1)


def test_counting_over_the_detail_tables_alone_gives_the_counts_of_the_joined_scan(stats_world):
    """A scope of every office counts each kind's sets over its detail table alone (and the receipts through the
    case table's index); the same scope made to read the office condition counts them joined to every case. Both
    years, every kind, every set: the same numbers."""
    from caseflow.organisations.models import Office
    from caseflow.statistics import definitions as d
    from caseflow.statistics.period import parse_period
    from caseflow.statistics.queries import Scope, count_sets_of

    offices = set(db.session.scalars(sa.select(Office.id)))
    split = Scope(office_ids=offices)
    joined = Scope(office_ids=offices)
    joined.__dict__["every_office"] = False  # read the office condition, as for a scope of some offices
    assert split.every_office and not joined.every_office
    period = parse_period("2025", today=date(2026, 6, 30))
    for kind in d.ENTITIES:
        counted = count_sets_of(split, kind, [period, period.last_year()])
        assert counted == count_sets_of(joined, kind, [period, period.last_year()])
        assert any(counted[0].values())
    both = count_sets_of(split, "reconsideration", [period, period.last_year()])
    # r1-r6, r8, r10 received in 2025, r7 and r9 in 2024; r6 open at the end of 2025; r1 extended.
    assert (both[0]["received"], both[0]["carried_over"], both[0]["extended"], both[1]["received"]) == (8, 1, 1, 2)


def test_a_reconsideration_only_filter_says_which_kinds_it_leaves_out(stats_world, client, api):
    import re

    """Agency, level, field and procedure exist only on a reconsideration: with one of them the page and the API say
    that mediation and adjudication are not counted, instead of dropping them silently."""
    leader = stats_world["people"]["leader"]
    body = api(leader).get("/api/v1/stats?period=2025&agency_level=county").json
    assert [k["key"] for k in body["kinds"]] == ["reconsideration"]
    assert [k["key"] for k in body["left_out"]["kinds"]] == ["mediation", "adjudication"]
    assert [f["key"] for f in body["left_out"]["filters"]] == ["agency_level"]
    assert "仅适用于行政复议" in body["left_out"]["message"]
    assert api(leader).get("/api/v1/stats?period=2025").json["left_out"]["kinds"] == []
    # Asking for one kind that has no such facts: that kind is the one left out.
    chosen = api(leader).get("/api/v1/stats?period=2025&kind=mediation&procedure=ordinary").json
    assert chosen["kinds"] == [] and [k["key"] for k in chosen["left_out"]["kinds"]] == ["mediation"]
    browser = Browser(client, leader)
    page = browser.get("/statistics?period=2025&field=public_security").get_data(as_text=True)
    assert 'id="left-out"' in page and "行政管理领域条件仅适用于行政复议：行政调解、行政裁决案件没有这些信息，本视图未计入" in page
    assert 'id="left-out"' not in browser.get("/statistics?period=2025").get_data(as_text=True)
    english = browser.get("/statistics?period=2025&field=public_security&lang=en").get_data(as_text=True)
    assert "administrative field: reconsideration only. Mediation, Adjudication cases have no such facts" in english, \
        re.search(r'id="left-out"[^<]*', english)


def test_the_charts_series_names_come_from_the_catalogue(stats_world, client):
    import json
    import re
    from html import unescape

    browser = Browser(client, stats_world["people"]["leader"])

    def labels(url):
        page = browser.get(url).get_data(as_text=True)
        return json.loads(unescape(re.search(r'data-labels="([^"]*)"', page).group(1)))

    zh, en = labels("/statistics?period=2025"), labels("/statistics?period=2025&lang=en")
    assert zh["reply_late"] == "逾期答复" and zh["corrected"] == "纠错"
    assert en["reply_late"] == "Replies late" and en["corrected"] == "Corrected" and en["met"] == "Met"
    from pathlib import Path

    import caseflow

    script = (Path(caseflow.__file__).parent / "static" / "statistics.js").read_text(encoding="utf-8")
    assert not re.search(r'name: "[^"]*[\u4e00-\u9fff]', script)  # no series named in the script itself
