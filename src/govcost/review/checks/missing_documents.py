"""``missing-documents``: the documents a review request needs that did not come with the estimate."""

from __future__ import annotations

from govcost.messages import msg
from govcost.review.base import CHECKS, Check, ReviewFinding
from govcost.review.context import DOCUMENTS, ReviewContext


@CHECKS.register("missing-documents")
class MissingDocumentsCheck(Check):
    """The documents the Digital Agency asks for with an estimate review request that were not provided.

    An estimate cannot be reviewed from its own lines alone: the Digital Agency's page
    デジタル庁への見積精査の依頼 lists what must come with it — the CSP monthly fee calculation
    (calculator), the system diagram down to the availability zones, the initial/running cost
    breakdown, the current system configuration, the specification the vendor estimated against,
    the vendor's estimate basis (見積にあたっての考え方), the non-functional assumptions, and the
    current servers' specs and CPU/memory/disk utilisation (:data:`DOCUMENTS`). Without them the
    sizing, operating-hours and DR questions cannot be answered.

    The check reads the list of documents provided (``--documents``: keys, Japanese names or file
    names; sheets of the estimate named 構成図, 内訳, 明細… count as provided, and so does the calculator
    export given with ``--calculator``) and gives one ``warn`` per missing document, on the estimate
    as a whole (no cell; ``item`` = the document's name, ``evidence.document`` = its key), with the
    question asking the vendor for it. When every document is there, one ``ok``.

    When the list is not stated at all (``documents`` None: no ``--documents``), the check says
    nothing: it cannot know what came with the estimate, and an estimate must not get a warning for
    an option the user did not give. Give ``--documents ""`` to say that none came. Example finding::

        check: missing-documents   status: warn   sheet: -   cell: -
        item: 現行サーバの CPU/メモリ/ディスク使用率
        message: 見積精査に必要な資料「現行サーバの CPU/メモリ/ディスク使用率」が提出されていません
        question: 現行サーバごとの CPU・メモリ・ディスクの使用量と使用率(平均・ピーク、直近 1 年程度)を
                  ご提出ください。サーバのサイジングの妥当性の確認に用います。
        evidence: document current_utilisation
    """

    checklist_ref = "デジタル庁への見積精査の依頼: 提出が必要になる資料"
    title = msg("check.missing_documents.title")

    def run(self, ctx: ReviewContext) -> list[ReviewFinding]:
        if ctx.documents is None:
            return []
        provided = set(ctx.documents)
        if ctx.calculator is not None:
            provided.add("calculator")
        missing = [key for key in DOCUMENTS if key not in provided]
        if not missing:
            return [
                self.on_estimate(
                    "ok",
                    msg("review.missing_documents.ok", count=len(DOCUMENTS)),
                    "",
                    evidence={"provided": ", ".join(DOCUMENTS)},
                )
            ]
        return [
            self.on_estimate(
                "warn",
                msg("review.missing_documents.missing", document=DOCUMENTS[key][0]),
                msg(f"review.missing_documents.question.{key}"),
                item=DOCUMENTS[key][0],
                evidence={
                    "document": key,
                    "provided": ", ".join(k for k in DOCUMENTS if k in provided) or "-",
                },
            )
            for key in missing
        ]
