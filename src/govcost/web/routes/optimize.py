"""最適化: the findings of ``engine.optimize`` for the user's scope, filterable by rule, business,
municipality and system, with the total possible saving (overlaps combined), the saving by rule as a
chart beside its table, and every table as CSV and XLSX."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import Response

from govcost.jp.codes import municipality_name
from govcost.jp.money import round_yen
from govcost.messages import in_lang, t
from govcost.optimize import report
from govcost.optimize.base import MONTHS_A_YEAR, RULES
from govcost.web.app import NotFound, scope_of
from govcost.web.routes._scoped import UNASSIGNED, Computing, Scoped, optimization, optimizer_of
from govcost.web.routes._tables import Table, download
from govcost.web.users import User

if TYPE_CHECKING:
    from govcost.optimize.base import Finding
    from govcost.web.app import Dashboard

FILTERS = ("rule", "business", "municipality", "system")
#: Seconds after which a page that said its findings are being computed reloads itself.
REFRESH_S = 3


def lang_of(request: Request) -> str:
    session = getattr(request.state, "session", None)
    return session.lang if session else "ja"


def rule_label(key: str, lang: str) -> str:
    """A rule as the screen names it: its title in the page's language."""
    return in_lang(report.rule_info(key).title, lang)


def unassigned(value: str | None, lang: str) -> str:
    return value if value and value != UNASSIGNED else t("label.unassigned", lang)


def evidence_of(f: Finding, lang: str) -> str:
    return report.evidence_text(f.to_json()["evidence"], lang)


def findings_table(rows: list[tuple[Finding, Decimal]], lang: str, name: str = "findings") -> Table:
    """Every finding with its owner, its saving and its resource's combined saving, its action and
    evidence: the table the page shows and the downloads carry."""
    headers = [
        t("optimize.col.rule", lang),
        t("optimize.col.rule_id", lang),
        t("label.municipality", lang),
        t("label.municipality_name", lang),
        t("label.business", lang),
        t("label.environment", lang),
        t("optimize.col.system_id", lang),
        t("optimize.col.resource_id", lang),
        t("optimize.col.resource_name", lang),
        t("optimize.col.monthly_cost", lang),
        t("optimize.col.monthly_saving", lang),
        t("optimize.col.annual_saving", lang),
        t("optimize.col.combined_monthly", lang),
        t("optimize.col.confidence", lang),
        t("optimize.col.informational", lang),
        t("optimize.col.combined_with", lang),
        t("optimize.col.action", lang),
        t("optimize.col.evidence", lang),
        t("optimize.col.guide_ref", lang),
    ]
    body = [
        [
            rule_label(f.rule, lang),
            f.rule,
            f.municipality_code,
            municipality_name(f.municipality_code) or "",
            f.business,
            f.environment,
            f.system_id,
            f.resource_id,
            f.resource_name,
            f.monthly_cost_jpy,
            f.monthly_saving_jpy,
            f.annual_saving_jpy,
            combined,
            t(f"confidence.{f.confidence}", lang),
            t("optimize.informational", lang) if f.informational else "",
            ", ".join(f.combined_with),
            in_lang(f.action, lang),
            evidence_of(f, lang),
            in_lang(f.guide_ref, lang),
        ]
        for f, combined in rows
    ]
    return Table(name, headers, body, {9, 10, 11, 12})


def by_rule_table(scoped: Scoped, lang: str) -> Table:
    headers = [
        t("optimize.col.rule", lang),
        t("optimize.col.rule_id", lang),
        t("optimize.col.findings", lang),
        t("optimize.col.informational_count", lang),
        t("optimize.col.combined_monthly", lang),
        t("optimize.col.combined_annual", lang),
    ]
    body: list[list[Any]] = [
        [rule_label(str(b.key), lang), b.key, b.findings, b.informational, b.combined_jpy, b.annual_jpy]
        for b in scoped.by_rule()
    ]
    acting, info = scoped.counts()
    body.append(
        [t("label.total", lang), "", acting, info, scoped.monthly_saving_jpy, scoped.annual_saving_jpy]
    )
    return Table("findings_by_rule", headers, body, {4, 5})


def by_rule_chart(scoped: Scoped, lang: str) -> dict[str, Any]:
    """A horizontal bar per rule: its share of the combined monthly saving."""
    rules = [b for b in scoped.by_rule() if b.findings or b.informational]
    rules.sort(key=lambda b: b.combined_jpy)
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "x": [int(round_yen(b.combined_jpy)) for b in rules],
                "y": [rule_label(str(b.key), lang) for b in rules],
                "hovertemplate": "%{y}: %{x:,d}<extra></extra>",
            }
        ],
        "layout": {
            "xaxis": {"title": {"text": t("optimize.col.combined_monthly", lang)}, "tickformat": ",d"},
            "yaxis": {"automargin": True},
            "margin": {"t": 10, "r": 10},
            "height": max(240, 48 * len(rules) + 80),
        },
    }


def filters_of(
    user: User, rule: str | None, business: str | None, municipality: str | None, system: str | None
) -> dict[str, str]:
    """The filters given (an empty choice is no filter). A municipality outside the user's scope is
    "not found", whether it exists or not."""
    scope = scope_of(user)
    if municipality and scope is not None and municipality not in scope:
        raise NotFound
    given = {"rule": rule, "business": business, "municipality": municipality, "system": system}
    return {k: v for k, v in given.items() if v}


def apply(scoped: Scoped, filters: dict[str, str]) -> Scoped:
    return scoped.filtered(
        rule=filters.get("rule"),
        business=filters.get("business"),
        municipality=filters.get("municipality"),
        system=filters.get("system"),
    )


def register(app: FastAPI, dash: Dashboard) -> None:
    user_of = app.state.user_of
    render = app.state.render

    def scoped_of(user: User, page: bool = False) -> Scoped:
        """The user's findings; a page waits a moment for them, a download or the API until done."""
        return optimization(dash, scope_of(user), wait=optimizer_of(dash).page_wait_s if page else None)

    @app.exception_handler(Computing)
    async def _computing(request: Request, exc: Computing) -> Response:
        """A page whose findings are not ready: it says so, and reloads itself when they are."""
        response = render(request, "computing.html", status=202, refresh=REFRESH_S)
        response.headers["Retry-After"] = str(REFRESH_S)
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.get(
        "/api/v1/findings/status",
        tags=["optimize"],
        summary="閲覧できる団体の最適化の指摘が計算済みか(未計算なら計算を始める)",
    )
    def api_findings_status(user: User = Depends(user_of)) -> dict[str, bool]:  # noqa: B008
        try:
            optimization(dash, scope_of(user), wait=0)
        except Computing:
            return {"ready": False}
        return {"ready": True}

    @app.get("/optimize", include_in_schema=False)
    def optimize_page(
        request: Request,
        rule: str | None = None,
        business: str | None = None,
        municipality: str | None = None,
        system: str | None = None,
        user: User = Depends(user_of),  # noqa: B008
    ) -> Response:
        lang = lang_of(request)
        everything = scoped_of(user, page=True)
        filters = filters_of(user, rule, business, municipality, system)
        scoped = apply(everything, filters)
        scope = scope_of(user)
        codes = sorted(scope) if scope is not None else everything.values("municipality_code")
        choices = {
            "rule": [(k, rule_label(k, lang)) for k in RULES.keys()],
            "business": [(b, unassigned(b, lang)) for b in everything.values("business")],
            "municipality": [
                (c, f"{c} {municipality_name(c) or ''}".strip() if c != UNASSIGNED else unassigned(c, lang))
                for c in codes
            ],
            "system": [(s, unassigned(s, lang)) for s in everything.values("system_id")],
        }
        acting, info = scoped.counts()
        query = "?" + urlencode(filters) if filters else ""
        rows = scoped.rows()
        return render(
            request,
            "optimize.html",
            scoped=scoped,
            rows=rows,
            evidence_of=evidence_of,
            rule_label=rule_label,
            municipality_name=municipality_name,
            acting=acting,
            info=info,
            filters=filters,
            choices=choices,
            query=query,
            settings_name=(scoped.settings_source or "").replace("\\", "/").rsplit("/", 1)[-1],
            chart=json.dumps(by_rule_chart(scoped, lang), ensure_ascii=False),
            by_rule=by_rule_table(scoped, lang),
        )

    @app.get("/download/findings.{fmt}", include_in_schema=False)
    def download_findings(
        request: Request,
        fmt: str,
        rule: str | None = None,
        business: str | None = None,
        municipality: str | None = None,
        system: str | None = None,
        user: User = Depends(user_of),  # noqa: B008
    ) -> Response:
        scoped = apply(scoped_of(user), filters_of(user, rule, business, municipality, system))
        return download(findings_table(scoped.rows(), lang_of(request)), fmt)

    @app.get("/download/findings-by-rule.{fmt}", include_in_schema=False)
    def download_findings_by_rule(
        request: Request,
        fmt: str,
        rule: str | None = None,
        business: str | None = None,
        municipality: str | None = None,
        system: str | None = None,
        user: User = Depends(user_of),  # noqa: B008
    ) -> Response:
        scoped = apply(scoped_of(user), filters_of(user, rule, business, municipality, system))
        return download(by_rule_table(scoped, lang_of(request)), fmt)

    @app.get("/api/v1/findings", tags=["optimize"], summary="最適化の指摘と削減可能額(閲覧できる団体のみ)")
    def api_findings(
        rule: str | None = Query(None, description="ルールID (例: operating-hours)"),
        business: str | None = Query(None, description="業務 (- は未割当)"),
        municipality: str | None = Query(None, description="団体コード (- は未割当)"),
        system: str | None = Query(None, description="システムID"),
        user: User = Depends(user_of),  # noqa: B008
    ) -> dict[str, Any]:
        filters = filters_of(user, rule, business, municipality, system)
        scoped = apply(scoped_of(user), filters)
        acting, info = scoped.counts()
        return {
            "months": scoped.months,
            "filters": filters,
            "monthly_saving_jpy": int(round_yen(scoped.monthly_saving_jpy)),
            "annual_saving_jpy": int(round_yen(scoped.monthly_saving_jpy * MONTHS_A_YEAR)),
            "sum_of_findings_monthly_jpy": int(round_yen(scoped.sum_of_findings_jpy)),
            "overlaps_combined": True,
            "findings_count": acting,
            "informational_count": info,
            "municipalities_without_cloud_costs": scoped.missing,
            "findings": scoped.records(),
        }
