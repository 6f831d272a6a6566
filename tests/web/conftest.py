"""A small ledger (three wards, one month of the demo) and its users, served by a test client."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from govcost.demo.run import run_demo
from govcost.engine import Engine
from govcost.optimize.run import OptimizeResult
from govcost.web.app import create_app
from govcost.web.users import Users

PASSWORD = "correct horse battery"
#: 千代田区, 中央区, 港区: the first three demo municipalities.
CHIYODA, CHUO, MINATO = "131016", "131024", "131032"


@dataclass
class Site:
    ledger: Path
    client_factory: type[TestClient]
    #: The demo's allocation rules, baseline and budget (as `govcost demo` serves them).
    allocation: Path | None = None
    baseline: Path | None = None
    budget: Path | None = None

    def client(self, username: str | None = None) -> TestClient:
        client = TestClient(
            create_app(self.ledger, allocation=self.allocation, baseline=self.baseline, budget=self.budget)
        )
        if username:
            login(client, username)
        return client


def login(client: TestClient, username: str, password: str = PASSWORD) -> object:
    page = client.get("/login")
    token = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    return client.post(
        "/login", data={"username": username, "password": password, "csrf": token}, follow_redirects=False
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    out = tmp_path_factory.mktemp("web")
    ledger = out / "ledger"
    with Engine(ledger) as engine:
        run_demo(engine, out / "data", municipalities=3, months=1)
        users = Users(engine.ledger)
        users.add("admin", PASSWORD, "admin")
        users.add("chiyoda", PASSWORD, "municipal", [CHIYODA], "千代田区 情報政策課")
        users.add("chuo", PASSWORD, "municipal", [CHUO])
        users.add("group", PASSWORD, "group_admin", [CHIYODA, CHUO])
    data = out / "data"
    yield Site(ledger, TestClient, data / "allocation.yaml", data / "baseline.csv", data / "budget.csv")


def settings_of(site: Site) -> Path:
    path = site.ledger.parent / "data" / "optimize.yaml"
    assert path.is_file(), "the demo writes its optimize.yaml"
    return path


@pytest.fixture(scope="module")
def results(site: Site) -> dict[str | None, OptimizeResult]:
    """optimize() per municipality, and over everything (None), as the CLI would run it."""
    with Engine(site.ledger) as engine:
        out: dict[str | None, OptimizeResult] = {
            code: engine.optimize(municipality=code, settings=settings_of(site))
            for code in (CHIYODA, CHUO, MINATO)
        }
        out[None] = engine.optimize(settings=settings_of(site))
    return out
