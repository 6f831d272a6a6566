"""概要: the fiscal year so far against budget and forecast, and the before/after ratio against the
targets (0.7 and 1.5 as reference lines), equal to the KPI engine's figures for each scope."""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal

import pytest

from govcost.allocate.kpi.ratios import group_ratio
from govcost.allocate.kpi.stats import ratio_text
from govcost.engine import Engine
from govcost.jp.money import round_yen
from tests.web.conftest import CHIYODA, CHUO, Site

SCOPES = {"chiyoda": {CHIYODA}, "group": {CHIYODA, CHUO}, "admin": None}


def _yen(v: Decimal | None) -> int | None:
    return None if v is None else int(round_yen(v))


@pytest.mark.parametrize("user", list(SCOPES))
def test_the_fiscal_year_is_the_kpi_engines(site: Site, user: str) -> None:
    codes = SCOPES[user]
    with Engine(site.ledger) as engine:
        one = next(iter(codes)) if codes and len(codes) == 1 else None
        k = engine.kpi(municipality=one, baseline=site.baseline, budget=site.budget)
    if codes is None or one is not None:
        actual = [_yen(m.actual_jpy) for m in k.fiscal.total.months]
        budget = [_yen(m.budget_jpy) for m in k.fiscal.total.months]
        ratios = {r.municipality_code: ratio_text(r.ratio) for r in k.before_after.rows}
    else:
        series = [s for s in k.fiscal.series if s.municipality_code in codes]
        actual = [
            _yen(sum((s.months[i].actual_jpy or Decimal(0) for s in series), Decimal(0)))
            if series[0].months[i].actual_jpy is not None
            else None
            for i in range(12)
        ]
        budget = [
            _yen(sum((s.months[i].budget_jpy or Decimal(0) for s in series), Decimal(0))) for i in range(12)
        ]
        budget = [
            b if any(s.months[i].budget_jpy is not None for s in series) else None
            for i, b in enumerate(budget)
        ]
        rows = [r for r in k.before_after.rows if r.municipality_code in codes]
        ratios = {r.municipality_code: ratio_text(r.ratio) for r in rows}
        g = group_ratio([(r.before_jpy, r.after_jpy) for r in rows if r.before_jpy])
        data = site.client(user).get("/api/v1/kpi").json()
        assert data["before_after"]["group"]["ratio_of_totals"] == ratio_text(g.ratio_of_totals)
    data = site.client(user).get("/api/v1/kpi").json()
    assert [m["actual_jpy"] for m in data["months"]] == actual
    assert [m["budget_jpy"] for m in data["months"]] == budget
    assert any(b is not None for b in budget), "the demo's budget.csv is used"
    assert {r["municipality_code"]: r["ratio"] for r in data["before_after"]["municipalities"]} == ratios


def test_the_overview_draws_the_targets_as_reference_lines(site: Site) -> None:
    page = site.client("group").get("/").text
    figures = [json.loads(html.unescape(f)) for f in re.findall(r"data-figure='([^']*)'", page)]
    lines = [f for f in figures if f["layout"].get("shapes")]
    assert lines, "a chart with reference lines"
    assert sorted(s["y0"] for s in lines[0]["layout"]["shapes"]) == [0.7, 1.5]
    assert "合計の比" in page and "団体別倍率の平均" in page
    assert "/download/kpi/fiscal.csv" in page and "/download/kpi/before_after.xlsx" in page
    assert "令和7年4月" in page
