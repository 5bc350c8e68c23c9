"""The figures as a reader sees them: titled in their language, with each definition and denominator, each count
beside the same period last year. The dashboard, the API and both workbooks show this one report."""
from __future__ import annotations

from datetime import date

from caseflow.organisations.models import ADMINISTRATIVE_FIELDS
from caseflow.statistics import definitions as d

KIND_TITLES = {"reconsideration": ("行政复议", "Reconsideration"), "mediation": ("行政调解", "Mediation"),
               "adjudication": ("行政裁决", "Adjudication")}
AGE_TITLES = {"0-30": ("30日以内", "up to 30 days"), "31-60": ("31至60日", "31-60 days"),
              "61-90": ("61至90日", "61-90 days"), "91-180": ("91至180日", "91-180 days"),
              "181+": ("180日以上", "over 180 days")}
PROFILE_TITLES = {"land": ("土地权属争议", "Land ownership"), "forest": ("林木林地权属争议", "Forest ownership"),
                  "patent": ("专利侵权纠纷", "Patent infringement"), "procurement": ("政府采购投诉", "Procurement complaints")}
FILTER_TITLES = {"agency_id": ("被申请人", "respondent agency"), "agency_level": ("被申请人层级", "respondent's level"),
                 "field": ("行政管理领域", "administrative field"), "procedure": ("程序", "procedure")}
MEDIATION_OUTCOMES = {"agreement": ("达成协议", "Agreement"), "failed": ("调解不成", "Failed"),
                      "terminated": ("终止", "Terminated")}


def t(pair, lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def _sets(kind: str, figures: dict, lang: str) -> list[dict]:
    return [{"key": s.key, "title": t(s.title, lang), "definition": t(s.definition, lang) if s.definition[0] else "",
             "count": figures["counts"][s.key], "last_year": figures["last_year"]["counts"][s.key]}
            for s in d.SETS.values() if s.kind == kind]


def _rates(figures: dict, lang: str) -> list[dict]:
    before = {r["key"]: r for r in figures["last_year"]["rates"]}
    out = []
    for r in figures["rates"]:
        spec = d.RATE_BY_KEY[r["key"]]
        out.append({**r, "title": t(spec.title, lang), "definition": t(spec.definition, lang),
                    "numerator_title": t(d.SETS[spec.numerator].title, lang), "numerator_key": spec.numerator,
                    "denominator_title": t(d.SETS[spec.denominator].title, lang), "denominator_key": spec.denominator,
                    "last_year": before[r["key"]]["value"]})
    return out


def build(figures: dict, lang: str, mediation_categories: dict | None = None) -> dict:
    """The report of `figures` (caseflow.statistics.queries.figures) in `lang`."""
    categories = mediation_categories or {}
    return {
        "period": figures["period"], "last_year": {k: figures["last_year"][k] for k in ("start", "end")},
        "kinds": [{"key": k, "title": t(KIND_TITLES[k], lang)} for k in figures["kinds"]],
        "left_out": _left_out(figures["left_out"], lang),
        "reconsideration": {
            "sets": _sets("reconsideration", figures, lang),
            "outcomes": [{"key": k, "title": t(label, lang), "count": figures["outcomes"].get(k, 0)}
                         for k, label in d.OUTCOME_LABELS.items()],
            "handling_time": figures["handling_time"],
        },
        "rates": _rates(figures, lang),
        "deadlines": [{**row, "title": t(row["title"], lang), "basis": t(row["basis"], lang)}
                      for row in figures["deadlines"]],
        "open_by_age": [{"kind": k, "kind_title": t(KIND_TITLES[k], lang),
                         "buckets": [{"key": b, "title": t(AGE_TITLES[b], lang), "count": n} for b, n in v.items()]}
                        for k, v in figures["open_by_age"].items()],
        "respondents": figures["respondents"],
        "mediation": {**figures["mediation"], "sets": _sets("mediation", figures, lang),
                      "categories": [{**c, "title": t(categories.get(c["category"], (c["category"],) * 2), lang)}
                                     for c in figures["mediation"].get("categories", [])]},
        "adjudication": {**figures["adjudication"], "sets": _sets("adjudication", figures, lang),
                         "profiles": [{**p, "title": t(PROFILE_TITLES.get(p["profile"], (p["profile"],) * 2), lang),
                                       "outcome_titles": {k: _ruling_title(k, lang) for k in p["outcomes"]}}
                                      for p in figures["adjudication"].get("profiles", [])]},
        "trends": {**figures["trends"], "received": [
            {"kind": k, "title": t(KIND_TITLES[k], lang), "counts": v} for k, v in figures["trends"]["received"].items()]},
    }


def _left_out(left_out: dict, lang: str) -> dict:
    """Which kinds a reconsideration-only filter leaves out, and why, in words (the page and the API say it)."""
    if not left_out["kinds"]:
        return {"kinds": [], "filters": [], "message": "", "filters_text": "", "kinds_text": ""}
    kinds = [{"key": k, "title": t(KIND_TITLES[k], lang)} for k in left_out["kinds"]]
    filters = [{"key": f, "title": t(FILTER_TITLES[f], lang)} for f in left_out["filters"]]
    separator = ", " if lang == "en" else "、"
    names, kind_names = separator.join(f["title"] for f in filters), separator.join(k["title"] for k in kinds)
    message = (f"{names} apply to reconsideration only: {kind_names} have no such facts and are not counted in this "
               "view" if lang == "en" else f"{names}条件仅适用于行政复议：{kind_names}案件没有这些信息，本视图未计入")
    return {"kinds": kinds, "filters": filters, "message": message, "filters_text": names, "kinds_text": kind_names}


def _ruling_title(outcome: str, lang: str) -> str:
    """An adjudication's outcome as its workflow calls it (a mediated one has no ruling)."""
    from caseflow.cases.services import get_workflow

    if outcome == "mediated":
        return t(("调解结案", "Mediated"), lang)
    return get_workflow("adjudication").choice_title("outcome", outcome, lang)


def fmt_rate(value) -> str:
    """A rate as the page and the workbooks print it; "—" when there is no denominator."""
    return "—" if value is None else f"{value:.2f}%"


def jsonable(value):
    """Dates as ISO strings, for the charts' data island and the API."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value


def field_title(key: str, lang: str) -> str:
    return t(ADMINISTRATIVE_FIELDS.get(key, (key, key)), lang)


def stat_title(stat: str, lang: str) -> str:
    """What a drill-down key counts, in words."""
    if stat in d.SETS:
        s = d.SETS[stat]
        return f"{t(KIND_TITLES[s.kind], lang)} · {t(s.title, lang)}"
    name, _, value = stat.partition(":")
    if name == "outcome" and value in d.OUTCOME_LABELS:
        return f"{t(('审结方式', 'Outcome'), lang)} · {t(d.OUTCOME_LABELS[value], lang)}"
    if name == "open_age":
        kind, _, bucket = value.partition(":")
        return f"{t(KIND_TITLES.get(kind, (kind, kind)), lang)} · {t(('未结', 'open'), lang)} · " \
               f"{t(AGE_TITLES.get(bucket, (bucket, bucket)), lang)}"
    if name in ("deadline_met", "deadline_late"):
        return f"{value} · {t(('按期', 'met') if name == 'deadline_met' else ('逾期', 'late'), lang)}"
    return stat
