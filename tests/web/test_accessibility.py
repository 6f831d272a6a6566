"""Accessibility of every page the dashboard serves, to each role and in both languages (WCAG 2.1 AA,
JIS X 8341-3), checked on the HTML itself with the standard library's parser — no external tool:

- ``<html lang>`` is the session's language; one ``h1`` and no skipped heading level;
- every form control (not hidden, not a button) has a ``<label for>`` or an ``aria-label``;
- every table has a caption and column headers (``th scope`` or a header row);
- every chart has ``role="img"``, an ``aria-label`` and a table on the same page;
- every link has text (or an ``aria-label``), and the skip link leads to ``#main``;
- the text colours of ``static/app.css`` against their backgrounds reach 4.5:1, computed here with
  WCAG 2.1's relative luminance; the focus outline and form borders reach 3:1 (non-text contrast).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from govcost.web.app import WEB
from tests.web.conftest import Site
from tests.web.stored_reviews import seed_reviews
from tests.web.test_isolation import URLS

ROLES = ("chiyoda", "group", "admin")
CONTROLS = {"input", "select", "textarea"}
NOT_LABELLED = {"hidden", "submit", "button", "reset", "image"}


@dataclass
class Page:
    """What the checks need of one HTML page."""

    lang: str | None = None
    headings: list[int] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    label_for: set[str] = field(default_factory=set)
    #: (tag, id, aria-label or aria-labelledby) of each form control to label.
    controls: list[tuple[str, str | None, bool]] = field(default_factory=list)
    #: Per table: has a caption, has a th with scope, has a thead row of th.
    tables: list[dict[str, bool]] = field(default_factory=list)
    #: Per chart div: its role and aria-label.
    charts: list[tuple[str | None, str | None]] = field(default_factory=list)
    #: Per link: its href and its text (aria-label included).
    links: list[tuple[str | None, str]] = field(default_factory=list)
    skip_href: str | None = None


class Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._table: dict[str, bool] | None = None
        self._in_thead = False
        self._link: tuple[str | None, list[str], str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        p = self.page
        if a.get("id"):
            p.ids.add(a["id"] or "")
        if tag == "html":
            p.lang = a.get("lang")
        elif re.fullmatch(r"h[1-6]", tag):
            p.headings.append(int(tag[1]))
        elif tag == "label" and a.get("for"):
            p.label_for.add(a["for"] or "")
        elif tag in CONTROLS and (tag != "input" or (a.get("type") or "text") not in NOT_LABELLED):
            p.controls.append((tag, a.get("id"), bool(a.get("aria-label") or a.get("aria-labelledby"))))
        elif tag == "table":
            self._table = {"caption": False, "scope": False, "header_row": False}
            p.tables.append(self._table)
        elif tag == "caption" and self._table is not None:
            self._table["caption"] = True
        elif tag == "thead":
            self._in_thead = True
        elif tag == "th" and self._table is not None:
            if a.get("scope") in {"col", "row", "colgroup", "rowgroup"}:
                self._table["scope"] = True
            if self._in_thead:
                self._table["header_row"] = True
        elif tag == "div" and "chart" in (a.get("class") or "").split():
            p.charts.append((a.get("role"), a.get("aria-label")))
        elif tag == "a":
            if "skip" in (a.get("class") or "").split():
                p.skip_href = a.get("href")
            self._link = (a.get("href"), [], a.get("aria-label"))
        elif tag == "img" and self._link is not None and a.get("alt"):
            self._link[1].append(a["alt"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._in_thead = False
        elif tag == "table":
            self._table = None
        elif tag == "a" and self._link is not None:
            href, text, label = self._link
            self.page.links.append((href, (label or "".join(text)).strip()))
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link[1].append(data)


def parse(html: str) -> Page:
    parser = Parser()
    parser.feed(html)
    parser.close()
    return parser.page


def problems(page: Page, lang: str) -> list[str]:
    """What is wrong with one page, in words (empty: nothing)."""
    found = []
    if page.lang != lang:
        found.append(f"<html lang={page.lang!r}>, the session's language is {lang!r}")
    if page.headings.count(1) != 1:
        found.append(f"{page.headings.count(1)} h1 elements")
    level = 0
    for h in page.headings:
        if h > level + 1:
            found.append(f"h{h} after h{level or '-'}: a heading level is skipped")
        level = h
    for tag, control_id, aria in page.controls:
        if not aria and (not control_id or control_id not in page.label_for):
            found.append(f"<{tag} id={control_id!r}> has no label")
    for i, table in enumerate(page.tables):
        if not table["caption"]:
            found.append(f"table {i + 1} has no caption")
        if not (table["scope"] or table["header_row"]):
            found.append(f"table {i + 1} has no column headers")
    for role, label in page.charts:
        if role != "img" or not (label or "").strip():
            found.append(f"a chart with role={role!r} aria-label={label!r}")
    if page.charts and not page.tables:
        found.append("charts without a table of their numbers")
    for href, text in page.links:
        if not text:
            found.append(f"a link to {href!r} has no text")
    if page.skip_href != "#main" or "main" not in page.ids:
        found.append(f"the skip link leads to {page.skip_href!r}, main has id: {'main' in page.ids}")
    return found


def html_pages(client: TestClient) -> list[str]:
    """Concrete URLs of every page route (not in the OpenAPI schema) that answers HTML."""
    urls = []
    for route in client.app.routes:  # type: ignore[attr-defined]
        if isinstance(route, APIRoute) and "GET" in route.methods and not route.include_in_schema:
            if route.path.startswith(("/download/", "/assets/", "/lang/")):
                continue
            urls += URLS.get(route.path, [route.path])
    return urls


@pytest.fixture(autouse=True)
def _reviews(site: Site) -> None:
    seed_reviews(site)


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_every_page_is_accessible(site: Site, role: str, lang: str) -> None:
    client = site.client(role)
    if lang == "en":
        client.get("/lang/en")
    checked = 0
    failures: dict[str, list[str]] = {}
    for url in html_pages(client):
        response = client.get(url)
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        checked += 1
        found = problems(parse(response.text), lang)
        if found:
            failures[f"{url} ({response.status_code})"] = found
    assert checked >= 8
    assert not failures, failures


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_login_and_error_pages_are_accessible(site: Site, lang: str) -> None:
    client = site.client()
    page = client.get(f"/login?lang={lang}")
    assert not problems(parse(page.text), lang)
    assert {"username", "password"} <= parse(page.text).label_for
    # A page of another municipality (404) and a page the role may not see (403) are pages too.
    municipal = site.client("chiyoda")
    if lang == "en":
        municipal.get("/lang/en")
    for url, status in (("/reviews/test-chuo", 404), ("/imports", 403), ("/benchmark", 403)):
        response = municipal.get(url)
        assert response.status_code == status, url
        assert not problems(parse(response.text), lang), url


def test_the_checks_catch_what_they_look_for() -> None:
    """The parser and checks themselves: a page with every fault is reported on each."""
    bad = """<html><body><a class="skip" href="#top">x</a><h1>A</h1><h1>B</h1><h3>C</h3>
    <input id="q"><select name="s"></select><input type="hidden" name="csrf">
    <table><tr><td>1</td></tr></table><div class="chart"></div><a href="/x"></a></body></html>"""
    found = "\n".join(problems(parse(bad), "ja"))
    for words in (
        "lang=None",
        "2 h1",
        "h3 after h1",
        "id='q'",
        "<select id=None>",
        "no caption",
        "no column headers",
        "chart with role=None",
        "'/x' has no text",
        "skip link",
    ):
        assert words in found, words
    assert "csrf" not in found
    good = """<html lang="ja"><body><a class="skip" href="#main">本文へ</a><main id="main"><h1>A</h1>
    <h2>B</h2><label for="q">Q</label><input id="q"><select aria-label="S"></select>
    <table><caption>T</caption><thead><tr><th scope="col">x</th></tr></thead></table>
    <div class="chart" role="img" aria-label="C"></div><a href="/x"><img alt="X"></a></main></body></html>"""
    assert problems(parse(good), "ja") == []


# --- colour contrast of static/app.css (WCAG 2.1, 1.4.3 and 1.4.11) ---------------------------


def hex_rgb(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in hex_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@dataclass
class Rule:
    selector: str
    declarations: dict[str, str]


def stylesheet() -> tuple[dict[str, str], list[Rule]]:
    """The custom properties of :root and every rule, with var(--x) resolved to its colour."""
    css = re.sub(r"/\*.*?\*/", "", (WEB / "static" / "app.css").read_text(), flags=re.S)
    rules = []
    for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        decls = {}
        for part in body.split(";"):
            if ":" in part:
                name, value = part.split(":", 1)
                decls[name.strip()] = value.strip()
        rules.append(Rule(selector.strip(), decls))
    variables = {k: v for r in rules if r.selector == ":root" for k, v in r.declarations.items()}

    def resolve(value: str) -> str:
        return re.sub(r"var\((--[\w-]+)\)", lambda m: variables[m.group(1)], value)

    for rule in rules:
        rule.declarations = {k: resolve(v) for k, v in rule.declarations.items()}
    return variables, rules


def colour_in(value: str) -> str | None:
    match = re.search(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b", value)
    return match.group(0) if match else None


def test_the_wcag_formula_is_right() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_text_colours_reach_4_5_to_1_on_their_backgrounds() -> None:
    variables, rules = stylesheet()
    colour_of = {k: colour_in(v) for k, v in variables.items()}
    assert colour_of["--bg"] and colour_of["--band"]
    # The surfaces text sits on: the page, and every background a rule paints without its own colour.
    surfaces = {colour_of["--bg"], colour_of["--band"]}
    for rule in rules:
        bg = colour_in(rule.declarations.get("background", rule.declarations.get("background-color", "")))
        if bg and "color" not in rule.declarations:
            surfaces.add(bg)
    pairs: list[tuple[str, str, str]] = []
    for rule in rules:
        fg = colour_in(rule.declarations.get("color", ""))
        if not fg:
            continue
        own = colour_in(rule.declarations.get("background", rule.declarations.get("background-color", "")))
        pairs += [(rule.selector, fg, bg) for bg in ([own] if own else sorted(s for s in surfaces if s))]
    # The custom properties meant for text, on every surface.
    for name in ("--ink", "--muted", "--accent", "--bad"):
        pairs += [(name, colour_of[name] or "", bg) for bg in sorted(s for s in surfaces if s)]
    assert len(pairs) > 10
    low = [f"{sel}: {fg} on {bg} = {contrast(fg, bg):.2f}" for sel, fg, bg in pairs if contrast(fg, bg) < 4.5]
    assert not low, low


def test_focus_outlines_and_field_borders_reach_3_to_1() -> None:
    variables, rules = stylesheet()
    page = colour_in(variables["--bg"]) or "#ffffff"
    band = colour_in(variables["--band"]) or "#ffffff"
    outlines = {colour_in(r.declarations["outline"]) for r in rules if "outline" in r.declarations}
    borders = {
        colour_in(r.declarations["border"])
        for r in rules
        if "border" in r.declarations and re.search(r"\b(input|select|button)\b", r.selector)
    }
    outlines.discard(None)
    borders.discard(None)
    assert outlines and borders
    low = [
        f"{c} on {bg} = {contrast(c, bg):.2f}"
        for c in outlines | borders
        for bg in (page, band)
        if c and contrast(c, bg) < 3
    ]
    assert not low, low
