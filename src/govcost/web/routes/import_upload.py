"""取込 (upload): administrators upload cost, metrics, account-map and FX files; ``engine.ingest`` runs
in a background thread and its progress callback feeds the job page (and its poll, ``/api/v1/imports/
jobs/{id}``) until the import report — rows read and stored, totals per currency, reconciled or the
error naming file, row and column — is there.

The uploads stay under ``<ledger>/uploads/<job>/`` (the import log names the files it read). The
import runs on its own connection to the ledger (one job at a time), so the dashboard answers while
it works; when it ends, the dashboard's engine is told the ledger changed.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import shutil
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import Depends, FastAPI, File, Form, Header, Request, UploadFile
from fastapi.responses import JSONResponse, RedirectResponse, Response

from govcost.engine import Engine
from govcost.errors import GovcostError, UsageError
from govcost.jp.money import round_yen
from govcost.messages import t
from govcost.web.routes._scoped import warm
from govcost.web.routes.reviews import CSRF_HEADER, lang_of
from govcost.web.security import csrf_ok
from govcost.web.uploads import IMPORT_MAX_MB, IMPORT_TYPES, as_uploaded, given, save_upload
from govcost.web.users import User

if TYPE_CHECKING:
    from govcost.ingest.base import ImportReport
    from govcost.web.app import Dashboard

log = logging.getLogger(__name__)

#: How far into a file each stage of an import is (as the CLI's progress bar shows it).
STAGES = {"read": 0.0, "write": 0.05, "check": 0.85, "map": 0.9, "reconcile": 0.95}
#: The upload form's fields, in the order the pipeline takes them (reference tables first).
FIELDS = ("accounts", "fx", "costs", "metrics")
#: Finished jobs kept in memory for their pages (older ones are forgotten; the import log stays).
KEEP_JOBS = 100


class JobNotFound(Exception):
    pass


@dataclass
class ImportJob:
    id: str
    username: str
    directory: Path
    files: list[str]
    state: str = "queued"  # queued → running → done | failed
    done: int = 0
    file: str = ""
    stage: str = ""
    completed: list[str] = field(default_factory=list)
    reports: list[ImportReport] = field(default_factory=list)
    error: GovcostError | None = None
    created: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))
    finished_at: dt.datetime | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    @property
    def total(self) -> int:
        return len(self.files)

    def progress(self, file: Path, stage: str) -> None:
        """The ingest's progress callback (called from the import thread)."""
        with self._lock:
            if stage == "done":
                self.done += 1
                self.completed.append(file.name)
                self.stage = ""
            else:
                self.file = file.name
                self.stage = stage

    @property
    def fraction(self) -> float:
        if self.state == "done":
            return 1.0
        with self._lock:
            part = STAGES.get(self.stage, 0.0) if self.stage else 0.0
            return min(1.0, (self.done + part) / max(self.total, 1))

    def message(self, lang: str) -> str:
        state = t(f"web.imports.state.{self.state}", lang)
        text = f"{state}: {t('web.imports.progress', lang, done=self.done, total=self.total)}"
        if self.state == "running" and self.file and self.stage:
            text += f" ({self.file}: {t(f'web.imports.stage.{self.stage}', lang)})"
        return text

    def imported_before_failure(self) -> list[str]:
        failed = self.error.file if self.error else None
        return [name for name in self.completed if name != failed]


def report_json(r: ImportReport) -> dict[str, Any]:
    return {
        "file": Path(r.file).name,
        "format": r.format,
        "status": r.status,
        "import_id": r.import_id,
        "rows_read": r.rows_read,
        "rows_stored": r.rows_stored,
        "reconciled": r.reconciled,
        "totals": [
            {"currency": x.currency, "source": str(x.source), "ledger": str(x.ledger), "matches": x.matches}
            for x in r.totals
        ],
        "unassigned_rows": r.unassigned_rows,
        "unassigned_jpy": int(round_yen(r.unassigned_jpy)),
    }


def job_json(job: ImportJob, lang: str) -> dict[str, Any]:
    return {
        "id": job.id,
        "state": job.state,
        "finished": job.finished,
        "files": job.files,
        "done": job.done,
        "total": job.total,
        "file": job.file,
        "stage": job.stage,
        "fraction": round(job.fraction, 3),
        "message": job.message(lang),
        "reports": [report_json(r) for r in job.reports] if job.state == "done" else [],
        "error": job.error.render(lang) if job.error else None,
        "imported_before_failure": job.imported_before_failure() if job.state == "failed" else [],
    }


class ImportJobs:
    """The upload jobs of one app: run one at a time, each on its own connection to the ledger."""

    def __init__(self, dash: Dashboard) -> None:
        self.dash = dash
        self.root = dash.engine.ledger.path / "uploads"
        self.jobs: dict[str, ImportJob] = {}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="govcost-import")

    def get(self, job_id: str) -> ImportJob:
        job = self.jobs.get(job_id)
        if job is None:
            raise JobNotFound
        return job

    def submit(self, user: User, uploads: dict[str, Sequence[UploadFile]]) -> ImportJob:
        """Save the uploaded files (checked: type, size) and queue their import."""
        chosen = {name: [u for u in uploads.get(name, ()) if given(u)] for name in FIELDS}
        if not any(chosen.values()):
            raise UsageError("web.imports.no_files")
        job_id = secrets.token_hex(8)
        directory = self.root / job_id
        saved: dict[str, list[Path]] = {}
        try:
            for name, files in chosen.items():
                saved[name] = [
                    save_upload(u, directory / name, types=IMPORT_TYPES, limit_mb=IMPORT_MAX_MB)
                    for u in files
                ]
        except GovcostError:
            shutil.rmtree(directory, ignore_errors=True)
            raise
        accounts = saved["accounts"][0] if saved["accounts"] else None
        fx = saved["fx"][0] if saved["fx"] else None
        paths = [*saved["accounts"][1:], *saved["fx"][1:], *saved["costs"], *saved["metrics"]]
        names = [p.name for p in [*([accounts] if accounts else []), *([fx] if fx else []), *paths]]
        job = ImportJob(job_id, user.username, directory, names)
        self.jobs[job_id] = job
        self._forget_old()
        self._executor.submit(self._run, job, paths, accounts, fx)
        return job

    def _forget_old(self) -> None:
        """Keep the latest :data:`KEEP_JOBS` jobs in memory (the import log keeps every import)."""
        finished = [j for j in self.jobs.values() if j.finished]
        for job in sorted(finished, key=lambda j: j.created)[: max(0, len(self.jobs) - KEEP_JOBS)]:
            del self.jobs[job.id]

    def _run(self, job: ImportJob, paths: list[Path], accounts: Path | None, fx: Path | None) -> None:
        job.state = "running"
        outcome = "failed"
        try:
            with Engine(self.dash.engine.ledger.path) as engine:
                reports = engine.ingest(paths, accounts=accounts, fx=fx, progress=job.progress)
            job.reports = reports
            outcome = "done"
        except GovcostError as exc:
            for sub in FIELDS:
                as_uploaded(exc, job.directory / sub)
            job.error = exc
        except Exception as exc:
            log.exception("import job %s failed", job.id)
            job.error = UsageError("web.imports.crashed", error=type(exc).__name__)
        finally:
            job.finished_at = dt.datetime.now().replace(microsecond=0)
            try:
                # The dashboard's own connection reads the new imports from now on, and the findings
                # of the new ledger are queued before the job says it is over: whoever waits for the
                # job, then for the findings, never sees the old ledger's.
                self.dash.run(lambda e: e.changed())
                warm(self.dash)
            finally:
                job.state = outcome


def register(app: FastAPI, dash: Dashboard) -> None:
    admin_of = app.state.admin_of
    render = app.state.render
    jobs = ImportJobs(dash)
    app.state.import_jobs = jobs

    @app.exception_handler(JobNotFound)
    async def _job_not_found(request: Request, exc: JobNotFound) -> Response:
        message = t("web.imports.job_not_found", lang_of(request))
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=404)
        return render(request, "error.html", status=404, message=message)

    @app.post("/imports/upload", include_in_schema=False)
    def upload(
        request: Request,
        costs: list[UploadFile] = File(default=[]),  # noqa: B008
        metrics: list[UploadFile] = File(default=[]),  # noqa: B008
        accounts: list[UploadFile] = File(default=[]),  # noqa: B008
        fx: list[UploadFile] = File(default=[]),  # noqa: B008
        csrf: str = Form(""),
        user: User = Depends(admin_of),  # noqa: B008
    ) -> Response:
        if not csrf_ok(request.state.session, csrf):
            raise UsageError("web.csrf")
        job = jobs.submit(user, {"costs": costs, "metrics": metrics, "accounts": accounts, "fx": fx})
        return RedirectResponse(f"/imports/jobs/{job.id}", status_code=303)

    @app.get("/imports/jobs/{job_id}", include_in_schema=False)
    def job_page(request: Request, job_id: str, user: User = Depends(admin_of)) -> Response:  # noqa: B008
        lang = lang_of(request)
        job = jobs.get(job_id)
        return render(request, "import_job.html", job=job, view=job_json(job, lang))

    @app.get("/api/v1/imports/jobs/{job_id}", tags=["imports"], summary="取込ジョブの進捗と結果(管理者)")
    def api_job(request: Request, job_id: str, user: User = Depends(admin_of)) -> dict[str, Any]:  # noqa: B008
        return job_json(jobs.get(job_id), lang_of(request))

    @app.post(
        "/api/v1/imports/jobs",
        tags=["imports"],
        summary="ファイルを取り込む(管理者、multipart、X-CSRF-Token ヘッダー必須)",
        description=(
            "costs / metrics (複数可)、accounts (アカウント対応表)、fx (為替レート表) を "
            "multipart/form-data で"
            "送ると取込ジョブを始め、その状態を返します (202)。進捗は GET /api/v1/imports/jobs/{id} で。"
            f"セッションの CSRF トークン (GET /api/v1/csrf) を `{CSRF_HEADER}` ヘッダーで送ってください。"
        ),
        status_code=202,
    )
    def api_upload(
        request: Request,
        costs: list[UploadFile] = File(default=[]),  # noqa: B008
        metrics: list[UploadFile] = File(default=[]),  # noqa: B008
        accounts: list[UploadFile] = File(default=[]),  # noqa: B008
        fx: list[UploadFile] = File(default=[]),  # noqa: B008
        x_csrf_token: str = Header("", alias=CSRF_HEADER, description="セッションの CSRF トークン"),
        user: User = Depends(admin_of),  # noqa: B008
    ) -> dict[str, Any]:
        if not csrf_ok(request.state.session, x_csrf_token):
            raise UsageError("web.csrf")
        job = jobs.submit(user, {"costs": costs, "metrics": metrics, "accounts": accounts, "fx": fx})
        return job_json(job, lang_of(request))
