"""按分: the shares equal `govcost allocate`'s for every scope; a municipal user sees its own share,
its own keys, the sum of the keys and the other members' shares only as one total."""

from __future__ import annotations

import io

import openpyxl
import pytest

from govcost.engine import Engine
from tests.web.conftest import CHIYODA, CHUO, MINATO, Site

SCOPES = {"chiyoda": {CHIYODA}, "group": {CHIYODA, CHUO}, "admin": None}


def _expected(site: Site, user: str) -> dict[tuple[str, str, str], int]:
    codes = SCOPES[user]
    one = next(iter(codes)) if codes and len(codes) == 1 else None
    with Engine(site.ledger) as engine:
        result = engine.allocate(site.allocation, municipality=one)  # type: ignore[arg-type]
    return {
        (f"{s.month:%Y-%m}", s.rule_id, s.municipality_code): int(s.share_jpy)
        for s in result.shares
        if codes is None or s.municipality_code in codes
    }


@pytest.mark.parametrize("user", list(SCOPES))
def test_the_shares_are_the_allocation_engines(site: Site, user: str) -> None:
    data = site.client(user).get("/api/v1/allocation").json()
    got = {(r["month"], r["rule_id"], r["municipality_code"]): r["share_jpy"] for r in data["shares"]}
    assert got == _expected(site, user)
    assert got, "the demo's joint systems have shared costs"
    for r in data["shares"]:
        assert r["others_share_jpy"] == r["total_yen"] - r["share_jpy"]


def test_a_municipal_user_sees_no_other_members_share_or_key(site: Site) -> None:
    client = site.client("chiyoda")
    with Engine(site.ledger) as engine:
        result = engine.allocate(site.allocation, municipality=CHIYODA)  # type: ignore[arg-type]
    other_keys = {
        f"{k.value:,}" for s in result.shares if s.municipality_code != CHIYODA for k in s.keys if k.value > 1
    }
    texts = [
        client.get("/allocation").text,
        client.get("/download/allocation/shares.csv").content.decode("utf-8-sig"),
        client.get("/api/v1/allocation").text,
    ]
    for text in texts:
        for mark in (CHUO, MINATO, "中央区", "港区", *other_keys, *(k.replace(",", "") for k in other_keys)):
            assert mark not in text
    rows = client.get("/api/v1/allocation").json()["shares"]
    assert {r["municipality_code"] for r in rows} == {CHIYODA}
    assert all(r["rule_name"] is None for r in rows)  # the demo's names list the members


def test_the_statement_is_the_municipalitys_own(site: Site) -> None:
    client = site.client("chiyoda")
    response = client.get("/download/allocation-statement.xlsx")
    assert response.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    statements = [n for n in wb.sheetnames if n[:6].isdigit()]
    assert statements == [f"{CHIYODA} 千代田区"]
    assert client.get(f"/download/allocation-statement.xlsx?municipality={CHUO}").status_code == 404
    group = site.client("group")
    assert group.get(f"/download/allocation-statement.xlsx?municipality={MINATO}").status_code == 404
    assert group.get(f"/download/allocation-statement.xlsx?municipality={CHUO}").status_code == 200


def test_the_page_has_a_chart_with_its_table(site: Site) -> None:
    page = site.client("group").get("/allocation").text
    assert 'class="chart"' in page and "<table>" in page
    assert "/download/allocation/monthly.csv" in page and "/download/allocation/shares.xlsx" in page
