"""概要: monthly cost by cost source, by business and by environment, each chart with its table."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import Response

from govcost.jp.money import round_yen
from govcost.ledger.summary import GROUPINGS, Summary
from govcost.messages import t
from govcost.schema.columns import COST_SOURCES
from govcost.web.app import scope_of
from govcost.web.routes._scoped import summary as summary_of
from govcost.web.routes._tables import Table, download
from govcost.web.users import User

if TYPE_CHECKING:
    from govcost.web.app import Dashboard


def summary_table(summary: Summary, name: str, lang: str) -> Table:
    headers = summary.headers(lang)
    return Table(name, headers, summary.records(lang), {len(headers) - 1})


def monthly_chart(summary: Summary, lang: str) -> dict[str, Any]:
    """A stacked bar per cost source over the months (``summary`` grouped by month, cost_source)."""
    months = sorted({r.keys["month"] for r in summary.rows if r.keys["month"]})
    series: dict[str, dict[str, int]] = {}
    for r in summary.rows:
        source = r.keys["cost_source"] or ""
        label = COST_SOURCES.get(source, source) if lang == "ja" else source
        series.setdefault(label, {})[r.keys["month"]] = int(round_yen(r.cost_jpy))
    return {
        "data": [
            {"type": "bar", "name": name, "x": months, "y": [values.get(m, 0) for m in months]}
            for name, values in series.items()
        ],
        "layout": {
            "barmode": "stack",
            "xaxis": {"type": "category"},
            "yaxis": {"title": {"text": t("label.cost_jpy", lang)}, "tickformat": ",d"},
            "margin": {"t": 10, "r": 10},
            "legend": {"orientation": "h"},
        },
    }


def register(app: FastAPI, dash: Dashboard) -> None:
    user_of = app.state.user_of
    render = app.state.render
    from govcost.web.routes.kpi import overview_context

    def lang_of(request: Request) -> str:
        session = getattr(request.state, "session", None)
        return session.lang if session else "ja"

    @app.get("/", include_in_schema=False)
    def overview(request: Request, user: User = Depends(user_of)) -> Response:  # noqa: B008
        lang = lang_of(request)
        scope = scope_of(user)
        monthly: Summary = dash.run(lambda e: summary_of(dash, e, ["month", "cost_source"], scope))
        tables = {}
        for by in ("cost_source", "business", "environment"):
            summary: Summary = dash.run(lambda e, by=by: summary_of(dash, e, [by], scope))  # type: ignore[misc]
            tables[by] = summary_table(summary, by, lang)
        return render(
            request,
            "overview.html",
            total=monthly.total_jpy,
            chart=json.dumps(monthly_chart(monthly, lang), ensure_ascii=False),
            monthly=summary_table(monthly, "month_cost_source", lang),
            tables=tables,
            **overview_context(dash, user, lang),
        )

    @app.get("/download/summary.{fmt}", include_in_schema=False)
    def download_summary(
        request: Request,
        fmt: str,
        by: list[str] = Query(default=["month"]),  # noqa: B008
        user: User = Depends(user_of),  # noqa: B008
    ) -> Response:
        summary = dash.run(lambda e: summary_of(dash, e, by, scope_of(user)))
        return download(summary_table(summary, "summary_" + "_".join(by), lang_of(request)), fmt)

    @app.get("/api/v1/me", tags=["account"], summary="サインイン中の利用者と閲覧できる団体")
    def me(user: User = Depends(user_of)) -> dict[str, Any]:  # noqa: B008
        return {"username": user.username, "role": user.role, "municipalities": list(user.municipalities)}

    @app.get("/api/v1/summary", tags=["ledger"], summary="費用の集計(円、閲覧できる団体のみ)")
    def api_summary(
        by: list[str] = Query(default=["month"], description=f"集計軸: {', '.join(GROUPINGS)}"),  # noqa: B008
        user: User = Depends(user_of),  # noqa: B008
    ) -> dict[str, Any]:
        summary = dash.run(lambda e: summary_of(dash, e, by, scope_of(user)))
        return {
            "by": by,
            "rows": [
                {
                    **r.keys,
                    "rows": r.rows,
                    "cost_jpy": int(round_yen(r.cost_jpy)),
                    "cost_jpy_exact": str(r.cost_jpy),
                }
                for r in summary.rows
            ],
            "total_jpy": int(round_yen(summary.total_jpy)),
        }
