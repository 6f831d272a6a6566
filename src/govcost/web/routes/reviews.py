"""見積精査: upload a vendor's estimate (and the current contract), see the findings beside its lines,
download the review workbook; the reviews made before, of the municipalities the user may read.

The review is ``engine.review`` (the same as ``govcost review``); the workbook is
:func:`govcost.reports.review_xlsx.write_review_xlsx`. Each review is kept with the municipality
that owns it (:mod:`govcost.web.review_store`): a review of another municipality is not found.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from fastapi import Depends, FastAPI, File, Form, Header, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response

from govcost.errors import GovcostError, UsageError
from govcost.jp.codes import municipality_name, validate_code
from govcost.jp.money import round_yen
from govcost.messages import Text, in_lang, t
from govcost.review.context import DOCUMENTS
from govcost.review.report import check_title
from govcost.web.app import scope_of
from govcost.web.review_store import ReviewStore, StoredReview, new_review_id
from govcost.web.routes._scoped import summary as summary_of
from govcost.web.routes._tables import Table, download
from govcost.web.security import csrf_ok
from govcost.web.uploads import REVIEW_MAX_MB, REVIEW_TYPES, as_uploaded, given, save_upload
from govcost.web.users import User

if TYPE_CHECKING:
    from govcost.web.app import Dashboard

STATUS_ORDER = ("ng", "warn", "ok")
CSRF_HEADER = "X-CSRF-Token"
API_POST_DESCRIPTION = (
    "見積書 (XLSX/CSV、必須) と現行契約 (任意) を multipart/form-data で送ると精査し、結果を返します。"
    "サインイン中のセッションの CSRF トークン (GET /api/v1/csrf) を "
    f"`{CSRF_HEADER}` ヘッダーで送ってください。"
    "documents を省くと提出資料は「未記載」、空で送ると「なし」として扱います。"
)


class NotFound(Exception):
    """A review that does not exist or is of a municipality the user may not read: the same answer."""


def lang_of(request: Request) -> str:
    session = getattr(request.state, "session", None)
    return session.lang if session else "ja"


def label(code: str) -> str:
    return f"{code} {municipality_name(code) or ''}".strip()


def worst(statuses: list[str]) -> str:
    return next((s for s in STATUS_ORDER if s in statuses), "")


def list_headers(lang: str) -> list[str]:
    return [
        t("web.reviews.col.created", lang),
        t("label.municipality", lang),
        t("web.reviews.col.estimate", lang),
        t("web.reviews.col.current", lang),
        t("web.reviews.col.user", lang),
        t("review.col.ng", lang),
        t("review.col.warn", lang),
        t("web.reviews.col.saving", lang),
        t("web.reviews.col.id", lang),
    ]


def list_table(reviews: list[StoredReview], lang: str) -> Table:
    rows: list[list[Any]] = [
        [
            r.created,
            label(r.municipality),
            r.estimate,
            r.current or "",
            r.username,
            r.counts.get("ng", 0),
            r.counts.get("warn", 0),
            r.possible_saving_jpy,
            r.id,
        ]
        for r in reviews
    ]
    return Table("reviews", list_headers(lang), rows, {7})


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def said(worded: dict[str, Any], lang: str, stored: str) -> str:
    """A finding's text in ``lang`` from its stored key and parameters; the text as stored when the
    catalogue no longer has its key (a review made by another version)."""
    try:
        return Text.from_json(worded, lang)
    except (KeyError, IndexError, ValueError):
        return stored


def lines_view(review: StoredReview, lang: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The estimate's lines in order, each with its findings and worst status; the findings on the
    estimate as a whole."""
    data = review.result()
    findings = data["findings"]
    for f in findings:
        f["title"] = in_lang(check_title(f["check"]), lang)
        for name, worded in f.pop("texts", {}).items():
            f[name] = said(worded, lang, f[name])
        f["label"] = t(f"status.{f['status']}", lang)
        f["saving"] = None if f["possible_saving_jpy"] is None else Decimal(f["possible_saving_jpy"])
    lines = []
    for ln in data["lines"]:
        found = [findings[i] for i in ln["findings"]]
        status = worst([f["status"] for f in found])
        lines.append(
            {
                **ln,
                "quantity": _decimal(ln["quantity"]),
                "unit_price": _decimal(ln["unit_price"]),
                "amount": _decimal(ln["amount"]),
                "kind_label": t(f"review.kind.{ln['kind']}", lang),
                "found": found,
                "status": status,
                "status_label": t(f"status.{status}", lang) if status else "",
            }
        )
    return lines, [findings[i] for i in data["elsewhere"]]


def lines_table(review: StoredReview, lang: str) -> Table:
    lines, elsewhere = lines_view(review, lang)
    headers = [
        t("review.col.sheet", lang),
        t("review.col.cell", lang),
        t("review.col.kind", lang),
        t("review.col.item", lang),
        t("review.col.quantity", lang),
        t("review.col.unit", lang),
        t("review.col.unit_price", lang),
        t("review.col.amount", lang),
        t("review.col.remarks", lang),
        t("review.col.status", lang),
        t("review.col.check", lang),
        t("review.col.message", lang),
    ]
    rows: list[list[Any]] = []
    for ln in lines:
        rows.append(
            [
                ln["sheet"],
                ln["cell"],
                ln["kind_label"],
                ln["item"],
                ln["quantity"],
                ln["unit"],
                ln["unit_price"],
                ln["amount"],
                ln["remarks"],
                ln["status_label"],
                "\n".join(f["title"] for f in ln["found"]),
                "\n".join(f["message"] for f in ln["found"]),
            ]
        )
    for f in elsewhere:
        amount = Decimal(f["amount_jpy"]) if f["amount_jpy"] is not None else None
        rows.append(
            [
                f["sheet"],
                f["cell"],
                "",
                f["item"] or t("review.whole_estimate", lang),
                None,
                "",
                None,
                amount,
                "",
                f["label"],
                f["title"],
                f["message"],
            ]
        )
    return Table("review_lines", headers, rows, {6, 7})


def review_json(review: StoredReview, with_findings: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": review.id,
        "municipality": review.municipality,
        "municipality_name": municipality_name(review.municipality),
        "username": review.username,
        "created": review.created,
        "estimate": review.estimate,
        "current": review.current,
        "documents": review.documents,
        "counts": review.counts,
        "possible_saving_jpy": int(round_yen(review.possible_saving_jpy)),
        "possible_saving_jpy_exact": str(review.possible_saving_jpy),
    }
    if with_findings:
        out["findings"] = [{k: v for k, v in f.items() if k != "texts"} for f in review.result()["findings"]]
    return out


def register(app: FastAPI, dash: Dashboard) -> None:
    user_of = app.state.user_of
    render = app.state.render
    store = ReviewStore(dash.engine.ledger.path)
    app.state.review_store = store

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": t("web.review.not_found", lang_of(request))}, status_code=404)
        return render(request, "error.html", status=404, message=t("web.review.not_found", lang_of(request)))

    def found(review_id: str, user: User) -> StoredReview:
        review = store.get(review_id, scope_of(user))
        if review is None:
            raise NotFound
        return review

    def choices(user: User) -> list[str]:
        """The municipalities a review may be made for: the user's own (an administrator: the
        ledger's)."""
        if not user.is_admin:
            return list(user.municipalities)
        summary = dash.run(lambda e: summary_of(dash, e, ["municipality"], None))
        return sorted({r.keys["municipality"] for r in summary.rows if r.keys["municipality"]})

    def owner_of(user: User, chosen: str | None) -> str:
        options = choices(user)
        chosen = (chosen or "").strip()
        if not chosen and len(options) == 1:
            return options[0]
        if chosen in options:
            return chosen
        if user.is_admin and chosen:
            return validate_code(chosen)
        raise UsageError("web.upload.bad_municipality")

    def create(
        user: User,
        estimate: UploadFile | None,
        current: UploadFile | None,
        documents: list[str] | None,
        municipality: str | None,
    ) -> StoredReview:
        owner = owner_of(user, municipality)
        if estimate is None or not given(estimate):
            raise UsageError("web.upload.no_estimate")
        if documents is not None:
            documents = [d for d in documents if d]  # an empty field: none provided
        for key in documents or []:
            if key not in DOCUMENTS:
                raise UsageError("web.upload.bad_document", document=key, known=", ".join(DOCUMENTS))
        review_id = new_review_id()
        staging = store.staging(review_id)
        try:
            est = save_upload(estimate, staging / "estimate", types=REVIEW_TYPES, limit_mb=REVIEW_MAX_MB)
            cur = (
                save_upload(current, staging / "current", types=REVIEW_TYPES, limit_mb=REVIEW_MAX_MB)
                if current is not None and given(current)
                else None
            )
            result = dash.run(lambda e: e.review(est, current=cur, documents=documents, municipality=owner))
            return store.commit(
                staging,
                review_id,
                municipality=owner,
                username=user.username,
                estimate=est,
                current=cur,
                result=result,
            )
        except GovcostError as exc:
            store.discard(staging)
            raise as_uploaded(exc, staging) from None
        except BaseException:
            store.discard(staging)
            raise

    def page(request: Request, user: User, status: int = 200, error: str | None = None) -> Response:
        lang = lang_of(request)
        reviews = store.list(scope_of(user))
        return render(
            request,
            "reviews.html",
            status=status,
            error=error,
            reviews=reviews,
            table=list_table(reviews, lang),
            choices=[(c, label(c)) for c in choices(user)],
            documents=[(k, v[0]) for k, v in DOCUMENTS.items()],
            types=", ".join(REVIEW_TYPES),
            limit=REVIEW_MAX_MB,
        )

    @app.get("/reviews", include_in_schema=False)
    def reviews_page(request: Request, user: User = Depends(user_of)) -> Response:  # noqa: B008
        return page(request, user)

    @app.post("/reviews", include_in_schema=False)
    def reviews_upload(
        request: Request,
        estimate: UploadFile | None = File(None),  # noqa: B008
        current: UploadFile | None = File(None),  # noqa: B008
        documents: list[str] = Form(default=[]),  # noqa: B008
        municipality: str = Form(""),
        csrf: str = Form(""),
        user: User = Depends(user_of),  # noqa: B008
    ) -> Response:
        if not csrf_ok(request.state.session, csrf):
            raise UsageError("web.csrf")
        try:
            review = create(user, estimate, current, documents, municipality)
        except GovcostError as exc:
            return page(request, user, status=400, error=exc.render(lang_of(request)))
        return RedirectResponse(f"/reviews/{review.id}", status_code=303)

    @app.get("/reviews/{review_id}", include_in_schema=False)
    def review_page(request: Request, review_id: str, user: User = Depends(user_of)) -> Response:  # noqa: B008
        review = found(review_id, user)
        lines, elsewhere = lines_view(review, lang_of(request))
        return render(
            request,
            "review.html",
            review=review,
            owner=label(review.municipality),
            lines=lines,
            elsewhere=elsewhere,
            documents=[DOCUMENTS[k][0] if k in DOCUMENTS else k for k in review.documents or []],
        )

    @app.get("/download/reviews.{fmt}", include_in_schema=False)
    def download_reviews(request: Request, fmt: str, user: User = Depends(user_of)) -> Response:  # noqa: B008
        return download(list_table(store.list(scope_of(user)), lang_of(request)), fmt)

    @app.get("/download/review/{review_id}/lines.{fmt}", include_in_schema=False)
    def download_lines(
        request: Request,
        review_id: str,
        fmt: str,
        user: User = Depends(user_of),  # noqa: B008
    ) -> Response:
        return download(lines_table(found(review_id, user), lang_of(request)), fmt)

    @app.get("/download/review/{review_id}/workbook.xlsx", include_in_schema=False)
    def download_workbook(review_id: str, user: User = Depends(user_of)) -> Response:  # noqa: B008
        review = found(review_id, user)
        return FileResponse(
            review.workbook,
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            filename=f"review-{review.id}.xlsx",
        )

    @app.get(
        "/api/v1/csrf", tags=["account"], summary="このセッションの CSRF トークン(POST の X-CSRF-Token 用)"
    )
    def api_csrf(request: Request, user: User = Depends(user_of)) -> dict[str, str]:  # noqa: B008
        return {"csrf_token": request.state.session.csrf, "header": CSRF_HEADER}

    @app.get("/api/v1/reviews", tags=["reviews"], summary="見積精査の一覧(閲覧できる団体のみ)")
    def api_reviews(user: User = Depends(user_of)) -> list[dict[str, Any]]:  # noqa: B008
        return [review_json(r, with_findings=False) for r in store.list(scope_of(user))]

    @app.get("/api/v1/reviews/{review_id}", tags=["reviews"], summary="見積精査の結果(指摘の一覧)")
    def api_review(review_id: str, user: User = Depends(user_of)) -> dict[str, Any]:  # noqa: B008
        return review_json(found(review_id, user))

    @app.post(
        "/api/v1/reviews",
        tags=["reviews"],
        summary="見積書を精査する(multipart、X-CSRF-Token ヘッダー必須)",
        description=API_POST_DESCRIPTION,
        status_code=201,
    )
    def api_review_upload(
        request: Request,
        estimate: UploadFile = File(..., description="見積書 (XLSX/CSV)"),  # noqa: B008
        current: UploadFile | None = File(None, description="現行契約 (任意、同じ形式)"),  # noqa: B008
        documents: list[str] | None = Form(None, description="提出資料: " + ", ".join(DOCUMENTS)),  # noqa: B008
        municipality: str = Form("", description="団体コード (閲覧できる団体から。1つなら省略可)"),
        x_csrf_token: str = Header("", alias=CSRF_HEADER, description="セッションの CSRF トークン"),
        user: User = Depends(user_of),  # noqa: B008
    ) -> dict[str, Any]:
        if not csrf_ok(request.state.session, x_csrf_token):
            raise UsageError("web.csrf")
        return review_json(create(user, estimate, current, documents, municipality))
