"""Tiny hand-made ledgers for the scenario kinds: a FOCUS file with one row per meter and month (any
charge category, commitment-discounted or not), cost lines in the template, a scenario file.

Every amount is a decimal string of USD (FOCUS) or yen (cost lines), so a test can write what it
expects by hand: BilledCost × the month's rate of the FX table, whole yen for the cost lines.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from govcost.allocate.scenario import ScenarioResult, run_scenario
from govcost.engine import Engine

HEADER = (
    "BilledCost",
    "BillingAccountId",
    "BillingAccountName",
    "BillingCurrency",
    "BillingPeriodEnd",
    "BillingPeriodStart",
    "ChargeCategory",
    "ChargeClass",
    "ChargeDescription",
    "ChargePeriodEnd",
    "ChargePeriodStart",
    "CommitmentDiscountId",
    "CommitmentDiscountType",
    "ConsumedQuantity",
    "ConsumedUnit",
    "ContractedCost",
    "EffectiveCost",
    "InvoiceIssuerName",
    "ListCost",
    "PricingCategory",
    "PricingQuantity",
    "PricingUnit",
    "ProviderName",
    "PublisherName",
    "RegionId",
    "ResourceId",
    "ResourceName",
    "ResourceType",
    "ServiceCategory",
    "ServiceName",
    "SkuMeter",
    "SubAccountId",
    "SubAccountName",
    "Tags",
)
EC2 = "Amazon Elastic Compute Cloud"
S3 = "Amazon Simple Storage Service"
TRANSFER = "AWS Data Transfer"
COST_LINE_HEADER = "団体コード,システムID,業務,環境,費目,年月,金額(円),事業者,摘要,利用形態"


@dataclass
class Row:
    """One FOCUS row: ``cost`` USD billed for ``resource`` over the month."""

    resource: str
    cost: str
    municipality: str = "131016"
    system: str = "JUKI-131016"
    business: str = "住民基本台帳"
    environment: str = "prd"
    service: str = EC2
    resource_type: str = "instance"
    charge: str = "Usage"
    month: str = "2025-04"
    #: A Savings Plan covers it (PricingCategory Committed, CommitmentDiscountId set).
    committed: bool = False
    category: str = "Compute"
    provider: str = "AWS"
    sku_meter: str = ""
    quantity: str = "1"
    extra_tags: dict[str, str] = field(default_factory=dict)


def _next(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def write_focus(path: Path, rows: list[Row]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        for r in rows:
            y, m = map(int, r.month.split("-"))
            first = dt.date(y, m, 1)
            start, end = f"{first}T00:00:00Z", f"{_next(first)}T00:00:00Z"
            tags = {
                "user:municipality_code": r.municipality,
                "user:business": r.business,
                "user:environment": r.environment,
                "user:system_id": r.system,
                **r.extra_tags,
            }
            usage = r.charge == "Usage"
            out.writerow(
                (
                    r.cost,
                    "900000000001",
                    "A社ペイヤー",
                    "USD",
                    end,
                    start,
                    r.charge,
                    "",
                    f"{r.charge} {r.resource}",
                    end,
                    start,
                    "arn:aws:savingsplans::900000000001:savingsplan/sp-1" if r.committed else "",
                    "Savings Plan" if r.committed else "",
                    r.quantity if usage else "",
                    "Hours" if usage else "",
                    r.cost,
                    r.cost,
                    "Amazon Web Services Japan G.K.",
                    r.cost,
                    "Committed" if r.committed else ("Standard" if usage else ""),
                    r.quantity if usage else "",
                    "Hours" if usage else "",
                    r.provider,
                    "Amazon Web Services",
                    "ap-northeast-1",
                    r.resource if r.resource_type else "",
                    r.resource if r.resource_type else "",
                    r.resource_type,
                    r.category,
                    r.service,
                    r.sku_meter,
                    "111111111111",
                    "acct-111111111111",
                    json.dumps(tags, ensure_ascii=False),
                )
            )
    return path


@dataclass
class Line:
    """One cost line of the template: ``amount`` yen for the month."""

    municipality: str
    system: str
    category: str  # 運用管理補助委託, 接続回線, ソフトウェア借料, ...
    amount: str
    month: str = "2025-04"
    vendor: str = "G通信"
    business: str = "住民基本台帳"


def write_cost_lines(path: Path, lines: list[Line]) -> Path:
    rows = [COST_LINE_HEADER]
    for ln in lines:
        rows.append(
            f"{ln.municipality},{ln.system},{ln.business},本番,{ln.category},{ln.month},"
            f"{ln.amount},{ln.vendor},,単独"
        )
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def ledger(
    engine: Engine,
    tmp_path: Path,
    write_rates: Callable[..., Path],
    *,
    rows: list[Row] | None = None,
    lines: list[Line] | None = None,
    rates: dict[str, str] | None = None,
) -> Engine:
    """Import the rows (FOCUS, USD at ``rates`` per month, 150 by default) and the cost lines."""
    files = []
    if rows:
        files.append(write_focus(tmp_path / "focus.csv", rows))
    if lines:
        files.append(write_cost_lines(tmp_path / "lines.csv", lines))
    months = sorted({r.month for r in rows or []}) or ["2025-04"]
    fx = write_rates({(m, "USD"): (rates or {}).get(m, "150") for m in months})
    engine.ingest(files, fx=fx)
    return engine


def scenario_file(tmp_path: Path, text: str, name: str = "scenario.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def run(engine: Engine, tmp_path: Path, text: str, **kw: str) -> ScenarioResult:
    return run_scenario(engine, scenario_file(tmp_path, text), **kw)


def by_code(result: ScenarioResult) -> dict[str | None, tuple[int, int, int]]:
    """Municipality → (now, under the scenario, difference) in yen."""
    return {r.code: (int(r.now_yen), int(r.after_yen), int(r.difference_yen)) for r in result.rows}


def section(result: ScenarioResult, step: int, key: str) -> dict[str, object]:
    """A section of a step's derivation, as the JSON output has it."""
    from govcost.allocate.scenario_report import to_dict

    for s in to_dict(result)["steps"][step - 1]["sections"]:
        if s["key"] == key:
            return s  # type: ignore[no-any-return]
    raise KeyError(key)
