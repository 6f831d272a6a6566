"""``verification-24x365``: a verification or test environment priced to run 24 hours, 365 days."""

from __future__ import annotations

from decimal import Decimal

from govcost.jp.money import format_yen
from govcost.messages import msg
from govcost.review.base import CHECKS, Check, ReviewFinding
from govcost.review.checks._cloudfees import (
    FeeLine,
    drop_covered_parents,
    fee_lines,
    finding,
    percent,
    priced_hours,
    runs_by_the_hour,
    working_year,
)
from govcost.review.context import ReviewContext


@CHECKS.register("verification-24x365")
class Verification24x365(Check):
    """Reads the cloud-fee lines (category ガバメントクラウド利用料, and the calculator export's lines)
    of a verification environment (検証, テスト, ステージング, stg, 開発 — in the line or in the
    section it sits under) and warns when the line is priced around the clock: a quantity counted in
    hours of at least 700 a month, hours written in the text (730時間/月, 8,760時間, 100 %Utilized)
    or the words 24時間365日, 常時稼働, 24h. A line that already says 夜間停止, 平日のみ … is left alone.

    Why: a verification environment is used when someone tests, on working days — the approach guide
    (2 稼働時間の調整) expects it stopped at night, at weekends, on holidays and in the year-end
    closure. The possible saving is the line's amount times the share of the hours priced that a
    working-hours schedule does not run: 12 hours × the working days of the fiscal year (令和7年度:
    242 days, counted with the Japanese holiday calendar and 12/29–1/3), 2,904 hours of 8,760 — about
    66.8 %. A calculator line's monthly yen is made a year (× 12); a calculator figure in USD gets no
    yen saving.

    Example finding::

        check: verification-24x365   status: warn   cell: 見積明細!H21   amount: 1,200,000
        message: 検証環境の「検証環境 APサーバ (EC2 m6i.xlarge)」が 24時間365日稼働 (24時間365日、
                 年 8,760 時間) で見積もられています。平日日中のみ (12 時間 × 開庁日 242 日 =
                 2,904 時間/年) の稼働とすれば、約 802,192 円 (66.8%) の削減が見込めます。
        question: 検証環境を 24時間365日稼働とする理由をご教示ください。検証作業を行う時間帯のみ
                  (例: 平日 8:00–20:00) 稼働させ、夜間・土日祝日・年末年始は停止する前提で
                  お見積りいただけますか。
        evidence: hours_priced_a_year 8760, business_days 242, operating_hours_a_year 2904
    """

    checklist_ref = "5. ガバメントクラウド利用料: 検証環境が24時間/365日の場合、稼働時間の見直しを実施したか"
    title = msg("check.verification_24x365.title")

    def run(self, ctx: ReviewContext) -> list[ReviewFinding]:
        year = working_year(ctx)
        out: list[tuple[FeeLine, ReviewFinding]] = []
        for fee in fee_lines(ctx):
            if fee.environment() != "verification" or not runs_by_the_hour(fee):
                continue
            hours = priced_hours(fee)
            if hours is None:
                continue
            operating: Decimal = year["operating_hours_a_year"]
            share = 1 - operating / hours.a_year if hours.a_year > operating else Decimal(0)
            base = fee.saving_base
            saving = base * share if base is not None and share > 0 else None
            message = msg(
                "review.verification_24x365.message",
                item=fee.label,
                basis=hours.basis,
                hours=f"{hours.a_year.normalize():,f}",
            )
            if saving is not None:
                message += msg(
                    "review.verification_24x365.saving",
                    hours_a_day=f"{year['hours_a_day']}",
                    days=year["business_days"],
                    operating=f"{operating:,}",
                    saving=format_yen(saving),
                    share=percent(share),
                )
            evidence = {
                "environment": "verification",
                "priced_by": hours.basis,
                "hours_priced_a_year": hours.a_year,
                **year,
                "share_not_needed": share,
            }
            if fee.line is None and fee.saving_base is not None:
                evidence["saving_basis"] = "カリキュレータの月額 × 12 か月"
            out.append(
                (
                    fee,
                    finding(
                        self,
                        fee,
                        "warn",
                        message,
                        msg("review.verification_24x365.question", item=fee.label),
                        possible_saving_jpy=saving,
                        evidence=evidence,
                    ),
                )
            )
        return drop_covered_parents(out)
