"""Reconsideration's own pages: registering an application, with the Art. 20 check and the duplicate warning."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, g, render_template, request
from flask_babel import gettext as _

from caseflow.cases.registration import save_registration
from caseflow.extensions import db
from caseflow.i18n import lang
from caseflow.kinds.reconsideration import services
from caseflow.kinds.reconsideration.forms import RegisterCaseForm
from caseflow.organisations.models import RespondentAgency
from caseflow.web.access import web_auth

bp = Blueprint("reconsideration", __name__, template_folder="templates")
REGISTRARS = ("clerk", "office_head")


def _agencies():
    return db.session.scalars(sa.select(RespondentAgency).where(RespondentAgency.active)
                              .order_by(RespondentAgency.name)).all()


@bp.route("/cases/new/reconsideration", methods=["GET", "POST"])
@web_auth(*REGISTRARS, scope="own-office")
def register():
    """登记行政复议申请: check the application period (ARL Arts. 20-21) and duplicates (Art. 22(4)), then save."""
    form = RegisterCaseForm()
    form.fill_choices(_agencies(), lang())
    timeliness = duplicates = None
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_template("reconsideration/new.html", form=form, timeliness=None, duplicates=None), 422
        data = form.service_data()
        try:
            timeliness = services.application_timeliness(data["received_on"], data["act"])
        except ValueError as exc:
            form.act_known_on.errors.append(str(exc))
            return render_template("reconsideration/new.html", form=form, timeliness=None, duplicates=None), 422
        keys = [data["applicants"][0]["id_number"] or data["applicants"][0]["credit_code"]]
        duplicates = services.find_possible_duplicates(g.user.office_id, keys, data["respondent_agency_id"],
                                                       data["act"]["document_number"])
        if request.form.get("action") == "save":
            if duplicates and not form.confirm_duplicate.data:
                form.confirm_duplicate.errors.append(_("同一申请人对同一行政行为已有案件，请核实后勾选确认"))
                status = 409
            else:
                done = save_registration(form, data, {f"act.{name}": f"act_{name}" for name in data["act"]})
                if done:
                    return done
                status = 422
    return render_template("reconsideration/new.html", form=form, timeliness=timeliness,
                           duplicates=duplicates), status
