"""Findings 3 and 4: failed sign-ins are throttled per address and per account name, and nothing in the answers,
or in the work behind them, tells an existing account from an unknown name."""
import argon2
import pytest

from tests.conftest import PASSWORD


def _token(client, username, password="wrong-password", address="127.0.0.1"):
    return client.post("/api/v1/auth/token", json={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_many_failures_from_one_address_are_throttled_whatever_the_names(client, office_team, app):
    budget = int(app.config["LOGIN_FAILURES_PER_ADDRESS"].split()[0])
    answers = [_token(client, f"guess{n}").status_code for n in range(budget)]
    assert answers == [401] * budget
    refused = _token(client, office_team["clerk"].username, PASSWORD)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert _token(client, "guess-from-elsewhere", address="10.1.2.3").status_code == 401  # another address


def test_the_sign_in_page_and_the_token_endpoint_share_the_budget(client, browser, app):
    budget = int(app.config["LOGIN_FAILURES_PER_ADDRESS"].split()[0])
    for n in range(budget):
        _token(client, f"guess{n}")
    page = browser().login("someone-else", "wrong-password")
    assert page.status_code == 429 and "尝试过于频繁" in page.get_data(as_text=True)


def _answers(client, app, username):
    out = []
    for _ in range(app.config["LOGIN_MAX_FAILURES"] + 2):
        r = _token(client, username)
        out.append((r.status_code, r.json["message"]))
    return out


def test_an_existing_account_and_an_unknown_name_get_the_same_answers(client, office_team, app):
    from caseflow.extensions import limiter

    existing = _answers(client, app, office_team["clerk"].username)
    limiter.reset()
    unknown = _answers(client, app, "no-such-user")
    assert existing == unknown
    assert [status for status, _message in existing][-2:] == [429, 429]


def test_web_sign_in_answers_alike_for_a_locked_account_and_an_unknown_name(browser, office_team, app):
    from caseflow.extensions import limiter

    def answers(username):
        out = []
        for _ in range(app.config["LOGIN_MAX_FAILURES"] + 1):
            r = browser().login(username, "wrong-password")
            out.append((r.status_code, "锁定" in r.get_data(as_text=True)))
        return out

    existing = answers(office_team["clerk"].username)
    limiter.reset()
    assert existing == answers("no-such-user")


class Counting:
    """Counts argon2 work: every sign-in attempt must cost one verification and no hashing."""

    def __init__(self, monkeypatch):
        self.calls = []
        for name in ("verify", "hash"):
            original = getattr(argon2.PasswordHasher, name)

            def counted(hasher, *args, _name=name, _original=original, **kwargs):
                self.calls.append(_name)
                return _original(hasher, *args, **kwargs)

            monkeypatch.setattr(argon2.PasswordHasher, name, counted)


@pytest.mark.parametrize("state", ["unknown", "wrong password", "locked", "disabled"])
def test_every_refusal_costs_one_password_verification(client, office_team, app, db, monkeypatch, state):
    from datetime import timedelta

    from caseflow.clock import now_utc

    clerk = office_team["clerk"]
    _token(client, "warm-up")  # the first refusal may make the stand-in hash once; its cost is not per request
    if state == "locked":
        clerk.locked_until = now_utc() + timedelta(minutes=5)
    if state == "disabled":
        clerk.active = False
    db.session.commit()
    counting = Counting(monkeypatch)
    response = _token(client, "no-such-user" if state == "unknown" else clerk.username,
                      PASSWORD if state in ("locked", "disabled") else "wrong-password")
    assert response.status_code == 401
    assert counting.calls == ["verify"]
