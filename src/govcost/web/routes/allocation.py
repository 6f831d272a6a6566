"""按分: each municipality's share of the joint systems it belongs to, and its settlement statement.

The figures are ``engine.allocate`` with the app's allocation rules (``govcost serve --allocation``);
nothing is split here. Who sees what (docs/web.md, "按分"):

- a municipal user: per joint system it belongs to and month, the shared total, the method, the
  number of members, **its own** keys, the sum of every member's keys (what its ratio divides by),
  its ratio and share, and the other members' shares **only as one total** — as its settlement
  statement shows them. Other members' names, codes and shares appear nowhere on the page, in the
  tables, downloads or API (not even in a rule's name, which often lists the members). The
  settlement statement (XLSX) is the one ``govcost allocate --municipality CODE`` writes: it
  names every member with its keys (keys are not secret, docs/allocation.md), never their shares.
- a group administrator: the same, one row per member of its group;
- an administrator: every member of every rule.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import Response

from govcost.allocate.allocate import AllocationResult, Key
from govcost.allocate.report import keys_text, percent
from govcost.allocate.rules import describe_method, month_key
from govcost.jp.codes import municipality_name
from govcost.jp.money import round_yen
from govcost.messages import t
from govcost.web.app import NotFound, scope_of
from govcost.web.routes._scoped import _file_key, memo
from govcost.web.routes._tables import Table, download
from govcost.web.routes.optimize import lang_of
from govcost.web.users import User

if TYPE_CHECKING:
    from govcost.engine import Engine
    from govcost.web.app import Dashboard

TABLES = ("monthly", "shares")


@dataclass(frozen=True)
class ShareRow:
    """One member's share of one rule's shared total in one month, as the user may see it."""

    month: str
    rule_id: str
    #: The rule's name — empty unless the user may see every member (names list the members).
    rule_name: str
    system_id: str
    method: str
    members: int
    total_yen: Decimal
    municipality_code: str
    keys: tuple[Key, ...]
    #: Each basis's key summed over every member (the denominator of the member's ratio).
    key_totals: tuple[Key, ...]
    ratio: Decimal
    share_jpy: Decimal

    @property
    def others_jpy(self) -> Decimal:
        """The other members' shares as one total (the rule-month's total − this share)."""
        return self.total_yen - self.share_jpy


def scoped_allocation(dash: Dashboard, engine: Engine, scope: list[str] | None) -> AllocationResult | None:
    """The allocation a scope reads from: the one municipality's (``--municipality``) or all rules'."""
    rules = dash.allocation
    if rules is None:
        return None
    one = scope[0] if scope is not None and len(scope) == 1 else None
    key = ("allocation", one, _file_key(dash.populations))
    return memo(
        dash,
        engine,
        key,
        lambda: engine.allocate(rules, populations=dash.populations, municipality=one, compare=False),
    )


def share_rows(result: AllocationResult, scope: list[str] | None, lang: str) -> list[ShareRow]:
    visible = None if scope is None else set(scope)
    out = []
    for rm in result.rule_months:
        rule = result.rules.rule(rm.rule_id)
        if visible is not None and not visible & set(rule.members):
            continue
        shares = result.shares_of(rm.rule_id, rm.month)
        width = len(shares[0].keys) if shares else 0
        totals = tuple(
            Key(shares[0].keys[i].basis, sum((s.keys[i].value for s in shares), Decimal(0)), "")
            for i in range(width)
        )
        everyone = visible is None or set(rule.members) <= visible
        for s in shares:
            if visible is not None and s.municipality_code not in visible:
                continue
            out.append(
                ShareRow(
                    month_key(rm.month),
                    rule.id,
                    rule.name if everyone else "",
                    rule.system_id,
                    describe_method(rule, lang),
                    len(rule.members),
                    rm.total_yen,
                    s.municipality_code,
                    s.keys,
                    totals,
                    s.ratio,
                    s.share_jpy,
                )
            )
    return out


def shares_table(rows: list[ShareRow], lang: str) -> Table:
    headers = [
        t("label.month", lang),
        t("allocation.col.rule", lang),
        t("allocation.col.system", lang),
        t("allocation.col.method", lang),
        t("allocation.col.members", lang),
        t("allocation.col.total", lang),
        t("label.municipality", lang),
        t("label.municipality_name", lang),
        t("allocation.col.keys", lang),
        t("web.allocation.key_totals", lang),
        t("allocation.col.ratio", lang),
        t("allocation.col.share", lang),
        t("allocation.col.others_share", lang),
    ]
    body = [
        [
            r.month,
            r.rule_id,
            r.system_id,
            r.method,
            r.members,
            r.total_yen,
            r.municipality_code,
            municipality_name(r.municipality_code) or "",
            keys_text(r.keys, lang),
            keys_text(r.key_totals, lang),
            percent(r.ratio, 4),
            r.share_jpy,
            r.others_jpy,
        ]
        for r in rows
    ]
    return Table("allocation_shares", headers, body, {5, 11, 12})


def monthly(rows: list[ShareRow]) -> dict[tuple[str, str], Decimal]:
    out: dict[tuple[str, str], Decimal] = {}
    for r in rows:
        out[(r.month, r.municipality_code)] = (
            out.get((r.month, r.municipality_code), Decimal(0)) + r.share_jpy
        )
    return dict(sorted(out.items()))


def monthly_table(rows: list[ShareRow], lang: str) -> Table:
    headers = [
        t("label.month", lang),
        t("label.municipality", lang),
        t("label.municipality_name", lang),
        t("allocation.col.share_total", lang),
    ]
    body = [[m, c, municipality_name(c) or "", v] for (m, c), v in monthly(rows).items()]
    return Table("allocation_monthly", headers, body, {3})


def monthly_chart(rows: list[ShareRow], lang: str) -> dict[str, Any]:
    by = monthly(rows)
    months = sorted({m for m, _ in by})
    codes = sorted({c for _, c in by})
    return {
        "data": [
            {
                "type": "bar",
                "name": f"{c} {municipality_name(c) or ''}".strip(),
                "x": months,
                "y": [int(round_yen(by.get((m, c), Decimal(0)))) for m in months],
            }
            for c in codes
        ],
        "layout": {
            "barmode": "stack",
            "xaxis": {"type": "category"},
            "yaxis": {"title": {"text": t("allocation.col.share_total", lang)}, "tickformat": ",d"},
            "margin": {"t": 10, "r": 10},
            "legend": {"orientation": "h"},
        },
    }


def record(r: ShareRow) -> dict[str, Any]:
    return {
        "month": r.month,
        "rule_id": r.rule_id,
        "rule_name": r.rule_name or None,
        "system_id": r.system_id,
        "method": r.method,
        "members": r.members,
        "total_yen": int(r.total_yen),
        "municipality_code": r.municipality_code,
        "keys": [{"basis": k.basis, "value": str(k.value)} for k in r.keys],
        "key_totals": [{"basis": k.basis, "value": str(k.value)} for k in r.key_totals],
        "ratio": str(r.ratio),
        "share_jpy": int(r.share_jpy),
        "others_share_jpy": int(r.others_jpy),
    }


def statement_code(user: User, municipality: str | None) -> str | None:
    """Whose statement: the one asked for, in the user's scope (else 404); a user of one municipality
    gets its own by default; an administrator without a code gets every member's (the working paper)."""
    scope = scope_of(user)
    if scope is None:
        return municipality or None
    code = municipality or (scope[0] if len(scope) == 1 else None)
    if code is None or code not in scope:
        raise NotFound
    return code


def register(app: FastAPI, dash: Dashboard) -> None:
    user_of = app.state.user_of
    render = app.state.render

    def rows_of(user: User, lang: str) -> list[ShareRow] | None:
        scope = scope_of(user)
        result = dash.run(lambda e: scoped_allocation(dash, e, scope))
        return None if result is None else share_rows(result, scope, lang)

    @app.get("/allocation", include_in_schema=False)
    def allocation_page(request: Request, user: User = Depends(user_of)) -> Response:  # noqa: B008
        lang = lang_of(request)
        rows = rows_of(user, lang)
        scope = scope_of(user)
        return render(
            request,
            "allocation.html",
            configured=rows is not None,
            rows=rows or [],
            shares=shares_table(rows or [], lang),
            monthly=monthly_table(rows or [], lang),
            chart=json.dumps(monthly_chart(rows or [], lang), ensure_ascii=False),
            statements=sorted(scope)
            if scope is not None
            else sorted({r.municipality_code for r in rows or []}),
            names={
                c: municipality_name(c) or "" for c in (scope or [r.municipality_code for r in rows or []])
            },
        )

    @app.get("/download/allocation/{table}.{fmt}", include_in_schema=False)
    def download_allocation(
        request: Request,
        table: str,
        fmt: str,
        user: User = Depends(user_of),  # noqa: B008
    ) -> Response:
        if table not in TABLES:
            raise NotFound
        lang = lang_of(request)
        rows = rows_of(user, lang) or []
        return download(shares_table(rows, lang) if table == "shares" else monthly_table(rows, lang), fmt)

    @app.get("/download/allocation-statement.xlsx", include_in_schema=False)
    def download_statement(
        municipality: str | None = Query(default=None),
        user: User = Depends(user_of),  # noqa: B008
    ) -> Response:
        if dash.allocation is None:
            raise NotFound
        code = statement_code(user, municipality)

        def write(engine: Engine) -> bytes:
            from govcost.allocate.report import municipality_totals
            from govcost.reports.allocation_xlsx import write_allocation_xlsx

            assert dash.allocation is not None
            result = engine.allocate(dash.allocation, populations=dash.populations, municipality=code)
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "statement.xlsx"
                write_allocation_xlsx(path, result, totals=municipality_totals(engine, result))
                return path.read_bytes()

        body = dash.run(write)
        name = f"allocation-statement-{code}.xlsx" if code else "allocation-statements.xlsx"
        return Response(
            body,
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @app.get(
        "/api/v1/allocation",
        tags=["allocation"],
        summary="共同利用システムの按分(自団体の負担額、他の構成団体は合計のみ)",
    )
    def api_allocation(request: Request, user: User = Depends(user_of)) -> dict[str, Any]:  # noqa: B008
        rows = rows_of(user, lang_of(request))
        return {
            "configured": rows is not None,
            "shares": [record(r) for r in rows or []],
            "total_share_jpy": int(sum((r.share_jpy for r in rows or []), Decimal(0))),
        }
