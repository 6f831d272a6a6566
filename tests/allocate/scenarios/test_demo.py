"""The demo's scenario files on the demo ledger: the 23 wards' joint procurement and the 住記系
consolidation recomputed here from the ledger with DuckDB SQL, the XLSX's derivation sheets adding
up to the totals they show, and `govcost demo` printing one line per scenario."""

from __future__ import annotations

import decimal
import json
from collections.abc import Iterator
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from govcost.allocate.scenario import run_scenario
from govcost.allocate.scenario_report import to_dict
from govcost.cli import app
from govcost.demo import DemoManifest, generate
from govcost.demo.scenario_files import CONSOLIDATION, FX, JOINT
from govcost.engine import Engine
from govcost.jp.codes import known_municipalities
from govcost.messages import t
from govcost.reports.scenario_xlsx import write_scenario_xlsx

DEMO = {"municipalities": 24, "months": 2}
WARDS = sorted(c for c, m in known_municipalities().items() if m.kind == "特別区")
FIXED = ("instance", "db", "natgateway", "loadbalancer", "elastic-ip")


def yen(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def whole_yen(values: dict[tuple[str, str], Decimal]) -> dict[tuple[str, str], Decimal]:
    """Parts in whole yen adding up to their total rounded half up: the floors, and a yen more for
    the largest remainders."""
    target = yen(sum(values.values(), Decimal(0)))
    out = {k: v.to_integral_value(rounding=ROUND_FLOOR) for k, v in values.items()}
    left = int(target - sum(out.values(), Decimal(0)))
    for k in sorted(values, key=lambda k: out[k] - values[k])[:left]:
        out[k] += 1
    return out


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, DemoManifest]]:
    out = tmp_path_factory.mktemp("scenario-demo")
    manifest = generate(out / "data", **DEMO)
    engine = Engine(out / "ledger")
    engine.ingest(manifest.cost_files, accounts=manifest.accounts, fx=manifest.fx_rates)
    yield engine, manifest
    engine.close()


def _sql(engine: Engine, query: str) -> list[tuple[object, ...]]:
    engine.costs()
    return engine.ledger.con.execute(query).fetchall()


PERIOD = "BillingPeriodStart >= TIMESTAMP '2025-04-01' AND BillingPeriodStart < TIMESTAMP '2026-04-01'"
IN_WARDS = "municipality_code IN (" + ", ".join(f"'{c}'" for c in WARDS) + ")"


def test_the_files_are_written(demo: tuple[Engine, DemoManifest]) -> None:
    _, manifest = demo
    assert manifest.scenario_files == [f"scenarios/{n}" for n in (JOINT, CONSOLIDATION, FX)]
    saved = json.loads((manifest.out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert saved["scenario_files"] == manifest.scenario_files
    text = (manifest.out_dir / "scenarios" / JOINT).read_text(encoding="utf-8")
    assert all(f'"{c}"' in text for c in WARDS) and '"132012"' not in text


def test_joint_procurement_of_the_23_wards(demo: tuple[Engine, DemoManifest]) -> None:
    engine, manifest = demo
    result = run_scenario(engine, manifest.out_dir / "scenarios" / JOINT)
    lines = _sql(
        engine,
        f"""
        SELECT cost_source, municipality_code, system_id, provider, sum(billed_cost_jpy)
        FROM ledger_costs
        WHERE cost_source IN ('operations_assistant', 'network') AND {IN_WARDS} AND {PERIOD}
        GROUP BY ALL
        """,
    )
    months = _sql(engine, f"SELECT count(DISTINCT BillingPeriodStart) FROM ledger_costs WHERE {PERIOD}")[0][0]
    assert months == 2 and result.period.month_count == 2
    volume = {
        s: sum(yen(v) for src, _, _, _, v in lines if src == s) for s in ("operations_assistant", "network")
    }
    members = {s: len({m for src, m, _, _, _ in lines if src == s}) for s in volume}
    assert members == {"operations_assistant": 23, "network": 23}
    # The operations assistant by the number of wards: 23 ≥ 20 → 28 %.
    oa_new = yen(volume["operations_assistant"] * Decimal("0.72"))
    # The network lines by the yearly amount: the two months × 6, between 200 M and 400 M → 15 %.
    annual = yen(volume["network"] * 12 / months)
    assert 200_000_000 <= annual < 400_000_000
    net_new = yen(volume["network"] * Decimal("0.85"))
    data = to_dict(result)
    step = data["steps"][0]
    figures = {s["key"]: s["figures"] for s in step["sections"]}
    assert figures["operations_assistant.volume"]["volume_jpy"] == volume["operations_assistant"]
    assert figures["operations_assistant.volume"]["new_total_jpy"] == oa_new
    assert figures["network.volume"]["annual_jpy"] == annual
    assert figures["network.volume"]["new_total_jpy"] == net_new
    single = volume["operations_assistant"] + volume["network"]
    assert figures["group"]["single_jpy"] == single and figures["group"]["joint_jpy"] == oa_new + net_new
    assert result.change_yen == oa_new + net_new - single == step["change_jpy"]
    # The costs the scenario works on: the wards' contracts (whole yen in the demo).
    assert (result.scope_now_yen, result.scope_after_yen) == (single, oa_new + net_new)
    # ≥ 20 % cheaper overall: (0.72 × OA + 0.85 × NET) ÷ (OA + NET) ≤ 0.8 here.
    assert (oa_new + net_new) / single <= Decimal("0.8")
    # Only the wards move; 八王子市 keeps its contracts.
    rows = {r["municipality_code"]: r for r in data["municipalities"]}
    assert rows["132012"]["difference_jpy"] == 0
    assert all(rows[c]["difference_jpy"] < 0 for c in WARDS)


def test_consolidation_of_the_wards_juki(demo: tuple[Engine, DemoManifest]) -> None:
    engine, manifest = demo
    result = run_scenario(engine, manifest.out_dir / "scenarios" / CONSOLIDATION)
    types = ", ".join(f"'{x}'" for x in FIXED)
    envs = _sql(
        engine,
        f"""
        SELECT system_id, municipality_code,
               coalesce(sum(billed_cost_jpy)
                   FILTER (ChargeCategory <> 'Tax' AND lower(ResourceType) IN ({types})), 0),
               coalesce(sum(billed_cost_jpy) FILTER (ChargeCategory <> 'Tax'
                   AND (ResourceType IS NULL OR lower(ResourceType) NOT IN ({types}))), 0),
               coalesce(sum(billed_cost_jpy) FILTER (ChargeCategory = 'Tax'), 0)
        FROM ledger_costs
        WHERE cost_source = 'cloud' AND system_id LIKE 'JUKI-%' AND {IN_WARDS} AND {PERIOD}
        GROUP BY ALL ORDER BY ALL
        """,
    )
    assert len(envs) == 23
    population = {c: Decimal(m.population) for c, m in known_municipalities().items()}
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        # Each environment's fixed, variable and tax parts, in whole yen adding up to their total.
        exact: dict[tuple[str, str], Decimal] = {}
        for _, code, f, v, x in envs:
            for part, value in (("f", f), ("v", v), ("x", x)):
                exact[(str(code), part)] = Decimal(str(value))
        parts = whole_yen(exact)
        codes = [str(code) for _, code, *_ in envs]
        fixed = {c: parts[(c, "f")] for c in codes}
        variable = {c: parts[(c, "v")] for c in codes}
        tax = {c: parts[(c, "x")] for c in codes}
        f_sum, v_sum, x_sum = sum(fixed.values()), sum(variable.values()), sum(tax.values())
        kept = yen(max(fixed.values()) * 2)  # keep: 2
        e = Decimal("0.9")
        d_sum = sum(population[c] for c in fixed)
        factor = d_sum**e / sum(population[c] ** e for c in fixed)
        variable_new = yen(v_sum * factor)
        tax_new = yen(x_sum * (kept + variable_new) / (f_sum + v_sum))
        new_total = kept + variable_new + tax_new
    step = to_dict(result)["steps"][0]
    figures = {s["key"]: s["figures"] for s in step["sections"]}
    assert figures["environments"]["now_jpy"] == f_sum + v_sum + x_sum
    assert figures["kept"]["kept_jpy"] == kept
    assert figures["scaled"]["variable_new_jpy"] == variable_new
    assert figures["new_total"]["new_total_jpy"] == new_total
    assert result.change_yen == new_total - (f_sum + v_sum + x_sum) == step["change_jpy"]
    # The costs it works on: the exact sum rounded once, which the parts add up to; under the
    # scenario, the new total.
    assert result.scope_now_yen == f_sum + v_sum + x_sum
    assert result.scope_after_yen == new_total
    split = next(s for s in step["sections"] if s["key"] == "split")
    assert sum(r["new_jpy"] for r in split["rows"]) == new_total
    # Split by population: each ward's share within a yen of new total × its population ÷ Σ.
    for r in split["rows"]:
        exact = new_total * population[r["municipality_code"]] / d_sum
        assert abs(r["new_jpy"] - exact) < 1


@pytest.mark.parametrize("name", [JOINT, CONSOLIDATION])
def test_the_derivation_sheets_add_up(demo: tuple[Engine, DemoManifest], tmp_path: Path, name: str) -> None:
    engine, manifest = demo
    result = run_scenario(engine, manifest.out_dir / "scenarios" / name)
    path = tmp_path / "scenario.xlsx"
    write_scenario_xlsx(path, result)
    wb = openpyxl.load_workbook(path)
    assert len(wb.sheetnames) == 2 + len(result.steps)
    total_label = t("label.total")
    checked = 0
    for ws in wb.worksheets[2:]:
        rows = [list(r) for r in ws.iter_rows()]
        header = None
        for cells in rows:
            first = cells[0]
            if first.fill is not None and first.fill.fgColor.rgb == "FFDDEBF7":
                header, body = cells, []
                continue
            if header is None:
                continue
            if first.value == total_label:
                for j, cell in enumerate(cells):
                    if isinstance(cell.value, int) and j > 0:
                        assert cell.value == sum(b[j].value or 0 for b in body), (ws.title, header[j].value)
                        checked += 1
                header = None
            elif first.value is not None:
                body.append(cells)
    assert checked >= 6
    # The sheet's own figures: what a person adds up by hand.
    values = {r[0].value: r[1].value for r in (list(x) for x in wb.worksheets[2].iter_rows()) if len(r) > 1}
    if name == CONSOLIDATION:
        kept, variable = values[t("scenario.cons.kept")], values[t("scenario.cons.variable_new")]
        assert values[t("scenario.cons.new_total")] == kept + variable + values[t("scenario.cons.tax_new")]
    # The overview's step table and the per-municipality sheet add up to the same change.
    by_municipality = [list(r) for r in wb.worksheets[1].iter_rows(values_only=True)]
    change_col = by_municipality[0].index(t("scenario.col.change"))
    body_rows = [r for r in by_municipality[1:] if r[0] != total_label]
    assert sum(r[change_col] for r in body_rows) == by_municipality[-1][change_col] == result.change_yen


def test_the_demo_prints_one_line_per_scenario(tmp_path: Path) -> None:
    runner = CliRunner(env={"COLUMNS": "200"})
    out = runner.invoke(
        app,
        [
            "--ledger",
            str(tmp_path / "l"),
            "demo",
            "--municipalities",
            "5",
            "--months",
            "1",
            "--out",
            str(tmp_path / "d"),
            "--no-serve",
        ],
    )
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    for name in (JOINT, CONSOLIDATION, FX):
        (line,) = [ln for ln in lines if name in ln]
        assert "→" in line and t("scenario.col.change").split("(")[0] in line, line


def test_optimisation_splits_a_billing_accounts_saving(
    demo: tuple[Engine, DemoManifest], tmp_path: Path
) -> None:
    engine, manifest = demo
    path = tmp_path / "commitments.yaml"
    path.write_text(
        "period: 2025\nsteps:\n  - kind: optimisation\n"
        f"    settings: {manifest.settings}\n    rules: [commitments]\n",
        encoding="utf-8",
    )
    result = run_scenario(engine, path)
    plain = engine.optimize(settings=manifest.settings, rules=["commitments"])
    savings = {s.resource_id: yen(s.combined_jpy * 2) for s in plain.savings if s.combined_jpy > 0}
    assert savings, "the demo plants billing accounts without a Savings Plan"
    rows = to_dict(result)["steps"][0]["sections"][0]["rows"]
    # Each billing account's saving × 2 months, split among the municipalities it bills.
    for rid, saving in savings.items():
        shares = [r for r in rows if r["resource_id"] == rid]
        assert -sum(r["reduction_jpy"] for r in shares) == saving
        assert all(r["municipality_code"] for r in shares) and len(shares) > 1
    assert -result.change_yen == sum(savings.values())
    assert all(r.code is not None or r.difference_yen == 0 for r in result.rows)
