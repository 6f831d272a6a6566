"""Non-cloud cost lines: software rental, operations work, the operations assistant, network lines,
equipment and other costs, from the documented template (docs/cost-lines-template.md).

One row per municipality, system, category (費目) and month, with the amount in yen, as XLSX or CSV
(UTF-8, UTF-8 with BOM, or CP932). A newer file's row replaces the older one with the same key.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from govcost.errors import InputError
from govcost.ingest.base import IMPORTERS
from govcost.ingest.costs import CostImporter, as_money, text
from govcost.ingest.tabular import Row, Rows, check_unique, parse_decimal, read_rows, required_text
from govcost.jp.businesses import (
    ALL_BUSINESSES,
    ENVIRONMENTS,
    USAGES,
    normalise_business,
    normalise_environment,
    normalise_usage,
)
from govcost.jp.codes import validate_code
from govcost.schema import COST_SOURCES
from govcost.schema.columns import MONEY_SCALE

if TYPE_CHECKING:
    from govcost.engine import Engine
    from govcost.ingest.source import SourceFile

#: Template header → canonical column. Japanese first; the English names are accepted too.
HEADERS: dict[str, str] = {
    "団体コード": "municipality_code",
    "システムID": "system_id",
    "業務": "business",
    "環境": "environment",
    "費目": "category",
    "年月": "month",
    "金額(円)": "amount_jpy",
    "金額（円）": "amount_jpy",
    "事業者": "vendor",
    "摘要": "description",
    "利用形態": "usage",
}
REQUIRED = ("municipality_code", "system_id", "business", "category", "month", "amount_jpy")
JA_NAME = {v: k for k, v in HEADERS.items() if "（" not in k}

#: 費目 (as the estimate checklist names them) → cost_source.
CATEGORIES: dict[str, str] = {
    "ソフトウェア借料": "software",
    "業務パッケージ・ミドルウェア利用料": "software",
    "ソフトウェア利用料": "software",
    "機器借料": "equipment",
    "運用作業": "operations",
    "運用管理補助委託": "operations_assistant",
    "ネットワーク運用管理補助委託": "operations_assistant",
    "接続回線": "network",
    "その他": "other",
    **{k: k for k in COST_SOURCES if k != "cloud"},
}
_MONTH = re.compile(r"^(\d{4})[-/年](\d{1,2})(?:月)?(?:[-/]\d{1,2})?(?: 00:00:00)?$")
_REIWA = re.compile(r"^令和(\d{1,2}|元)年(\d{1,2})月$")


def parse_month(value: str) -> dt.date | None:
    """2025-04, 2025/4, 2025年4月, 令和7年4月, or an Excel date on the 1st."""
    v = value.strip()
    m = _MONTH.match(v)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
    else:
        r = _REIWA.match(v)
        if not r:
            return None
        year = 2018 + (1 if r.group(1) == "元" else int(r.group(1)))
        month = int(r.group(2))
    return dt.date(year, month, 1) if 1 <= month <= 12 else None


def _next_month(d: dt.date) -> dt.date:
    return dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)


@IMPORTERS.register("cost-lines")
class CostLinesImporter(CostImporter):
    """費用明細テンプレート: software, operations, assistant, network, equipment and other costs in yen."""

    label = "費用明細 (クラウド以外)"
    priority = 20
    amount_column = "amount_jpy"
    account_column = "municipality_code"
    period_column = "month"
    cost_source: ClassVar[str] = "other"

    @classmethod
    def detect(cls, header: list[str]) -> bool:
        names = {HEADERS.get(h.strip(), h.strip()) for h in header}
        return {"municipality_code", "amount_jpy", "category"} <= names

    def missing_columns(self, header: list[str]) -> list[str]:
        names = {HEADERS.get(h.strip(), h.strip()) for h in header}
        return [JA_NAME.get(c, c) for c in REQUIRED if c not in names]

    def read_raw(self, engine: Engine, src: SourceFile) -> ir.Table:
        rows = read_rows(src, aliases=HEADERS)
        columns = [*REQUIRED, "environment", "vendor", "description", "usage"]
        data: dict[str, list[str | None]] = {c: [] for c in [*columns, "cost_source", "_source_row"]}
        for row in rows.rows:
            for name, value in self._parse_row(rows, row).items():
                data[name].append(value)
            data["_source_row"].append(str(row.number))
        check_unique(
            rows,
            lambda r: (
                validate_code(r.values["municipality_code"]),
                r.values["system_id"],
                CATEGORIES.get(r.values["category"] or ""),
                parse_month(r.values["month"] or ""),
            ),
            "month",
        )
        table = pa.table({k: pa.array(v, pa.string()) for k, v in data.items()})
        return ibis.memtable(table)

    def _parse_row(self, rows: Rows, row: Row) -> dict[str, str | None]:
        number, values = row.number, row.values

        def err(key: str, column: str, **kw: object) -> InputError:
            return rows.error(key, number, column, **kw)

        code_text = values.get("municipality_code")
        if code_text is None:
            raise err("input.null_mandatory", "municipality_code")
        try:
            code = validate_code(code_text)
        except InputError as exc:
            raise err(
                "input.bad_municipality_code", "municipality_code", expected=exc.expected, found=exc.found
            ) from None
        system = values.get("system_id")
        if system is None:
            raise err("input.null_mandatory", "system_id")
        business = normalise_business(values.get("business"))
        if business is None:
            raise err(
                "input.bad_value",
                "business",
                expected=" / ".join(ALL_BUSINESSES),
                found=values.get("business"),
            )
        environment = None
        if values.get("environment"):
            environment = normalise_environment(values["environment"])
            if environment is None:
                raise err(
                    "input.bad_value",
                    "environment",
                    expected=" / ".join(ENVIRONMENTS),
                    found=values["environment"],
                )
        usage = None
        if values.get("usage"):
            usage = normalise_usage(values["usage"])
            if usage is None:
                raise err("input.bad_value", "usage", expected=" / ".join(USAGES), found=values["usage"])
        category = required_text(rows, row, "category")
        source = CATEGORIES.get(category.strip())
        if source is None:
            raise err(
                "input.bad_value",
                "category",
                expected=" / ".join(k for k in CATEGORIES if not k.isascii()),
                found=category,
            )
        month_text = values.get("month")
        month = parse_month(month_text) if month_text else None
        if month is None:
            raise err("input.bad_month", "month", expected="YYYY-MM (例: 2025-04)", found=month_text)
        amount = parse_decimal(rows, row, "amount_jpy")
        assert amount is not None
        if amount != amount.quantize(Decimal(1).scaleb(-MONEY_SCALE)):
            raise err("input.too_precise", "amount_jpy", scale=MONEY_SCALE, found=values["amount_jpy"])
        return {
            "municipality_code": code,
            "system_id": system,
            "business": business,
            "category": category.strip(),
            "month": month.isoformat(),
            "amount_jpy": str(amount),
            "environment": environment,
            "vendor": values.get("vendor"),
            "description": values.get("description"),
            "usage": usage,
            "cost_source": source,
        }

    def to_ledger(self, raw: ir.Table, src: SourceFile) -> dict[str, ir.Value]:
        amount = as_money(raw, "amount_jpy")
        start = raw.month.cast("date").cast("timestamp")
        end = (raw.month.cast("date") + ibis.interval(months=1)).cast("timestamp")
        vendor = text(raw, "vendor").fill_null("不明")
        label = raw.category
        return {
            "BilledCost": amount,
            "EffectiveCost": amount,
            "ListCost": amount,
            "ContractedCost": amount,
            "BillingCurrency": ibis.literal("JPY"),
            "BillingAccountId": raw.municipality_code,
            "BillingAccountName": raw.municipality_code,
            "SubAccountId": raw.system_id,
            "BillingPeriodStart": start,
            "BillingPeriodEnd": end,
            "ChargePeriodStart": start,
            "ChargePeriodEnd": end,
            "ChargeCategory": ibis.literal("Purchase"),
            "ChargeFrequency": ibis.literal("Recurring"),
            "ChargeDescription": ibis.coalesce(text(raw, "description"), label),
            "ServiceName": label,
            "ServiceCategory": ibis.literal("Other"),
            "ProviderName": vendor,
            "PublisherName": vendor,
            "InvoiceIssuerName": vendor,
            "provider": vendor,
            "cost_source": raw.cost_source,
            "municipality_code": raw.municipality_code,
            "business": raw.business,
            "environment": raw.environment,
            "system_id": raw.system_id,
            "usage": raw.usage,
            "slice_key": ibis.literal("cost-lines|").concat(
                raw.municipality_code, "|", raw.system_id, "|", raw.cost_source, "|", raw.month.substr(0, 7)
            ),
        }
