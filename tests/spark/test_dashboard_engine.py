"""``govcost --engine spark serve``: the dashboard's API answers the same from Spark, scope included."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from govcost.web.app import create_app
from govcost.web.users import Users
from tests.spark.conftest import Engines
from tests.web.conftest import login

pytestmark = pytest.mark.spark

PASSWORD = "spark-engine-check-2025"


@pytest.fixture(scope="module")
def users(engines: Engines) -> None:
    accounts = Users(engines.duckdb.ledger)
    accounts.add("spark-admin", PASSWORD, "admin")
    accounts.add("spark-chiyoda", PASSWORD, "municipal", ["131016"])


@pytest.mark.parametrize("user", ["spark-admin", "spark-chiyoda"])
@pytest.mark.parametrize("route", ["/api/v1/summary?by=municipality", "/api/v1/systems"])
def test_api_answers_the_same_on_spark(engines: Engines, users: None, user: str, route: str) -> None:
    answers = []
    for engine in ("duckdb", "spark"):
        client = TestClient(create_app(engines.duckdb.ledger.path, engine=engine, spark_master="local[2]"))
        login(client, user, PASSWORD)
        response = client.get(route)
        assert response.status_code == 200, response.text
        answers.append(response.json())
    assert answers[0] == answers[1]
    text = str(answers[1])
    if user == "spark-chiyoda":
        assert "131016" in text and "131024" not in text
    else:
        assert "131024" in text
