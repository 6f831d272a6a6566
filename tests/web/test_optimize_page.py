"""最適化: the page, its downloads and /api/v1/findings show what ``optimize()`` says for the user's
scope — counted and totalled here straight from the engine — filtered as asked, in the session's
language."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from decimal import Decimal

import openpyxl
import pytest
from fastapi.testclient import TestClient

from govcost.engine import Engine
from govcost.jp.money import round_yen
from govcost.optimize.run import OptimizeResult, combine
from govcost.web.app import create_app
from tests.web.conftest import CHIYODA, CHUO, MINATO, Site, login, settings_of


def client(site: Site, username: str) -> TestClient:
    """A new app (its own cache) with the demo's settings, signed in as ``username``."""
    c = TestClient(create_app(site.ledger, settings=settings_of(site)))
    login(c, username)
    return c


@pytest.fixture(scope="module")
def signed_in(site: Site) -> Callable[[str], TestClient]:
    """One client per user for the tests that only read (the app computes each scope once)."""
    made: dict[str, TestClient] = {}

    def get(username: str) -> TestClient:
        if username not in made:
            made[username] = client(site, username)
        return made[username]

    return get


def total(results: list[OptimizeResult]) -> int:
    """The total possible saving a month: each run's combined savings, rounded once."""
    return int(round_yen(sum((r.monthly_saving_jpy for r in results), Decimal(0))))


def acting(results: list[OptimizeResult]) -> int:
    return sum(1 for r in results for f in r.findings if not f.informational)


def test_the_page_shows_the_municipal_users_findings_and_their_total(
    signed_in: Callable[[str], TestClient], results: dict[str | None, OptimizeResult]
) -> None:
    own = results[CHIYODA]
    assert own.findings, "the demo plants findings for 千代田区"
    c = signed_in("chiyoda")
    html = c.get("/optimize").text
    expected = f"{total([own]):,}"
    assert f"削減可能額: 月額 {expected} 円" in html
    info = sum(f.informational for f in own.findings)
    assert f"指摘 {acting([own])} 件(参考 {info} 件)" in html
    assert "重複を除いた合算" in html, "the page says overlaps are combined"
    assert 'class="chart"' in html and "<caption>ルール別の削減可能額(月額、円)</caption>" in html
    assert f"{own.month:%Y-%m}" in html
    for f in own.findings[:5]:
        assert f.resource_id in html and f.action.split("。")[0][:20] in html
    api = c.get("/api/v1/findings").json()
    assert api["monthly_saving_jpy"] == total([own])
    assert api["findings_count"] == acting([own])
    assert {f["municipality_code"] for f in api["findings"]} == {CHIYODA}
    assert sorted((f["rule"], f["resource_id"]) for f in api["findings"]) == sorted(
        (f.rule, f.resource_id) for f in own.findings
    )


def test_a_group_administrator_gets_each_municipalitys_run_and_the_administrator_everything(
    signed_in: Callable[[str], TestClient], results: dict[str | None, OptimizeResult]
) -> None:
    group = signed_in("group")
    api = group.get("/api/v1/findings").json()
    assert api["monthly_saving_jpy"] == total([results[CHIYODA], results[CHUO]])
    assert api["findings_count"] == acting([results[CHIYODA], results[CHUO]])
    assert {f["municipality_code"] for f in api["findings"]} == {CHIYODA, CHUO}
    # Within the group, one municipality's findings are exactly that municipality's own.
    chuo = group.get(f"/api/v1/findings?municipality={CHUO}").json()
    assert chuo["monthly_saving_jpy"] == total([results[CHUO]])
    assert chuo["findings"] == signed_in("chuo").get("/api/v1/findings").json()["findings"]
    assert group.get(f"/api/v1/findings?municipality={MINATO}").status_code == 404
    assert group.get(f"/optimize?municipality={MINATO}").status_code == 404

    admin = signed_in("admin").get("/api/v1/findings").json()
    assert admin["monthly_saving_jpy"] == total([results[None]])
    assert admin["findings_count"] == acting([results[None]])


def test_filters_by_rule_business_and_system_and_the_total_of_what_is_shown(
    signed_in: Callable[[str], TestClient], results: dict[str | None, OptimizeResult]
) -> None:
    own = results[CHIYODA]
    c = signed_in("chiyoda")
    rule = next(f.rule for f in own.findings if not f.informational)
    api = c.get(f"/api/v1/findings?rule={rule}").json()
    kept = [f for f in own.findings if f.rule == rule]
    assert {f["rule"] for f in api["findings"]} == {rule}
    assert len(api["findings"]) == len(kept)
    assert api["monthly_saving_jpy"] == int(
        round_yen(sum((s.combined_jpy for s in combine(kept)), Decimal(0)))
    )
    html = c.get(f"/optimize?rule={rule}").text
    assert f'<option value="{rule}" selected>' in html
    assert f'href="/download/findings.csv?rule={rule}"' in html

    business = next(f.business for f in own.findings if f.business)
    api = c.get("/api/v1/findings", params={"business": business}).json()
    assert api["findings"] and {f["business"] for f in api["findings"]} == {business}
    assert len(api["findings"]) == sum(f.business == business for f in own.findings)

    system = next(f.system_id for f in own.findings if f.system_id)
    api = c.get("/api/v1/findings", params={"system": system, "rule": rule}).json()
    assert all(f["system_id"] == system and f["rule"] == rule for f in api["findings"])
    assert c.get("/api/v1/findings?rule=no-such-rule").json()["findings"] == []
    assert c.get(f"/api/v1/findings?municipality={CHUO}").status_code == 404


def test_the_downloads_carry_the_same_findings(
    signed_in: Callable[[str], TestClient], results: dict[str | None, OptimizeResult]
) -> None:
    own = results[CHIYODA]
    c = signed_in("chiyoda")
    expected = sorted((f.rule, f.resource_id, int(round_yen(f.monthly_saving_jpy))) for f in own.findings)
    text = c.get("/download/findings.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    head = rows[0]
    assert head[:2] == ["ルール", "ルールID"]
    rid, res, saving = head.index("ルールID"), head.index("リソースID"), head.index("月額削減(円)")
    assert sorted((r[rid], r[res], int(r[saving])) for r in rows[1:]) == expected

    wb = openpyxl.load_workbook(io.BytesIO(c.get("/download/findings.xlsx").content), read_only=True)
    cells = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    assert sorted((r[rid], r[res], int(r[saving])) for r in cells[1:]) == expected

    wb = openpyxl.load_workbook(io.BytesIO(c.get("/download/findings-by-rule.xlsx").content), read_only=True)
    by_rule = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    assert by_rule[-1][0] == "合計" and by_rule[-1][4] == total([own])


def test_the_page_follows_the_session_language(site: Site, results: dict[str | None, OptimizeResult]) -> None:
    c = client(site, "chiyoda")
    html = c.get("/optimize").text
    assert "<h1>最適化</h1>" in html and "絞り込み" in html and 'lang="ja"' in html
    c.get("/lang/en")
    html = c.get("/optimize").text
    assert "<h1>Optimisation</h1>" in html and 'lang="en"' in html
    assert f"possible saving: ¥{total([results[CHIYODA]]):,} a month" in html
    assert "overlaps combined" in html
    head = c.get("/download/findings.csv").content.decode("utf-8-sig").splitlines()[0]
    assert head.startswith("rule,rule id,")


def test_the_result_is_cached_until_the_ledger_changes(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    from govcost.web.routes import _scoped

    calls: list[str | None] = []
    real = Engine.optimize

    def counting(self: Engine, **kwargs: object) -> OptimizeResult:
        calls.append(kwargs.get("municipality"))  # type: ignore[arg-type]
        return real(self, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Engine, "optimize", counting)
    c = client(site, "chiyoda")
    c.get("/optimize")
    c.get("/api/v1/findings?rule=storage")
    c.get("/download/findings.csv")
    assert calls == [CHIYODA]
    state = _scoped.ledger_state
    monkeypatch.setattr(_scoped, "ledger_state", lambda engine: (*state(engine), "a new import"))
    c.get("/optimize")
    assert calls == [CHIYODA, CHIYODA]


def test_the_api_is_described_in_openapi(site: Site) -> None:
    spec = site.client().get("/openapi.json").json()
    operation = spec["paths"]["/api/v1/findings"]["get"]
    assert operation["summary"]
    assert {p["name"] for p in operation["parameters"]} >= {"rule", "business", "municipality", "system"}
    assert "/optimize" not in spec["paths"]


def test_the_nav_links_to_the_page_and_marks_it_current(signed_in: Callable[[str], TestClient]) -> None:
    html = signed_in("chiyoda").get("/optimize").text
    assert '<a href="/optimize" aria-current="page">最適化</a>' in html
    assert 'label for="f-rule"' in html and 'id="f-rule"' in html
