"""Estimate reviews kept in the test ledger, one of 千代田区 and one of 中央区, made without the web
layer (``review()`` and the store): the fixtures of the review pages' isolation tests."""

from __future__ import annotations

from govcost.review.run import review
from govcost.web.review_store import ReviewStore, StoredReview
from tests.review.estimates import estimate_a_xlsx
from tests.web.conftest import CHIYODA, CHUO, Site

#: The ids of the stored reviews, by municipality.
REVIEW_OF = {CHIYODA: "test-chiyoda", CHUO: "test-chuo"}


def stored_review(site: Site, municipality: str) -> StoredReview:
    """The stored review of ``municipality`` (made once per test session)."""
    store = ReviewStore(site.ledger)
    review_id = REVIEW_OF[municipality]
    existing = store.get(review_id, None)
    if existing is not None:
        return existing
    staging = store.staging(review_id)
    (staging / "estimate").mkdir()
    estimate = estimate_a_xlsx(staging / "estimate")
    result = review(estimate, documents=["diagram", "breakdown"], municipality=municipality)
    return store.commit(
        staging,
        review_id,
        municipality=municipality,
        username="seed",
        estimate=estimate,
        current=None,
        result=result,
    )


def seed_reviews(site: Site) -> None:
    for code in REVIEW_OF:
        stored_review(site, code)
