"""The optimisation working paper on a small hand-made result: yen rounded half up once, overlaps
combined and split among rules, findings for information marked and left out of every total."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from govcost.messages import set_language
from govcost.optimize import report
from govcost.optimize.base import Finding
from govcost.optimize.run import OptimizeResult, combine
from govcost.reports.optimize_xlsx import write_optimize_xlsx
from govcost.reports.workbook import text_width


def _finding(rule: str, rid: str, cost: str, saving: str, keeps: str | None, **kw: Any) -> Finding:
    fields: dict[str, Any] = {
        "municipality_code": "131016",
        "business": "住民基本台帳",
        "environment": "検証",
        "resource_name": rid + "-name",
    }
    fields.update(kw)
    return Finding(
        rule=rule,
        resource_id=rid,
        resource_type="instance",
        action=f"{rule} の対応 =SUM(A1)",
        monthly_saving_jpy=Decimal(saving),
        monthly_cost_jpy=Decimal(cost),
        evidence={"p95": 12.5, "hours": Decimal("744"), "volumes": [{"id": "vol-1", "gb": Decimal("100")}]},
        guide_ref="アプローチガイド 1",
        confidence="high",
        keeps=Decimal(keeps) if keeps is not None else None,
        **fields,
    )


@pytest.fixture
def result() -> OptimizeResult:
    findings = [
        # One server, two changes: 100,000 yen, half the size (keeps 0.5) and stopped at night
        # (keeps 0.4): combined 100,000 × (1 − 0.2) = 80,000, not 50,000 + 60,000.
        _finding("rule-a", "i-1", "100000", "50000", "0.5"),
        _finding("rule-b", "i-1", "100000", "60000", "0.4"),
        # Half a yen rounds up, once, in the cell.
        _finding("rule-a", "i-2", "3000.5", "1234.5", "0.5885", municipality_code="132012", business="戸籍"),
        # Says something without recommending a change.
        _finding(
            "rule-c", "acct-1", "0", "0", None, informational=True, municipality_code=None, business=None
        ),
    ]
    findings.sort(key=lambda f: (-f.monthly_saving_jpy, f.rule, f.resource_id))
    return OptimizeResult(
        month=dt.date(2025, 5, 1),
        window_start=dt.datetime(2025, 5, 2),
        window_end=dt.datetime(2025, 6, 1),
        rules=["rule-a", "rule-b", "rule-c"],
        findings=findings,
        savings=combine(findings),
        settings_source="optimize.yaml",
        catalog_source="govcost/optimize/data/prices.csv",
    )


@pytest.fixture(autouse=True)
def japanese() -> Iterator[None]:
    set_language("ja")
    yield
    set_language(None)


def _rows(ws: Any) -> list[list[Any]]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_breakdowns_count_each_resource_once(result: OptimizeResult) -> None:
    assert result.monthly_saving_jpy == Decimal("80000") + Decimal("1234.5")
    rules = {b.key: b for b in report.by_rule(result)}
    # i-1's 80,000 split 50:60 between its two rules; the rules add up to the total.
    assert rules["rule-a"].combined_jpy == Decimal("80000") * 50 / 110 + Decimal("1234.5")
    assert rules["rule-b"].combined_jpy == Decimal("80000") * 60 / 110
    assert sum(b.combined_jpy for b in rules.values()) == pytest.approx(result.monthly_saving_jpy)
    assert rules["rule-a"].sum_of_findings_jpy == Decimal("51234.5")
    assert (rules["rule-c"].findings, rules["rule-c"].informational, rules["rule-c"].combined_jpy) == (
        0,
        1,
        0,
    )
    business = {b.key: b.combined_jpy for b in report.by_business(result)}
    assert business == {"住民基本台帳": Decimal("80000"), "戸籍": Decimal("1234.5"), None: Decimal(0)}
    assert report.counts(result) == (3, 1)
    assert report.sum_of_findings(result) == Decimal("111234.5")


def test_json_records_carry_the_combined_saving(result: OptimizeResult) -> None:
    records = json.loads(report.to_json(result))
    by = {(r["rule"], r["resource_id"]): r for r in records}
    assert by[("rule-a", "i-2")]["monthly_saving_jpy"] == 1235  # 1234.5 half up
    assert by[("rule-a", "i-2")]["annual_saving_jpy"] == 14814
    assert by[("rule-a", "i-1")]["combined_monthly_saving_jpy"] == 80000
    assert by[("rule-b", "i-1")]["combined_annual_saving_jpy"] == 960000
    assert by[("rule-a", "i-1")]["combined_with"] == ["rule-b"]
    assert by[("rule-c", "acct-1")]["informational"] is True
    assert by[("rule-c", "acct-1")]["combined_monthly_saving_jpy"] == 0
    assert "住民基本台帳" in report.to_json(result)


def test_working_paper(result: OptimizeResult, tmp_path: Path) -> None:
    out = tmp_path / "o.xlsx"
    write_optimize_xlsx(out, result, created=dt.datetime(2025, 6, 2, 9, 0))
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["概要", "指摘一覧", "リソース別"]
    summary = _rows(wb["概要"])
    facts = {r[0]: r[1] for r in summary if r[0] and r[1] is not None}
    assert facts["対象月"] == "2025-05"
    assert facts["メトリクスの参照期間"].startswith("2025-05-02 – 2025-05-31")
    assert facts["設定ファイル"] == "optimize.yaml"
    assert facts["価格表の取得日"] == "2025-04-01"
    assert facts["作成日時"] == "2025-06-02 09:00:00"
    assert facts["削減見込み 月額(円、重複調整後)"] == 81235  # 81,234.5 half up, once
    assert facts["削減見込み 年額(円、重複調整後)"] == 974814
    assert facts["指摘の単純合計 月額(円)"] == 111235
    assert facts["複数の指摘が重なるリソース数"] == 1
    assert (facts["指摘件数(参考を除く)"], facts["参考の指摘の件数"]) == (3, 1)
    totals = [r for r in summary if r[0] == "合計"]
    assert [r[3:9] for r in totals] == [[3, 1, 2, 111235, 81235, 974814]] * 3
    muni = next(r for r in summary if r[0] == "132012")
    assert muni[1] == "八王子市" and muni[7] == 1235
    assert any(r[0] == "未割当" for r in summary)  # the account-level note has no municipality

    findings = _rows(wb["指摘一覧"])
    head = findings[0]
    col = {h: i for i, h in enumerate(head)}
    assert len(findings) == 5
    info = next(r for r in findings[1:] if r[col["ルールID"]] == "rule-c")
    assert info[col["参考"]] == "参考" and info[col["月額削減(円)"]] == 0
    i2 = next(r for r in findings[1:] if r[col["リソースID"]] == "i-2")
    assert i2[col["月額削減(円)"]] == 1235 and type(i2[col["月額費用(円)"]]) is int
    assert i2[col["月額費用(円)"]] == 3001
    assert i2[col["対応"]] == "rule-a の対応 =SUM(A1)"  # text stays text, never a formula
    assert "hours: 744" in i2[col["根拠"]] and "volumes[1]: id=vol-1, gb=100" in i2[col["根拠"]]
    assert i2[col["確度"]] == "高"
    i1 = [r for r in findings[1:] if r[col["リソースID"]] == "i-1"]
    assert {r[col["同じリソースの他の指摘"]] for r in i1} == {"rule-a", "rule-b"}
    assert {r[col["重複調整後 月額削減(円)"]] for r in i1} == {80000}
    ws = wb["指摘一覧"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:W5"

    resources = _rows(wb["リソース別"])
    assert [(r[0], r[8], r[10], r[11]) for r in resources[1:]] == [
        ("i-1", "rule-a, rule-b", 110000, 80000),
        ("i-2", "rule-a", 1235, 1235),
    ]


def test_english_headers(result: OptimizeResult, tmp_path: Path) -> None:
    set_language("en")
    out = tmp_path / "o.xlsx"
    write_optimize_xlsx(out, result)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Summary", "Findings", "By resource"]
    assert "monthly saving (JPY)" in _rows(wb["Findings"])[0]


def test_text_width_counts_wide_characters_twice() -> None:
    assert text_width("abc") == 3
    assert text_width("住民基本台帳") == 12
    assert text_width("短い\nもっと長い行") == 12
