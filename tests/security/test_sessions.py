"""Finding 2: sign-out and a password change end every session and API token of the user; sign-ins, failures and
sign-outs are in the security log."""
import re

import pytest

from tests.conftest import PASSWORD
from tests.web.conftest import Browser


def _logout(b):
    page = b.get("/").get_data(as_text=True)
    token = re.search(r'action="/logout">\s*<input type="hidden" name="csrf_token" value="([^"]+)"', page).group(1)
    return b.client.post("/logout", data={"csrf_token": token})


def _replay(app, cookie_value):
    """A second client presenting a saved session cookie, as a thief would."""
    thief = app.test_client()
    thief.set_cookie("session", cookie_value)
    return Browser(thief)


def test_a_saved_session_cookie_is_dead_after_sign_out(app, client, browser, office_team, api):
    b = browser(office_team["clerk"])
    saved = client.get_cookie("session").value
    token = api(office_team["clerk"])
    assert _replay(app, saved).get("/").status_code == 200
    assert _logout(b).status_code == 302
    assert _replay(app, saved).get("/").status_code == 302  # to the sign-in page
    assert token.get("/api/v1/cases").status_code == 401  # sign-out ends the user's API tokens too


def test_a_password_change_ends_the_other_sessions_and_every_token(app, client, browser, office_team, api):
    clerk = office_team["clerk"]
    other = Browser(app.test_client(), clerk)  # the same user signed in elsewhere
    token = api(clerk)
    b = browser(clerk)
    changed = b.submit("/account/password", {"current": PASSWORD, "new": "another-long-one",
                                             "confirm": "another-long-one"})
    assert changed.status_code == 302
    assert b.get("/").status_code == 200  # the session that changed it goes on
    assert other.get("/").status_code == 302
    assert token.get("/api/v1/cases").status_code == 401


def test_an_api_sign_out_ends_the_web_sessions(app, browser, office_team, api):
    b = Browser(app.test_client(), office_team["clerk"])
    token = api(office_team["clerk"])
    assert token.delete("/api/v1/auth/token").status_code == 204
    assert b.get("/").status_code == 302


def test_an_administrators_password_reset_ends_the_users_sessions(app, browser, make, office_team, api, db):
    admin = make.user("admin", office=office_team["office"])
    db.session.commit()
    clerk = Browser(app.test_client(), office_team["clerk"])
    token = api(office_team["clerk"])
    reset = browser(admin).submit(f"/admin/users/{office_team['clerk'].id}", {
        "display_name": office_team["clerk"].display_name, "roles": ["clerk"], "active": "y",
        "password": "a-brand-new-password"})
    assert reset.status_code == 302
    assert clerk.get("/").status_code == 302 and token.get("/api/v1/cases").status_code == 401


def test_sign_ins_failures_and_sign_outs_are_logged(browser, office_team, security_log):
    clerk = office_team["clerk"]
    browser().login(clerk.username, "wrong-password")
    browser().login("nobody-by-this-name", "wrong-password")
    b = browser(clerk)
    _logout(b)
    rows = security_log("sign_in", "sign_in_failed", "sign_out")
    assert [(e.kind, e.username, e.detail.get("reason")) for e in rows] == [
        ("sign_in_failed", clerk.username, "password"), ("sign_in_failed", "nobody-by-this-name", "unknown"),
        ("sign_in", clerk.username, None), ("sign_out", clerk.username, None)]
    assert rows[1].user_id is None and rows[2].user_id == clerk.id and rows[2].address == "127.0.0.1"


def test_the_security_log_is_append_only(browser, office_team, security_log, db):
    browser(office_team["clerk"])
    event = security_log()[0]
    event.kind = "sign_out"
    with pytest.raises(RuntimeError, match="append-only"):
        db.session.flush()
