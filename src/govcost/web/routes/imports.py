"""取込: the import log and each import's reconciliation (administrators, who manage imports)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import Response

from govcost.web.routes._tables import Table, download
from govcost.web.users import User

if TYPE_CHECKING:
    from govcost.ledger.store import ImportRecord
    from govcost.web.app import Dashboard

HEADERS = (
    "取込ID",
    "ファイル",
    "形式",
    "取込日時",
    "状態",
    "読込行数",
    "格納行数",
    "通貨",
    "元ファイル合計",
    "台帳合計",
    "SHA-256",
)


def import_rows(records: list[ImportRecord]) -> list[list[Any]]:
    rows = []
    for r in records:
        totals = r.totals or []
        rows.append(
            [
                r.import_id,
                r.file_name,
                r.format,
                r.imported_at.isoformat(sep=" ", timespec="seconds"),
                r.status,
                r.rows_read,
                r.rows_stored,
                " / ".join(x.currency for x in totals),
                " / ".join(f"{x.source:,}" for x in totals),
                " / ".join(f"{x.ledger:,}" for x in totals),
                r.sha256,
            ]
        )
    return rows


def register(app: FastAPI, dash: Dashboard) -> None:
    admin_of = app.state.admin_of
    render = app.state.render

    @app.get("/imports", include_in_schema=False)
    def imports_page(request: Request, user: User = Depends(admin_of)) -> Response:  # noqa: B008
        table = Table("imports", list(HEADERS), import_rows(dash.run(lambda e: e.imports())))
        return render(request, "imports.html", table=table)

    @app.get("/download/imports.{fmt}", include_in_schema=False)
    def download_imports(fmt: str, user: User = Depends(admin_of)) -> Response:  # noqa: B008
        return download(Table("imports", list(HEADERS), import_rows(dash.run(lambda e: e.imports()))), fmt)

    @app.get("/api/v1/imports", tags=["imports"], summary="取込履歴と突合結果(管理者)")
    def api_imports(user: User = Depends(admin_of)) -> list[dict[str, Any]]:  # noqa: B008
        return [dict(zip(HEADERS, row, strict=True)) for row in import_rows(dash.run(lambda e: e.imports()))]
