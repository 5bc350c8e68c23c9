"""Administration of the respondent-agency registry."""
from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from caseflow.auth.models import Role
from caseflow.extensions import db
from caseflow.i18n import lang
from caseflow.organisations import services
from caseflow.organisations.forms import AgencyForm
from caseflow.organisations.models import ADMINISTRATIVE_FIELDS, LEVEL_LABELS, RespondentAgency
from caseflow.web.access import web_auth
from caseflow.web.forms import options, run_form

bp = Blueprint("agencies", __name__)


@bp.route("/admin/agencies", methods=["GET", "POST"])
@web_auth(Role.ADMIN.value, scope="bureau")
def agencies():
    en = lang() == "en"
    form = AgencyForm()
    form.level.choices = options((lv.value, label[1] if en else label[0]) for lv, label in LEVEL_LABELS.items())
    form.field.choices = options((k, v[1] if en else v[0]) for k, v in ADMINISTRATIVE_FIELDS.items())
    done, agency, status = run_form(form, lambda: services.create_agency(form.name.data, form.level.data,
                                                                         form.field.data, form.contact()))
    if done:
        flash(_("已添加 %(name)s", name=agency.name), "success")
        return redirect(url_for("agencies.agencies"))
    rows = db.session.scalars(sa.select(RespondentAgency).order_by(RespondentAgency.name)).all()
    return render_template("organisations/agencies.html", form=form, agencies=rows, fields=ADMINISTRATIVE_FIELDS,
                           levels={lv.value: label for lv, label in LEVEL_LABELS.items()}), status


class ContactForm(AgencyForm):
    name = level = field = None  # only the contact details change here


@bp.route("/admin/agencies/<int:agency_id>", methods=["GET", "POST"])
@web_auth(Role.ADMIN.value, scope="bureau")
def agency_edit(agency_id):
    """An agency's address, contact person, phone and e-mail (for service and notices)."""
    agency = db.get_or_404(RespondentAgency, agency_id)
    form = ContactForm(obj=agency)
    done, _agency, status = run_form(form, lambda: services.update_contact(agency, form.contact()))
    if done:
        flash(_("已保存 %(name)s 的联系信息", name=agency.name), "success")
        return redirect(url_for("agencies.agencies"))
    return render_template("organisations/agency.html", form=form, agency=agency), status


@bp.route("/admin/agencies/<int:agency_id>/toggle", methods=["POST"])
@web_auth(Role.ADMIN.value, scope="bureau")
def agency_toggle(agency_id):
    agency = db.get_or_404(RespondentAgency, agency_id)
    agency.active = not agency.active  # retired agencies stay on their cases; they leave the registration list
    db.session.commit()
    return redirect(url_for("agencies.agencies")), 303
