import re
from datetime import date

import pytest

from tests.conftest import PASSWORD

TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = TOKEN.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


class FreshContextClient:
    """The test holds an app context open (for the database), so Flask reuses its `g` across requests; a
    browser's requests never share one. Clear what extensions cache there (CSRF token, signed-in user, locale)."""

    def __init__(self, client):
        self._client = client

    def _fresh(self):
        from flask import g
        from flask_babel import refresh

        for cached in ("csrf_token", "_login_user", "user"):
            g.pop(cached, None)
        refresh()

    def get(self, *args, **kwargs):
        self._fresh()
        return self._client.get(*args, **kwargs)

    def post(self, *args, **kwargs):
        self._fresh()
        return self._client.post(*args, **kwargs)


class Browser:
    """A signed-in test client that posts forms with the page's CSRF token, as a browser would."""

    def __init__(self, client, user=None):
        self.client = FreshContextClient(client)
        if user is not None:
            self.login(user.username, PASSWORD)

    def login(self, username, password):
        page = self.client.get("/login")
        return self.client.post("/login", data={"username": username, "password": password,
                                                "csrf_token": csrf_from(page.get_data(as_text=True))})

    def get(self, url, **kw):
        return self.client.get(url, **kw)

    def submit(self, page_url, data, action=None, **kw):
        """GET the page, take its token, POST `data` to `action` (default: the page itself)."""
        page = self.client.get(page_url)
        assert page.status_code == 200, page.status_code
        data = dict(data, csrf_token=csrf_from(page.get_data(as_text=True)))
        return self.client.post(action or page_url, data=data, **kw)


@pytest.fixture
def browser(client):
    def make(user=None):
        return Browser(client, user)

    return make


@pytest.fixture
def team_case(api, make, office_team):
    """A case registered by the team's clerk, received on a fixed date."""
    body = make.application(office_team["agency"], received_on=date(2025, 9, 12))
    return api(office_team["clerk"]).post("/api/v1/cases", json=body).json


@pytest.fixture
def fresh_case(api, make, office_team):
    """A case received yesterday: its review and supplement-notice periods still run (ARL Arts. 30, 31)."""
    from datetime import timedelta

    from caseflow.clock import today_local

    body = make.application(office_team["agency"], received_on=today_local() - timedelta(days=1))
    return api(office_team["clerk"]).post("/api/v1/cases", json=body).json
