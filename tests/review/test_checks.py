"""Every estimate check is registered under a kebab-case id matching its module, documented with an
example finding, tied to its item of the estimate checklist (in Japanese), and has its own test file;
and every check, run over an estimate, returns findings that point where they should.

Written to hold with any set of checks: each check's own test file checks what it finds.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import openpyxl
import pytest

from govcost.review.base import CHECKS, Check, ReviewFinding
from govcost.review.run import review
from tests.review.estimates import CHECKS as ISSUE_CHECKS

TESTS = Path(__file__).resolve().parent


def _checks() -> list[type[Check]]:
    return list(CHECKS)


def test_checks_are_registered() -> None:
    """Every check id of the issue (tests/review/estimates.py CHECKS) is registered."""
    missing = set(ISSUE_CHECKS) - set(CHECKS.keys())
    assert not missing, f"checks of the issue not registered: {sorted(missing)}"


@pytest.mark.parametrize("cls", _checks(), ids=lambda c: c.key)
def test_each_check_is_documented_and_tested(cls: type[Check]) -> None:
    module = inspect.getmodule(cls)
    assert module is not None
    name = module.__name__.rsplit(".", 1)[-1]
    assert module.__name__ == f"govcost.review.checks.{name}", f"{cls.key}: not in review/checks/"
    assert cls.key == name.replace("_", "-"), f"key {cls.key!r} must match its module {name!r}"
    doc = cls.__doc__ or ""
    assert doc.strip(), f"{cls.key}: the class needs a docstring (what it looks at and why)"
    assert "Example" in doc or "例" in doc, f"{cls.key}: the docstring needs an example finding"
    ref = getattr(cls, "checklist_ref", "")
    assert ref and not ref.isascii(), f"{cls.key} needs its checklist item, in Japanese"
    title = getattr(cls, "title", "")
    assert title and not title.isascii(), f"{cls.key} needs a Japanese title"
    test_file = TESTS / "checks" / f"test_{name}.py"
    assert test_file.is_file(), f"{name} has no {test_file.relative_to(TESTS.parents[1])}"


def _estimate(path: Path) -> Path:
    """A small estimate with a title block, a section, a 一式 line, a subtotal and the tax."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "見積書"
    ws["A1"] = "御見積書"
    for col, name in enumerate(("No", "品名", "数量", "単位", "単価", "金額", "備考"), start=1):
        ws.cell(3, col, name)
    rows = [
        ("1.", "ガバメントクラウド利用料", None, None, None, None, None),
        (1, "EC2 m4.xlarge 検証環境 24時間365日", 12, "月", 100000, 1300000, None),
        (2, "AWS サポート(ビジネス)", 12, "月", 30000, 360000, None),
        (3, "運用作業 一式", 1, "式", 2400000, 2400000, None),
        (None, "小計", None, None, None, 4060000, None),
        (None, "消費税", None, None, None, 406000, None),
        (None, "合計(税込)", None, None, None, 4466000, None),
    ]
    for r, values in enumerate(rows, start=4):
        for c, v in enumerate(values, start=1):
            if v is not None:
                ws.cell(r, c, v)
    wb.save(path)
    return path


@pytest.mark.parametrize("key", CHECKS.keys())
def test_each_check_runs_and_points_at_cells(key: str, tmp_path: Path) -> None:
    """Every warn/ng finding names its check, a sheet and cell of the estimate (or none, for the
    estimate as a whole), a Japanese message and question; a saving is never negative."""
    path = _estimate(tmp_path / "estimate.xlsx")
    result = review(path, checks=[key])
    assert result.checks == [key]
    sheets = set(result.estimate.sheets)
    rows = {(ln.sheet, ln.row) for ln in result.estimate.lines}
    for f in result.findings:
        assert isinstance(f, ReviewFinding)
        assert f.check == key and f.status in ("ok", "warn", "ng")
        assert f.checklist_ref == CHECKS.get(key).checklist_ref
        assert f.message and not f.message.isascii(), f
        if f.status == "ok":
            continue
        assert f.question and not f.question.isascii(), f
        if f.cell:
            assert f.sheet in sheets and (f.sheet, f.row) in rows, f
        if f.possible_saving_jpy is not None:
            assert f.possible_saving_jpy >= 0, f
        if f.possible_saving_jpy:
            assert f.evidence, f"{key}: a saving needs its basis in the evidence"
