"""システム: the list of the user's systems and one page per system (accounts, costs by month and by
service, findings); another municipality's system is 404; jointly used systems show each member's
allocated share when the app has allocation rules."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from govcost.engine import Engine
from govcost.jp.money import round_yen
from govcost.web.app import create_app
from tests.web.conftest import CHIYODA, CHUO, MINATO, Site, login
from tests.web.test_isolation import URLS, _text, _totals

#: Jointly used systems of the demo: their cloud accounts are registered to 千代田区 (the lead).
KOSEKI, FUKUSHI = "KOSEKI-K01", "FUKUSHI-K02"


def data_of(site: Site) -> Path:
    return site.ledger.parent / "data"


#: Clients of the tests that only read, one per (ledger, user, allocation): each app computes once.
_clients: dict[tuple[Path, str, bool], TestClient] = {}


def client(site: Site, username: str, *, allocation: bool = False, fresh: bool = False) -> TestClient:
    """An app with the demo's settings (and its allocation rules if asked), signed in as ``username``;
    the same one again unless ``fresh``."""
    key = (site.ledger, username, allocation)
    if fresh or key not in _clients:
        data = data_of(site)
        c = TestClient(
            create_app(
                site.ledger,
                settings=data / "optimize.yaml",
                allocation=data / "allocation.yaml" if allocation else None,
            )
        )
        login(c, username)
        if fresh:
            return c
        _clients[key] = c
    return _clients[key]


def expected_systems(site: Site, codes: list[str]) -> dict[str, int]:
    """Each system's cost in FY2025 (the demo's year) in the codes' rows, computed from the ledger."""
    with Engine(site.ledger) as engine:
        c = engine.costs()
        c = c.filter(c.municipality_code.isin(codes) & c.system_id.notnull())
        rows = c.group_by("system_id").aggregate(cost=c.billed_cost_jpy.sum()).to_pyarrow().to_pylist()
    return {r["system_id"]: int(round_yen(r["cost"])) for r in rows}


def test_the_list_shows_the_users_systems_with_their_costs(site: Site) -> None:
    c = client(site, "chiyoda")
    expected = expected_systems(site, [CHIYODA])
    assert {KOSEKI, FUKUSHI, f"JUKI-{CHIYODA}"} <= set(expected)
    api = c.get("/api/v1/systems").json()
    assert api["fiscal_year"] == 2025 and api["allocated"] is False
    assert {s["system_id"]: s["fiscal_year_cost_jpy"] for s in api["systems"]} == expected
    juki = next(s for s in api["systems"] if s["system_id"] == f"JUKI-{CHIYODA}")
    assert juki["usage"] == ["単独"] and juki["businesses"] == ["住民基本台帳"] and len(juki["accounts"]) == 2
    html = c.get("/systems").text
    assert "<h1>システム</h1>" in html and "令和7年度の費用(円)" in html
    assert f'<a href="/systems/{KOSEKI}">{KOSEKI}</a>' in html
    for sid, cost in expected.items():
        assert sid in html and f"{cost:,}" in html
    assert "共同利用" in html and "単独利用" in html
    assert 'class="chart"' in html
    rows = list(csv.reader(io.StringIO(c.get("/download/systems.csv").content.decode("utf-8-sig"))))
    assert {r[0]: int(r[4]) for r in rows[1:]} == expected
    wb = openpyxl.load_workbook(io.BytesIO(c.get("/download/systems.xlsx").content), read_only=True)
    cells = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    assert {r[0]: r[4] for r in cells[1:]} == expected


def test_a_system_page_shows_accounts_costs_by_month_and_service_and_findings(site: Site) -> None:
    c = client(site, "chiyoda")
    html = c.get(f"/systems/{KOSEKI}").text
    assert f"<h1>システム {KOSEKI}</h1>" in html
    accounts = (data_of(site) / "accounts.csv").read_text(encoding="utf-8").splitlines()
    mine = [line.split(",")[1] for line in accounts if f",{CHIYODA}," in line and f",{KOSEKI}," in line]
    assert mine and all(a in html for a in mine)
    assert "<caption>月別・費用区分別の費用(円)</caption>" in html and 'class="chart"' in html
    assert "<caption>費用区分・サービス別の費用(円)</caption>" in html
    assert "Amazon Elastic Compute Cloud" in html and "ソフトウェア借料" in html
    api = c.get(f"/api/v1/systems/{KOSEKI}").json()
    assert api["fiscal_year_cost_jpy"] == expected_systems(site, [CHIYODA])[KOSEKI]
    assert sum(r["cost_jpy"] for r in api["monthly"]) in range(
        api["total_cost_jpy"] - len(api["monthly"]), api["total_cost_jpy"] + len(api["monthly"]) + 1
    )
    with Engine(site.ledger) as engine:
        result = engine.optimize(municipality=CHIYODA, settings=data_of(site) / "optimize.yaml")
    findings = [f for f in result.findings if f.system_id == KOSEKI]
    assert findings, "the demo plants findings on the joint 戸籍 system"
    assert sorted(f["resource_id"] for f in api["findings"]) == sorted(f.resource_id for f in findings)
    for f in findings:
        assert f.resource_id in html
    assert f'href="/optimize?system={KOSEKI}"' in html
    for table in ("accounts", "monthly", "services", "findings"):
        body = c.get(f"/download/systems/{KOSEKI}/{table}.xlsx").content
        wb = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        rows = list(wb.worksheets[0].iter_rows(values_only=True))
        assert len(rows) > 1, table
    wb = openpyxl.load_workbook(
        io.BytesIO(c.get(f"/download/systems/{KOSEKI}/monthly.xlsx").content), read_only=True
    )
    rows = list(wb.worksheets[0].iter_rows(values_only=True))[1:]
    assert sorted(r[-1] for r in rows) == sorted(r["cost_jpy"] for r in api["monthly"])


def test_another_municipalitys_system_is_not_found(site: Site) -> None:
    c = client(site, "chiyoda")
    other = c.get(f"/systems/JUKI-{CHUO}")
    missing = c.get("/systems/NO-SUCH-SYSTEM")
    assert other.status_code == missing.status_code == 404
    assert other.text == missing.text, "a 404 does not tell whether the system exists"
    assert CHUO not in other.text and "中央区" not in other.text
    assert c.get(f"/api/v1/systems/JUKI-{CHUO}").status_code == 404
    assert c.get(f"/download/systems/JUKI-{CHUO}/monthly.csv").status_code == 404
    assert c.get(f"/download/systems/{KOSEKI}/secrets.csv").status_code == 404
    # The group administrator sees both wards' systems, and not 港区's.
    group = client(site, "group")
    assert group.get(f"/systems/JUKI-{CHUO}").status_code == 200
    assert group.get(f"/systems/JUKI-{MINATO}").status_code == 404
    ids = {s["system_id"] for s in group.get("/api/v1/systems").json()["systems"]}
    assert ids == set(expected_systems(site, [CHIYODA, CHUO]))


def test_without_allocation_rules_a_member_sees_only_its_registered_costs(site: Site) -> None:
    chuo = client(site, "chuo")
    api = chuo.get(f"/api/v1/systems/{KOSEKI}").json()
    assert "cloud" not in {r["cost_source"] for r in api["monthly"]}, "the cloud bill is the lead's"
    assert api["accounts"] == []
    html = chuo.get(f"/systems/{KOSEKI}").text
    assert "按分ルールは未設定" in html


def test_with_allocation_rules_each_member_sees_its_share_of_a_joint_system(site: Site) -> None:
    with Engine(site.ledger) as engine:
        result = engine.allocate(data_of(site) / "allocation.yaml", compare=False)
    share = {code: int(result.total_of(code, "koseki-k01")) for code in (CHIYODA, CHUO, MINATO)}
    assert all(share.values())
    chuo = client(site, "chuo", allocation=True)
    api = chuo.get(f"/api/v1/systems/{KOSEKI}").json()
    assert api["allocated"] is True
    cloud = sum(r["cost_jpy"] for r in api["monthly"] if r["cost_source"] == "cloud")
    assert cloud == share[CHUO]
    assert api["accounts"] == [], "the joint system's accounts are registered to the lead"
    assert "按分ルールによる各団体の負担額" in chuo.get(f"/systems/{KOSEKI}").text
    lead = client(site, "chiyoda", allocation=True).get(f"/api/v1/systems/{KOSEKI}").json()
    cloud = sum(Decimal(r["cost_jpy_exact"]) for r in lead["monthly"] if r["cost_source"] == "cloud")
    assert abs(cloud - share[CHIYODA]) < 1, "the lead pays its share, not the whole bill"
    assert len(lead["accounts"]) == 2


@pytest.mark.parametrize("allocation", [False, True])
def test_the_pages_and_downloads_show_nothing_of_other_wards(site: Site, allocation: bool) -> None:
    """test_isolation's check over this module's routes, with the settings and (or not) the
    allocation rules the demo serves with."""
    c = client(site, "chiyoda", allocation=allocation)
    mine = {
        r.path
        for r in c.app.routes  # type: ignore[attr-defined]
        if isinstance(r, APIRoute) and ("systems" in r.path or "findings" in r.path or r.path == "/optimize")
    }
    assert mine <= set(URLS), f"add to test_isolation.URLS: {sorted(mine - set(URLS))}"
    totals = _totals(site)
    marks = ["131024", "中央区", totals[CHUO], "131032", "港区", totals[MINATO]]
    for path in sorted(mine):
        for url in URLS[path]:
            response = c.get(url, follow_redirects=False)
            assert response.status_code in (200, 404), url
            text = _text(response.content, response.headers.get("content-type", ""))
            for mark in marks:
                assert mark not in text, f"{url} shows {mark}"


def test_the_pages_follow_the_session_language(site: Site) -> None:
    c = client(site, "chiyoda", fresh=True)
    c.get("/lang/en")
    html = c.get("/systems").text
    assert "<h1>Systems</h1>" in html and "cost in FY2025 (JPY)" in html and "joint" in html
    html = c.get(f"/systems/{KOSEKI}").text
    assert f"<h1>System {KOSEKI}</h1>" in html and "cost by cost source and service (JPY)" in html
    assert "software" in html
    assert c.get("/systems/NO-SUCH-SYSTEM").text.count("not found") >= 1
