"""Finding 1: after signing in or switching language, only a path on this site is followed."""
import pytest

from tests.conftest import PASSWORD
from tests.web.conftest import csrf_from

# As an attacker would send them in the query string (still percent-encoded) or in a form field (decoded).
LEAVING = ["/%09/evil.example", "/%0A/evil.example", "/%0D/evil.example", "//evil.example", "/%5Cevil.example",
           "%2F%2Fevil.example", "https://evil.example/", "javascript:alert(1)",
           "/cases%0D%0ASet-Cookie:%20x=1", "/ /evil.example"]


@pytest.mark.parametrize("target", LEAVING)
def test_sign_in_goes_home_instead_of_leaving_the_site(browser, office_team, target):
    b = browser()
    token = csrf_from(b.get("/login").get_data(as_text=True))
    response = b.client.post(f"/login?next={target}", data={"username": office_team["clerk"].username,
                                                            "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", ["/\t/evil.example", "/\n/evil.example", "/\\evil.example", "//evil.example",
                                    "/a\r\nSet-Cookie: x=1", "https://evil.example"])
def test_language_switch_goes_home_instead_of_leaving_the_site(browser, target):
    b = browser()
    token = csrf_from(b.get("/login").get_data(as_text=True))
    response = b.client.post("/language/en", data={"next": target, "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_a_path_on_the_site_is_followed(browser, office_team):
    b = browser()
    token = csrf_from(b.get("/login").get_data(as_text=True))
    response = b.client.post("/login?next=/cases%3Fstate%3Dreceived", data={
        "username": office_team["clerk"].username, "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/cases?state=received"
    switched = b.client.post("/language/en", data={"next": "/cases?page=2", "csrf_token": token})
    assert switched.headers["Location"] == "/cases?page=2"


def test_a_bidi_override_in_next_is_refused_as_input(browser, office_team):
    b = browser()
    token = csrf_from(b.get("/login").get_data(as_text=True))
    response = b.client.post("/login?next=/%E2%80%AE/evil.example", data={
        "username": office_team["clerk"].username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 422 and "Location" not in response.headers
