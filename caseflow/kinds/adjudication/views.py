"""Administrative adjudication's own pages: registering an application."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import gettext as _

from caseflow.cases import services as case_services
from caseflow.cases.registration import save_registration
from caseflow.i18n import lang
from caseflow.kinds.adjudication.forms import RegisterAdjudicationForm
from caseflow.kinds.adjudication.models import PROFILES
from caseflow.web.access import web_auth

bp = Blueprint("adjudication", __name__, template_folder="templates")
REGISTRARS = ("clerk", "office_head")


def _outcome_title(case) -> str:
    if case.outcome == "mediated":
        return _("调解结案")
    return case_services.get_workflow(case.kind).choice_title("outcome", case.outcome, lang())


@bp.app_context_processor
def labels() -> dict:
    return {"adjudication_profiles": lambda: PROFILES, "outcome_title": _outcome_title}


@bp.route("/cases/new/adjudication", methods=["GET", "POST"])
@web_auth(*REGISTRARS, scope="own-office")
def register():
    """登记行政裁决申请: the sub-kind decides the clocks (land, forest, patent, procurement)."""
    form = RegisterAdjudicationForm()
    form.fill_choices(lang())
    status = 200
    if form.is_submitted():
        status = 422
        if form.validate() and (done := save_registration(form, form.service_data())):
            return done
    return render_template("adjudication/new.html", form=form), status
