"""取込 (upload): an administrator uploads cost, metrics, account-map and FX files; the import runs in
the background with its progress polled, and the page shows the import report (reconciled) or the
error naming the file, row and column. Nobody else may upload, and no upload goes without the CSRF
token."""

from __future__ import annotations

import csv
import html
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from govcost.engine import Engine
from govcost.jp.money import round_yen
from govcost.web.app import create_app
from govcost.web.users import Users
from tests.web.conftest import CHIYODA, PASSWORD, Site, login


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger with users and no imports yet."""
    ledger = tmp_path_factory.mktemp("upload") / "ledger"
    with Engine(ledger) as engine:
        users = Users(engine.ledger)
        users.add("admin", PASSWORD, "admin")
        users.add("chiyoda", PASSWORD, "municipal", [CHIYODA])
    return ledger


@pytest.fixture(scope="module")
def admin(empty: Path) -> Iterator[TestClient]:
    client = TestClient(create_app(empty))
    login(client, "admin")
    yield client


def demo_files(site: Site) -> dict[str, list[Path]]:
    """The demo's own files, as a municipality receives them (the site's ledger was made from them)."""
    data = site.ledger.parent / "data"
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    costs = manifest["aws_files"] + manifest["azure_files"] + manifest["cost_line_files"]
    return {
        "accounts": [data / manifest["accounts"]],
        "fx": [data / manifest["fx_rates"]],
        "costs": [data / name for name in costs],
        "metrics": [data / name for name in manifest["metrics_files"]],
    }


def csrf_of(client: TestClient) -> str:
    page = client.get("/imports")
    assert page.status_code == 200
    return page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]


def post(client: TestClient, files: dict[str, list[Path]], csrf: str | None = None) -> Any:
    parts = [(field, (p.name, p.read_bytes())) for field, paths in files.items() for p in paths]
    token = csrf_of(client) if csrf is None else csrf
    return client.post("/imports/upload", data={"csrf": token}, files=parts, follow_redirects=False)


def wait(client: TestClient, job_url: str, timeout: float = 120) -> dict[str, Any]:
    api = job_url.replace("/imports/jobs/", "/api/v1/imports/jobs/")
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(api).json()
        seen.append(job["fraction"])
        if job["finished"]:
            job["seen"] = seen
            return job
        time.sleep(0.05)
    raise AssertionError(f"the import did not finish: {job}")


def test_an_upload_is_imported_in_the_background_and_its_report_shown(
    site: Site, empty: Path, admin: TestClient
) -> None:
    files = demo_files(site)
    response = post(admin, files)
    assert response.status_code == 303
    url = response.headers["location"]
    job = wait(admin, url)
    assert job["state"] == "done", job["error"]
    assert job["done"] == job["total"] == sum(len(v) for v in files.values())
    assert job["fraction"] == 1.0 and job["seen"] == sorted(job["seen"])
    assert all(r["reconciled"] for r in job["reports"])
    assert {r["file"] for r in job["reports"]} == {p.name for paths in files.values() for p in paths}

    page = admin.get(url).text
    assert "完了" in page and "取込結果と突合" in page and "不一致" not in page
    assert page.count("<td>一致</td>") >= len(files["costs"])
    # The ledger holds what the files hold: the same totals as the ledger made from them by the CLI path.
    with Engine(site.ledger) as reference:
        expected = reference.summary(["municipality"]).total_jpy
    got = admin.get("/api/v1/summary?by=municipality").json()["total_jpy"]
    assert got == int(round_yen(expected))
    # The import log lists them; the files stay where the log says.
    log = admin.get("/api/v1/imports").json()
    assert len(log) == len(job["reports"])
    assert all(Path(p).is_file() for p in (empty / "uploads").rglob("*") if p.is_file())

    # The same files again change nothing.
    again = wait(admin, post(admin, files).headers["location"])
    assert again["state"] == "done"
    assert {r["status"] for r in again["reports"]} <= {"unchanged", "loaded"}
    assert admin.get("/api/v1/summary?by=municipality").json()["total_jpy"] == got


class Held:
    """An executor that runs nothing until told: the job stays queued, then runs on demand."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def submit(self, fn: Any, *args: Any) -> None:
        self.calls.append((fn, *args))

    def release(self) -> None:
        for fn, *args in self.calls:
            fn(*args)


def test_the_progress_is_shown_as_text_and_polled(
    site: Site, admin: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs = admin.app.state.import_jobs  # type: ignore[attr-defined]
    held = Held()
    monkeypatch.setattr(jobs, "_executor", held)
    files = demo_files(site)
    url = post(admin, {"fx": files["fx"], "costs": files["costs"][:1]}).headers["location"]
    api = url.replace("/imports/jobs/", "/api/v1/imports/jobs/")
    page = admin.get(url).text
    # Without JavaScript the page reloads itself; with it, a small script polls the job.
    assert '<progress id="job-progress" max="1" value="0.0">' in page
    assert 'role="status" aria-live="polite">待機中: 0 / 2 ファイル完了</p>' in page
    assert '<noscript><meta http-equiv="refresh"' in page
    assert f'data-job-url="{api}"' in page and '<script src="/static/import_job.js" defer>' in page
    assert admin.get("/static/import_job.js").status_code == 200
    job = jobs.get(url.rsplit("/", 1)[1])
    job.state = "running"
    job.progress(Path(files["fx"][0].name), "done")
    job.progress(Path(files["costs"][0].name), "write")
    polled = admin.get(api).json()
    assert polled["finished"] is False and polled["done"] == 1 and polled["stage"] == "write"
    assert polled["fraction"] == pytest.approx((1 + 0.05) / 2, abs=1e-3)
    assert polled["message"] == f"取込中: 1 / 2 ファイル完了 ({files['costs'][0].name}: 書込)"
    assert polled["message"] in admin.get(url).text
    job.state, job.done, job.completed, job.stage = "queued", 0, [], ""
    held.release()
    assert admin.get(api).json()["state"] == "done"


def test_a_broken_file_names_file_row_and_column_and_leaves_the_ledger_as_it_was(
    site: Site, admin: TestClient, tmp_path: Path
) -> None:
    source = site.ledger.parent / "data" / "cost_lines" / "carrier-network.csv"
    with source.open(encoding="cp932", newline="") as f:
        rows = list(csv.reader(f))
    amount = next(i for i, name in enumerate(rows[0]) if name.startswith("金額"))
    rows[3][amount] = "12万円くらい"
    broken = tmp_path / "carrier-broken.csv"
    with broken.open("w", encoding="cp932", newline="") as f:
        csv.writer(f).writerows(rows)
    before = admin.get("/api/v1/summary?by=municipality").json()["total_jpy"]
    log_before = len(admin.get("/api/v1/imports").json())

    url = post(admin, {"costs": [broken]}).headers["location"]
    job = wait(admin, url)
    assert job["state"] == "failed"
    for part in ("carrier-broken.csv", "4 行目", rows[0][amount], "12万円くらい"):
        assert part in job["error"], (part, job["error"])
    assert "uploads" not in job["error"]
    page = admin.get(url).text
    assert 'role="alert"' in page and "carrier-broken.csv" in html.unescape(page)
    assert admin.get("/api/v1/summary?by=municipality").json()["total_jpy"] == before
    assert len(admin.get("/api/v1/imports").json()) == log_before


def test_the_job_page_and_poll_follow_the_session_language(admin: TestClient, tmp_path: Path) -> None:
    fx = tmp_path / "fx.csv"
    fx.write_text("month,currency,jpy_per_unit\n2025-04,USD,150\n", encoding="utf-8")
    url = post(admin, {"fx": [fx]}).headers["location"]
    wait(admin, url)
    admin.get("/lang/en")
    try:
        api = admin.get(url.replace("/imports/", "/api/v1/imports/")).json()
        assert api["message"].startswith("Finished: 1 of 1 files done")
        assert "Import progress and result" in admin.get(url).text
    finally:
        admin.get("/lang/ja")


def test_only_administrators_upload(empty: Path, site: Site) -> None:
    client = TestClient(create_app(empty))
    login(client, "chiyoda")
    page = client.get("/reviews")
    token = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    fx = site.ledger.parent / "data" / "fx_rates.csv"
    files = {"fx": (fx.name, fx.read_bytes())}
    assert client.post("/imports/upload", data={"csrf": token}, files=files).status_code == 403
    assert (
        client.post("/api/v1/imports/jobs", files=files, headers={"X-CSRF-Token": token}).status_code == 403
    )
    assert client.get("/imports/jobs/0123456789abcdef").status_code == 403
    assert client.get("/api/v1/imports/jobs/0123456789abcdef").status_code == 403
    assert "/imports/upload" not in page.text
    anonymous = TestClient(create_app(empty))
    assert anonymous.post("/api/v1/imports/jobs", files=files).status_code == 401


def test_uploads_need_the_csrf_token_and_a_known_format(
    admin: TestClient, site: Site, tmp_path: Path
) -> None:
    fx = site.ledger.parent / "data" / "fx_rates.csv"
    refused = post(admin, {"fx": [fx]}, csrf="")
    assert refused.status_code == 400 and "有効期限" in refused.text
    files = {"fx": (fx.name, fx.read_bytes())}
    assert admin.post("/api/v1/imports/jobs", files=files).status_code == 400
    token = admin.get("/api/v1/csrf").json()["csrf_token"]
    made = admin.post("/api/v1/imports/jobs", files=files, headers={"X-CSRF-Token": token})
    assert made.status_code == 202
    assert wait(admin, f"/imports/jobs/{made.json()['id']}")["state"] == "done"
    exe = tmp_path / "setup.exe"
    exe.write_bytes(b"MZ")
    wrong = post(admin, {"costs": [exe]})
    assert wrong.status_code == 400 and "setup.exe" in wrong.text and "受け付けられない形式" in wrong.text
    nothing = admin.post("/imports/upload", data={"csrf": csrf_of(admin)}, follow_redirects=False)
    assert nothing.status_code == 400 and "1つ以上" in nothing.text
    assert admin.get("/imports/jobs/ffffffffffffffff").status_code == 404
    assert admin.get("/api/v1/imports/jobs/ffffffffffffffff").status_code == 404


def test_the_imports_page_has_the_upload_form(admin: TestClient) -> None:
    page = admin.get("/imports").text
    form = re.search(r'<form class="upload" method="post" action="/imports/upload"[^>]*>', page)
    assert form and 'enctype="multipart/form-data"' in form.group(0)
    for field in ("costs", "metrics", "accounts", "fx"):
        assert f'<label for="import-{field}">' in page and f'name="{field}"' in page
