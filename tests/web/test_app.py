"""The dashboard serves its own assets, describes its API in OpenAPI, and shows numbers beside charts."""

from __future__ import annotations

import re

from tests.web.conftest import Site


def test_plotly_is_served_by_the_app_and_no_page_loads_anything_from_outside(site: Site) -> None:
    client = site.client("chiyoda")
    js = client.get("/assets/plotly.min.js")
    assert js.status_code == 200 and len(js.content) > 1_000_000
    assert client.get("/static/app.css").status_code == 200
    for url in ("/", "/login"):
        html = client.get(url).text
        assert not re.search(r"""(src|href)=["']https?://""", html), url


def test_openapi_describes_every_api_route(site: Site) -> None:
    spec = site.client().get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    api = {p for p in spec["paths"] if p.startswith("/api/")}
    assert {"/api/v1/me", "/api/v1/summary", "/api/v1/imports"} <= api
    assert not {p for p in spec["paths"] if not p.startswith("/api/")}, "pages are not part of the API"
    for path in api:
        for operation in spec["paths"][path].values():
            assert operation.get("summary"), f"{path} needs a summary"


def test_the_overview_has_its_chart_and_the_numbers_in_a_table(site: Site) -> None:
    html = site.client("chiyoda").get("/").text
    assert 'class="chart"' in html and "data-figure" in html
    assert "<caption>月別・費用区分別の費用(円)</caption>" in html
    assert (
        'href="/download/summary.csv?by=month&amp;by=cost_source"' in html or "summary.csv?by=month" in html
    )
    assert html.count("<table>") >= 4
    assert 'lang="ja"' in html and 'href="#main"' in html
