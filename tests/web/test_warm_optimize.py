"""The optimisation in the background: once the app is served, every scope the users read is computed
at start-up and after each import, so a first visit finds its findings ready; a page whose findings
are still being computed says so and shows none of them; and a user still sees only their own
municipality's findings, exactly those ``govcost optimize --municipality`` gives."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from govcost.engine import Engine
from govcost.messages import t
from govcost.optimize.run import OptimizeResult
from govcost.web.app import create_app
from govcost.web.routes._scoped import Optimizer, _cache, ledger_state, optimizer_of
from govcost.web.users import Users
from tests.web.conftest import CHIYODA, CHUO, MINATO, Site, login
from tests.web.test_accessibility import parse, problems
from tests.web.test_imports_upload import demo_files, post, wait
from tests.web.test_optimize_page import acting, settings_of, total

WARM_TIMEOUT_S = 300


@pytest.fixture
def settings(site: Site, tmp_path: Path) -> Path:
    """A copy of the demo's settings that a test may touch (a new settings file: new runs)."""
    return Path(shutil.copy(settings_of(site), tmp_path / "optimize.yaml"))


@pytest.fixture
def served(site: Site, settings: Path) -> Iterator[tuple[FastAPI, Optimizer]]:
    """The app as a server runs it (start-up and shut-down), its warm-up done."""
    app = create_app(site.ledger, settings=settings)
    with TestClient(app):
        optimizer = optimizer_of(app.state.dashboard)
        assert optimizer.started
        assert optimizer.idle(WARM_TIMEOUT_S), "the warm-up did not finish"
        yield app, optimizer
    assert not optimizer.started


def signed_in(app: FastAPI, username: str) -> TestClient:
    client = TestClient(app)
    login(client, username)
    return client


def touch(path: Path) -> None:
    """A new modification time: the app's runs with the old settings are no longer current."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_a_whole_ledger_run_filtered_to_a_municipality_is_not_its_run(
    results: dict[str | None, OptimizeResult],
) -> None:
    """Why every scope gets its own run: commitments on a payer account shared by several
    municipalities are totalled over the scope, so the whole ledger's findings, filtered, differ."""
    for code in (CHIYODA, CHUO, MINATO):
        own = {(f.rule, f.resource_id, f.monthly_saving_jpy) for f in results[code].findings}
        filtered = {
            (f.rule, f.resource_id, f.monthly_saving_jpy)
            for f in results[None].findings
            if f.municipality_code == code
        }
        assert own != filtered
        assert {rule for rule, _, _ in own ^ filtered} == {"commitments"}


def test_the_served_app_computes_every_scope_its_users_read_before_the_first_visit(
    site: Site, served: tuple[FastAPI, Optimizer], results: dict[str | None, OptimizeResult]
) -> None:
    app, _ = served
    dash = app.state.dashboard
    with Engine(site.ledger) as engine:
        users = Users(engine.ledger).list()
        state = ledger_state(engine)
    wanted = {c for u in users if not u.is_admin for c in u.municipalities} | {None}
    cached = {key[0]: result for key, result in _cache(dash).results.items() if key[2] == state}
    assert set(cached) == wanted
    assert CHIYODA in cached and CHUO in cached and MINATO not in wanted

    chiyoda = signed_in(app, "chiyoda")
    page = chiyoda.get("/optimize")
    assert page.status_code == 200
    assert f"削減可能額: 月額 {total([results[CHIYODA]]):,} 円" in page.text
    # Served from the warm-up's run, not computed again.
    assert {key[0]: r for key, r in _cache(dash).results.items() if key[2] == state}[CHIYODA] is cached[
        CHIYODA
    ]

    group = signed_in(app, "group").get("/api/v1/findings").json()
    assert group["monthly_saving_jpy"] == total([results[CHIYODA], results[CHUO]])
    assert group["findings_count"] == acting([results[CHIYODA], results[CHUO]])
    admin = signed_in(app, "admin").get("/api/v1/findings").json()
    assert admin["monthly_saving_jpy"] == total([results[None]])


def test_a_user_of_the_served_app_sees_exactly_their_own_findings(
    served: tuple[FastAPI, Optimizer], results: dict[str | None, OptimizeResult]
) -> None:
    app, _ = served
    own = {f.resource_id for f in results[CHIYODA].findings}
    others = {f.resource_id for code in (CHUO, MINATO) for f in results[code].findings} - own
    assert others
    chiyoda = signed_in(app, "chiyoda")
    api = chiyoda.get("/api/v1/findings").json()
    assert sorted((f["rule"], f["resource_id"]) for f in api["findings"]) == sorted(
        (f.rule, f.resource_id) for f in results[CHIYODA].findings
    )
    for url in (
        "/optimize",
        "/download/findings.csv",
        "/api/v1/findings",
        "/systems/KOSEKI-K01",
        "/systems/JUKI-131016",
    ):
        response = chiyoda.get(url)
        assert response.status_code == 200, url
        shown = [rid for rid in others if rid in response.text]
        assert not shown, f"{url} shows {shown[:3]} of another municipality"

    group = signed_in(app, "group").get("/api/v1/findings").json()
    assert {f["municipality_code"] for f in group["findings"]} == {CHIYODA, CHUO}


def test_a_page_whose_findings_are_being_computed_says_so_and_shows_none(
    served: tuple[FastAPI, Optimizer], settings: Path, results: dict[str | None, OptimizeResult]
) -> None:
    app, optimizer = served
    optimizer.page_wait_s = 0
    chiyoda = signed_in(app, "chiyoda")
    touch(settings)

    page = chiyoda.get("/optimize")
    assert page.status_code == 202
    assert page.headers["retry-after"] == "3" and page.headers["cache-control"] == "no-store"
    assert (
        t("web.optimize.computing.title", "ja") in page.text
        and t("web.optimize.computing", "ja") in page.text
    )
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page.text
    assert 'data-ready-url="/api/v1/findings/status"' in page.text
    shown = [f.resource_id for f in results[CHIYODA].findings if f.resource_id in page.text]
    assert not shown and "削減可能額" not in page.text
    assert not problems(parse(page.text), "ja")

    touch(settings)
    chiyoda.get("/lang/en")
    system = chiyoda.get("/systems/KOSEKI-K01")
    assert system.status_code == 202 and t("web.optimize.computing", "en") in system.text
    assert not problems(parse(system.text), "en")
    assert not [f.resource_id for f in results[CHIYODA].findings if f.resource_id in system.text]
    chiyoda.get("/lang/ja")

    # The API and the downloads wait for the run instead.
    api = chiyoda.get("/api/v1/findings").json()
    assert api["monthly_saving_jpy"] == total([results[CHIYODA]])
    assert chiyoda.get("/api/v1/findings/status").json() == {"ready": True}
    page = chiyoda.get("/optimize")
    assert page.status_code == 200 and f"削減可能額: 月額 {total([results[CHIYODA]]):,} 円" in page.text


def test_the_status_turns_ready_once_the_run_is_done(
    served: tuple[FastAPI, Optimizer], settings: Path
) -> None:
    app, optimizer = served
    chiyoda = signed_in(app, "chiyoda")
    touch(settings)
    deadline = time.monotonic() + WARM_TIMEOUT_S
    answers = []
    while time.monotonic() < deadline:
        answers.append(chiyoda.get("/api/v1/findings/status").json()["ready"])
        if answers[-1]:
            break
        time.sleep(0.05)
    assert answers[0] is False and answers[-1] is True
    optimizer.page_wait_s = 0
    assert chiyoda.get("/optimize").status_code == 200


def test_an_import_warms_the_new_ledgers_findings(site: Site, tmp_path: Path) -> None:
    ledger = tmp_path / "ledger"
    with Engine(ledger) as engine:
        users = Users(engine.ledger)
        users.add("admin", "correct horse battery", "admin")
        users.add("chiyoda", "correct horse battery", "municipal", [CHIYODA])
    app = create_app(ledger, settings=settings_of(site))
    dash = app.state.dashboard
    with TestClient(app) as admin:
        optimizer = optimizer_of(dash)
        assert optimizer.idle(WARM_TIMEOUT_S)
        # Nothing imported yet: nothing to review, for either scope.
        assert set(_cache(dash).results.values()) == {None}
        login(admin, "admin")
        answer = post(admin, demo_files(site))
        assert answer.status_code == 303
        job = wait(admin, answer.headers["location"])
        assert job["state"] == "done", job
        assert optimizer.idle(WARM_TIMEOUT_S)
        with Engine(ledger) as engine:
            state = ledger_state(engine)
            expected = engine.optimize(municipality=CHIYODA, settings=settings_of(site))
        warmed = {key[0]: r for key, r in _cache(dash).results.items() if key[2] == state}
        assert set(warmed) == {None, CHIYODA}
        result = warmed[CHIYODA]
        assert result is not None
        assert sorted((f.rule, f.resource_id) for f in result.findings) == sorted(
            (f.rule, f.resource_id) for f in expected.findings
        )
