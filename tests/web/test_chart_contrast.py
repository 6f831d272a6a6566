"""Colour contrast of the charts (WCAG 2.1 AA): every bar, line and marker the pages draw stands at
least 3:1 against the chart's background (1.4.11, non-text contrast) and the charts' text 4.5:1
(1.4.3). The colours are those actually used: the figures the pages serve, and static/charts.js
(the background, the text colour and the palette of traces without a colour of their own). The
stylesheet's text and focus colours are checked in test_accessibility.py; here too its graphical
marks (the coloured edge of a review finding's row)."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from govcost.web.app import WEB
from tests.web.conftest import Site
from tests.web.test_accessibility import colour_in, contrast, stylesheet

#: The pages with charts, and an administrator sees every chart of each.
CHART_PAGES = ("/", "/optimize", "/systems", "/systems/KOSEKI-K01", "/allocation", "/benchmark")
HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")


def charts_js() -> dict[str, Any]:
    """static/charts.js's palette, backgrounds and text colour."""
    js = (WEB / "static" / "charts.js").read_text()
    colorway = re.search(r"COLORWAY\s*=\s*\[([^\]]*)\]", js)
    assert colorway, "charts.js names its palette COLORWAY"

    def one(name: str) -> str:
        found = re.search(name + r"""\s*:\s*["'](#[0-9a-fA-F]{3,6})["']""", js)
        assert found, f"charts.js sets {name}"
        return found.group(1)

    font = re.search(r"font\s*:\s*\{\s*color\s*:\s*[\"'](#[0-9a-fA-F]{3,6})[\"']", js)
    assert font, "charts.js sets the charts' text colour"
    return {
        "colorway": HEX.findall(colorway.group(1)),
        "paper": one("paper_bgcolor"),
        "plot": one("plot_bgcolor"),
        "font": font.group(1),
    }


def figures(page: str) -> list[dict[str, Any]]:
    return [json.loads(html.unescape(raw)) for raw in re.findall(r"data-figure='([^']*)'", page)]


def colours(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(where, colour) of every colour a figure names."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from colours(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from colours(value, f"{path}[{i}]")
    elif isinstance(node, str) and path.rsplit(".", 1)[-1].split("[")[0].endswith("color"):
        assert HEX.fullmatch(node), f"{path}: {node!r} is not a #rrggbb colour this test can check"
        yield path, node


def test_the_chart_defaults_reach_3_to_1_and_their_text_4_5_to_1() -> None:
    js = charts_js()
    assert len(js["colorway"]) >= 6
    low = [
        f"{c} on {js['plot']} = {contrast(c, js['plot']):.2f}"
        for c in js["colorway"]
        if contrast(c, js["plot"]) < 3
    ]
    assert not low, low
    for bg in (js["plot"], js["paper"]):
        assert contrast(js["font"], bg) >= 4.5


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_colour_a_chart_draws_reaches_3_to_1_against_its_background(site: Site, lang: str) -> None:
    js = charts_js()
    client = site.client("admin")
    if lang == "en":
        client.get("/lang/en")
    seen: dict[str, int] = {}
    low: list[str] = []
    named = 0
    for url in CHART_PAGES:
        page = client.get(url)
        assert page.status_code == 200, url
        for i, fig in enumerate(figures(page.text)):
            layout = fig.get("layout", {})
            plot = layout.get("plot_bgcolor", js["plot"])
            paper = layout.get("paper_bgcolor", js["paper"])
            for where, colour in colours(fig):
                if where.startswith(".layout.") and where.endswith("bgcolor"):
                    continue
                named += 1
                text = ".font." in where or where.endswith("font.color")
                need, against = (4.5, (plot, paper)) if text else (3.0, (plot,))
                for bg in against:
                    if contrast(colour, bg) < need:
                        low.append(f"{url} figure {i}{where}: {colour} on {bg} = {contrast(colour, bg):.2f}")
            seen[url] = seen.get(url, 0) + 1
    assert set(seen) == set(CHART_PAGES), f"pages without a chart: {set(CHART_PAGES) - set(seen)}"
    assert named >= 3, "the figures name colours of their own (forecast, budget, target lines)"
    assert not low, low


def test_the_stylesheets_graphical_marks_reach_3_to_1() -> None:
    """The coloured edge of a review finding's row, against the row and the page."""
    variables, rules = stylesheet()
    page = colour_in(variables["--bg"]) or "#ffffff"
    marks = []
    for rule in rules:
        edge = colour_in(rule.declarations.get("border-left", ""))
        if not edge:
            continue
        row = next(
            (
                colour_in(r.declarations.get("background", ""))
                for r in rules
                if r.selector == rule.selector.replace(":first-child", "") and "background" in r.declarations
            ),
            None,
        )
        marks += [(rule.selector, edge, bg) for bg in (page, row) if bg]
    assert len(marks) >= 4
    low = [f"{sel}: {c} on {bg} = {contrast(c, bg):.2f}" for sel, c, bg in marks if contrast(c, bg) < 3]
    assert not low, low
