"""Administrative mediation's own pages: registering a request for mediation."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, g, render_template
from flask_babel import gettext as _

from caseflow.cases.models import Case
from caseflow.cases.registration import save_registration
from caseflow.extensions import db
from caseflow.i18n import lang
from caseflow.kinds.mediation.forms import RegisterMediationForm
from caseflow.kinds.mediation.models import DISPUTE_CATEGORIES, OUTCOMES, SOURCES
from caseflow.web.access import web_auth

bp = Blueprint("mediation", __name__, template_folder="templates")
REGISTRARS = ("clerk", "mediator", "office_head")


@bp.app_context_processor
def labels() -> dict:
    return {"mediation_labels": lambda: {"categories": DISPUTE_CATEGORIES, "sources": SOURCES, "outcomes": OUTCOMES}}


@bp.route("/cases/new/mediation", methods=["GET", "POST"])
@web_auth(*REGISTRARS, scope="own-office")
def register():
    """登记调解申请: the source (a split or referral keeps its link), the dispute, both sides."""
    form = RegisterMediationForm()
    form.fill_choices(lang())
    status = 200
    if form.is_submitted():
        status = 422
        if form.validate():
            linked_id = None
            if form.linked_docket.data:
                linked_id = db.session.scalar(sa.select(Case.id).where(
                    Case.docket_number == form.linked_docket.data.strip(), Case.office_id == g.user.office_id))
                if linked_id is None:
                    form.linked_docket.errors.append(_("本机构没有此案号的案件"))
            if not form.linked_docket.errors:
                done = save_registration(form, form.service_data(linked_id), {"linked_case_id": "linked_docket"})
                if done:
                    return done
    return render_template("mediation/new.html", form=form), status
