"""Account map: which municipality, business, environment and system each cloud account is for.

Columns ``provider,account_id,municipality_code,business,environment,system_id,usage``; provider is
aws / azure / gcp / oci (display names such as "Amazon Web Services" are accepted), usage 単独/共同.
"""

from __future__ import annotations

from typing import Any

from govcost.errors import InputError
from govcost.ingest.base import IMPORTERS
from govcost.ingest.reference import ReferenceImporter
from govcost.ingest.tabular import Rows, check_unique, required_text
from govcost.jp.businesses import (
    ALL_BUSINESSES,
    ENVIRONMENTS,
    USAGES,
    normalise_business,
    normalise_environment,
    normalise_usage,
)
from govcost.jp.codes import validate_code

PROVIDERS = {
    "aws": "aws",
    "amazon web services": "aws",
    "amazon": "aws",
    "azure": "azure",
    "microsoft": "azure",
    "microsoft azure": "azure",
    "gcp": "gcp",
    "google cloud": "gcp",
    "google": "gcp",
    "oci": "oci",
    "oracle": "oci",
    "oracle cloud infrastructure": "oci",
}


@IMPORTERS.register("account-map")
class AccountMapImporter(ReferenceImporter):
    """Cloud account → municipality, business, environment, system and usage (単独/共同)."""

    label = "アカウント対応表"
    table = "account_map"
    key_columns = ("provider", "account_id")
    columns = ("provider", "account_id", "municipality_code", "business", "environment", "system_id", "usage")

    @classmethod
    def detect(cls, header: list[str]) -> bool:
        return {"provider", "account_id", "municipality_code"} <= {h.strip() for h in header}

    def parse(self, rows: Rows) -> list[tuple[Any, ...]]:
        rows.require(self.columns)
        out = []
        for row in rows.rows:
            where = {"file": rows.src.name, "sheet": rows.sheet, "row": row.number}
            raw_provider = required_text(rows, row, "provider")
            provider = PROVIDERS.get(raw_provider.strip().lower())
            if provider is None:
                raise rows.error(
                    "input.bad_value",
                    row.number,
                    "provider",
                    expected="aws / azure / gcp / oci",
                    found=raw_provider,
                )
            account = required_text(rows, row, "account_id")
            try:
                code = validate_code(required_text(rows, row, "municipality_code"), **where)
            except InputError as exc:
                exc.column = "municipality_code"
                exc.args = (exc.render("en"),)
                raise
            values = {}
            for name, norm, allowed in (
                ("business", normalise_business, ALL_BUSINESSES),
                ("environment", normalise_environment, ENVIRONMENTS),
                ("usage", normalise_usage, USAGES),
            ):
                given = row.values.get(name)
                values[name] = norm(given) if given else None
                if given and values[name] is None:
                    raise rows.error(
                        "input.bad_value", row.number, name, expected=" / ".join(allowed), found=given
                    )
            out.append(
                (
                    provider,
                    account,
                    code,
                    values["business"],
                    values["environment"],
                    row.values.get("system_id"),
                    values["usage"],
                )
            )
        check_unique(
            rows,
            lambda r: (PROVIDERS.get((r.values["provider"] or "").lower()), r.values["account_id"]),
            "account_id",
        )
        return out
