"""Texts the engines word (optimisation findings, estimate review findings, fiscal years and months)
follow the page's language, though the findings were made, cached or stored once, in Japanese: an
English page shows the catalogue's English text for a finding, a Japanese page the Japanese one."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from govcost.engine import Engine
from govcost.messages import CATALOGUE
from govcost.optimize.base import Finding
from govcost.optimize.run import OptimizeResult
from govcost.web.app import create_app
from tests.web.conftest import CHIYODA, Site, login
from tests.web.stored_reviews import REVIEW_OF, seed_reviews, stored_review
from tests.web.test_optimize_page import settings_of

JA, EN = 0, 1


def said(key: str, lang: int, **params: str) -> str:
    """The catalogue's text, straight from the catalogue."""
    return CATALOGUE[key][lang].format(**params)


def on_page(text: str, page: str) -> bool:
    return str(escape(text)) in page


@pytest.fixture(scope="module")
def own(site: Site) -> OptimizeResult:
    with Engine(site.ledger) as engine:
        return engine.optimize(municipality=CHIYODA, settings=settings_of(site))


@pytest.fixture(scope="module")
def pages(site: Site) -> Callable[[str], TestClient]:
    """One app (so one cached optimisation, made in Japanese) and a client per language."""
    app = create_app(site.ledger, settings=settings_of(site), baseline=site.baseline, budget=site.budget)
    made: dict[str, TestClient] = {}

    def get(lang: str) -> TestClient:
        if lang not in made:
            client = TestClient(app)
            login(client, "chiyoda")
            client.get(f"/lang/{lang}")
            made[lang] = client
        return made[lang]

    get("ja").get("/optimize")  # the findings are made, and cached, for a Japanese page first
    return get


def address(own: OptimizeResult) -> Finding:
    """The demo's unattached Elastic IP of 千代田区 (a finding whose wording needs only its name)."""
    found = [f for f in own.findings if f.rule == "idle" and f.resource_type == "elastic-ip"]
    assert len(found) == 1
    return found[0]


def test_the_optimisation_page_says_a_finding_in_the_pages_language(
    pages: Callable[[str], TestClient], own: OptimizeResult
) -> None:
    f = address(own)
    name = f.resource_name or f.resource_id
    en = pages("en").get("/optimize").text
    ja = pages("ja").get("/optimize").text
    assert on_page(said("rule.idle.action.address", EN, name=name), en)
    assert on_page(said("rule.idle.action.address", JA, name=name), ja)
    assert not on_page(said("rule.idle.action.address", JA, name=name), en)
    assert not on_page(said("rule.idle.action.address", EN, name=name), ja)
    # The rule's title and its guide item, in the chart, the filter, the tables.
    assert on_page(said("rule.idle.title", EN), en) and not on_page(said("rule.idle.title", JA), en)
    assert on_page(said("rule.idle.title", JA), ja)
    assert on_page(said("rule.idle.guide_ref", EN), en) and on_page(said("rule.idle.guide_ref", JA), ja)
    # An evidence value the engine worded: the operating hours of a server it would stop at night.
    hours = {"start": "08:00", "end": "20:00"}
    assert on_page("schedule: " + said("rule.operating_hours.schedule.business_days", EN, **hours), en)
    assert on_page("schedule: " + said("rule.operating_hours.schedule.business_days", JA, **hours), ja)


def test_the_findings_download_and_the_system_page_follow_the_language(
    pages: Callable[[str], TestClient], own: OptimizeResult
) -> None:
    f = address(own)
    name = f.resource_name or f.resource_id
    for lang, index in (("en", EN), ("ja", JA)):
        client = pages(lang)
        rows = list(csv.reader(io.StringIO(client.get("/download/findings.csv").content.decode("utf-8-sig"))))
        row = next(r for r in rows[1:] if r[7] == f.resource_id)
        assert row[0] == said("rule.idle.title", index)
        assert row[16] == said("rule.idle.action.address", index, name=name)
        assert row[18] == said("rule.idle.guide_ref", index)
        system = client.get(f"/systems/{f.system_id}").text
        assert on_page(said("rule.idle.action.address", index, name=name), system)


def test_a_stored_review_says_its_findings_in_the_pages_language(site: Site) -> None:
    seed_reviews(site)
    review = stored_review(site, CHIYODA)
    support = next(f for f in review.result()["findings"] if f["check"] == "csp-support-fee")
    assert support["status"] == "ng"
    amount = f"{support['amount_jpy']:,}"
    client = site.client("chiyoda")
    ja = client.get(f"/reviews/{REVIEW_OF[CHIYODA]}").text
    client.get("/lang/en")
    en = client.get(f"/reviews/{REVIEW_OF[CHIYODA]}").text
    english = said("review.csp_support_fee.ng", EN, item=support["item"], amount=f"¥{amount}")
    japanese = said("review.csp_support_fee.ng", JA, item=support["item"], amount=f"{amount} 円")
    assert support["message"] == japanese, "the review was made, and stored, in Japanese"
    assert on_page(english, en) and not on_page(japanese, en)
    assert on_page(japanese, ja) and not on_page(english, ja)
    assert on_page(said("check.csp_support_fee.title", EN), en)
    assert on_page(said("check.csp_support_fee.title", JA), ja)
    lines = client.get(f"/download/review/{REVIEW_OF[CHIYODA]}/lines.csv").content.decode("utf-8-sig")
    assert english in lines and japanese not in lines
    # The API keeps the findings as the review made them.
    api = client.get(f"/api/v1/reviews/{REVIEW_OF[CHIYODA]}").json()
    assert japanese in [f["message"] for f in api["findings"]]
    assert all("texts" not in f for f in api["findings"])


def test_the_overview_names_fiscal_years_and_months_in_the_pages_language(
    pages: Callable[[str], TestClient],
) -> None:
    en = pages("en").get("/").text
    ja = pages("ja").get("/").text
    assert on_page(said("kpi.fiscal.title", EN, year="FY2025"), en)
    assert on_page(said("kpi.fiscal.title", JA, year="令和7年度"), ja)
    assert "Apr 2025" in en and "令和7年4月" not in en and "令和7年度" not in en
    assert "令和7年4月" in ja and "Apr 2025" not in ja
    fiscal = pages("en").get("/download/kpi/fiscal.csv").content.decode("utf-8-sig")
    assert "Apr 2025,2025-04," in fiscal and "令和" not in fiscal
