"""システム: the systems of the user's scope, and one page per system — its accounts, its costs by
month (trend chart and table) and by cost source and service, and its optimisation findings.

A system of another municipality is "not found" (404), never "forbidden". With allocation rules the
costs of jointly used systems are each member's allocated share (``allocated_costs``); without them,
the rows registered to the user's municipalities only.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import Response

from govcost.jp import calendar as jp_calendar
from govcost.jp.money import round_yen
from govcost.ledger.summary import Summary
from govcost.messages import t
from govcost.web.app import NotFound, scope_of
from govcost.web.routes._scoped import Scoped, allocated, costs_table, memo, optimization, optimizer_of
from govcost.web.routes._tables import Table, download
from govcost.web.routes.optimize import findings_table, lang_of
from govcost.web.routes.overview import monthly_chart, summary_table
from govcost.web.users import User

if TYPE_CHECKING:
    from govcost.ledger.systems import SystemAccount, SystemDetail, SystemLine, SystemList
    from govcost.web.app import Dashboard

USAGE_KEYS = {"単独": "web.systems.usage.single", "共同": "web.systems.usage.joint"}
DETAIL_TABLES = ("accounts", "monthly", "services", "findings")


def fiscal_year_text(fy: int | None, lang: str) -> str:
    if fy is None:
        return "-"
    return jp_calendar.fiscal_year_text(fy, lang)


def usage_text(usages: list[str], lang: str) -> str:
    return "・".join(t(USAGE_KEYS[u], lang) if u in USAGE_KEYS else u for u in usages)


def systems_table(listing: SystemList, lang: str) -> Table:
    fy = fiscal_year_text(listing.fiscal_year, lang)
    headers = [
        t("optimize.col.system_id", lang),
        t("label.business", lang),
        t("web.systems.col.usage", lang),
        t("web.systems.col.accounts", lang),
        t("web.systems.col.fiscal_year_cost", lang, fy=fy),
        t("web.systems.col.total", lang),
    ]
    rows: list[list[Any]] = [
        [
            s.system_id or t("label.unassigned", lang),
            "・".join(s.businesses),
            usage_text(s.usages, lang),
            len(s.accounts),
            s.fiscal_year_jpy,
            s.total_jpy,
        ]
        for s in listing.systems
    ]
    return Table("systems", headers, rows, {4, 5})


def accounts_table(accounts: list[SystemAccount], lang: str, name: str = "accounts") -> Table:
    headers = [
        t("web.systems.col.provider", lang),
        t("optimize.col.account_id", lang),
        t("web.systems.col.account_name", lang),
        t("label.environment", lang),
    ]
    return Table(name, headers, [[a.provider, a.account_id, a.account_name, a.environment] for a in accounts])


def fy_chart(listing: SystemList, lang: str) -> dict[str, Any]:
    """A horizontal bar per system: what it cost in the fiscal year."""
    items = [s for s in listing.systems if s.system_id][::-1]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "x": [int(round_yen(s.fiscal_year_jpy)) for s in items],
                "y": [s.system_id for s in items],
                "hovertemplate": "%{y}: %{x:,d}<extra></extra>",
            }
        ],
        "layout": {
            "xaxis": {"title": {"text": t("label.cost_jpy", lang)}, "tickformat": ",d"},
            "yaxis": {"automargin": True},
            "margin": {"t": 10, "r": 10},
            "height": max(240, 32 * len(items) + 80),
        },
    }


def _summary_rows(summary: Summary) -> list[dict[str, Any]]:
    return [
        {
            **r.keys,
            "rows": r.rows,
            "cost_jpy": int(round_yen(r.cost_jpy)),
            "cost_jpy_exact": str(r.cost_jpy),
        }
        for r in summary.rows
    ]


def _line_json(line: SystemLine) -> dict[str, Any]:
    return {
        "system_id": line.system_id,
        "businesses": line.businesses,
        "usage": line.usages,
        "accounts": [
            {
                "provider": a.provider,
                "account_id": a.account_id,
                "account_name": a.account_name,
                "environment": a.environment,
            }
            for a in line.accounts
        ],
        "rows": line.rows,
        "fiscal_year_cost_jpy": int(round_yen(line.fiscal_year_jpy)),
        "total_cost_jpy": int(round_yen(line.total_jpy)),
    }


def register(app: FastAPI, dash: Dashboard) -> None:
    user_of = app.state.user_of
    render = app.state.render

    def listing_of(user: User) -> SystemList:
        """The systems of the user's scope, their details included (one query, cached per scope
        until the ledger changes)."""
        scope = scope_of(user)
        key = ("systems", tuple(scope) if scope is not None else None)
        return dash.run(
            lambda e: memo(dash, e, key, lambda: e.systems(municipalities=scope, costs=costs_table(dash, e)))
        )

    def detail_of(user: User, system_id: str, page: bool = False) -> tuple[SystemDetail, Scoped]:
        """The system and its findings in the user's scope; NotFound when the scope has nothing of it
        (the same answer for another municipality's system as for no system at all). A page waits a
        moment for the findings (then says they are being computed), a download or the API until
        they are there."""
        detail = listing_of(user).detail(system_id)
        if detail is None:
            raise NotFound
        wait = optimizer_of(dash).page_wait_s if page else None
        findings = optimization(dash, scope_of(user), wait=wait).filtered(system=system_id)
        return detail, findings

    def detail_tables(detail: SystemDetail, findings: Scoped, lang: str) -> dict[str, Table]:
        # File and sheet names: ASCII only (HTTP headers), whatever the system id holds.
        sid = re.sub(r"[^A-Za-z0-9_.-]", "_", detail.line.system_id or "")
        return {
            "accounts": accounts_table(detail.line.accounts, lang, f"{sid}_accounts"),
            "monthly": summary_table(detail.monthly, f"{sid}_monthly", lang),
            "services": summary_table(detail.by_service, f"{sid}_services", lang),
            "findings": findings_table(findings.rows(), lang, f"{sid}_findings"),
        }

    @app.get("/systems", include_in_schema=False)
    def systems_page(request: Request, user: User = Depends(user_of)) -> Response:  # noqa: B008
        lang = lang_of(request)
        listing = listing_of(user)
        return render(
            request,
            "systems.html",
            listing=listing,
            table=systems_table(listing, lang),
            fiscal_year=fiscal_year_text(listing.fiscal_year, lang),
            allocated=allocated(dash),
            chart=json.dumps(fy_chart(listing, lang), ensure_ascii=False),
        )

    @app.get("/systems/{system_id}", include_in_schema=False)
    def system_page(request: Request, system_id: str, user: User = Depends(user_of)) -> Response:  # noqa: B008
        lang = lang_of(request)
        detail, findings = detail_of(user, system_id, page=True)
        tables = detail_tables(detail, findings, lang)
        acting, info = findings.counts()
        joint = "共同" in detail.line.usages
        return render(
            request,
            "system.html",
            detail=detail,
            system_id=system_id,
            business="・".join(detail.line.businesses),
            usage=usage_text(detail.line.usages, lang),
            joint=joint,
            allocated=allocated(dash),
            fiscal_year=fiscal_year_text(detail.fiscal_year, lang),
            tables=tables,
            findings=findings,
            rows=findings.rows(),
            acting=acting,
            info=info,
            chart=json.dumps(monthly_chart(detail.monthly, lang), ensure_ascii=False),
        )

    @app.get("/download/systems.{fmt}", include_in_schema=False)
    def download_systems(request: Request, fmt: str, user: User = Depends(user_of)) -> Response:  # noqa: B008
        return download(systems_table(listing_of(user), lang_of(request)), fmt)

    @app.get("/download/systems/{system_id}/{table}.{fmt}", include_in_schema=False)
    def download_system_table(
        request: Request,
        system_id: str,
        table: str,
        fmt: str,
        user: User = Depends(user_of),  # noqa: B008
    ) -> Response:
        if table not in DETAIL_TABLES:
            raise NotFound
        detail, findings = detail_of(user, system_id)
        return download(detail_tables(detail, findings, lang_of(request))[table], fmt)

    @app.get(
        "/api/v1/systems",
        tags=["systems"],
        summary="システムの一覧(アカウント、年度の費用、閲覧できる団体のみ)",
    )
    def api_systems(user: User = Depends(user_of)) -> dict[str, Any]:  # noqa: B008
        listing = listing_of(user)
        return {
            "fiscal_year": listing.fiscal_year,
            "allocated": allocated(dash),
            "fiscal_year_cost_jpy": int(round_yen(listing.fiscal_year_jpy)),
            "systems": [_line_json(s) for s in listing.systems],
        }

    @app.get(
        "/api/v1/systems/{system_id}",
        tags=["systems"],
        summary="システムの詳細(アカウント、月別・サービス別の費用、最適化の指摘)",
    )
    def api_system(system_id: str, user: User = Depends(user_of)) -> dict[str, Any]:  # noqa: B008
        detail, findings = detail_of(user, system_id)
        acting, info = findings.counts()
        return {
            **_line_json(detail.line),
            "fiscal_year": detail.fiscal_year,
            "allocated": allocated(dash),
            "monthly": _summary_rows(detail.monthly),
            "by_service": _summary_rows(detail.by_service),
            "findings_monthly_saving_jpy": int(round_yen(findings.monthly_saving_jpy)),
            "findings_count": acting,
            "informational_count": info,
            "findings": findings.records(),
        }
