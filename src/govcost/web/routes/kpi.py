"""概要 (KPI): the fiscal year so far against budget and forecast, and the before/after ratio against
the targets — the KPI engine's figures for the user's scope, as downloads and an API route; the
overview page shows them through :func:`overview_context`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import Response

from govcost.jp.calendar import fiscal_year_text
from govcost.messages import t
from govcost.web.app import NotFound, scope_of
from govcost.web.routes import _kpi
from govcost.web.routes._tables import download
from govcost.web.routes.optimize import lang_of
from govcost.web.users import User

if TYPE_CHECKING:
    from govcost.web.app import Dashboard

TABLES = ("fiscal", "before_after")


def overview_context(dash: Dashboard, user: User, lang: str) -> dict[str, Any]:
    """What the overview adds: the fiscal year's chart and table, the ratios' chart and table."""
    k = dash.run(lambda e: _kpi.scoped_kpi(dash, e, scope_of(user)))
    if k is None:
        return {"kpi": None}
    return {
        "kpi": k,
        "kpi_year": fiscal_year_text(k.result.fiscal.fiscal_year, lang),
        "kpi_method": t(f"kpi.method.{k.fiscal.method or 'none'}", lang),
        "kpi_basis": _kpi.basis_text(
            k.result.before_after.basis.fiscal_year, k.result.before_after.basis.months, lang
        ),
        "kpi_fiscal": _kpi.fiscal_table(k, lang),
        "kpi_fiscal_chart": json.dumps(_kpi.fiscal_chart(k, lang), ensure_ascii=False),
        "kpi_ratios": _kpi.before_after_table(k, lang),
        "kpi_ratio_chart": json.dumps(_kpi.ratio_chart(_kpi.ratio_rows(k, lang), lang), ensure_ascii=False),
    }


def register(app: FastAPI, dash: Dashboard) -> None:
    user_of = app.state.user_of

    @app.get("/download/kpi/{table}.{fmt}", include_in_schema=False)
    def download_kpi(request: Request, table: str, fmt: str, user: User = Depends(user_of)) -> Response:  # noqa: B008
        if table not in TABLES:
            raise NotFound
        lang = lang_of(request)
        k = dash.run(lambda e: _kpi.scoped_kpi(dash, e, scope_of(user)))
        if k is None:
            raise NotFound
        shaped = _kpi.fiscal_table(k, lang) if table == "fiscal" else _kpi.before_after_table(k, lang)
        return download(shaped, fmt)

    @app.get(
        "/api/v1/kpi",
        tags=["kpi"],
        summary="年度の月別(実績・予算・見込み)と移行前後の倍率(閲覧できる団体のみ)",
    )
    def api_kpi(user: User = Depends(user_of)) -> dict[str, Any]:  # noqa: B008
        k = dash.run(lambda e: _kpi.scoped_kpi(dash, e, scope_of(user)))
        if k is None:
            return {"fiscal_year": None, "months": [], "before_after": None}
        return _kpi.api_record(k)
