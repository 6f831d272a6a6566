"""見積精査 on the dashboard: what the page shows is what ``review()`` finds on the same file; the
workbook downloads; a review of another municipality is not found and in no list; uploads without
the CSRF token are refused; a broken file gets its own clear error on the page, never a 500."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient

from govcost.jp.money import format_yen
from govcost.review import report
from govcost.review.run import review
from govcost.web.review_store import ReviewStore
from tests.review.estimates import estimate_c_csv, estimate_d_current_xlsx, estimate_d_new_xlsx
from tests.web.conftest import CHIYODA, CHUO, Site
from tests.web.stored_reviews import REVIEW_OF, seed_reviews

DOCUMENTS = ["diagram", "breakdown", "specification"]


def csrf_of(client: TestClient, url: str = "/reviews") -> str:
    page = client.get(url)
    return page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]


def upload(client: TestClient, files: dict[str, Path], **data: object) -> object:
    data.setdefault("csrf", csrf_of(client))
    return client.post(
        "/reviews",
        data=data,
        files={field: (path.name, path.read_bytes()) for field, path in files.items()},
        follow_redirects=False,
    )


def alert(page: str) -> str:
    found = re.search(r'role="alert"[^>]*>(.*?)</p>', page, re.S)
    assert found, "no error shown"
    return html.unescape(found.group(1))


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.fixture(scope="module")
def estimate_d(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    directory = tmp_path_factory.mktemp("estimate_d")
    return estimate_d_new_xlsx(directory), estimate_d_current_xlsx(directory)


def test_the_findings_shown_are_those_review_finds_on_the_same_file(
    site: Site, estimate_d: tuple[Path, Path]
) -> None:
    new, current = estimate_d
    client = site.client("chiyoda")
    response = upload(client, {"estimate": new, "current": current}, documents=DOCUMENTS)
    assert response.status_code == 303  # type: ignore[attr-defined]
    url = response.headers["location"]  # type: ignore[attr-defined]
    review_id = url.rsplit("/", 1)[1]

    expected = review(new, current=current, documents=DOCUMENTS, municipality=CHIYODA)
    api = client.get(f"/api/v1/reviews/{review_id}").json()
    assert api["findings"] == report.records(expected)
    assert api["municipality"] == CHIYODA
    assert api["counts"] == report.counts(expected)
    assert api["possible_saving_jpy_exact"] == str(expected.possible_saving_jpy)

    page = client.get(url)
    assert page.status_code == 200
    shown = text_of(page.text)
    assert f"削減見込みの合計: {format_yen(expected.possible_saving_jpy)} 円" in shown
    for f in expected.findings:
        assert html.unescape(f.message) in shown or f.message in html.unescape(page.text), f.check
    # Each line in order, its worst status written beside it (not colour alone).
    rows = re.findall(r"<tr( class=\"finding-(ng|warn)\")?>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>", page.text)
    on_line, _ = report.findings_by_line(expected)
    lines = [
        (ln.sheet, ln.cell, report.worst(on_line.get((ln.sheet, ln.row), [])))
        for ln in expected.estimate.lines
    ]
    shown_lines = [(html.unescape(sheet), cell, status) for _, status, sheet, cell in rows][: len(lines)]
    assert shown_lines == [(s, c, w if w in ("ng", "warn") else "") for s, c, w in lines]
    assert page.text.count('class="status-ng">要修正</strong>') >= 1
    assert page.text.count('class="status-warn">要確認</strong>') >= 1
    # The list shows it.
    assert review_id in client.get("/reviews").text
    assert review_id in {r["id"] for r in client.get("/api/v1/reviews").json()}


def test_the_review_workbook_downloads(site: Site, estimate_d: tuple[Path, Path]) -> None:
    new, current = estimate_d
    client = site.client("chiyoda")
    url = upload(client, {"estimate": new, "current": current}, documents=DOCUMENTS).headers["location"]  # type: ignore[attr-defined]
    page = client.get(url).text
    link = re.search(r'href="(/download/review/[^"]+/workbook\.xlsx)"', page)
    assert link
    response = client.get(link.group(1))
    assert response.status_code == 200
    assert "spreadsheetml" in response.headers["content-type"]
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["概要", "明細", "質問票"]
    expected = review(new, current=current, documents=DOCUMENTS, municipality=CHIYODA)
    summary = {row[0]: row[1] for row in wb["概要"].iter_rows(values_only=True) if row and row[0]}
    assert summary["見積書"] == new.name  # the file as uploaded, not where the server keeps it
    assert "131016" in str(summary["団体"])
    questions = [r for r in wb["質問票"].iter_rows(min_row=5, values_only=True) if r[0] is not None]
    assert len(questions) == len(expected.problems())
    # Each table also downloads as CSV and XLSX.
    review_id = url.rsplit("/", 1)[1]
    lines_csv = client.get(f"/download/review/{review_id}/lines.csv")
    assert lines_csv.status_code == 200 and "見積明細" in lines_csv.content.decode("utf-8-sig")
    assert client.get(f"/download/review/{review_id}/lines.xlsx").status_code == 200
    assert review_id in client.get("/download/reviews.csv").content.decode("utf-8-sig")


def test_a_review_of_another_municipality_is_not_found_and_in_no_list(site: Site) -> None:
    seed_reviews(site)
    theirs, ours = REVIEW_OF[CHUO], REVIEW_OF[CHIYODA]
    client = site.client("chiyoda")
    for url in (
        f"/reviews/{theirs}",
        f"/api/v1/reviews/{theirs}",
        f"/download/review/{theirs}/workbook.xlsx",
        f"/download/review/{theirs}/lines.csv",
        "/reviews/no-such-review",
        "/reviews/..%2F..%2Fweb.key",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert theirs not in response.text and "中央区" not in response.text
    for url in ("/reviews", "/api/v1/reviews", "/download/reviews.csv"):
        body = client.get(url).content.decode("utf-8-sig")
        assert ours in body and theirs not in body, url
    # Their own user and the group administrator see it.
    assert site.client("chuo").get(f"/reviews/{theirs}").status_code == 200
    group = {r["id"] for r in site.client("group").get("/api/v1/reviews").json()}
    assert {ours, theirs} <= group


def test_a_review_is_owned_by_a_municipality_of_the_users_scope(site: Site, tmp_path: Path) -> None:
    estimate = estimate_c_csv(tmp_path)
    client = site.client("chiyoda")
    refused = upload(client, {"estimate": estimate}, municipality=CHUO)
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert "選べる団体" in alert(refused.text)  # type: ignore[attr-defined]
    group = site.client("group")
    made = upload(group, {"estimate": estimate}, municipality=CHUO)
    assert made.status_code == 303  # type: ignore[attr-defined]
    review_id = made.headers["location"].rsplit("/", 1)[1]  # type: ignore[attr-defined]
    assert site.client("chuo").get(f"/reviews/{review_id}").status_code == 200
    assert client.get(f"/reviews/{review_id}").status_code == 404


def test_uploads_without_the_csrf_token_are_refused(site: Site, estimate_d: tuple[Path, Path]) -> None:
    new, _ = estimate_d
    client = site.client("chiyoda")
    before = len(ReviewStore(site.ledger).list(None))
    no_token = upload(client, {"estimate": new}, csrf="")
    assert no_token.status_code == 400  # type: ignore[attr-defined]
    assert "有効期限" in no_token.text  # type: ignore[attr-defined]
    wrong = upload(client, {"estimate": new}, csrf="x" * 43)
    assert wrong.status_code == 400  # type: ignore[attr-defined]
    files = {"estimate": (new.name, new.read_bytes())}
    assert client.post("/api/v1/reviews", files=files).status_code == 400
    assert len(ReviewStore(site.ledger).list(None)) == before
    # With the session's token in the header, the API makes the review.
    token = client.get("/api/v1/csrf").json()["csrf_token"]
    made = client.post("/api/v1/reviews", files=files, headers={"X-CSRF-Token": token})
    assert made.status_code == 201
    assert made.json()["municipality"] == CHIYODA and made.json()["findings"]
    # Documents left out are "not stated"; sent empty, "none" (beyond the estimate's own sheets).
    assert made.json()["documents"] is None
    stated = client.post(
        "/api/v1/reviews", files=files, data={"documents": ""}, headers={"X-CSRF-Token": token}
    )
    assert stated.status_code == 201 and isinstance(stated.json()["documents"], list)
    assert "missing-documents" in {f["check"] for f in stated.json()["findings"] if f["status"] != "ok"}


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("broken.xlsx", b"PK\x03\x04 not really a workbook", ["broken.xlsx", "見積書を開けません"]),
        (
            "bad-amount.csv",
            "品名,数量,単位,単価,金額\nサーバ利用料,1,式,100000,abc\n".encode("cp932"),
            ["bad-amount.csv", "シート「bad-amount」", "2 行目", "E2", "金額", "'abc'"],
        ),
        ("no-header.csv", b"a,b,c\n1,2,3\n", ["no-header.csv", "見出し行"]),
        ("quote.pdf", b"%PDF-1.4", ["quote.pdf", "受け付けられない形式", ".xlsx"]),
        ("empty.csv", b"", ["empty.csv", "空"]),
    ],
)
def test_a_broken_file_gets_its_clear_error_on_the_page(
    site: Site, name: str, content: bytes, expected: list[str]
) -> None:
    client = site.client("chiyoda")
    before = len(ReviewStore(site.ledger).list(None))
    response = client.post(
        "/reviews",
        data={"csrf": csrf_of(client)},
        files={"estimate": (name, content)},
        follow_redirects=False,
    )
    assert response.status_code == 400
    message = alert(response.text)
    for part in expected:
        assert part in message, (part, message)
    assert str(site.ledger) not in response.text and "reviews/" not in message
    assert '<form class="upload"' in response.text  # the form is there to try again
    assert len(ReviewStore(site.ledger).list(None)) == before
    assert not [p for p in (site.ledger / "reviews").iterdir() if p.name.startswith(".tmp")]
    api = client.post(
        "/api/v1/reviews",
        files={"estimate": (name, content)},
        headers={"X-CSRF-Token": client.get("/api/v1/csrf").json()["csrf_token"]},
    )
    assert api.status_code == 400 and expected[0] in api.json()["error"]


def test_a_file_over_the_limit_is_refused(
    site: Site, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("govcost.web.routes.reviews.REVIEW_MAX_MB", 0)
    response = upload(site.client("chiyoda"), {"estimate": estimate_c_csv(tmp_path)})
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "大きすぎます" in alert(response.text)  # type: ignore[attr-defined]


def test_the_page_follows_the_session_language(site: Site) -> None:
    seed_reviews(site)
    client = site.client("chiyoda")
    client.get("/lang/en")
    page = client.get(f"/reviews/{REVIEW_OF[CHIYODA]}").text
    assert 'lang="en"' in page and "Review of the estimate" in page and "Download the review workbook" in page
    assert "Estimate reviews" in client.get("/reviews").text
