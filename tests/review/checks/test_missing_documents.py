"""missing-documents: one warning per document of the review request not provided, none when all are
there, nothing when the list was not stated; documents named by key, Japanese name or file name, or
found as sheets of the estimate."""

from __future__ import annotations

from pathlib import Path

import pytest

from govcost.messages import has
from govcost.review.checks.missing_documents import MissingDocumentsCheck
from govcost.review.context import DOCUMENTS, ReviewContext
from govcost.review.estimate import read_estimate
from govcost.review.run import document_key, documents_of, review
from tests.review.checks._workbook import counts, run_fixtures, write_estimate
from tests.review.estimates import ESTIMATES

ROWS = [("運用作業", "定常運用", 12, "月", 100_000, 1_200_000, None)]


def test_fixtures_missing_documents_listed(tmp_path: Path) -> None:
    assert counts("missing-documents") == {"a": 0, "b": 6, "c": 2, "d": 1}
    for name, (missed, flagged) in run_fixtures("missing-documents", tmp_path).items():
        assert not missed, f"estimate {name}: missing documents not listed {missed}"
        assert not flagged, f"estimate {name}: clean cells flagged {flagged}"


@pytest.mark.parametrize("name", sorted(ESTIMATES))
def test_exactly_the_missing_ones(name: str, tmp_path: Path) -> None:
    fx = ESTIMATES[name]
    path = fx.build(tmp_path)
    result = review(path, documents=sorted(fx.documents), checks=["missing-documents"])
    warned = [f.evidence["document"] for f in result.findings if f.status == "warn"]
    assert sorted(warned) == sorted(fx.missing_documents)
    assert all(not f.cell and not f.sheet for f in result.findings)


def test_one_warning_per_missing_document(tmp_path: Path) -> None:
    path = write_estimate(tmp_path / "e.xlsx", {"見積書": ROWS})
    est = read_estimate(path)
    findings = MissingDocumentsCheck().run(ReviewContext(est, documents={"diagram", "breakdown"}))
    assert [f.evidence["document"] for f in findings] == [
        k for k in DOCUMENTS if k not in ("diagram", "breakdown")
    ]
    f = next(f for f in findings if f.evidence["document"] == "current_utilisation")
    assert f.status == "warn" and f.item == DOCUMENTS["current_utilisation"][0] and f.cell == ""
    assert "使用率" in f.message and "CPU" in f.question and "ご提出ください" in f.question
    assert all(has(f"review.missing_documents.question.{key}") for key in DOCUMENTS)


def test_all_provided_or_not_stated(tmp_path: Path) -> None:
    path = write_estimate(tmp_path / "e.xlsx", {"見積書": ROWS})
    est = read_estimate(path)
    (ok,) = MissingDocumentsCheck().run(ReviewContext(est, documents=set(DOCUMENTS)))
    assert ok.status == "ok"
    assert MissingDocumentsCheck().run(ReviewContext(est, documents=None)) == []
    # The calculator export given with --calculator is the calculator's result.
    findings = MissingDocumentsCheck().run(
        ReviewContext(est, documents=set(DOCUMENTS) - {"calculator"}, calculator=[])
    )
    assert [f.status for f in findings] == ["ok"]
    # Stated, but none provided: every document is missing.
    assert len(MissingDocumentsCheck().run(ReviewContext(est, documents=set()))) == len(DOCUMENTS)


def test_names_keys_file_names_and_sheets(tmp_path: Path) -> None:
    assert document_key("diagram") == "diagram"
    assert document_key("非機能要件の考え方") == "nonfunctional"  # not the estimate basis (考え方)
    assert document_key("見積にあたっての考え方.pdf") == "estimate_basis"
    assert document_key("現行構成図.pdf") == "current_configuration"
    assert document_key("システム構成図_AZ.pdf") == "diagram"
    assert document_key("仕様書(案).docx") == "specification"
    assert document_key("現行サーバの CPU/メモリ/ディスク使用率") == "current_utilisation"
    assert document_key("議事録.pdf") is None
    path = write_estimate(tmp_path / "e.xlsx", {"見積書": ROWS, "構成図": [], "内訳": ROWS})
    est = read_estimate(path)
    assert documents_of(["仕様書・現行稼働状況"], est) == {
        "specification",
        "current_utilisation",
        "diagram",
        "breakdown",
    }
