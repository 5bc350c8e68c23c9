"""The mediation records as transition effects a kind names in its workflow (`effect: record_session` ...),
with what the web form of each posts. A kind puts the ones it uses in its `effects`."""
from __future__ import annotations

from caseflow.cases.kinds import Effect
from caseflow.settlement import schemas, services
from caseflow.web.forms import rows


def _fields(form, names) -> dict:
    return {name: form.get(name).strip() for name in names if (form.get(name) or "").strip()}


def _ints(values):
    return [int(v) if str(v).isdigit() else v for v in values]


def _session_form(form) -> dict:
    data = _fields(form, ("held_on", "starts_at", "duration_minutes", "mode", "place", "issues", "proposal",
                          "next_step", "session_number", "correction_reason"))
    data["attendees"] = [{**a, **({"party_id": _ints([a["party_id"]])[0]} if a.get("party_id") else {})}
                         for a in rows(form, "attendees")]
    data["positions"] = rows(form, "positions")
    return data


def _agreement_form(form) -> dict:
    return {**_fields(form, ("form", "summary")), "terms": rows(form, "terms")}


def _performance_form(form) -> dict:
    return {"performances": [{**p, "term_id": _ints([p.get("term_id")])[0]} for p in rows(form, "performances")
                             if p.get("status")]}


def _consent_form(form) -> dict:
    consents = []
    for c in rows(form, "consents"):
        if c.get("consented") is None:
            continue  # a party the clerk left unanswered
        consent = {k: v for k, v in c.items() if k in ("party_name", "method", "given_on")}
        if c.get("party_id"):
            consent["party_id"] = _ints([c["party_id"]])[0]
        consents.append({**consent, "consented": c["consented"] == "yes"})
    return {"consents": consents}


def _co_mediators_form(form) -> dict:
    return {"co_mediator_ids": _ints([v for v in form.getlist("co_mediator_ids") if v])}


def _follow_up_form(form) -> dict:
    return _fields(form, ("visited_on", "method", "result"))


RECORD_CONSENT = Effect("record_consent", schemas.ConsentsSchema, services.apply_consents, services.check_consents,
                        "settlement/_form_consents.html", _consent_form)
RECORD_EXTENSION_CONSENT = Effect("record_extension_consent", schemas.ConsentsSchema,
                                  services.apply_extension_consents, services.check_consents,
                                  "settlement/_form_consents.html", _consent_form)
APPOINT_MEDIATORS = Effect("appoint_mediators", schemas.CoMediatorsSchema, services.apply_appointment,
                           services.check_appointment, "settlement/_form_co_mediators.html", _co_mediators_form)
RECUSE_MEDIATOR = Effect("recuse_mediator", schemas.Schema, services.apply_recusal, services.check_recusal)
RECORD_SESSION = Effect("record_session", schemas.SessionInSchema, services.apply_session, services.check_session,
                        "settlement/_form_session.html", _session_form)
CORRECT_SESSION = Effect("correct_session", schemas.SessionCorrectionSchema, services.apply_session_correction,
                         services.check_session, "settlement/_form_session.html", _session_form)
RECORD_AGREEMENT = Effect("record_agreement", schemas.AgreementInSchema, services.apply_agreement,
                          services.check_agreement, "settlement/_form_agreement.html", _agreement_form)
RECORD_PERFORMANCE = Effect("record_performance", schemas.PerformancesSchema, services.apply_performances,
                            services.check_performances, "settlement/_form_performance.html", _performance_form)
RECORD_FOLLOW_UP = Effect("record_follow_up", schemas.FollowUpInSchema, services.apply_follow_up,
                          services.check_follow_up, "settlement/_form_follow_up.html", _follow_up_form)

ALL = {e.name: e for e in (RECORD_CONSENT, RECORD_EXTENSION_CONSENT, APPOINT_MEDIATORS, RECUSE_MEDIATOR,
                           RECORD_SESSION, CORRECT_SESSION, RECORD_AGREEMENT, RECORD_PERFORMANCE, RECORD_FOLLOW_UP)}


def effects(*names: str) -> dict[str, Effect]:
    """The effects a kind uses, by name."""
    return {name: ALL[name] for name in names}
