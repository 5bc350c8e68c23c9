"""One request type per run (SCENARIO), for bench/loadtest.py; the clerk is bench01 of bench/load_cases.py."""
from __future__ import annotations

import os
import re
from datetime import date

from locust import FastHttpUser, constant, task

SCENARIO = os.environ.get("SCENARIO", "bare")
USER = os.environ.get("BENCH_USER", "bench01")
PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-password")
CASE_IDS = [int(x) for x in os.environ.get("BENCH_CASE_IDS", "").split(",") if x]
RECEIVED_IDS = [int(x) for x in os.environ.get("BENCH_RECEIVED_IDS", "").split(",") if x]
API_LISTS = {
    "list": "/api/v1/cases?page_size=20",
    "list_state": "/api/v1/cases?page_size=20&state=reconsideration:in_review",
    "list_by_due": "/api/v1/cases?page_size=20&sort=next_due_on",
    "list_received_range": "/api/v1/cases?page_size=20&received_from=2024-01-01&received_to=2024-06-30",
    "list_overdue": "/api/v1/cases?page_size=20&overdue=true",
    "list_q": "/api/v1/cases?page_size=20&q=%E5%BC%A0%E4%BC%9F",
    "list_cursor": None,  # the second page, by cursor
}


def _cookies(response) -> str:
    value = response.headers.get("Set-Cookie", "")
    return "; ".join(value) if isinstance(value, list) else value


class Clerk(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        self.n = 0
        if SCENARIO == "bare":
            return
        if SCENARIO.startswith("web"):
            # The production cookie is Secure (HTTPS at the proxy); over the bench's plain HTTP it is sent by hand.
            form = self.client.get("/login")
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form.text).group(1)
            first = re.search(r"session=([^;]+)", _cookies(form)).group(1)
            signed_in = self.client.post("/login", data={"username": USER, "password": PASSWORD,
                                                         "csrf_token": token}, headers={"Cookie": f"session={first}"},
                                         allow_redirects=False)
            cookie = re.search(r"session=([^;]+)", _cookies(signed_in)).group(1)
            self.headers = {"Cookie": f"session={cookie}"}
            return
        token = self.client.post("/api/v1/auth/token", json={"username": USER, "password": PASSWORD}).json()["token"]
        self.headers = {"Authorization": f"Bearer {token}"}
        if SCENARIO == "list_cursor":
            first = self.client.get("/api/v1/cases?page_size=20", headers=self.headers)
            self.cursor = first.headers["X-Next-Cursor"]

    def _next(self, ids):
        self.n += 1
        return ids[(self.n * 7919 + id(self)) % len(ids)]

    def _page(self, url):
        with self.client.get(url, headers=self.headers, name=SCENARIO, allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} (signed out?)")

    @task
    def request(self):
        if SCENARIO == "bare":
            self.client.get("/healthz", name="bare")
        elif SCENARIO == "list_cursor":
            self.client.get(f"/api/v1/cases?page_size=20&cursor={self.cursor}", headers=self.headers, name=SCENARIO)
        elif SCENARIO in API_LISTS:
            self.client.get(API_LISTS[SCENARIO], headers=self.headers, name=SCENARIO)
        elif SCENARIO == "web_list":
            self._page("/cases")
        elif SCENARIO == "web_overdue":
            self._page("/cases?overdue=1")
        elif SCENARIO == "web_case":
            self._page(f"/cases/{self._next(CASE_IDS)}")
        elif SCENARIO == "api_case":
            self.client.get(f"/api/v1/cases/{self._next(CASE_IDS)}", headers=self.headers, name=SCENARIO)
        elif SCENARIO == "transition":
            case_id = RECEIVED_IDS.pop() if RECEIVED_IDS else None
            if case_id is None:
                return
            with self.client.post(f"/api/v1/cases/{case_id}/transitions", headers=self.headers, name=SCENARIO,
                                  json={"transition": "accept", "version": 1, "on": date.today().isoformat(),
                                        "data": {"procedure": "ordinary"}}, catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(f"{response.status_code} {response.text[:200]}")
