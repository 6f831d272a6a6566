"""The dashboard in a real browser: Playwright driving Debian's Chromium (``make test`` installs it;
never a browser Playwright downloads) against the app served by uvicorn on the test ledger.

What a person does, with what the screen shows checked: sign in with the keyboard alone, open every
page of the menu, review an estimate and see its findings, download the review workbook, switch to
English, and take a screenshot of the overview. The browser may reach 127.0.0.1 only: any other
request is blocked and fails the test (the dashboard works offline, on a closed network).
"""

from __future__ import annotations

import os
import shutil
import socket
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import openpyxl
import pytest
from fastapi import FastAPI

from govcost.engine import Engine
from govcost.jp.money import format_yen
from govcost.review.run import review
from govcost.web.app import create_app
from govcost.web.routes._scoped import _cache, optimizer_of
from tests.review.estimates import estimate_d_current_xlsx, estimate_d_new_xlsx
from tests.web.conftest import CHIYODA, PASSWORD, Site

pytestmark = pytest.mark.browser

DOCUMENTS = ["diagram", "breakdown"]


def chromium() -> str:
    """Debian's Chromium; without it (or Playwright) the tests are skipped, except on CI."""
    path = shutil.which("chromium")
    try:
        import playwright  # noqa: F401
    except ImportError:
        path = None
    if path is None:
        reason = "Debian's chromium and playwright are needed (make test installs them)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(site: Site) -> FastAPI:
    return create_app(site.ledger)


@pytest.fixture(scope="module")
def server(served: FastAPI) -> Iterator[str]:
    """The app on the test ledger, served by uvicorn on a free port of 127.0.0.1, its start-up's
    optimisation runs done."""
    import uvicorn

    port = free_port()
    config = uvicorn.Config(served, host="127.0.0.1", port=port, log_level="warning")
    app_server = uvicorn.Server(config)
    thread = threading.Thread(target=app_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not app_server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    assert optimizer_of(served.state.dashboard).idle(300), "the start-up's optimisation runs did not end"
    yield f"http://127.0.0.1:{port}"
    app_server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    executable = chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, headless=True)
        yield launched
        launched.close()


class Offline:
    """Every request the pages make: those not to 127.0.0.1 are aborted and remembered."""

    def __init__(self) -> None:
        self.outside: list[str] = []
        self.inside = 0

    def __call__(self, route: Any) -> None:
        url = route.request.url
        host = urlsplit(url).hostname
        if url.startswith(("data:", "blob:", "about:")) or host == "127.0.0.1":
            self.inside += 1
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


@pytest.fixture()
def page(browser: Any, tmp_path: Path) -> Iterator[tuple[Any, Offline]]:
    context = browser.new_context(
        accept_downloads=True, viewport={"width": 1280, "height": 900}, locale="ja-JP"
    )
    offline = Offline()
    context.route("**/*", offline)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab, offline
    context.close()
    assert not offline.outside, f"requests to outside 127.0.0.1: {offline.outside}"
    assert offline.inside > 0


def sign_in_with_the_keyboard(tab: Any, server: str, username: str) -> None:
    tab.goto(f"{server}/login")
    for _ in range(10):
        if tab.evaluate("document.activeElement && document.activeElement.id") == "username":
            break
        tab.keyboard.press("Tab")
    else:
        raise AssertionError("the user name field cannot be reached with Tab")
    tab.keyboard.type(username)
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.id") == "password"
    tab.keyboard.type(PASSWORD)
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert urlsplit(tab.url).path == "/"


def own_total(site: Site) -> str:
    with Engine(site.ledger) as engine:
        return format_yen(engine.summary(["month"], municipalities=[CHIYODA]).total_jpy)


def test_a_municipal_user_signs_in_with_the_keyboard_and_opens_every_page(
    site: Site, server: str, page: tuple[Any, Offline]
) -> None:
    tab, _ = page
    sign_in_with_the_keyboard(tab, server, "chiyoda")
    assert tab.locator("h1").inner_text() == "概要"
    assert own_total(site) in tab.locator("main").inner_text()
    # Plotly, served by the app, drew the chart.
    tab.wait_for_selector(".chart .main-svg")
    links = tab.eval_on_selector_all(
        "nav a", "els => els.map(a => [a.getAttribute('href'), a.textContent.trim()])"
    )
    assert ["/reviews", "見積精査"] in links
    assert "/imports" not in [href for href, _ in links]
    for href, name in links:
        response = tab.goto(server + href)
        assert response is not None and response.status == 200, href
        heading = tab.locator("h1").first.inner_text()
        assert heading.strip(), href
        assert tab.locator("nav a[aria-current='page']").inner_text() == name, href
        assert tab.locator("p.error[role=alert]").count() == 0, href
        text = tab.locator("main").inner_text()
        assert "中央区" not in text and "131024" not in text, href


def test_a_page_whose_findings_are_being_computed_reloads_itself_when_they_are_ready(
    served: FastAPI, server: str, page: tuple[Any, Offline]
) -> None:
    tab, _ = page
    sign_in_with_the_keyboard(tab, server, "chiyoda")
    dash = served.state.dashboard
    optimizer = optimizer_of(dash)
    optimizer.page_wait_s = 0
    try:
        _cache(dash).results.clear()  # as after an import: nothing computed yet
        tab.goto(f"{server}/optimize")
        assert tab.locator("h1").inner_text() == "最適化の指摘を計算しています"
        assert "自動で再読み込み" in tab.locator("[role=status]").inner_text()
        assert "削減可能額" not in tab.locator("main").inner_text()
        # No click: the page asks whether the findings are ready and reloads itself.
        tab.wait_for_selector("h1:text-is('最適化')", timeout=120_000)
        assert "削減可能額" in tab.locator("main").inner_text()
        assert urlsplit(tab.url).path == "/optimize"
    finally:
        del optimizer.page_wait_s


def test_an_estimate_is_reviewed_and_its_workbook_downloads(
    site: Site, server: str, page: tuple[Any, Offline], tmp_path: Path
) -> None:
    tab, _ = page
    new, current = estimate_d_new_xlsx(tmp_path), estimate_d_current_xlsx(tmp_path)
    expected = review(new, current=current, documents=DOCUMENTS, municipality=CHIYODA)
    sign_in_with_the_keyboard(tab, server, "chiyoda")
    tab.goto(f"{server}/reviews")
    assert tab.locator("h1").inner_text() == "見積精査"
    tab.set_input_files("#estimate", str(new))
    tab.set_input_files("#current", str(current))
    for key in DOCUMENTS:
        tab.check(f"#doc-{key}")
    with tab.expect_navigation():
        tab.get_by_role("button", name="精査する").click()
    assert urlsplit(tab.url).path.startswith("/reviews/")
    assert tab.locator("h1").inner_text() == f"見積精査の結果: {new.name}"
    total = tab.locator("#total-saving").inner_text()
    assert format_yen(expected.possible_saving_jpy) in total
    ng = next(f for f in expected.findings if f.status == "ng" and f.cell)
    row = tab.locator("table.review-lines tr", has=tab.locator("td", has_text=ng.cell)).filter(
        has_text=ng.message[:20]
    )
    assert row.count() >= 1
    assert "要修正" in row.first.locator("td.status").inner_text()
    assert row.first.get_attribute("class") == "finding-ng"

    with tab.expect_download() as info:
        tab.get_by_role("link", name="精査結果ブック(XLSX)をダウンロード").click()
    saved = tmp_path / "review.xlsx"
    info.value.save_as(saved)
    wb = openpyxl.load_workbook(saved)
    assert wb.sheetnames == ["概要", "明細", "質問票"]
    cells = [str(v) for row in wb["明細"].iter_rows(values_only=True) for v in row if v is not None]
    assert ng.message in "\n".join(cells)

    # English, from the link in the header: the same page in the other language.
    with tab.expect_navigation():
        tab.get_by_role("link", name="English").click()
    assert tab.locator("html").get_attribute("lang") == "en"
    assert tab.locator("h1").inner_text().startswith("Review of the estimate")


def test_an_administrator_imports_a_file_and_sees_its_progress_end(
    site: Site, server: str, page: tuple[Any, Offline]
) -> None:
    tab, _ = page
    sign_in_with_the_keyboard(tab, server, "admin")
    tab.goto(f"{server}/imports")
    assert tab.locator("h1").inner_text() == "取込"
    tab.set_input_files("#import-fx", str(site.ledger.parent / "data" / "fx_rates.csv"))
    with tab.expect_navigation():
        tab.get_by_role("button", name="取り込む").click()
    # The job page polls until the import ends, then shows the report.
    tab.wait_for_selector("#job-status:has-text('完了')", timeout=60_000)
    assert "fx_rates.csv" in tab.locator("main").inner_text()
    assert tab.locator("table caption").inner_text() == "取込結果と突合"


def test_a_screenshot_of_the_overview_in_english(
    site: Site, server: str, page: tuple[Any, Offline], tmp_path: Path
) -> None:
    tab, _ = page
    sign_in_with_the_keyboard(tab, server, "chiyoda")
    with tab.expect_navigation():
        tab.get_by_role("link", name="English").click()
    assert tab.locator("h1").inner_text() == "Overview"
    assert own_total(site) in tab.locator("main").inner_text()
    tab.wait_for_selector(".chart .main-svg")
    shot = tmp_path / "overview.png"
    tab.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 1280 and height >= 900
    assert len(data) > 30_000, "the screenshot is nearly blank"


# --- 按分 and ベンチマーク: the pages of the allocation rules and the KPI inputs ---------------------


@pytest.fixture(scope="module")
def served_with_rules(site: Site) -> Iterator[str]:
    """The app as ``govcost demo`` serves it: with the demo's allocation rules, baseline and budget."""
    import uvicorn

    port = free_port()
    web = create_app(site.ledger, allocation=site.allocation, baseline=site.baseline, budget=site.budget)
    app_server = uvicorn.Server(uvicorn.Config(web, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=app_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not app_server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    app_server.should_exit = True
    thread.join(10)


def open_from_the_menu_with_the_keyboard(tab: Any, name: str) -> None:
    """Tab through the page until the menu link ``name`` has the focus, then press Enter."""
    link = tab.locator("nav a", has_text=name)
    href = link.get_attribute("href")
    for _ in range(30):
        tab.keyboard.press("Tab")
        focused = tab.evaluate(
            "document.activeElement && document.activeElement.closest('nav') ? "
            "document.activeElement.getAttribute('href') : null"
        )
        if focused == href:
            break
    else:
        raise AssertionError(f"the menu link {name} cannot be reached with Tab")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert urlsplit(tab.url).path == href
    assert tab.locator("h1").inner_text() == name
    assert tab.locator("nav a[aria-current='page']").inner_text() == name


def test_allocation_and_benchmark_are_reached_with_the_keyboard(
    site: Site, served_with_rules: str, page: tuple[Any, Offline]
) -> None:
    from govcost.allocate.kpi.stats import ratio_text
    from govcost.messages import t

    tab, _ = page
    with Engine(site.ledger) as engine:
        shares = engine.allocate(site.allocation, municipality=CHIYODA)  # type: ignore[arg-type]
        kpi = engine.kpi(baseline=site.baseline, budget=site.budget)
    own = [s for s in shares.shares if s.municipality_code == CHIYODA]
    assert own, "the demo's joint systems have shares of 千代田区"

    # A municipal user: 按分 from the menu, its own shares as the engine computes them; no ベンチマーク.
    sign_in_with_the_keyboard(tab, served_with_rules, "chiyoda")
    assert tab.get_by_role("link", name="ベンチマーク").count() == 0
    open_from_the_menu_with_the_keyboard(tab, "按分")
    main = tab.locator("main").inner_text()
    for share in own:
        assert format_yen(share.share_jpy) in main
    assert "中央区" not in main and "131024" not in main
    headings = tab.locator("main h2").all_inner_texts()
    assert headings == [
        t("web.allocation.monthly"),
        t("web.allocation.shares"),
        t("web.allocation.statement"),
    ]
    tab.wait_for_selector(".chart .main-svg")
    assert tab.locator(".chart[role=img]").get_attribute("aria-label")

    # The group administrator: ベンチマーク from the menu, each ward's before/after ratio the engine's.
    tab.context.clear_cookies()
    sign_in_with_the_keyboard(tab, served_with_rules, "group")
    open_from_the_menu_with_the_keyboard(tab, "ベンチマーク")
    assert t("web.benchmark.table") in tab.locator("main h2").all_inner_texts()
    table = tab.locator("table", has=tab.locator("caption", has_text="団体の比較"))
    for row in kpi.before_after.rows:
        if row.municipality_code in {CHIYODA, "131024"}:
            cells = table.locator("tr", has_text=row.municipality_code).inner_text()
            assert ratio_text(row.ratio) in cells, row.municipality_code
    assert "131032" not in tab.locator("main").inner_text()
    tab.wait_for_selector(".chart .main-svg")
    # Anonymised, with the keyboard: the check box, then the button.
    tab.locator("#anonymise").focus()
    tab.keyboard.press("Space")
    tab.keyboard.press("Tab")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    main = tab.locator("main").inner_text()
    assert "団体A" in main and "千代田区" not in main and CHIYODA not in main
