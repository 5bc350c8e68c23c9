"""Regenerate docs/screenshots/*.png from a fresh demo database, in headless Chromium: the desktop pages, then the
phone (390×844) and tablet (768×1024) ones (16-19).

    scripts/screenshots            (installs what it needs, like scripts/test)
    scripts/screenshots 06 16      (only the pictures whose names start so, for the pages that changed)
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from caseflow import create_app  # noqa: E402
from caseflow.testing import CHROMIUM, CHROMIUM_ARGS, LiveServer  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def main(only: list[str]) -> None:
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from caseflow.cases.models import Case
    from caseflow.demo import DEMO_PASSWORD, seed
    from caseflow.extensions import db

    folder = tempfile.mkdtemp(prefix="caseflow-shots-")
    app = create_app("development", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder}/demo.db")
    with app.app_context():
        upgrade()
        seed()
        db.session.commit()
        # The demo's cases by the stage they show (before the sweep moves any; their ids depend on the order the kinds seed them).
        first = {(kind, state): case_id for case_id, kind, state in db.session.execute(
            sa.select(Case.id, Case.kind, Case.state).order_by(Case.id.desc()))}
        # What the scheduler does at start: one sweep, so the inbox shows the demo's lapses and warnings.
        from caseflow.clock import today_local
        from caseflow.supervision.sweep import sweep

        sweep(today_local())
        from caseflow.supervision.models import Notice

        # A notice about a lapse (one with a response due) rather than an early warning.
        notice_id = db.session.scalar(sa.select(Notice.id).where(Notice.response_due_on.is_not(None))
                                      .order_by(Notice.id))
    OUT.mkdir(parents=True, exist_ok=True)
    with LiveServer(app) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN").new_page()

        def wanted(name):
            return not only or any(name.startswith(prefix) for prefix in only)

        def shot(name, full=True, on=None):
            if wanted(name):
                (on or page).screenshot(path=str(OUT / f"{name}.png"), full_page=full)
                print(f"docs/screenshots/{name}.png")

        def sign_in(username):
            page.goto(server.url + "/login")
            page.get_by_label("用户名").fill(username)
            page.get_by_label("密码").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="登录").click()

        page.goto(server.url + "/login")
        shot("01-login", full=False)
        sign_in("clerk")
        shot("02-my-work")
        page.goto(server.url + "/cases")
        shot("03-case-list")
        page.goto(server.url + f"/cases/{first[('reconsideration', 'in_review')]}")
        page.get_by_text("为什么是这一天？").first.click()
        shot("04-case-page")
        page.goto(server.url + f"/cases/{first[('reconsideration', 'accepted')]}/transitions/forward_copy")
        shot("05-transition-form")
        page.goto(server.url + f"/cases/{first[('reconsideration', 'in_review')]}/proposals/suspend")
        shot("14-proposal")
        page.goto(server.url + "/cases/new/reconsideration")
        page.get_by_label("申请人姓名或名称").fill("刘伟")
        page.get_by_label("公民身份号码", exact=True).fill("11010119800312012X")
        page.get_by_role("button", name="审查申请期限").click()
        shot("06-register-validation")
        page.goto(server.url + "/deadlines/calculator?rule=reconsideration.decision&start=2025-03-03"
                               "&pause_from=2025-03-20&pause_to=2025-04-10")
        shot("07-calculator")
        sign_in("head")
        page.goto(server.url + "/approvals")
        page.locator("main table a[href^='/approvals/']").first.click()
        shot("15-approval")
        sign_in("admin")
        page.goto(server.url + "/admin/calendar/2026")
        shot("08-calendar-admin")
        sign_in("mediator")
        shot("09-my-mediation-cases")
        page.goto(server.url + f"/cases/{first[('mediation', 'agreement_effective')]}")
        shot("10-mediation-case")
        mediating = first[("mediation", "mediating")]
        page.goto(server.url + f"/cases/{mediating}/transitions/record_session")
        shot("11-log-a-session")
        page.goto(server.url + f"/cases/{mediating}/transitions/reach_agreement")
        page.get_by_role("button", name="添加一项条款").click()
        shot("12-agreement-terms")
        sign_in("clerk2")
        page.goto(server.url + f"/cases/{first[('adjudication', 'remedy_window')]}")
        shot("13-adjudication-case")
        page.goto(server.url + "/notices")
        shot("26-notices")
        if notice_id:
            page.goto(server.url + f"/notices/{notice_id}")
            shot("27-notice")
        sign_in("leader")
        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto(server.url + "/statistics")
        page.wait_for_selector('[data-chart="rc-sets"] canvas')
        shot("20-statistics", full=False)
        if wanted("21"):
            page.locator("section[aria-labelledby='rc-h']").screenshot(path=str(OUT / "21-statistics-charts.png"))
        page.goto(server.url + "/statistics/cases?stat=received&kind=reconsideration&procedure=ordinary")
        shot("22-statistics-drill-down", full=False)
        # A phone and a tablet (issue 9): lists as cards, folded filters, the case page stacked.
        for viewport, pictures in (({"width": 390, "height": 844}, [("16-phone-my-work", "/"),
                                                                     ("17-phone-case-list", "/cases"),
                                                                     ("18-phone-case-page", None)]),
                                   ({"width": 768, "height": 1024}, [("19-tablet-case-list", "/cases")])):
            if not any(wanted(name) for name, _url in pictures):
                continue
            small = browser.new_context(viewport=viewport, locale="zh-CN", device_scale_factor=1).new_page()
            small.goto(server.url + "/login")
            small.get_by_label("用户名").fill("clerk")
            small.get_by_label("密码").fill(DEMO_PASSWORD)
            small.get_by_role("button", name="登录").click()
            small.wait_for_selector("h1")
            for name, url in pictures:
                small.goto(server.url + (url or f"/cases/{first[('reconsideration', 'in_review')]}"))
                shot(name, on=small)
            small.context.close()
        browser.close()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
