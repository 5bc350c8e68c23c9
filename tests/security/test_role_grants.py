"""Finding 9 (administrators): an administrator cannot give itself, or anyone, a case role alone; a second
administrator must approve, and every role change is in the security log."""
import re

import sqlalchemy as sa

from caseflow.auth.models import User
from tests.web.conftest import Browser, csrf_from


def _decide(b, decision):
    page = b.get("/admin/users").get_data(as_text=True)
    action = re.search(rf'action="(/admin/role-grants/\d+/{decision})"', page)
    assert action, "no pending grant this administrator may decide"
    return b.client.post(action.group(1), data={"csrf_token": csrf_from(page)})


def test_an_administrator_cannot_give_itself_a_case_role(app, browser, make, office_team, team_case, db, security_log):
    admin = make.user("admin", office=office_team["office"])
    db.session.commit()
    b = browser(admin)
    saved = b.submit(f"/admin/users/{admin.id}", {"display_name": admin.display_name, "roles": ["admin", "clerk"],
                                                 "active": "y"}, follow_redirects=True)
    assert "须由另一名管理员批准" in saved.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.roles == {"admin"}
    assert b.get(f"/cases/{team_case['id']}").status_code == 403
    assert "须另一名管理员批准" in b.get("/admin/users").get_data(as_text=True)  # no buttons for its own request
    grant_id = db.session.execute(sa.text("SELECT id FROM role_grant")).scalar()
    own = b.submit("/admin/users", {}, action=f"/admin/role-grants/{grant_id}/approve")
    assert own.status_code == 403

    second = make.user("admin", office=office_team["office"])
    db.session.commit()
    assert _decide(Browser(app.test_client(), second), "approve").status_code == 303
    db.session.refresh(admin)
    assert admin.roles == {"admin", "clerk"}
    assert [(e.kind, e.user_id, e.actor_id) for e in security_log("role_grant_requested", "role_grant_approved")] == [
        ("role_grant_requested", admin.id, admin.id), ("role_grant_approved", admin.id, second.id)]


def test_a_new_account_gets_its_case_roles_only_when_a_second_administrator_approves(app, browser, make, office_team,
                                                                                    db, security_log):
    admin = make.user("admin", office=office_team["office"])
    second = make.user("admin", office=office_team["office"])
    db.session.commit()
    created = browser(admin).submit("/admin/users/new", {
        "username": "puppet", "display_name": "傀儡", "roles": ["clerk"], "office_id": str(admin.office_id),
        "password": "a-long-password"}, follow_redirects=True)
    assert created.status_code == 200 and "须由另一名管理员批准" in created.get_data(as_text=True)
    puppet = db.session.scalar(sa.select(User).where(User.username == "puppet"))
    assert puppet.roles == set()
    assert _decide(Browser(app.test_client(), second), "reject").status_code == 303
    db.session.refresh(puppet)
    assert puppet.roles == set()
    assert [e.kind for e in security_log() if e.user_id == puppet.id] == [
        "user_created", "role_grant_requested", "role_grant_rejected"]


def test_removing_roles_and_non_case_roles_apply_at_once_and_are_logged(browser, make, office_team, db, security_log):
    admin = make.user("admin", office=office_team["office"])
    db.session.commit()
    clerk = office_team["clerk"]
    browser(admin).submit(f"/admin/users/{clerk.id}", {"display_name": clerk.display_name, "roles": ["admin"],
                                                      "active": "y"})
    db.session.refresh(clerk)
    assert clerk.roles == {"admin"}
    [event] = security_log("roles_changed")
    assert (event.actor_id, event.detail) == (admin.id, {"before": ["clerk"], "after": ["admin"]})
