"""Every state-changing web request needs the form's CSRF token."""
import pytest

POSTS = ["/login", "/logout", "/account/password", "/language/en", "/cases/new/reconsideration",
         "/cases/new/mediation", "/cases/new/adjudication", "/cases/{case}/transitions/request_supplement",
         "/cases/{case}/proposals/accept", "/cases/{case}/attachments", "/cases/{case}/services/1/receipt",
         "/approvals/1/approve", "/approvals/1/return", "/approvals/1/reject", "/approvals/1/withdraw",
         "/admin/users/new", "/admin/agencies", "/admin/calendar/import", "/admin/calendar/correct",
         "/admin/calendar/enter", "/admin/calendar/import/resolve", "/admin/users/{user}", "/admin/agencies/{agency}/toggle", "/admin/agencies/{agency}",
         "/admin/role-grants/1/approve", "/cases/{case}/parties/1/reveal", "/notices/1/acknowledge",
         "/notices/1/answer", "/notices/1/decide", "/cases/{case}/documents/supplement_notice/issue",
         "/documents/1/serve", "/notices/1/document/issue", "/publications/1/mark", "/publications/1/names",
         "/publications/1/exemption", "/publications/1/submit", "/publications/1/approve", "/publications/1/return",
         "/publications/1/withdraw", "/cases/{case}/archive"]


@pytest.mark.parametrize("url", POSTS)
def test_post_without_token_is_refused(browser, make, office_team, team_case, db, url):
    admin = make.user("admin", "clerk", office=office_team["office"])
    db.session.commit()
    b = browser(admin)
    target = url.format(case=team_case["id"], user=admin.id, agency=office_team["agency"].id)
    response = b.client.post(target, data={"version": "1", "on": "2025-09-16",
                                                                      "procedure": "ordinary"})
    assert response.status_code == 400
    assert "Traceback" not in response.get_data(as_text=True)
    assert b.get(f"/cases/{team_case['id']}").get_data(as_text=True).count("受理审查中") >= 1


def test_every_post_route_is_covered(app):
    adapter = app.url_map.bind("localhost")
    covered = {adapter.match(u.format(case=1, user=1, agency=1), method="POST")[0] for u in POSTS}
    posts = {r.endpoint for r in app.url_map.iter_rules() if "POST" in r.methods and not r.rule.startswith("/api/")}
    assert posts == covered
