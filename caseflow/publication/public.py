"""The public portal (no sign-in; declared public): published decisions listed and searched, one decision, an Atom
feed. It reads only the published copies (caseflow.publication.queries over `published_decision`). Answers may be
cached (Cache-Control: public), since they hold nothing but what was approved for publication."""
from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, url_for

from caseflow.auth.access import public
from caseflow.i18n import lang
from caseflow.organisations.models import ADMINISTRATIVE_FIELDS
from caseflow.publication import queries

bp = Blueprint("public", __name__, url_prefix="/public", template_folder="templates")
MAX_AGE = 300


@bp.after_request
def cacheable(response):
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


def _filters() -> dict:
    args = request.args
    year = args.get("year", type=int)
    return {"year": year, "agency": (args.get("agency") or "").strip()[:100] or None,
            "field": (args.get("field") or "").strip()[:32] or None,
            "decision_type": (args.get("decision_type") or "").strip()[:32] or None,
            "q": (args.get("q") or "").strip()[:100] or None}


@bp.route("/decisions")
@public
def decisions():
    """行政复议决定书公开: search by year, respondent agency, field, decision type and keyword."""
    filters = _filters()
    page = max(request.args.get("page", 1, type=int), 1)
    rows, total = queries.published(**filters, page=page)
    return render_template("publication/public_list.html", rows=rows, total=total, page=page, filters=filters,
                           facets=queries.facets(), size=queries.PAGE_SIZE,
                           field_titles={k: v[1 if lang() == "en" else 0] for k, v in ADMINISTRATIVE_FIELDS.items()})


@bp.route("/decisions/<int:published_id>")
@public
def decision(published_id):
    row = queries.one(published_id)
    if row is None:
        abort(404)
    return render_template("publication/public_decision.html", d=row)


@bp.route("/decisions.atom")
@public
def feed():
    """Atom feed of the latest published decisions (RFC 4287)."""
    rows, _total = queries.published(size=50)
    xml = render_template("publication/feed.xml", rows=rows, self_url=url_for("public.feed", _external=True),
                          home=url_for("public.decisions", _external=True))
    return Response(xml, mimetype="application/atom+xml")


@bp.app_template_filter("atomdate")
def atomdate(value) -> str:
    from datetime import UTC, datetime

    value = value or datetime(2024, 1, 1, tzinfo=UTC)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
