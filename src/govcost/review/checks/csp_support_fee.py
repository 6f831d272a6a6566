"""``csp-support-fee``: a cloud provider's support plan priced in the estimate or the calculator."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from govcost.messages import msg
from govcost.review.base import CHECKS, Check, ReviewFinding
from govcost.review.checks._wording import has, label, money
from govcost.review.context import ReviewContext
from govcost.review.estimate import EstimateLine, detect_category, normalise, parse_amount

#: The cloud providers' names as estimates write them (ASCII words match as whole words). A
#: provider's name with a support word is its support plan.
PROVIDER_WORDS = (
    "aws",
    "amazon",
    "アマゾン",
    "azure",
    "microsoft",
    "マイクロソフト",
    "google",
    "グーグル",
    "gcp",
    "oci",
    "oracle cloud",
    "オラクルクラウド",
    "oracleクラウド",
    "さくらのクラウド",
    "sakura cloud",
    "csp",
    "クラウド事業者",
    "クラウドサービス事業者",
    "クラウドプロバイダ",
)
#: Words that name a support plan or a support service.
SUPPORT_WORDS = ("サポート", "support", "カスタマーケア", "customer care")
#: The providers' support plans by name: a CSP support fee even where the provider is not named.
PLAN_NAMES = (
    "ビジネスサポート",
    "エンタープライズサポート",
    "エンタープライズ on-ramp",
    "enterprise on-ramp",
    "デベロッパーサポート",
    "business support",
    "enterprise support",
    "developer support",
    "unified support",
    "unifiedサポート",
    "premier support",
    "premierサポート",
    "プレミアサポート",
    "pro direct",
    "professional direct",
    "customer care",
    "カスタマーケア",
)
#: The vendor's own support or work (パッケージ保守サポート, AWS 運用サポート, AWS サポートへの問合せ
#: 代行) and licence maintenance (Oracle Premier Support for a database licence): legitimate, not a
#: CSP fee, whatever provider the line names.
VENDOR_WORDS = (
    "パッケージ",
    "ミドルウェア",
    "ソフトウェア",
    "ライセンス",
    "license",
    "database",
    "データベース",
    "保守",
    "当社",
    "弊社",
    "業務システム",
    "業務アプリ",
    "アプリケーション",
    "ヘルプデスク",
    "問い合わせ",
    "問合せ",
    "問合わせ",
    "代行",
    "窓口",
    "運用",
    "作業",
    "操作",
    "研修",
    "導入",
)
#: A line that says the CSP support costs nothing here (デジタル庁契約, 無償).
FREE_WORDS = ("無償", "無料", "デジタル庁", "不要", "計上しない", "計上なし", "含まない", "含まず", "0円")
#: A remark saying a fee includes the support (ガバメントクラウド利用料 …「ビジネスサポート費用を含む」).
INCLUDED_WORDS = ("含む", "含み", "含んで", "込み", "込")
#: Other cloud fees named with the support on the same line ("AWS 利用料(EC2・S3・サポート)"): the
#: support is a part of the line, not all of it.
OTHER_FEE_WORDS = (
    "ec2",
    "rds",
    "s3",
    "ebs",
    "インスタンス",
    "ストレージ",
    "仮想マシン",
    "virtual machines",
    "compute",
    "コンピュート",
    "データ転送",
)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)%")


def _decimal(value: Any) -> Decimal | None:
    """A calculator amount as the reader gives it (Decimal), or as text from a hand-made dict."""
    if value is None or isinstance(value, Decimal):
        return value
    try:
        return parse_amount(value)
    except (ValueError, ArithmeticError):
        return None


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _is_support(text: str) -> bool:
    """A CSP support plan, plainly: a plan's name, or a provider's name with a support word."""
    return has(text, PLAN_NAMES) or (has(text, PROVIDER_WORDS) and has(text, SUPPORT_WORDS))


@CHECKS.register("csp-support-fee")
class CspSupportFeeCheck(Check):
    """Looks for the cloud provider's support plan among the priced lines: AWS Support (ビジネス /
    エンタープライズ / Enterprise On-Ramp / デベロッパー), Azure サポート (Professional Direct, Unified /
    Premier), Google Cloud Customer Care, OCI サポート, in the estimate and in the provider calculator's
    export. Under the Government Cloud the Digital Agency contracts the CSP support for everyone, and
    using organisations get it free (見積チェックリスト 5), so such a fee should not be in an estimate.

    - ``ng`` on a line naming a support plan, or a provider together with サポート/Support, in its item
      or specification (not only in its remarks); saving = its amount. The vendor's own support of its
      package or work (パッケージ保守サポート, AWS 運用サポート, AWS サポートへの問合せ代行) is legitimate
      and not flagged: a line with words of the vendor's own work (VENDOR_WORDS) is left alone.
    - ``warn`` on a サポート line in the Government Cloud section (by its heading or 区分) that names no
      provider: ask what it is; saving = its amount if it is the CSP's.
    - ``warn`` on a cloud line whose remarks say the CSP support is included (「ビジネスサポート費用を
      含む」); saving = amount × p / (100 + p) when the remark gives the support as p % of the fee.
    - ``ng`` on a calculator line for a support plan (``AWS Support (Business)``), pointing at its
      Monthly cell; its 12-month cost is the saving when the calculator is in yen and the estimate has
      no support line of its own (the estimate's cloud fee is usually the calculator's result: the
      saving is counted once).
    - ``ok`` on a support line that says it is free (「CSP サポート: デジタル庁契約により無償」, 0 円).

    Example finding::

        check: csp-support-fee   status: ng   sheet: 見積書   cell: G21   amount: 1,320,000
        item: AWS ビジネスサポート
        message: CSP のサポート費用「AWS ビジネスサポート」1,320,000 円が計上されています。…
        question: 「AWS ビジネスサポート」(1,320,000 円) は CSP のサポートプランの費用と見受けられます。
                  ガバメントクラウドでは CSP サポートはデジタル庁の契約により無償で利用できますので、…
        possible_saving_jpy: 1,320,000
    """

    checklist_ref = (
        "サポート費用が含まれていないか"
        "(CSPサポートはデジタル庁で契約し、ガバメントクラウドを利用する場合は無償で利用可能)"
    )
    title = msg("check.csp_support_fee.title")

    def run(self, ctx: ReviewContext) -> list[ReviewFinding]:
        out: list[ReviewFinding] = []
        for line in ctx.estimate.items():
            finding = self._line(line, ctx.estimate.headers.get(line.sheet, (0, {}))[1].get("amount"))
            if finding is not None:
                out.append(finding)
        counted = any(f.status != "ok" and f.possible_saving_jpy for f in out)
        for calc in ctx.calculator or []:
            finding = self._calculator_line(calc, counted)
            if finding is not None:
                out.append(finding)
        return out

    # --- the estimate -------------------------------------------------------------------------
    def _line(self, line: EstimateLine, amount_column: str | None) -> ReviewFinding | None:
        own = _join(line.item, line.spec)
        every = _join(line.item, line.spec, line.remarks)
        amount = line.amount
        params = {"item": label(line.item, line.spec), "amount": money(amount)}
        if has(own, SUPPORT_WORDS) or has(own, PLAN_NAMES):
            if has(own, VENDOR_WORDS):
                return None
            if has(own, OTHER_FEE_WORDS) and _is_support(own):
                return self._included(line, own, params)
            plain = _is_support(own)
            cloud = self._cloud_section(line)
            if not plain and not cloud:
                return None
            if not amount or amount <= 0:
                if has(every, FREE_WORDS) or amount == 0:
                    return self.on_line(
                        line, "ok", msg("review.csp_support_fee.free", **params), "", evidence={"free": True}
                    )
                if amount is None:
                    return self.on_line(
                        line,
                        "warn",
                        msg("review.csp_support_fee.unpriced", **params),
                        msg("review.csp_support_fee.unpriced.question", **params),
                        # the empty amount cell, where the fee would be written
                        cell=f"{amount_column}{line.row}" if amount_column else None,
                    )
                return None
            evidence: dict[str, Any] = {"words": own, "provider_named": plain, "cloud_section": cloud}
            key = "review.csp_support_fee.ng" if plain else "review.csp_support_fee.ambiguous"
            return self.on_line(
                line,
                "ng" if plain else "warn",
                msg(key, **params),
                msg(key + ".question", **params),
                possible_saving_jpy=amount,
                evidence={**evidence, "saving_basis": "the line's amount"},
            )
        remarks = line.remarks
        if (
            remarks
            and _is_support(remarks)
            and has(remarks, INCLUDED_WORDS)
            and not has(remarks, FREE_WORDS)
            and not has(remarks, VENDOR_WORDS)
        ):
            return self._included(line, remarks, params)
        return None

    def _included(self, line: EstimateLine, note: str, params: dict[str, str]) -> ReviewFinding | None:
        """The support is a part of a line's amount: ask for it to be taken out; the saving is known
        only when the share is written ("利用料の10%")."""
        amount = line.amount
        if not amount or amount <= 0:
            return None
        saving = None
        evidence: dict[str, Any] = {"words": note}
        percent = _PERCENT.search(normalise(note))
        if percent:
            p = Decimal(percent.group(1))
            saving = amount * p / (100 + p)
            evidence["saving_basis"] = f"amount × {p} / (100 + {p}): the support at {p} % of the other fees"
        return self.on_line(
            line,
            "warn",
            msg("review.csp_support_fee.included", note=note, **params),
            msg("review.csp_support_fee.included.question", **params),
            possible_saving_jpy=saving,
            evidence=evidence,
        )

    @staticmethod
    def _cloud_section(line: EstimateLine) -> bool:
        """The line sits under the Government Cloud heading, or its 区分 says cloud fees."""
        given = line.raw.get("category", "")
        return detect_category(line.section) == "cloud" or (bool(given) and detect_category(given) == "cloud")

    # --- the calculator -----------------------------------------------------------------------
    def _calculator_line(self, calc: dict[str, Any], counted: bool) -> ReviewFinding | None:
        service = _join(calc.get("service", ""))
        described = _join(calc.get("description", ""))
        if not (has(service, SUPPORT_WORDS) or has(described, PLAN_NAMES) or _is_support(described)):
            return None
        if has(_join(calc.get("service", ""), calc.get("description", "")), VENDOR_WORDS):
            return None
        currency = str(calc.get("currency") or "USD").upper()
        monthly = _decimal(calc.get("monthly")) or Decimal(0)
        upfront = _decimal(calc.get("upfront")) or Decimal(0)
        year = _decimal(calc.get("first_12_months"))
        if year is None:
            year = monthly * 12 + upfront
        if monthly <= 0 and upfront <= 0:
            return None
        item = " ".join(x for x in (calc.get("service", ""), calc.get("description", "")) if x)
        params = {"item": item, "monthly": money(monthly, currency), "year": money(year, currency)}
        evidence: dict[str, Any] = {
            "file": calc.get("sheet", ""),
            "service": calc.get("service", ""),
            "monthly": monthly,
            "first_12_months": year,
            "currency": currency,
        }
        saving = None
        if currency in ("JPY", "円") and not counted:
            saving = year
            evidence["saving_basis"] = "the line's first 12 months"
        elif counted:
            evidence["saving_basis"] = "counted on the estimate's own support line"
        else:
            evidence["saving_basis"] = f"not in yen ({currency}): the saving is its first 12 months"
        return ReviewFinding(
            check=self.key,
            status="ng",
            message=msg("review.csp_support_fee.calculator", **params),
            question=msg("review.csp_support_fee.calculator.question", **params),
            sheet=str(calc.get("sheet", "")),
            cell=str(calc.get("cell", "")),
            row=calc.get("row"),
            item=item,
            amount_jpy=monthly if currency in ("JPY", "円") else None,
            possible_saving_jpy=saving,
            checklist_ref=self.checklist_ref,
            evidence=evidence,
        )
