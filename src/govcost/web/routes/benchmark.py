"""ベンチマーク (group administrators and administrators): the municipalities of the group side by
side — ICT cost per resident, cloud fees year on year, the before/after ratio against the targets
(each municipality's, and the group's both ways, each named) — from the KPI engine (``_kpi``).

Anonymised (``?anonymise=true``), each municipality is 団体A, 団体B, … in the order of an HMAC of its
code under the installation's secret key: stable from one visit to the next, unrelated to the
codes, names, sizes or figures, and not reproducible without the key. The columns that would
identify a municipality by its size are left out: code, name, population, annual cost and the
yen before and after migration (annual cost ÷ per-resident cost gives the population). What
remains are ratios and per-resident yen. Municipal users get 403.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import Response

from govcost.allocate.kpi.stats import ratio_text
from govcost.jp.codes import municipality_name
from govcost.jp.money import round_yen
from govcost.messages import t
from govcost.web.app import Forbidden, scope_of
from govcost.web.routes import _kpi
from govcost.web.routes._tables import Table, download
from govcost.web.routes.optimize import lang_of
from govcost.web.security import secret_key
from govcost.web.users import User

if TYPE_CHECKING:
    from govcost.web.app import Dashboard


@dataclass(frozen=True)
class Line:
    municipality_code: str
    population: int | None
    annual_jpy: Decimal | None
    per_resident_jpy: Decimal | None
    cloud_yoy: Decimal | None
    before_jpy: Decimal | None
    after_jpy: Decimal | None
    ratio: Decimal | None


def letters(i: int) -> str:
    """0 → A, 25 → Z, 26 → AA (as spreadsheet columns)."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(ord("A") + r) + out
    return out


def anonymous_names(codes: list[str], key: str, lang: str) -> dict[str, str]:
    """団体A, 団体B, … in the order of the codes' HMAC under ``key``."""
    order = sorted(codes, key=lambda c: hmac.new(key.encode(), c.encode(), hashlib.sha256).hexdigest())
    return {c: t("web.benchmark.anonymous", lang, letter=letters(i)) for i, c in enumerate(order)}


def lines_of(k: _kpi.ScopedKpi) -> list[Line]:
    per = {r.municipality_code: r for r in k.per_resident}
    out = []
    for r in k.before_after:
        p = per.get(r.municipality_code)
        out.append(
            Line(
                r.municipality_code,
                p.population if p else None,
                p.annual_jpy if p else r.after_jpy,
                p.per_resident_jpy if p else None,
                k.yoy_of(r.municipality_code),
                r.before_jpy,
                r.after_jpy,
                r.ratio,
            )
        )
    return out


def benchmark_table(k: _kpi.ScopedKpi, names: dict[str, str] | None, lang: str) -> Table:
    """One row per municipality (sorted by name or anonymous label), then the group's ratios."""
    lines = lines_of(k)
    anonymous = names is not None
    if anonymous:
        assert names is not None
        lines.sort(key=lambda ln: (len(names[ln.municipality_code]), names[ln.municipality_code]))
        headers = [t("label.municipality", lang)]
    else:
        headers = [
            t("label.municipality", lang),
            t("label.municipality_name", lang),
            t("kpi.col.population", lang),
            t("kpi.col.annual", lang),
        ]
    headers += [t("kpi.col.per_resident", lang), t("web.benchmark.cloud_yoy", lang)]
    if not anonymous:
        headers += [t("kpi.col.before", lang), t("kpi.col.after", lang)]
    headers += [t("kpi.col.ratio", lang), t("kpi.col.national", lang), t("kpi.col.kgi", lang)]

    def marks(value: Decimal | None) -> list[str]:
        if value is None:
            return [t("kpi.status.no_data", lang)] * 2
        return [
            t("kpi.status.met" if value <= tg.limit else "kpi.status.missed", lang)
            for tg in _kpi.REFERENCE_TARGETS
        ]

    rows: list[list[Any]] = []
    for ln in lines:
        who: list[Any] = (
            [names[ln.municipality_code]]
            if names is not None
            else [
                ln.municipality_code,
                municipality_name(ln.municipality_code) or "",
                ln.population,
                ln.annual_jpy,
            ]
        )
        row = [*who, ln.per_resident_jpy, ratio_text(ln.cloud_yoy) or t("kpi.status.no_data", lang)]
        if not anonymous:
            row += [ln.before_jpy, ln.after_jpy]
        rows.append([*row, ratio_text(ln.ratio), *marks(ln.ratio)])
    for measure, value in (
        ("ratio_of_totals", k.group.ratio_of_totals),
        ("mean_of_ratios", k.group.mean_of_ratios),
    ):
        pad: list[Any] = [None] * (len(headers) - 4)
        rows.append([_kpi.group_label(measure, lang), *pad, ratio_text(value), *marks(value)])
    yen = {1} if anonymous else {3, 4, 6, 7}
    return Table("benchmark_anonymised" if anonymous else "benchmark", headers, rows, yen)


def per_resident_chart(lines: list[Line], label: dict[str, str], lang: str) -> dict[str, Any]:
    shown = sorted(
        (ln for ln in lines if ln.per_resident_jpy is not None), key=lambda ln: label[ln.municipality_code]
    )
    return {
        "data": [
            {
                "type": "bar",
                "name": t("kpi.col.per_resident", lang),
                "x": [label[ln.municipality_code] for ln in shown],
                "y": [int(round_yen(ln.per_resident_jpy or Decimal(0))) for ln in shown],
            }
        ],
        "layout": {
            "xaxis": {"type": "category"},
            "yaxis": {"title": {"text": t("kpi.col.per_resident", lang)}, "tickformat": ",d"},
            "margin": {"t": 10, "r": 10},
        },
    }


def register(app: FastAPI, dash: Dashboard) -> None:
    user_of = app.state.user_of
    render = app.state.render

    def group_of(user: User = Depends(user_of)) -> User:  # noqa: B008
        if user.role == "municipal":
            raise Forbidden
        return user

    def context(
        user: User, anonymise: bool, lang: str
    ) -> tuple[_kpi.ScopedKpi | None, dict[str, str] | None]:
        k = dash.run(lambda e: _kpi.scoped_kpi(dash, e, scope_of(user)))
        if k is None or not anonymise:
            return k, None
        key = secret_key(dash.engine.ledger.path)
        return k, anonymous_names([r.municipality_code for r in k.before_after], key, lang)

    @app.get("/benchmark", include_in_schema=False)
    def benchmark_page(
        request: Request,
        anonymise: bool = Query(default=False),
        user: User = Depends(group_of),  # noqa: B008
    ) -> Response:
        lang = lang_of(request)
        k, names = context(user, anonymise, lang)
        if k is None:
            return render(request, "benchmark.html", k=None, anonymise=anonymise)
        label = names or {
            r.municipality_code: f"{r.municipality_code} {r.name}".strip() for r in k.before_after
        }
        query = "?anonymise=true" if anonymise else ""
        return render(
            request,
            "benchmark.html",
            k=k,
            anonymise=anonymise,
            query=query,
            basis=_kpi.basis_text(
                k.result.before_after.basis.fiscal_year, k.result.before_after.basis.months, lang
            ),
            table=benchmark_table(k, names, lang),
            ratio_chart=json.dumps(
                _kpi.ratio_chart(_kpi.ratio_rows(k, lang, label), lang), ensure_ascii=False
            ),
            resident_chart=json.dumps(per_resident_chart(lines_of(k), label, lang), ensure_ascii=False),
        )

    @app.get("/download/benchmark.{fmt}", include_in_schema=False)
    def download_benchmark(
        request: Request,
        fmt: str,
        anonymise: bool = Query(default=False),
        user: User = Depends(group_of),  # noqa: B008
    ) -> Response:
        lang = lang_of(request)
        k, names = context(user, anonymise, lang)
        if k is None:
            return Response(status_code=404)
        return download(benchmark_table(k, names, lang), fmt)

    @app.get(
        "/api/v1/benchmark",
        tags=["kpi"],
        summary="団体の比較(一人当たり費用・前年度比・移行前後の倍率、グループ管理者のみ、匿名化可)",
    )
    def api_benchmark(
        request: Request,
        anonymise: bool = Query(default=False, description="団体を 団体A, 団体B … と伏せ、人口・金額を省く"),
        user: User = Depends(group_of),  # noqa: B008
    ) -> dict[str, Any]:
        lang = lang_of(request)
        k, names = context(user, anonymise, lang)
        if k is None:
            return {"anonymised": anonymise, "municipalities": [], "group": None}

        def y(v: Decimal | None) -> int | None:
            return None if v is None else int(round_yen(v))

        items = []
        for ln in lines_of(k):
            item: dict[str, Any] = {
                "per_resident_jpy": y(ln.per_resident_jpy),
                "cloud_yoy": ratio_text(ln.cloud_yoy),
                "ratio": ratio_text(ln.ratio),
            }
            if names is not None:
                item = {"label": names[ln.municipality_code], **item}
            else:
                item = {
                    "municipality_code": ln.municipality_code,
                    "municipality_name": municipality_name(ln.municipality_code) or "",
                    "population": ln.population,
                    "annual_jpy": y(ln.annual_jpy),
                    "before_jpy": y(ln.before_jpy),
                    "after_jpy": y(ln.after_jpy),
                    **item,
                }
            items.append(item)
        if names is not None:
            items.sort(key=lambda i: (len(i["label"]), i["label"]))
        return {
            "anonymised": anonymise,
            "after_basis": {
                "fiscal_year": k.result.before_after.basis.fiscal_year,
                "months": k.result.before_after.basis.months,
            },
            "municipalities": items,
            "group": {
                "ratio_of_totals": ratio_text(k.group.ratio_of_totals),
                "mean_of_ratios": ratio_text(k.group.mean_of_ratios),
            },
            "targets": [{"key": tg.key, "limit": str(tg.limit)} for tg in _kpi.REFERENCE_TARGETS],
        }
