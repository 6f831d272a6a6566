"""``production-24x365``: production priced to run 24 hours, 365 days with no stated need."""

from __future__ import annotations

from decimal import Decimal

from govcost.jp.money import format_yen
from govcost.messages import msg
from govcost.review.base import CHECKS, Check, ReviewFinding
from govcost.review.checks._cloudfees import (
    HOURS_A_YEAR,
    FeeLine,
    drop_covered_parents,
    fee_lines,
    finding,
    has_word,
    is_compute,
    percent,
    priced_hours,
    runs_by_the_hour,
    working_year,
)
from govcost.review.context import ReviewContext

#: Words that state why production must run around the clock (a night batch, a service residents
#: use at any hour, an availability requirement); any of them on the line or its section is enough.
NEED_WORDS = (
    "夜間バッチ",
    "バッチ",
    "夜間処理",
    "オンライン24時間",
    "24時間受付",
    "24時間サービス",
    "コンビニ交付",
    "証明書交付",
    "自動交付",
    "電子申請",
    "オンライン申請",
    "マイナポータル",
    "ぴったりサービス",
    "常時稼働が必要",
    "常時稼働必須",
    "24時間稼働が必要",
    "可用性要件",
    "他システム連携",
    "外部連携",
    "休日窓口",
    "夜間窓口",
)
NEED_TOKENS = ("sla", "batch")


@CHECKS.register("production-24x365")
class Production24x365(Check):
    """Reads the cloud-fee lines (category ガバメントクラウド利用料, and the calculator export's
    lines) of production — lines or sections saying 本番 / prod, and server lines that name no
    environment (an estimate's servers are production unless it says otherwise) — and warns when one
    is priced around the clock (hours ≥ 700 a month, 730時間/月, 8,760時間, 24時間365日, 常時稼働)
    without a stated need: 夜間バッチ, バッチ, オンライン24時間, コンビニ交付, 24時間受付, 電子申請,
    常時稼働が必要, 可用性要件, SLA … on the line or in its section. A stated need gets an ``ok``
    finding, so the review shows the line was looked at. Standby / DR lines are left to the DR question.

    Why: the checklist asks whether production running 24/365 was reviewed for stops on holidays and
    by use (a night-batch environment stopped in the daytime …). The non-functional standard asks
    99.5 % availability in the municipality's hours, not around the clock. The possible saving is
    conservative: only stopping on the days the offices are closed (weekends, holidays, 12/29–1/3) —
    24 hours × the working days of the fiscal year (令和7年度: 242) instead of 8,760 hours, 33.7 % of
    the line. Night stops would save more; the vendor's answer decides.

    Example finding::

        check: production-24x365   status: warn   cell: 見積明細!H12   amount: 2,400,000
        message: 本番環境の「本番 APサーバ (EC2 m6i.2xlarge)」が 24時間365日稼働 (730時間/月、
                 年 8,760 時間) で見積もられていますが、常時稼働が必要な理由 (夜間バッチ、
                 コンビニ交付など) の記載がありません。閉庁日 (土日祝日・年末年始) に停止するだけで
                 約 808,767 円 (33.7%) の削減が見込めます。
        question: 本番環境「本番 APサーバ …」を 24時間365日稼働とする必要性 (夜間バッチ、住民向け
                  サービスなど) をご教示ください。必要な稼働時間帯 …
    """

    checklist_ref = (
        "5. ガバメントクラウド利用料: 本番環境が24時間/365日の場合、"
        "休祝日等の停止、利用用途ごとの見直しを実施したか"
    )
    title = msg("check.production_24x365.title")

    def run(self, ctx: ReviewContext) -> list[ReviewFinding]:
        year = working_year(ctx)
        out: list[tuple[FeeLine, ReviewFinding]] = []
        for fee in fee_lines(ctx):
            env = fee.environment()
            if env not in ("production", None):
                continue
            if not runs_by_the_hour(fee) or (env is None and not is_compute(fee)):
                continue
            hours = priced_hours(fee)
            if hours is None:
                continue
            need = has_word(fee.all_text, NEED_WORDS, NEED_TOKENS)
            evidence = {
                "environment": env or "production (環境の記載なし)",
                "priced_by": hours.basis,
                "hours_priced_a_year": hours.a_year,
            }
            if need:
                out.append(
                    (
                        fee,
                        finding(
                            self,
                            fee,
                            "ok",
                            msg("review.production_24x365.need", item=fee.label, need=need),
                            "",
                            evidence={**evidence, "stated_need": need},
                        ),
                    )
                )
                continue
            kept: Decimal = 24 * Decimal(year["business_days"])
            share = 1 - kept / max(hours.a_year, HOURS_A_YEAR)
            base = fee.saving_base
            saving = base * share if base is not None else None
            message = msg(
                "review.production_24x365.message",
                item=fee.label,
                basis=hours.basis,
                hours=f"{hours.a_year.normalize():,f}",
            )
            if saving is not None:
                message += msg(
                    "review.production_24x365.saving", saving=format_yen(saving), share=percent(share)
                )
            out.append(
                (
                    fee,
                    finding(
                        self,
                        fee,
                        "warn",
                        message,
                        msg("review.production_24x365.question", item=fee.label),
                        possible_saving_jpy=saving,
                        evidence={
                            **evidence,
                            **year,
                            "hours_kept_a_year": kept,
                            "saving_basis": "閉庁日(土日祝日・年末年始)の停止のみ(24 時間 × 開庁日)",
                            "share_not_needed": share,
                        },
                    ),
                )
            )
        return drop_covered_parents(out)
