"""The dashboard and the REST API: one FastAPI app over the same engine functions as the CLI.

Every page and API route reads through the signed-in user's scope (:func:`scope_of`): the
municipality codes they may read. Errors become HTML or JSON in one handler; database work runs in
the thread pool under one lock (one DuckDB connection per ledger).
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from fastapi import Depends, FastAPI, Form, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from govcost.engine import Engine
from govcost.errors import GovcostError
from govcost.jp.money import format_yen
from govcost.messages import in_lang, t
from govcost.web.security import (
    SESSION_COOKIE,
    SESSION_SECONDS,
    LoginLimiter,
    Session,
    Sessions,
    csrf_ok,
    secret_key,
)
from govcost.web.users import User, Users

T = TypeVar("T")
WEB = Path(str(resources.files("govcost.web")))
LANGS = ("ja", "en")


class NotSignedIn(Exception):
    """Raised by a page dependency: the browser is sent to the login page, an API caller gets 401."""


class Forbidden(Exception):
    """The user is signed in but their role does not allow this."""


class NotFound(Exception):
    """No such page or item in the user's scope: another municipality's item is "not found" too,
    never "forbidden", so that a URL does not reveal that it exists."""


class Dashboard:
    """The state one app holds: the engine (behind a lock), the users, sessions and the login limiter."""

    def __init__(
        self,
        ledger: Path | str,
        secure_cookies: bool = False,
        settings: Path | str | None = None,
        allocation: Path | str | None = None,
        baseline: Path | str | None = None,
        budget: Path | str | None = None,
        populations: Path | str | None = None,
        engine: str | None = None,
        spark_master: str | None = None,
    ) -> None:
        self.engine = Engine(ledger, engine=engine, spark_master=spark_master)
        #: The optimisation settings file (optimize.yaml) and the allocation rules (allocation.yaml)
        #: the pages use, as `govcost optimize --settings` and `govcost allocate` would.
        self.settings = Path(settings) if settings else None
        self.allocation = Path(allocation) if allocation else None
        #: The KPI inputs (`govcost kpi --baseline --budget --populations`): before-migration costs,
        #: the monthly budget and the populations (else the shipped ones).
        self.baseline = Path(baseline) if baseline else None
        self.budget = Path(budget) if budget else None
        self.populations = Path(populations) if populations else None
        self.users = Users(self.engine.ledger)
        self.sessions = Sessions(secret_key(self.engine.ledger.path))
        self.limiter = LoginLimiter()
        self.secure_cookies = secure_cookies
        self._lock = threading.RLock()

    @contextmanager
    def locked(self) -> Iterator[Engine]:
        with self._lock:
            yield self.engine

    def run(self, fn: Callable[[Engine], T]) -> T:
        with self.locked() as engine:
            return fn(engine)


def scope_of(user: User) -> list[str] | None:
    """The municipality codes a user may read; None for an administrator (all of them)."""
    return None if user.is_admin else list(user.municipalities)


def create_app(
    ledger: Path | str,
    *,
    secure_cookies: bool = False,
    settings: Path | str | None = None,
    allocation: Path | str | None = None,
    baseline: Path | str | None = None,
    budget: Path | str | None = None,
    populations: Path | str | None = None,
    engine: str | None = None,
    spark_master: str | None = None,
) -> FastAPI:
    """``engine``/``spark_master``: the engine the pages read the ledger with (``govcost --engine``)."""
    dash = Dashboard(
        ledger,
        secure_cookies,
        settings=settings,
        allocation=allocation,
        baseline=baseline,
        budget=budget,
        populations=populations,
        engine=engine,
        spark_master=spark_master,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        """Served (not merely built): the optimisation runs move to the background and warm up."""
        from govcost.web.routes import _scoped

        _scoped.start(dash)
        yield
        _scoped.stop(dash)

    app = FastAPI(
        title="govcost",
        description="自治体のクラウド費用台帳・最適化・見積精査・按分 (FinOps) の API",
        version="1",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.dashboard = dash
    templates = Jinja2Templates(directory=str(WEB / "templates"))
    templates.env.globals.update(t=t, yen=format_yen, in_lang=in_lang)
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")

    def session_of(request: Request) -> Session | None:
        return dash.sessions.decode(request.cookies.get(SESSION_COOKIE))

    def user_of(request: Request) -> User:
        session = session_of(request)
        if session is None or not session.username:
            raise NotSignedIn
        user = dash.run(lambda e: dash.users.get(session.username or ""))
        if user is None:
            raise NotSignedIn
        request.state.session = session
        request.state.user = user
        return user

    def admin_of(user: User = Depends(user_of)) -> User:  # noqa: B008
        if not user.is_admin:
            raise Forbidden
        return user

    app.state.user_of = user_of
    app.state.admin_of = admin_of

    def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        session: Session | None = getattr(request.state, "session", None) or session_of(request)
        lang = session.lang if session else "ja"
        context.setdefault("user", getattr(request.state, "user", None))
        response = templates.TemplateResponse(
            request,
            name,
            {"lang": lang, "csrf": session.csrf if session else "", "path": request.url.path, **context},
            status_code=status,
        )
        return response

    app.state.render = render

    def set_session(response: Response, session: Session) -> None:
        response.set_cookie(
            SESSION_COOKIE,
            dash.sessions.encode(session),
            max_age=SESSION_SECONDS,
            httponly=True,
            samesite="strict",
            secure=dash.secure_cookies,
        )

    # --- errors: one handler each, HTML for pages, JSON for the API --------------------------
    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(NotSignedIn)
    async def _not_signed_in(request: Request, exc: NotSignedIn) -> Response:
        if wants_json(request):
            return JSONResponse({"error": t("web.not_signed_in")}, status_code=401)
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        if wants_json(request):
            return JSONResponse({"error": t("web.forbidden")}, status_code=403)
        return render(request, "error.html", status=403, message=t("web.forbidden"))

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        session = session_of(request)
        text = t("web.not_found", session.lang if session else "ja")
        if wants_json(request):
            return JSONResponse({"error": text}, status_code=404)
        return render(request, "error.html", status=404, message=text)

    @app.exception_handler(GovcostError)
    async def _govcost_error(request: Request, exc: GovcostError) -> Response:
        session = session_of(request)
        text = exc.render(session.lang if session else "ja")
        if wants_json(request):
            return JSONResponse({"error": text}, status_code=400)
        return render(request, "error.html", status=400, message=text)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        """Refusals raised as HTTP errors (a CSRF token missing, a file too large): the same
        ``{"error": …}`` body as every other API error, or the error page."""
        text = str(exc.detail)
        if wants_json(request) or exc.status_code == 405:
            return JSONResponse({"error": text}, status_code=exc.status_code, headers=exc.headers)
        return render(request, "error.html", status=exc.status_code, message=text)

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(request: Request, exc: RequestValidationError) -> Response:
        """A request missing a field or with a wrong value: which, in the error body."""
        fields = ", ".join(".".join(str(x) for x in e.get("loc", ())[1:]) for e in exc.errors())
        text = t("web.bad_request", fields=fields)
        if wants_json(request):
            return JSONResponse({"error": text}, status_code=422)
        return render(request, "error.html", status=422, message=text)

    # --- assets (served by the app itself: the dashboard works with no internet) -------------
    @app.get("/assets/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        import plotly

        path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
        return FileResponse(path, media_type="text/javascript", headers={"Cache-Control": "max-age=86400"})

    # --- signing in and out ----------------------------------------------------------------
    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request, lang: str | None = None) -> Response:
        session = session_of(request) or dash.sessions.new()
        if lang in LANGS:
            session.lang = lang
        request.state.session = session
        response = render(request, "login.html", user=None)
        set_session(response, session)
        return response

    @app.post("/login", include_in_schema=False)
    def login(
        request: Request,
        username: str = Form(...),
        password: str = Form(...),
        csrf: str = Form(""),
    ) -> Response:
        session = session_of(request)
        if not csrf_ok(session, csrf):
            raise HTTPException(400, t("web.csrf"))
        assert session is not None
        client = request.client.host if request.client else "?"
        if dash.limiter.blocked(username, client):
            request.state.session = session
            return render(request, "login.html", status=429, user=None, error=t("web.too_many_attempts"))
        user = dash.run(lambda e: dash.users.authenticate(username, password))
        if user is None:
            dash.limiter.failed(username, client)
            request.state.session = session
            return render(request, "login.html", status=401, user=None, error=t("web.bad_login"))
        dash.limiter.succeeded(username)
        response = RedirectResponse("/", status_code=303)
        # A new session (and CSRF token) at sign-in: a token seen before it is worth nothing after.
        set_session(response, dash.sessions.new(user.username, session.lang))
        return response

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request, csrf: str = Form("")) -> Response:
        session = session_of(request)
        if not csrf_ok(session, csrf):
            raise HTTPException(400, t("web.csrf"))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    @app.get("/lang/{lang}", include_in_schema=False)
    def switch_language(request: Request, lang: str, user: User = Depends(user_of)) -> Response:  # noqa: B008
        session: Session = request.state.session
        if lang in LANGS:
            session.lang = lang
        back = request.headers.get("referer") or "/"
        response = RedirectResponse(back if back.startswith(str(request.base_url)) else "/", status_code=303)
        set_session(response, session)
        return response

    from govcost.web.routes import register

    register(app, dash)
    return app
