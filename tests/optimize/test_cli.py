"""`govcost optimize` end to end on the demo ledger: the JSON is the run's findings and agrees with
the ledger, the scope and rule filters hold, errors are clear, and the XLSX working paper adds up.

Written to hold with any set of rules: only what every rule must satisfy is checked here; each
rule's own test checks what it finds.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from govcost.cli import app
from govcost.errors import GovcostError
from govcost.jp.money import round_yen
from govcost.optimize.base import RULES
from govcost.optimize.run import OptimizeResult, optimize
from tests.optimize.demo_ledger import DemoLedger

runner = CliRunner(env={"COLUMNS": "250"})


def _yen(value: Decimal) -> int:
    return int(round_yen(value))


def _args(demo_ledger: DemoLedger, *args: str) -> list[str]:
    settings = ["--settings", str(demo_ledger.settings)] if demo_ledger.settings else []
    return ["--ledger", str(demo_ledger.engine.ledger.path), "optimize", *settings, *args]


def _run(demo_ledger: DemoLedger, *args: str) -> str:
    result = runner.invoke(app, _args(demo_ledger, *args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


def _json(demo_ledger: DemoLedger, *args: str) -> list[dict[str, Any]]:
    rows = json.loads(_run(demo_ledger, "--format", "json", *args))
    assert isinstance(rows, list)
    return rows


def _error(demo_ledger: DemoLedger, *args: str) -> GovcostError:
    result = runner.invoke(app, _args(demo_ledger, *args))
    assert result.exit_code != 0
    assert isinstance(result.exception, GovcostError), result.exception
    return result.exception


@pytest.fixture(scope="module")
def every(demo_ledger: DemoLedger) -> OptimizeResult:
    return optimize(demo_ledger.engine, settings=demo_ledger.settings)


def test_json_lists_the_runs_findings(demo_ledger: DemoLedger, every: OptimizeResult) -> None:
    rows = _json(demo_ledger)
    assert rows, "the demo plants at least the old-generation servers"
    assert [(r["rule"], r["resource_id"]) for r in rows] == [(f.rule, f.resource_id) for f in every.findings]
    for row, f in zip(rows, every.findings, strict=True):
        assert row["monthly_saving_jpy"] == _yen(f.monthly_saving_jpy)
        assert row["annual_saving_jpy"] == _yen(f.monthly_saving_jpy * 12)
        assert row["monthly_cost_jpy"] == _yen(f.monthly_cost_jpy)
        assert row["rule_title"] == RULES.get(f.rule).title
        assert row["guide_ref"] == f.guide_ref and not row["guide_ref"].isascii()
        assert row["confidence"] in ("high", "medium", "low")
        assert row["action"] and isinstance(row["evidence"], dict)
        assert row["municipality_code"] == f.municipality_code and row["business"] == f.business
        if row["informational"]:
            assert row["monthly_saving_jpy"] == 0
    # Each resource's combined saving, the same on each of its findings, adds up to the total
    # (rounded once per resource, so within half a yen per resource).
    combined = {r["resource_id"]: r["combined_monthly_saving_jpy"] for r in rows if not r["informational"]}
    assert abs(sum(combined.values()) - every.monthly_saving_jpy) <= Decimal(len(combined)) / 2
    for s in every.savings:
        assert combined[s.resource_id] == _yen(s.combined_jpy)


def test_json_agrees_with_the_ledger(demo_ledger: DemoLedger, every: OptimizeResult) -> None:
    """Owner columns are the ledger's for every finding on a billed resource; an old-generation
    finding's cost is the resource's EffectiveCost in yen over the month."""
    rows = _json(demo_ledger)
    ledger = {
        rid: (Decimal(str(cost)), muni, business, env, account)
        for rid, cost, muni, business, env, account in demo_ledger.sql(
            """
            SELECT ResourceId, sum(EffectiveCost * fx_jpy_per_unit), max(municipality_code), max(business),
                   max(environment), max(SubAccountId)
            FROM ledger_costs
            WHERE cost_source = 'cloud' AND ChargeCategory = 'Usage' AND BillingPeriodStart = ?
            GROUP BY ResourceId
            """,
            [every.month],
        )
    }
    on_resources = [r for r in rows if r["resource_id"] in ledger]
    assert on_resources
    for r in on_resources:
        cost, muni, business, env, account = ledger[r["resource_id"]]
        assert (r["municipality_code"], r["business"], r["environment"], r["account_id"]) == (
            muni,
            business,
            env,
            account,
        ), r["resource_id"]
        if r["rule"] == "old-generation":
            assert r["monthly_cost_jpy"] == _yen(cost)
            assert 0 < r["monthly_saving_jpy"] < r["monthly_cost_jpy"]


def test_municipality_scope(demo_ledger: DemoLedger, every: OptimizeResult) -> None:
    code = next(f.municipality_code for f in every.findings if f.municipality_code)
    rows = _json(demo_ledger, "--municipality", code)
    assert rows and {r["municipality_code"] for r in rows} == {code}
    # Every finding of the municipality in the full run is found in its own run too (account-level
    # findings, such as a commitment sized on the municipality's own spend, may be added).
    assert {(r["rule"], r["resource_id"]) for r in rows} >= {
        (f.rule, f.resource_id) for f in every.findings if f.municipality_code == code
    }


def test_rule_filter(demo_ledger: DemoLedger, every: OptimizeResult) -> None:
    rows = _json(demo_ledger, "--rule", "old-generation")
    assert rows and {r["rule"] for r in rows} == {"old-generation"}
    assert {r["resource_id"] for r in rows} == {
        f.resource_id for f in every.findings if f.rule == "old-generation"
    }
    both = _json(demo_ledger, "--rule", "old-generation", "--rule", RULES.keys()[-1])
    assert {r["rule"] for r in both} <= {"old-generation", RULES.keys()[-1]}


def test_month_option_and_out_file(demo_ledger: DemoLedger, every: OptimizeResult, tmp_path: Path) -> None:
    out = tmp_path / "f.json"
    _run(demo_ledger, "--format", "json", "--month", f"{every.month:%Y-%m}", "--out", str(out))
    assert json.loads(out.read_text(encoding="utf-8")) == _json(demo_ledger)
    assert "\\u" not in out.read_text(encoding="utf-8")  # Japanese written as is


def test_clear_errors(demo_ledger: DemoLedger, tmp_path: Path) -> None:
    err = _error(demo_ledger, "--rule", "no-such-rule")
    assert err.key == "optimize.unknown_rule" and "old-generation" in err.render("ja")
    assert _error(demo_ledger, "--month", "2025-13").key == "input.bad_month"
    assert _error(demo_ledger, "--month", "1999-04").key == "optimize.bad_month"
    assert _error(demo_ledger, "--municipality", "131017").key == "input.bad_municipality_code"
    assert _error(demo_ledger, "--municipality", "011002").key == "optimize.no_costs_for"
    assert _error(demo_ledger, "--format", "xlsx").key == "ledger.out_required"
    assert _error(demo_ledger, "--settings", str(tmp_path / "none.yaml")).key == "input.not_found"


def test_a_ledger_without_costs(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--ledger", str(tmp_path / "l"), "optimize"])
    assert isinstance(result.exception, GovcostError) and result.exception.key == "optimize.no_costs"
    listing = runner.invoke(app, ["--ledger", str(tmp_path / "l"), "optimize", "--list-rules"])
    assert listing.exit_code == 0 and all(key in listing.stdout for key in RULES.keys())


def test_table_shows_findings_and_the_combined_total(demo_ledger: DemoLedger, every: OptimizeResult) -> None:
    text = _run(demo_ledger)
    assert "最適化の候補" in text and "月額削減(円)" in text and "確度" in text
    acting = sum(not f.informational for f in every.findings)
    monthly = f"{round_yen(every.monthly_saving_jpy):,}"
    assert f"削減見込み 月額 {monthly} 円" in text and f"({acting} 件、重複を除いた合算)" in text
    assert RULES.get(every.findings[0].rule).title in text
    if every.overlaps:
        assert "同じリソースに複数の指摘があるため" in text


def _sheet(ws: Any) -> list[list[Any]]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_xlsx_working_paper(demo_ledger: DemoLedger, every: OptimizeResult, tmp_path: Path) -> None:
    out = tmp_path / "optimize.xlsx"
    _run(demo_ledger, "--format", "xlsx", "--out", str(out))
    rows = _json(demo_ledger)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["概要", "指摘一覧", "リソース別"]

    summary = _sheet(wb["概要"])
    facts = {r[0]: r[1] for r in summary if r[0] and r[1] is not None}
    assert facts["対象月"] == f"{every.month:%Y-%m}"
    assert facts["価格表の取得日"] and facts["価格表"]
    combined = {r["resource_id"]: r["combined_monthly_saving_jpy"] for r in rows if not r["informational"]}
    total = facts["削減見込み 月額(円、重複調整後)"]
    assert total == _yen(every.monthly_saving_jpy)
    assert abs(total - sum(combined.values())) <= len(combined) / 2
    assert facts["削減見込み 年額(円、重複調整後)"] == _yen(every.monthly_saving_jpy * 12)
    assert facts["指摘件数(参考を除く)"] == sum(not r["informational"] for r in rows)
    assert facts["複数の指摘が重なるリソース数"] == len(every.overlaps)
    # By rule, business and municipality: each table's total line is the run's total.
    totals = [r for r in summary if r[0] == "合計"]
    assert len(totals) == 3 and all(r[7] == total for r in totals)
    header = next(r for r in summary if r[0] == "ルール")
    assert header[:3] == ["ルール", "ルールID", "ガイド項目"] and "重複調整後 月額削減(円)" in header
    by_rule = summary[summary.index(header) + 1 : summary.index(totals[0])]
    assert [r[1] for r in by_rule] == every.rules
    assert abs(sum(r[7] for r in by_rule) - total) <= len(by_rule)

    findings = _sheet(wb["指摘一覧"])
    head = findings[0]
    for name in (
        "ルール",
        "リソースID",
        "団体",
        "業務",
        "環境",
        "月額削減(円)",
        "年額削減(円)",
        "対応",
        "根拠",
        "確度",
    ):
        assert name in head
    assert len(findings) - 1 == len(rows)
    col = {h: i for i, h in enumerate(head)}
    for line, r in zip(findings[1:], rows, strict=True):
        assert line[col["リソースID"]] == r["resource_id"] and line[col["ルールID"]] == r["rule"]
        for h, key in (("月額削減(円)", "monthly_saving_jpy"), ("年額削減(円)", "annual_saving_jpy")):
            assert type(line[col[h]]) is int and line[col[h]] == r[key]
        assert (line[col["参考"]] == "参考") == r["informational"]
    ws = wb["指摘一覧"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref

    resources = _sheet(wb["リソース別"])
    assert {r[0]: r[11] for r in resources[1:]} == combined


def test_docs_name_every_rule() -> None:
    """docs/optimize.md has a section for every registered rule (add one when a rule is added)."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "optimize.md").read_text(encoding="utf-8")
    missing = [key for key in RULES.keys() if f"### {key} " not in doc or f"| `{key}` |" not in doc]
    assert not missing, f"docs/optimize.md lacks the rule table row and section of {missing}"
