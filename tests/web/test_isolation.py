"""A user of one municipality gets nothing of another's data, route by route: pages, API, downloads.

Every GET route the app registers is visited (a route this test does not know fails it), as the
千代田区 user; the other wards' codes, names and totals must appear nowhere in what comes back.
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from fastapi.routing import APIRoute

from govcost.engine import Engine
from govcost.jp.money import round_yen
from tests.web.conftest import CHIYODA, CHUO, MINATO, Site
from tests.web.stored_reviews import seed_reviews

#: Concrete URLs for every route with parameters (path or query), and whether only administrators may see it.
URLS: dict[str, list[str]] = {
    "/": ["/"],
    "/api/v1/me": ["/api/v1/me"],
    "/api/v1/summary": [
        "/api/v1/summary?by=municipality",
        "/api/v1/summary?by=month&by=cost_source",
        "/api/v1/summary?by=business",
    ],
    "/download/summary.{fmt}": [
        "/download/summary.csv?by=municipality",
        "/download/summary.xlsx?by=municipality",
        "/download/summary.csv?by=month&by=cost_source",
    ],
    "/imports": ["/imports"],
    "/download/imports.{fmt}": ["/download/imports.csv", "/download/imports.xlsx"],
    "/api/v1/imports": ["/api/v1/imports"],
    "/imports/jobs/{job_id}": ["/imports/jobs/0123456789abcdef"],
    "/api/v1/imports/jobs/{job_id}": ["/api/v1/imports/jobs/0123456789abcdef"],
    "/reviews": ["/reviews"],
    "/reviews/{review_id}": ["/reviews/test-chiyoda", "/reviews/test-chuo", "/reviews/..%2Ftest-chuo"],
    "/download/reviews.{fmt}": ["/download/reviews.csv", "/download/reviews.xlsx"],
    "/download/review/{review_id}/lines.{fmt}": [
        "/download/review/test-chiyoda/lines.csv",
        "/download/review/test-chiyoda/lines.xlsx",
        "/download/review/test-chuo/lines.csv",
    ],
    "/download/review/{review_id}/workbook.xlsx": [
        "/download/review/test-chiyoda/workbook.xlsx",
        "/download/review/test-chuo/workbook.xlsx",
    ],
    "/api/v1/reviews": ["/api/v1/reviews"],
    "/api/v1/reviews/{review_id}": ["/api/v1/reviews/test-chiyoda", "/api/v1/reviews/test-chuo"],
    "/api/v1/csrf": ["/api/v1/csrf"],
    "/optimize": [
        "/optimize",
        "/optimize?rule=storage",
        "/optimize?business=戸籍",
        "/optimize?municipality=131016",
        "/optimize?municipality=131024",
        "/optimize?system=KOSEKI-K01",
    ],
    "/download/findings.{fmt}": [
        "/download/findings.csv",
        "/download/findings.xlsx",
        "/download/findings.csv?municipality=131032",
        "/download/findings.xlsx?rule=operating-hours",
    ],
    "/download/findings-by-rule.{fmt}": ["/download/findings-by-rule.csv", "/download/findings-by-rule.xlsx"],
    "/api/v1/findings/status": ["/api/v1/findings/status"],
    "/api/v1/findings": [
        "/api/v1/findings",
        "/api/v1/findings?municipality=131024",
        "/api/v1/findings?business=戸籍&rule=storage",
    ],
    "/systems": ["/systems"],
    "/systems/{system_id}": [
        "/systems/KOSEKI-K01",
        "/systems/FUKUSHI-K02",
        "/systems/JUKI-131016",
        "/systems/JUKI-131024",
        "/systems/BUNSHO-131032",
    ],
    "/download/systems.{fmt}": ["/download/systems.csv", "/download/systems.xlsx"],
    "/download/systems/{system_id}/{table}.{fmt}": [
        *(
            f"/download/systems/KOSEKI-K01/{t}.{f}"
            for t in ("accounts", "monthly", "services", "findings")
            for f in ("csv", "xlsx")
        ),
        "/download/systems/FUKUSHI-K02/monthly.csv",
        "/download/systems/JUKI-131024/monthly.csv",
    ],
    "/api/v1/systems": ["/api/v1/systems"],
    "/api/v1/systems/{system_id}": [
        "/api/v1/systems/KOSEKI-K01",
        "/api/v1/systems/FUKUSHI-K02",
        "/api/v1/systems/JUKI-131024",
    ],
    "/allocation": ["/allocation"],
    "/download/allocation/{table}.{fmt}": [
        *(f"/download/allocation/{t}.{f}" for t in ("monthly", "shares") for f in ("csv", "xlsx")),
        "/download/allocation/other.csv",
    ],
    "/download/allocation-statement.xlsx": [
        "/download/allocation-statement.xlsx",
        "/download/allocation-statement.xlsx?municipality=131016",
        "/download/allocation-statement.xlsx?municipality=131024",
    ],
    "/api/v1/allocation": ["/api/v1/allocation"],
    "/benchmark": ["/benchmark", "/benchmark?anonymise=true"],
    "/download/benchmark.{fmt}": ["/download/benchmark.csv", "/download/benchmark.xlsx?anonymise=true"],
    "/api/v1/benchmark": ["/api/v1/benchmark", "/api/v1/benchmark?anonymise=true"],
    "/download/kpi/{table}.{fmt}": [
        *(f"/download/kpi/{t}.{f}" for t in ("fiscal", "before_after") for f in ("csv", "xlsx")),
    ],
    "/api/v1/kpi": ["/api/v1/kpi"],
    "/login": ["/login"],
    "/lang/{lang}": ["/lang/en"],
}
ADMIN_ONLY = {"/imports", "/download/imports.{fmt}", "/api/v1/imports"}
ADMIN_ONLY |= {"/imports/jobs/{job_id}", "/api/v1/imports/jobs/{job_id}"}
#: For group administrators and administrators only (municipal users get 403).
GROUP_ONLY = {"/benchmark", "/download/benchmark.{fmt}", "/api/v1/benchmark"}
#: The settlement statement names the fellow members of the user's joint systems with their keys
#: (docs/allocation.md, "公開範囲"): their codes and names may appear there, their totals may not.
MEMBERS_NAMED = {"/download/allocation-statement.xlsx"}
NOT_DATA = {"/login", "/lang/{lang}", "/assets/plotly.min.js", "/openapi.json"}


@pytest.fixture(autouse=True)
def _reviews_of_two_wards(site: Site) -> None:
    """A stored estimate review of 千代田区 and one of 中央区, for the review routes' URLs above."""
    seed_reviews(site)


def _text(body: bytes, content_type: str) -> str:
    if "spreadsheetml" in content_type:
        wb = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            " ".join("" if v is None else str(v) for v in row)
            for ws in wb.worksheets
            for row in ws.iter_rows(values_only=True)
        )
    return body.decode("utf-8-sig", errors="replace")


def _totals(site: Site) -> dict[str, str]:
    with Engine(site.ledger) as engine:
        rows = engine.summary(["municipality"]).rows
    return {r.keys["municipality"]: f"{round_yen(r.cost_jpy):,}" for r in rows if r.keys["municipality"]}


def test_a_municipal_user_sees_only_its_own_municipality(site: Site) -> None:
    client = site.client("chiyoda")
    routes = [r for r in client.app.routes if isinstance(r, APIRoute) and "GET" in r.methods]  # type: ignore[attr-defined]
    unknown = {r.path for r in routes} - set(URLS) - NOT_DATA
    assert not unknown, f"routes this test does not visit: {sorted(unknown)}"
    totals = _totals(site)
    others = {
        CHUO: ["131024", "中央区", totals[CHUO]],
        MINATO: ["131032", "港区", totals[MINATO]],
    }
    own_seen = False
    for path, urls in URLS.items():
        for url in urls:
            response = client.get(url, follow_redirects=False)
            if path in ADMIN_ONLY or path in GROUP_ONLY:
                assert response.status_code == 403, url
            text = _text(response.content, response.headers.get("content-type", ""))
            for code, marks in others.items():
                for mark in marks[2:] if path in MEMBERS_NAMED else marks:
                    assert mark not in text, f"{url} shows {mark} of {code}"
            own_seen = own_seen or totals[CHIYODA] in text
    assert own_seen, "the user's own total appears on no page"


def test_a_group_administrator_sees_its_group_and_no_other(site: Site) -> None:
    client = site.client("group")
    rows = client.get("/api/v1/summary?by=municipality").json()["rows"]
    assert {r["municipality"] for r in rows} == {CHIYODA, CHUO}
    assert MINATO not in client.get("/download/summary.csv?by=municipality").text


def test_the_administrator_sees_everything(site: Site) -> None:
    client = site.client("admin")
    rows = client.get("/api/v1/summary?by=municipality").json()["rows"]
    assert {CHIYODA, CHUO, MINATO} <= {r["municipality"] for r in rows}
    assert client.get("/imports").status_code == 200


@pytest.mark.parametrize("user", ["chiyoda", "group", "admin"])
def test_the_api_totals_equal_the_ledgers(site: Site, user: str) -> None:
    client = site.client(user)
    codes = {"chiyoda": {CHIYODA}, "group": {CHIYODA, CHUO}, "admin": None}[user]
    with Engine(site.ledger) as engine:
        expected = engine.summary(["month"], municipalities=sorted(codes) if codes else None).total_jpy
    assert client.get("/api/v1/summary?by=month").json()["total_jpy"] == int(round_yen(expected))
