"""Signing in: argon2 passwords, signed session cookies, CSRF on every form, a rate limit."""

from __future__ import annotations

from govcost.web.security import SESSION_COOKIE
from tests.web.conftest import PASSWORD, Site, login


def test_pages_need_a_session(site: Site) -> None:
    client = site.client()
    assert client.get("/", follow_redirects=False).headers["location"] == "/login"
    assert client.get("/api/v1/summary").status_code == 401


def test_login_page_is_japanese_and_switches_to_english(site: Site) -> None:
    client = site.client()
    page = client.get("/login")
    assert '<html lang="ja">' in page.text and "サインイン" in page.text and "パスワード" in page.text
    english = client.get("/login?lang=en")
    assert '<html lang="en">' in english.text and "Password" in english.text


def test_a_right_password_signs_in_and_a_wrong_one_does_not(site: Site) -> None:
    client = site.client()
    bad = login(client, "chiyoda", "wrong password!")
    assert bad.status_code == 401 and "ユーザー名またはパスワードが違います" in bad.text
    assert client.get("/api/v1/me").status_code == 401
    good = login(client, "chiyoda")
    assert good.status_code == 303
    assert client.get("/api/v1/me").json() == {
        "username": "chiyoda",
        "role": "municipal",
        "municipalities": ["131016"],
    }


def test_unknown_users_get_the_same_answer(site: Site) -> None:
    client = site.client()
    response = login(client, "nobody", PASSWORD)
    assert response.status_code == 401 and "ユーザー名またはパスワードが違います" in response.text


def test_a_form_without_its_csrf_token_is_refused(site: Site) -> None:
    client = site.client()
    client.get("/login")
    response = client.post("/login", data={"username": "chiyoda", "password": PASSWORD, "csrf": "forged"})
    assert response.status_code == 400
    signed_in = site.client("chiyoda")
    assert signed_in.post("/logout", data={"csrf": "forged"}).status_code == 400
    assert signed_in.get("/api/v1/me").status_code == 200


def test_a_tampered_cookie_is_no_session(site: Site) -> None:
    client = site.client("chiyoda")
    cookie = client.cookies.get(SESSION_COOKIE)
    assert cookie
    client.cookies.set(SESSION_COOKIE, cookie[:-2] + ("AA" if not cookie.endswith("AA") else "BB"))
    assert client.get("/api/v1/me").status_code == 401


def test_logout_ends_the_session(site: Site) -> None:
    client = site.client("chiyoda")
    page = client.get("/")
    token = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    assert client.post("/logout", data={"csrf": token}, follow_redirects=False).status_code == 303
    assert client.get("/api/v1/me").status_code == 401


def test_repeated_failures_are_rate_limited(site: Site) -> None:
    client = site.client()
    for _ in range(5):
        assert login(client, "chuo", "not the password").status_code == 401
    blocked = login(client, "chuo")
    assert blocked.status_code == 429 and "しばらくサインインできません" in blocked.text


def test_api_refusals_have_the_same_error_body(site: Site) -> None:
    client = site.client("chiyoda")
    incomplete = client.post("/api/v1/reviews", headers={"X-CSRF-Token": "forged"})
    assert incomplete.status_code == 422 and set(incomplete.json()) == {"error"}
    assert "estimate" in incomplete.json()["error"]
    estimate = ("e.csv", "品名,金額\nサーバ,100\n".encode(), "text/csv")
    forged = client.post("/api/v1/reviews", headers={"X-CSRF-Token": "forged"}, files={"estimate": estimate})
    assert forged.status_code in (400, 403) and set(forged.json()) == {"error"}
    missing = client.get("/api/v1/no-such-route")
    assert missing.status_code == 404 and set(missing.json()) == {"error"}
