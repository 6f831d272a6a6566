"""ベンチマーク: group administrators and administrators only; the figures are the KPI engine's;
anonymised output names no municipality of the group, by code, name or population."""

from __future__ import annotations

import io

import openpyxl

from govcost.allocate.kpi.ratios import group_ratio
from govcost.allocate.kpi.stats import ratio_text
from govcost.engine import Engine
from tests.web.conftest import CHIYODA, CHUO, Site

URLS = [
    "/benchmark",
    "/api/v1/benchmark",
    "/download/benchmark.csv",
    "/download/benchmark.xlsx?anonymise=true",
]


def test_municipal_users_get_403(site: Site) -> None:
    client = site.client("chiyoda")
    for url in URLS:
        assert client.get(url).status_code == 403, url
    assert 'href="/benchmark"' not in client.get("/").text


def test_the_figures_are_the_kpi_engines(site: Site) -> None:
    data = site.client("group").get("/api/v1/benchmark").json()
    with Engine(site.ledger) as engine:
        k = engine.kpi(baseline=site.baseline, budget=site.budget)
    rows = [r for r in k.before_after.rows if r.municipality_code in {CHIYODA, CHUO}]
    assert {m["municipality_code"]: m["ratio"] for m in data["municipalities"]} == {
        r.municipality_code: ratio_text(r.ratio) for r in rows
    }
    group = group_ratio([(r.before_jpy, r.after_jpy) for r in rows if r.before_jpy])
    assert data["group"] == {
        "ratio_of_totals": ratio_text(group.ratio_of_totals),
        "mean_of_ratios": ratio_text(group.mean_of_ratios),
    }
    per = {r.municipality_code: r for r in k.per_resident.rows}
    for m in data["municipalities"]:
        assert m["population"] == per[m["municipality_code"]].population
    page = site.client("group").get("/benchmark").text
    assert "合計の比" in page and "団体別倍率の平均" in page


def _xlsx_text(body: bytes) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
    return " ".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row)


def test_anonymised_output_names_no_municipality(site: Site) -> None:
    client = site.client("group")
    with Engine(site.ledger) as engine:
        pops = [r.population for r in engine.kpi(baseline=site.baseline).per_resident.rows]
    texts = [
        client.get("/benchmark?anonymise=true").text,
        client.get("/api/v1/benchmark?anonymise=true").text,
        client.get("/download/benchmark.csv?anonymise=true").content.decode("utf-8-sig"),
        _xlsx_text(client.get("/download/benchmark.xlsx?anonymise=true").content),
    ]
    for text in texts:
        for mark in (CHIYODA, CHUO, "千代田区", "中央区", *(f"{p:,}" for p in pops), *(str(p) for p in pops)):
            assert mark not in text
        assert "団体A" in text and "団体B" in text
    labels = [m["label"] for m in client.get("/api/v1/benchmark?anonymise=true").json()["municipalities"]]
    again = [
        m["label"]
        for m in site.client("group").get("/api/v1/benchmark?anonymise=true").json()["municipalities"]
    ]
    assert labels == again == ["団体A", "団体B"]
