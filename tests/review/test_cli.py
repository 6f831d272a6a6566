"""`govcost review` end to end: the JSON is the review's findings, the table and the XLSX review
workbook show the same findings and the same totals, the options reach the review, and bad input
gets a clear error naming the file (and the sheet, row and column where there is one).

Written to hold with any set of checks: only what every output must satisfy is checked here; each
check's own test checks what it finds.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from govcost.cli import app, main
from govcost.errors import GovcostError, InputError, UsageError
from govcost.jp.money import format_yen
from govcost.review import report
from govcost.review.base import CHECKS
from govcost.review.context import DOCUMENTS
from govcost.review.estimate import CATEGORIES
from govcost.review.run import ReviewResult, review
from tests.review.estimates import ESTIMATES, RATE_CARD, EstimateFixture, build

runner = CliRunner(env={"COLUMNS": "250"})
ROOT = Path(__file__).resolve().parents[2]

HEADER = ("No", "品名", "数量", "単位", "単価", "金額", "備考")
#: A vendor's estimate with a title block, two sections, a 一式 line without a breakdown, an
#: arithmetic slip (12 × 100,000 ≠ 1,300,000), a CSP support fee, a verification environment
#: running all year on a previous-generation instance, a subtotal, the tax and the total.
ESTIMATE_ROWS: list[tuple[Any, ...]] = [
    ("1.", "ガバメントクラウド利用料", None, None, None, None, None),
    (1, "EC2 m4.xlarge 検証環境 24時間365日稼働", 12, "月", 100000, 1300000, None),
    (2, "AWS サポート(ビジネス)", 12, "月", 30000, 360000, None),
    (3, "EBS gp3 500GB", 12, "月", 8000, 96000, None),
    ("2.", "運用作業", None, None, None, None, None),
    (4, "運用作業 一式", 1, "式", 2400000, 2400000, None),
    (5, "障害対応(平日日中)", 12, "月", 50000, 600000, "オンコール含む"),
    (None, "小計", None, None, None, 4756000, None),
    (None, "消費税(10%)", None, None, None, 475600, None),
    (None, "合計(税込)", None, None, None, 5231600, None),
]
CURRENT_ROWS: list[tuple[Any, ...]] = [
    ("1.", "ガバメントクラウド利用料", None, None, None, None, None),
    (1, "EC2 m4.xlarge 検証環境 24時間365日稼働", 12, "月", 80000, 960000, None),
    (2, "EBS gp3 500GB", 12, "月", 8000, 96000, None),
    ("2.", "運用作業", None, None, None, None, None),
    (3, "運用作業 一式", 1, "式", 1800000, 1800000, None),
    (None, "小計", None, None, None, 2856000, None),
]


#: The same kind of estimate with nothing to ask: sums right, production stopped at night, storage
#: sized from the current use, the volume discount applied, operations automated and broken down.
CLEAN_ROWS: list[tuple[Any, ...]] = [
    ("1.", "業務パッケージ利用料", None, None, None, None, None),
    (1, "住民記録システム 利用料", 12, "月", 300000, 3600000, None),
    ("2.", "ガバメントクラウド利用料", None, None, None, None, None),
    (2, "本番 APサーバ EC2 m6i.large 平日 8:00-20:00 稼働", 12, "月", 20000, 240000, "夜間・休日は自動停止"),
    (3, "EBS gp3 200GB", 12, "月", 3000, 36000, "現行使用量 180GB"),
    (4, "大口割引(クラウド利用料の10%)", 12, "月", -2300, -27600, "デジタル庁の大口割引を適用"),
    ("3.", "運用作業", None, None, None, None, None),
    (5, "定常運用(ジョブ実行結果確認)", 12, "月", 100000, 1200000, "AWS Backup・CloudWatch による自動化"),
    (None, "小計", None, None, None, 5048400, None),
    (None, "消費税(10%)", None, None, None, 504840, None),
    (None, "合計(税込)", None, None, None, 5553240, None),
]


def write_estimate(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    header: Sequence[str] = HEADER,
    sheet: str = "見積書",
    title: bool = True,
) -> Path:
    """An XLSX estimate: a title block (rows 1–2), the header on row 4, the lines below it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    first = 1
    if title:
        ws["A1"] = "御見積書"
        ws["A2"] = "〇〇市長 様"
        first = 4
    for col, name in enumerate(header, start=1):
        ws.cell(first, col, name)
    for r, values in enumerate(rows, start=first + 1):
        for c, v in enumerate(values, start=1):
            if v is not None:
                ws.cell(r, c, v)
    wb.save(path)
    return path


@pytest.fixture
def estimate(tmp_path: Path) -> Path:
    return write_estimate(tmp_path / "見積書_令和8年度.xlsx", ESTIMATE_ROWS)


@pytest.fixture
def current(tmp_path: Path) -> Path:
    return write_estimate(tmp_path / "現行契約.xlsx", CURRENT_ROWS)


def _args(tmp_path: Path, *args: str) -> list[str]:
    # A ledger path that does not exist: a review must neither need nor create one.
    return ["--ledger", str(tmp_path / "ledger"), "review", *args]


def _run(tmp_path: Path, *args: str) -> str:
    result = runner.invoke(app, _args(tmp_path, *args))
    assert result.exit_code == 0, (result.output, result.exception)
    assert not (tmp_path / "ledger").exists(), "a review must not create a ledger"
    return result.stdout


def _json(tmp_path: Path, *args: str) -> list[dict[str, Any]]:
    rows = json.loads(_run(tmp_path, "--format", "json", *args))
    assert isinstance(rows, list)
    return rows


def _error(tmp_path: Path, *args: str) -> GovcostError:
    result = runner.invoke(app, _args(tmp_path, *args))
    assert result.exit_code != 0
    assert isinstance(result.exception, GovcostError), (result.output, result.exception)
    return result.exception


def _expected(result: ReviewResult) -> list[dict[str, Any]]:
    return json.loads(report.to_json(result))


def _total_of(rows: list[dict[str, Any]]) -> int:
    """The total possible saving as the JSON shows it: a cell counted once, with its largest saving
    (within half a yen per cell of the exact total: each finding is rounded on its own)."""
    best: dict[tuple[str, str], int] = {}
    for r in rows:
        if r["status"] != "ok" and r["possible_saving_jpy"]:
            key = (r["sheet"], r["cell"]) if r["cell"] else (r["check"], r["item"])
            best[key] = max(best.get(key, 0), r["possible_saving_jpy"])
    return sum(best.values())


# --- JSON ------------------------------------------------------------------------------------------
def test_json_is_the_reviews_findings(tmp_path: Path, estimate: Path, current: Path) -> None:
    rows = _json(tmp_path, str(estimate), "--current", str(current))
    expected = review(estimate, current=current)
    assert rows == _expected(expected)
    for row, f in zip(rows, expected.findings, strict=True):
        assert set(row) >= {
            "check",
            "status",
            "sheet",
            "cell",
            "row",
            "item",
            "amount_jpy",
            "message",
            "question",
            "possible_saving_jpy",
        }
        assert row["check"] in CHECKS.keys() and row["status"] in ("ok", "warn", "ng")
        assert row["message"] and not row["message"].isascii()
        if row["status"] != "ok":
            assert row["question"] and not row["question"].isascii()
            if row["cell"]:
                assert row["sheet"] == "見積書" and row["row"] == f.row
        if f.amount_jpy is not None:
            assert isinstance(row["amount_jpy"], int)
    assert abs(_total_of(rows) - expected.possible_saving_jpy) <= Decimal(len(rows)) / 2


def test_json_is_utf8_and_written_to_out(tmp_path: Path, estimate: Path) -> None:
    out = tmp_path / "review.json"
    printed = _run(tmp_path, str(estimate), "--format", "json", "--out", str(out))
    assert str(out) in printed.replace("\n", "")
    text = out.read_bytes().decode("utf-8")
    assert json.loads(text) == _expected(review(estimate))
    if any(not r["message"].isascii() for r in json.loads(text)):
        assert "\\u" not in text, "Japanese is written as it is, not escaped"


def test_check_option_selects_checks(tmp_path: Path, estimate: Path) -> None:
    keys = CHECKS.keys()
    chosen = keys[:2]
    args = [a for key in chosen for a in ("--check", key)]
    rows = _json(tmp_path, str(estimate), *args)
    assert {r["check"] for r in rows} <= set(chosen)
    assert rows == _expected(review(estimate, checks=chosen))


def test_documents_and_rates_reach_the_review(tmp_path: Path, estimate: Path) -> None:
    rates = tmp_path / "rates.csv"
    rates.write_text('rank,yen_per_person_month\nSE,"700,000"\nPM,1000000\n', encoding="utf-8")
    rows = _json(tmp_path, str(estimate), "--documents", "diagram,仕様書(案).pdf", "--rates", str(rates))
    assert rows == _expected(review(estimate, documents=["diagram", "仕様書(案).pdf"], rate_card=rates))
    out = tmp_path / "review.xlsx"
    _run(
        tmp_path,
        str(estimate),
        "--documents",
        "diagram、仕様書(案).pdf",
        "--format",
        "xlsx",
        "--out",
        str(out),
    )
    facts = _facts(openpyxl.load_workbook(out)["概要"])
    assert DOCUMENTS["diagram"][0] in facts["提出資料"] and DOCUMENTS["specification"][0] in facts["提出資料"]
    assert DOCUMENTS["nonfunctional"][0] not in facts["提出資料"]


def test_calculator_reaches_the_review(tmp_path: Path, estimate: Path) -> None:
    calculator = tmp_path / "calculator.csv"
    calculator.write_text(
        "service,description,region,monthly,currency\n"
        "Amazon EC2,検証 APサーバ m4.xlarge,Asia Pacific (Tokyo),108000,JPY\n"
        "AWS Support (Business),サポート,Global,30000,JPY\n",
        encoding="utf-8",
    )
    rows = _json(tmp_path, str(estimate), "--calculator", str(calculator))
    result = review(estimate, calculator=calculator)
    assert rows == _expected(result)
    out = tmp_path / "review.xlsx"
    _run(tmp_path, str(estimate), "--calculator", str(calculator), "--format", "xlsx", "--out", str(out))
    check_workbook(out, rows, result)
    bad = tmp_path / "bad_calculator.csv"
    bad.write_text(
        "service,description,region,monthly,currency\nVM,AP,東日本,約1万円,JPY\n", encoding="utf-8"
    )
    err = _error(tmp_path, str(estimate), "--calculator", str(bad))
    assert isinstance(err, InputError) and "bad_calculator.csv" in err.render("ja")


def test_an_existing_ledger_is_offered_to_the_checks(
    tmp_path: Path, estimate: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govcost.engine import Engine
    from govcost.review import run

    offered: list[object] = []
    real = run.review

    def spy(path: Path, **kw: Any) -> ReviewResult:
        offered.append(kw["engine"])
        return real(path, **kw)

    monkeypatch.setattr(run, "review", spy)
    with Engine(tmp_path / "none") as eng:
        eng.review(estimate)
    assert offered == [None] and not (tmp_path / "none").exists()
    offered.clear()

    ledger = tmp_path / "books"
    with Engine(ledger) as eng:
        assert eng.ledger.con is not None  # opening it creates the (empty) ledger
    assert (ledger / "ledger.duckdb").is_file()
    args = ["--ledger", str(ledger), "review", str(estimate), "--format", "json"]
    args += ["--municipality", "131016", "--system", "JUKI-01"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, (result.output, result.exception)
    with Engine(ledger) as eng:
        expected = eng.review(estimate, municipality="131016", system_id="JUKI-01")
    assert json.loads(result.stdout) == _expected(expected)
    assert len(offered) == 2 and all(isinstance(e, Engine) for e in offered)


def test_mapping_names_unusual_columns(tmp_path: Path) -> None:
    header = ("番号", "サービス内容", "数量", "単位", "単価", "見積金額", "備考")
    path = write_estimate(tmp_path / "estimate.xlsx", ESTIMATE_ROWS, header=header)
    err = _error(tmp_path, str(path))
    assert err.key == "review.no_header"
    mapping = tmp_path / "columns.yaml"
    mapping.write_text("columns:\n  item: サービス内容\n", encoding="utf-8")
    rows = _json(tmp_path, str(path), "--mapping", str(mapping))
    assert rows == _expected(review(path, mapping=mapping))


def test_csv_estimate_in_cp932(tmp_path: Path) -> None:
    path = tmp_path / "estimate.csv"
    lines = [",".join(HEADER)] + [",".join("" if v is None else str(v) for v in row) for row in ESTIMATE_ROWS]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp932"))
    rows = _json(tmp_path, str(path))
    assert rows == _expected(review(path))


def test_a_clean_estimate_gets_no_warning(tmp_path: Path) -> None:
    path = write_estimate(tmp_path / "clean.xlsx", CLEAN_ROWS)
    rows = _json(tmp_path, str(path))
    assert [r for r in rows if r["status"] != "ok"] == []
    assert "要修正 0 件、要確認 0 件" in _run(tmp_path, str(path))
    out = tmp_path / "review.xlsx"
    _run(tmp_path, str(path), "--format", "xlsx", "--out", str(out))
    assert len(list(openpyxl.load_workbook(out)["質問票"].iter_rows())) == 4  # title, note, blank, header
    check_workbook(out, rows, review(path))


# --- table -------------------------------------------------------------------------------------
def test_table_lists_findings_then_the_total_and_counts(
    tmp_path: Path, estimate: Path, current: Path
) -> None:
    out = _run(tmp_path, str(estimate), "--current", str(current))
    result = review(estimate, current=current)
    assert estimate.name in out
    for f in result.findings:
        assert report.check_title(f.check) in out
        if f.cell:
            assert f"{f.sheet}!{f.cell}" in out
    n = report.counts(result)
    assert f"削減見込みの合計 {format_yen(result.possible_saving_jpy)} 円" in out
    assert f"要修正 {n['ng']} 件、要確認 {n['warn']} 件、OK {n['ok']} 件" in out


def test_narrow_terminal_lists_findings_one_by_one(tmp_path: Path, estimate: Path) -> None:
    result = runner.invoke(app, _args(tmp_path, str(estimate)), env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    for f in review(estimate).findings:
        if f.cell:
            assert f"{f.sheet}!{f.cell}" in result.stdout


def test_list_checks(tmp_path: Path) -> None:
    out = _run(tmp_path, "--list-checks")
    for cls in CHECKS:
        assert cls.key in out


def test_english_labels(tmp_path: Path, estimate: Path) -> None:
    result = runner.invoke(app, ["--lang", "en", *_args(tmp_path, str(estimate))])
    assert result.exit_code == 0, result.output
    assert "possible saving in total" in result.stdout


# --- XLSX --------------------------------------------------------------------------------------
def _facts(ws: Any) -> dict[str, Any]:
    """The label → value pairs at the top of 概要 (up to the first blank row)."""
    out: dict[str, Any] = {}
    for a, b in ws.iter_rows(min_row=3, max_col=2, values_only=True):
        if a is None:
            break
        out[a] = b
    return out


def _table(ws: Any, title: str) -> list[tuple[Any, ...]]:
    """The table under a bold title cell in column A of 概要: its header and rows, total included."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == title)
    out = []
    for r in rows[start + 1 :]:
        if r[0] is None:
            break
        out.append(r)
    return out


def test_xlsx_review_workbook(tmp_path: Path, estimate: Path, current: Path) -> None:
    out = tmp_path / "review.xlsx"
    printed = _run(tmp_path, str(estimate), "--current", str(current), "--format", "xlsx", "--out", str(out))
    assert "review.xlsx" in printed
    rows = _json(tmp_path, str(estimate), "--current", str(current))
    check_workbook(out, rows, review(estimate, current=current))


def check_workbook(out: Path, rows: list[dict[str, Any]], result: ReviewResult) -> None:
    """The review workbook at ``out`` shows the findings ``rows`` (the JSON) of ``result``: the
    counts and totals on 概要, every line with its findings on 明細, every question on 質問票."""
    problems = [r for r in rows if r["status"] != "ok"]
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["概要", "明細", "質問票"]

    # 概要: what was reviewed, the counts and the totals the JSON gives.
    summary = wb["概要"]
    facts = _facts(summary)
    assert facts["見積書"] == str(result.estimate.path)
    assert facts["現行契約"] == (str(result.current.path) if result.current else "なし")
    if result.documents is None:
        assert facts["提出資料"].startswith("指定なし")
    else:
        for key, (label, _words) in DOCUMENTS.items():
            assert (label in facts["提出資料"]) == (key in result.documents), key
    assert facts["要修正の指摘"] == sum(r["status"] == "ng" for r in rows)
    assert facts["要確認の指摘"] == sum(r["status"] == "warn" for r in rows)
    assert facts["OK"] == sum(r["status"] == "ok" for r in rows)
    total = facts["削減見込みの合計(円)"]
    assert type(total) is int and abs(total - _total_of(rows)) <= len(rows) / 2

    by_check = _table(summary, "チェック別")
    assert by_check[0] == (
        "チェック",
        "チェックID",
        "見積チェックリストの項目",
        "要修正",
        "要確認",
        "削減見込み(指摘の単純合計、円)",
        "削減見込み(合計への計上、円)",
    )
    assert [r[1] for r in by_check[1:-1]] == result.checks
    for r in by_check[1:-1]:
        mine = [x for x in rows if x["check"] == r[1]]
        assert r[0] == CHECKS.get(r[1]).title and r[2] == CHECKS.get(r[1]).checklist_ref
        assert (r[3], r[4]) == (
            sum(x["status"] == "ng" for x in mine),
            sum(x["status"] == "warn" for x in mine),
        )
        assert abs(r[5] - sum(x["possible_saving_jpy"] or 0 for x in mine if x["status"] != "ok")) <= len(
            mine
        )
    assert by_check[-1][0] == "合計" and by_check[-1][6] == total
    # Each check's part is rounded on its own: within half a yen per check of the total.
    assert abs(sum(r[6] for r in by_check[1:-1]) - total) <= len(by_check) / 2

    by_category = _table(summary, "費目別")
    if result.current is not None:
        assert by_category[0][:4] == ("区分", "見積額(円)", "現行契約額(円)", "差額(円)")
        for r in by_category[1:]:
            assert r[1] - r[2] == r[3]
        assert by_category[-1][2] == int(report.estimate_amount(result.current))
    else:
        assert by_category[0][:3] == ("区分", "見積額(円)", "要修正")
    labels = [r[0] for r in by_category[1:-1]]
    for label, _words in CATEGORIES.values():
        assert any(x.endswith(label) for x in labels), label
    assert by_category[-1][0] == "合計"
    assert by_category[-1][1] == int(report.estimate_amount(result.estimate))
    assert by_category[-1][1] == sum(r[1] for r in by_category[1:-1])
    # Each yen once: the estimate's own 合計 (when its sums are right), whatever its layout.
    stated = [ln.amount for ln in result.estimate.lines if ln.kind == "total" and ln.amount is not None]
    if stated and not any(r["check"] == "arithmetic" and r["status"] == "ng" for r in rows):
        assert by_category[-1][1] == stated[-1]

    # 明細: every line of the estimate in order, its findings beside it, ng lines filled.
    lines = wb["明細"]
    assert lines.freeze_panes == "A2" and lines.auto_filter.ref
    grid = list(lines.iter_rows(values_only=True))
    assert grid[0] == (
        "シート",
        "セル",
        "行の種類",
        "区分",
        "項目",
        "数量",
        "単位",
        "単価(円)",
        "金額(円)",
        "備考",
        "判定",
        "チェック",
        "指摘内容",
    )
    body = grid[1 : 1 + len(result.estimate.lines)]
    assert [(r[0], r[1], r[4]) for r in body] == [
        (ln.sheet, ln.cell, ln.item or None) for ln in result.estimate.lines
    ]
    for i, (r, ln) in enumerate(zip(body, result.estimate.lines, strict=True), start=2):
        assert r[8] == (int(ln.amount) if ln.amount is not None else None)
        if ln.amount is not None:
            assert lines.cell(i, 9).number_format == "#,##0"
        mine = [f for f in problems if (f["sheet"], f["row"]) == (ln.sheet, ln.row)]
        for f in mine:
            assert f["message"] in r[12]
        fill = lines.cell(i, 5).fill.fgColor.rgb
        if any(f["status"] == "ng" for f in mine):
            assert r[10] == "要修正" and str(fill).endswith("FFC7CE")
        elif mine:
            assert r[10] == "要確認" and str(fill).endswith("FFEB9C")
        elif r[10] is None:
            assert fill in (None, "00000000")
    known = {(ln.sheet, ln.row) for ln in result.estimate.lines}
    on_no_line = [f for f in rows if (f["sheet"], f["row"] or 0) not in known]
    assert len(grid) == 1 + len(result.estimate.lines) + len(on_no_line)
    assert [r[12] for r in grid[1 + len(result.estimate.lines) :]] == [f["message"] for f in on_no_line]

    # 質問票: one row per warn/ng finding, with blank answer cells for the vendor.
    questions = wb["質問票"]
    assert questions.freeze_panes == "A5" and questions.auto_filter.ref
    grid = list(questions.iter_rows(values_only=True))
    assert result.estimate.path.name in grid[1][0]
    assert grid[3] == ("No", "箇所", "項目", "質問", "回答", "回答日")
    where = [f"{f['sheet']}!{f['cell']}" if f["cell"] else f["sheet"] or "(見積全体)" for f in problems]
    assert grid[4:] == [
        (n, w, f["item"] or None, f["question"], None, None)
        for n, (w, f) in enumerate(zip(where, problems, strict=True), start=1)
    ]


def test_xlsx_without_current_has_no_current_columns(tmp_path: Path, estimate: Path) -> None:
    out = tmp_path / "review.xlsx"
    _run(tmp_path, str(estimate), "--format", "xlsx", "--out", str(out))
    summary = openpyxl.load_workbook(out)["概要"]
    assert _facts(summary)["現行契約"] == "なし"
    assert _table(summary, "費目別")[0][:3] == ("区分", "見積額(円)", "要修正")


# --- the fixture estimates (tests/review/estimates.py) ------------------------------------------
@dataclass
class Case:
    fixture: EstimateFixture
    estimate: Path
    current: Path | None
    rates: Path
    args: list[str]
    result: ReviewResult


@pytest.fixture(scope="module", params=sorted(ESTIMATES))
def case(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Case:
    fixture = ESTIMATES[request.param]
    directory = tmp_path_factory.mktemp(f"estimate_{fixture.name}")
    estimate, current = build(fixture, directory)
    rates = directory / "rates.csv"
    rates.write_text(
        "rank,yen_per_person_month\n" + "".join(f"{k},{v}\n" for k, v in RATE_CARD.items()), encoding="utf-8"
    )
    documents = sorted(fixture.documents)
    args = [str(estimate), "--rates", str(rates), "--documents", ",".join(documents)]
    if current is not None:
        args += ["--current", str(current)]
    result = review(estimate, current=current, documents=documents, rate_card=rates)
    return Case(fixture, estimate, current, rates, args, result)


def test_fixture_json_is_the_review(tmp_path: Path, case: Case) -> None:
    rows = _json(tmp_path, *case.args)
    assert rows == _expected(case.result)
    assert case.result.documents == set(case.fixture.documents)


def test_fixture_planted_problems_found_and_clean_lines_not_flagged(tmp_path: Path, case: Case) -> None:
    """The issue's acceptance test, end to end through the JSON: every planted problem of a
    registered check is found at its cell (or on the file, for one planted on the file), and no
    warn/ng finding of any check points at a clean cell."""
    rows = _json(tmp_path, *case.args)
    flagged = {(r["check"], r["sheet"], r["cell"]) for r in rows if r["status"] != "ok"}
    registered = set(CHECKS.keys())
    missed = [
        p
        for p in case.fixture.planted
        if p.check in registered
        and (
            (p.check, p.sheet, p.cell) not in flagged
            if p.cell
            else not any(r["check"] == p.check and r["status"] != "ok" for r in rows)
        )
    ]
    assert not missed, f"estimate {case.fixture.name}: planted problems not found: {missed}"
    clean = {(c.sheet, c.cell): c.item for c in case.fixture.clean}
    wrong = [
        (r["check"], r["sheet"], r["cell"], r["message"])
        for r in rows
        if r["status"] != "ok" and (r["sheet"], r["cell"]) in clean
    ]
    assert not wrong, f"estimate {case.fixture.name}: clean lines flagged: {wrong}"


def test_fixture_review_workbook(tmp_path: Path, case: Case) -> None:
    out = tmp_path / "review.xlsx"
    _run(tmp_path, *case.args, "--format", "xlsx", "--out", str(out))
    check_workbook(out, _json(tmp_path, *case.args), case.result)


def test_fixture_table(tmp_path: Path, case: Case) -> None:
    out = _run(tmp_path, *case.args)
    n = report.counts(case.result)
    assert f"要修正 {n['ng']} 件、要確認 {n['warn']} 件、OK {n['ok']} 件" in out
    for f in case.result.problems():
        if f.cell:
            assert f"{f.sheet}!{f.cell}" in out


# --- errors ------------------------------------------------------------------------------------
def test_xlsx_needs_out(tmp_path: Path, estimate: Path) -> None:
    err = _error(tmp_path, str(estimate), "--format", "xlsx")
    assert isinstance(err, UsageError) and err.key == "ledger.out_required"


def test_output_that_cannot_be_written(tmp_path: Path, estimate: Path) -> None:
    for fmt in ("xlsx", "json"):
        out = tmp_path / "no_such_folder" / f"review.{fmt}"
        err = _error(tmp_path, str(estimate), "--format", fmt, "--out", str(out))
        assert err.key == "review.write_failed" and str(out) in err.render("ja")


def test_unknown_check(tmp_path: Path, estimate: Path) -> None:
    err = _error(tmp_path, str(estimate), "--check", "no-such-check")
    assert isinstance(err, UsageError) and "no-such-check" in err.render("ja")


def test_no_estimate_given(tmp_path: Path) -> None:
    assert _error(tmp_path).key == "review.estimate_required"


def test_bad_municipality_code(tmp_path: Path, estimate: Path) -> None:
    err = _error(tmp_path, str(estimate), "--municipality", "131017")
    assert isinstance(err, InputError) and "131017" in err.render("ja")


def test_text_that_is_not_a_spreadsheet(tmp_path: Path) -> None:
    notes = tmp_path / "memo.txt"
    notes.write_text("見積についてのメモ。\n金額は後日送付します。\n", encoding="utf-8")
    err = _error(tmp_path, str(notes))
    assert isinstance(err, InputError) and "memo.txt" in err.render("ja")
    pdf = tmp_path / "見積書.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    err = _error(tmp_path, str(pdf))
    assert err.key == "review.not_a_spreadsheet" and "見積書.pdf" in err.render("ja")
    fake = tmp_path / "estimate.xlsx"
    fake.write_text("not a workbook", encoding="utf-8")
    err = _error(tmp_path, str(fake))
    assert err.key == "review.unreadable" and "estimate.xlsx" in err.render("ja")
    assert _error(tmp_path, str(tmp_path / "missing.xlsx")).key == "input.not_found"


def test_no_header_row(tmp_path: Path) -> None:
    path = tmp_path / "no_header.xlsx"
    write_estimate(path, ESTIMATE_ROWS, header=("", "", "", "", "", "", ""), title=False)
    err = _error(tmp_path, str(path))
    assert err.key == "review.no_header"
    text = err.render("ja")
    assert "no_header.xlsx" in text and "金額" in text


def test_bad_amount_names_file_sheet_row_and_column(tmp_path: Path) -> None:
    rows = [list(r) for r in ESTIMATE_ROWS]
    rows[2][5] = "約36万円"
    path = write_estimate(tmp_path / "bad_amount.xlsx", rows, sheet="内訳")
    err = _error(tmp_path, str(path))
    assert err.key == "review.bad_amount"
    assert (err.sheet, err.row, err.column) == ("内訳", 7, "F7")
    text = err.render("ja")
    for part in ("bad_amount.xlsx", "内訳", "7 行目", "F7", "約36万円"):
        assert part in text, (part, text)


def test_errors_exit_with_status_2_and_one_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [list(r) for r in ESTIMATE_ROWS]
    rows[1][5] = "百三十万円"
    path = write_estimate(tmp_path / "bad.xlsx", rows)
    monkeypatch.setattr(sys, "argv", ["govcost", *_args(tmp_path, str(path))])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "bad.xlsx" in err and "6 行目" in err and "F6" in err and "Traceback" not in err


def test_docs_name_every_check() -> None:
    """docs/review.md has a table row and a section for every registered check."""
    doc = (ROOT / "docs" / "review.md").read_text(encoding="utf-8")
    missing = [key for key in CHECKS.keys() if f"### {key} " not in doc or f"| `{key}` |" not in doc]
    assert not missing, f"docs/review.md lacks the check table row and section of {missing}"
