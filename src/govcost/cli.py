"""The ``govcost`` command: a thin layer over :class:`govcost.engine.Engine`.

Errors are turned into text in one place, :func:`main`, in the user's language.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from govcost.engine import Engine
from govcost.errors import ExportError, GovcostError, UsageError
from govcost.jp.money import format_yen
from govcost.messages import set_language, t

if TYPE_CHECKING:
    from govcost.allocate.allocate import AllocationResult
    from govcost.allocate.report import MunicipalityTotal
    from govcost.demo.generate import DemoManifest
    from govcost.optimize.run import OptimizeResult
    from govcost.review.run import ReviewResult

app = typer.Typer(
    no_args_is_help=True, add_completion=False, help="govcost: 自治体のクラウド費用台帳 (FinOps)"
)


def _console(stderr: bool = False) -> Console:
    """A console per call, so the width (and COLUMNS) is read when output is written."""
    return Console(stderr=stderr)


class State:
    ledger: Path | None = None
    engine: str | None = None
    spark_master: str | None = None


def engine() -> Engine:
    return Engine(State.ledger, engine=State.engine, spark_master=State.spark_master)


@app.callback()
def _global(
    ledger: Annotated[
        Path | None,
        typer.Option("--ledger", help="台帳ディレクトリ (既定: ./.govcost, 環境変数 GOVCOST_LEDGER)"),
    ] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="表示言語 ja / en")] = None,
    engine_: Annotated[
        str | None,
        typer.Option(
            "--engine",
            help="集計エンジン duckdb (既定) / spark (環境変数 GOVCOST_ENGINE)",
        ),
    ] = None,
    spark_master: Annotated[
        str | None,
        typer.Option(
            "--spark-master",
            help="Spark のマスター URL: local[*] (既定), spark://host:7077, sc://host:15002 "
            "(環境変数 GOVCOST_SPARK_MASTER)",
        ),
    ] = None,
) -> None:
    from govcost.spark import engine_name

    State.ledger = ledger
    State.engine = engine_name(engine_)
    State.spark_master = spark_master
    set_language(lang)


def _progress_bar() -> Progress:
    """The progress display of long commands, on stderr so that piped output stays clean."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[stage]}"),
        TimeElapsedColumn(),
        console=_console(stderr=True),
        transient=True,
    )


STAGES = {"read": 0.0, "write": 0.05, "check": 0.85, "map": 0.9, "reconcile": 0.95}


@app.command()
def ingest(
    files: Annotated[list[Path], typer.Argument(help="取り込むファイル (形式は自動判別)")],
    accounts: Annotated[Path | None, typer.Option("--accounts", help="アカウント対応表 (CSV/XLSX)")] = None,
    fx: Annotated[Path | None, typer.Option("--fx", help="為替レート表 month,currency,jpy_per_unit")] = None,
) -> None:
    """ファイルを台帳に取り込み、突合結果を表示する。"""
    with (
        engine() as eng,
        _progress_bar() as bar,
    ):
        total = len(files) + (accounts is not None) + (fx is not None)
        task = bar.add_task(t("label.progress.import"), total=total, stage="")
        done = 0

        def progress(file: Path, stage: str) -> None:
            nonlocal done
            if stage == "done":
                done += 1
            bar.update(
                task,
                description=f"{t('label.progress.import')} {file.name}",
                completed=done + (0 if stage == "done" else STAGES.get(stage, 0.0)),
                stage="" if stage == "done" else stage,
            )

        reports = eng.ingest(files, accounts=accounts, fx=fx, progress=progress)
    table = Table(title=t("import.title"))
    for key in (
        "file",
        "format",
        "status",
        "rows_read",
        "rows_stored",
        "currency",
        "source_total",
        "ledger_total",
        "reconciled",
    ):
        table.add_column(t(f"label.{key}"), justify="right" if "total" in key or "rows" in key else "left")
    for r in reports:
        status = t(f"import.status.{r.status}")
        if not r.totals:
            table.add_row(
                Path(r.file).name, r.format, status, str(r.rows_read), str(r.rows_stored), "", "", "", ""
            )
        for tot in r.totals:
            table.add_row(
                Path(r.file).name,
                r.format,
                status,
                str(r.rows_read),
                str(r.rows_stored),
                tot.currency,
                str(tot.source.normalize()),
                str(tot.ledger.normalize()),
                t("label.ok") if tot.matches else "✗",
            )
    _console().print(table)
    for r in reports:
        if r.unassigned_rows:
            _console().print(
                f"[yellow]{Path(r.file).name}: "
                f"{t('import.unassigned', rows=r.unassigned_rows, amount=format_yen(r.unassigned_jpy))}"
            )
        if r.notes.get("same_period_other_format"):
            imports = ", ".join(r.notes["same_period_other_format"])
            _console().print(
                f"[yellow]{Path(r.file).name}: {t('import.same_period_other_format', imports=imports)}"
            )


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


@app.command()
def summary(
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by",
            help="集計軸 (複数可): municipality, business, "
            "environment, cost_source, service, month, fiscal_year",
        ),
    ] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="出力形式")] = OutputFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help="出力ファイル")] = None,
    fx: Annotated[Path | None, typer.Option("--fx", help="別の為替レート表で円換算し直す")] = None,
) -> None:
    """費用の合計 (円) を指定の軸で集計する。"""
    from govcost.reports.tables import to_csv, to_json, write_xlsx

    with engine() as eng:
        result = eng.summary(by or [], fx=fx)
    headers = result.headers()
    records = result.records()
    total_row: list[object] = [t("label.total"), *([""] * (len(headers) - 3))]
    total_row += [
        sum(r.rows for r in result.rows),
        Decimal(format_yen(result.total_jpy).replace(",", "") or 0),
    ]
    if fmt is OutputFormat.xlsx:
        if out is None:
            raise UsageError("ledger.out_required")
        write_xlsx(out, [(t("summary.title"), headers, [*records, total_row])])
        return
    if fmt is OutputFormat.table:
        table = Table(title=t("summary.title"))
        for i, h in enumerate(headers):
            table.add_column(h, justify="right" if i >= len(headers) - 2 else "left")
        for r in [*records, total_row]:
            table.add_row(*[format_yen(v) if isinstance(v, Decimal) else str(v) for v in r])
        text = None
        _console().print(table)
    else:
        text = to_csv(headers, records) if fmt is OutputFormat.csv else to_json(headers, records)
    if text is not None:
        if out:
            out.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)


#: Below this terminal width the findings are listed one block each instead of as a table.
WIDE_TABLE = 140


class OptimizeFormat(StrEnum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


def _month(text: str | None) -> dt.date | None:
    """``YYYY-MM`` as the month's first day."""
    if text is None:
        return None
    hit = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if not hit or not 1 <= int(hit[2]) <= 12:
        raise UsageError("input.bad_month", expected="YYYY-MM", found=text)
    return dt.date(int(hit[1]), int(hit[2]), 1)


@app.command("optimize")
def optimize_command(
    municipality: Annotated[
        str | None, typer.Option("--municipality", help="団体コード (6桁) で絞り込む")
    ] = None,
    rule: Annotated[
        list[str] | None, typer.Option("--rule", help="ルールID (複数可、既定: すべて。--list-rules で一覧)")
    ] = None,
    fmt: Annotated[OptimizeFormat, typer.Option("--format", help="出力形式")] = OptimizeFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help="出力ファイル (xlsx では必須)")] = None,
    settings: Annotated[
        Path | None, typer.Option("--settings", help="システム別の設定ファイル (YAML、docs/optimize.md)")
    ] = None,
    prices: Annotated[
        Path | None, typer.Option("--prices", help="価格表 CSV (既定: 同梱の東京・大阪の表示価格)")
    ] = None,
    month: Annotated[str | None, typer.Option("--month", help="対象月 YYYY-MM (既定: 台帳の最新月)")] = None,
    list_rules: Annotated[bool, typer.Option("--list-rules", help="ルールの一覧を表示する")] = False,
) -> None:
    """アプローチガイドに沿ったコスト最適化の候補を、根拠と削減額 (円) とともに示す。"""
    from govcost.jp.codes import validate_code
    from govcost.optimize import report

    if list_rules:
        _print_rules()
        return
    code = validate_code(municipality) if municipality is not None else None
    first = _month(month)
    if fmt is OptimizeFormat.xlsx and out is None:
        raise UsageError("ledger.out_required")
    with engine() as eng:
        result = eng.optimize(municipality=code, rules=rule, settings=settings, prices=prices, month=first)
    if fmt is OptimizeFormat.json:
        text = report.to_json(result)
        _emit_json(text, out, "optimize.written")
        return
    if fmt is OptimizeFormat.xlsx:
        from govcost.reports.optimize_xlsx import write_optimize_xlsx

        assert out is not None
        with _writing(out):
            write_optimize_xlsx(out, result, municipality=code, prices=prices)
        _console().print(t("optimize.written", path=out), highlight=False)
    else:
        _print_findings(result)
    _print_total(result)


def _print_rules() -> None:
    from govcost.optimize import report

    table = Table(title=t("optimize.rules_title"))
    for key in ("rule_id", "rule", "guide_ref"):
        table.add_column(t(f"optimize.col.{key}"), overflow="fold")
    for info in report.rules_info():
        table.add_row(info.key, info.title, info.guide_ref)
    _console().print(table)


def _print_findings(result: OptimizeResult) -> None:
    from govcost.jp.codes import municipality_name
    from govcost.optimize import report

    console = _console()
    if not result.findings:
        console.print(t("optimize.none"))
        return
    if console.width < WIDE_TABLE:
        _print_findings_as_list(result)
        return
    table = Table(title=f"{t('optimize.title')} ({result.month:%Y-%m})", show_lines=True)
    table.add_column(t("optimize.col.rule"))
    table.add_column(t("optimize.col.resource_id"), overflow="fold")
    table.add_column(t("label.municipality"))
    table.add_column(t("label.business"))
    table.add_column(t("label.environment"))
    table.add_column(t("optimize.col.monthly_saving"), justify="right")
    table.add_column(t("optimize.col.annual_saving"), justify="right")
    table.add_column(t("optimize.col.action"), ratio=1, min_width=30, overflow="fold")
    table.add_column(t("optimize.col.confidence"))
    for f in result.findings:
        name = f"\n{f.resource_name}" if f.resource_name else ""
        place = " ".join(p for p in (f.municipality_code, municipality_name(f.municipality_code)) if p)
        saved = (
            (t("optimize.informational"), "")
            if f.informational
            else (format_yen(f.monthly_saving_jpy), format_yen(f.annual_saving_jpy))
        )
        table.add_row(
            report.rule_info(f.rule).title,
            escape(f.resource_id + name),
            place or t("label.unassigned"),
            f.business or "",
            f.environment or "",
            *saved,
            escape(f.action),
            t(f"confidence.{f.confidence}"),
        )
    console.print(table)


def _print_findings_as_list(result: OptimizeResult) -> None:
    """The findings one block each, for a terminal too narrow for the table."""
    from govcost.jp.codes import municipality_name
    from govcost.optimize import report

    console = _console()
    console.print(f"[bold]{t('optimize.title')} ({result.month:%Y-%m})")
    for n, f in enumerate(result.findings, start=1):
        name = f" ({f.resource_name})" if f.resource_name else ""
        owner = " / ".join(
            p
            for p in (f.municipality_code, municipality_name(f.municipality_code), f.business, f.environment)
            if p
        )
        saved = (
            t("optimize.informational")
            if f.informational
            else f"{t('optimize.col.monthly_saving')} {format_yen(f.monthly_saving_jpy)}  "
            f"{t('optimize.col.annual_saving')} {format_yen(f.annual_saving_jpy)}"
        )
        console.print(
            f"[bold]{n}. {escape(report.rule_info(f.rule).title)}[/]  {escape(f.resource_id + name)}\n"
            f"   {escape(owner or t('label.unassigned'))}  {saved}  "
            f"{t('optimize.col.confidence')} {t(f'confidence.{f.confidence}')}\n"
            f"   {t('optimize.col.action')}: {escape(f.action)}",
            highlight=False,
            markup=True,
        )


def _print_total(result: OptimizeResult) -> None:
    from govcost.optimize import report

    console = _console()
    acting, info = report.counts(result)
    console.print(
        t(
            "optimize.total",
            monthly=format_yen(result.monthly_saving_jpy),
            annual=format_yen(result.annual_saving_jpy),
            count=acting,
        ),
        highlight=False,
    )
    if result.overlaps:
        console.print(
            t("optimize.overlaps", count=len(result.overlaps), sum=format_yen(report.sum_of_findings(result)))
            + " "
            + t("optimize.combined"),
            highlight=False,
        )
    if info:
        console.print(t("optimize.informational_count", count=info), highlight=False)


class ReviewFormat(StrEnum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


def _names(text: str | None) -> list[str] | None:
    """``a,b、c`` as names; None when the option was not given (an empty text: none provided)."""
    if text is None:
        return None
    return [n.strip() for n in re.split(r"[,、，]", text) if n.strip()]


@app.command("review")
def review_command(
    estimate: Annotated[
        Path | None,
        typer.Argument(metavar="ESTIMATE", help="見積書 (XLSX または CSV、docs/estimate-format.md)"),
    ] = None,
    current: Annotated[
        Path | None, typer.Option("--current", help="現行契約の見積書・契約内訳 (同じ形式)")
    ] = None,
    calculator: Annotated[
        Path | None, typer.Option("--calculator", help="CSP の料金計算ツールの見積結果 (CSV)")
    ] = None,
    documents: Annotated[
        str | None,
        typer.Option(
            "--documents",
            help="見積とともに提出された資料 (カンマ区切り: diagram,breakdown,… または資料名・ファイル名)",
        ),
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="列名の対応 (YAML、docs/estimate-format.md)")
    ] = None,
    rates: Annotated[
        Path | None, typer.Option("--rates", help="要員単価表 CSV rank,yen_per_person_month")
    ] = None,
    check: Annotated[
        list[str] | None,
        typer.Option("--check", help="チェックID (複数可、既定: すべて。--list-checks で一覧)"),
    ] = None,
    fmt: Annotated[ReviewFormat, typer.Option("--format", help="出力形式")] = ReviewFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help="出力ファイル (xlsx では必須)")] = None,
    municipality: Annotated[
        str | None,
        typer.Option("--municipality", help="団体コード (6桁): 台帳の実績と稼働率をこの団体で見る"),
    ] = None,
    system: Annotated[
        str | None, typer.Option("--system", help="システムID: 台帳の実績と稼働率をこのシステムで見る")
    ] = None,
    list_checks: Annotated[bool, typer.Option("--list-checks", help="チェックの一覧を表示する")] = False,
) -> None:
    """見積書を見積チェックリストに沿って精査し、指摘とベンダーへの質問を示す。"""
    from govcost.jp.codes import validate_code
    from govcost.review import report

    if list_checks:
        _print_checks()
        return
    if estimate is None:
        raise UsageError("review.estimate_required")
    code = validate_code(municipality) if municipality is not None else None
    if fmt is ReviewFormat.xlsx and out is None:
        raise UsageError("ledger.out_required")
    with engine() as eng:
        result = eng.review(
            estimate,
            current=current,
            calculator=calculator,
            documents=_names(documents),
            mapping=mapping,
            rate_card=rates,
            checks=check,
            municipality=code,
            system_id=system,
        )
    if fmt is ReviewFormat.json:
        text = report.to_json(result)
        _emit_json(text, out, "review.written")
        return
    if fmt is ReviewFormat.xlsx:
        from govcost.reports.review_xlsx import write_review_xlsx

        assert out is not None
        with _writing(out):
            write_review_xlsx(out, result, municipality=code, system_id=system)
        _console().print(t("review.written", path=out), highlight=False)
    else:
        _print_review(result)
    _print_review_total(result)


@contextmanager
def _writing(out: Path) -> Iterator[None]:
    """An output file that cannot be written (no such folder, open in Excel) as a clear error."""
    from xlsxwriter.exceptions import XlsxWriterException

    try:
        yield
    except (OSError, XlsxWriterException) as exc:
        raise ExportError("review.write_failed", file=str(out), found=str(exc)[:200]) from exc


def _emit_json(text: str, out: Path | None, written: str) -> None:
    """JSON to the file asked for (saying where it went), else to standard output."""
    if out is None:
        sys.stdout.write(text)
        return
    with _writing(out):
        out.write_text(text, encoding="utf-8")
    _console().print(t(written, path=out), highlight=False)


def _print_checks() -> None:
    from govcost.review.base import CHECKS

    table = Table(title=t("review.checks_title"))
    for key in ("check_id", "check", "checklist_ref"):
        table.add_column(t(f"review.col.{key}"), overflow="fold")
    for cls in CHECKS:
        table.add_row(cls.key, cls.title, cls.checklist_ref)
    _console().print(table)


def _print_review(result: ReviewResult) -> None:
    from govcost.review import report

    console = _console()
    if not result.findings:
        console.print(t("review.none"))
        return
    styles = {"ng": "bold red", "warn": "yellow", "ok": "green"}
    if console.width < WIDE_TABLE:
        console.print(f"[bold]{t('review.title')}: {escape(result.estimate.name)}")
        for n, f in enumerate(result.findings, start=1):
            amount = f"  {format_yen(f.amount_jpy)}" if f.amount_jpy is not None else ""
            console.print(
                f"[bold]{n}. [{styles[f.status]}]{t(f'status.{f.status}')}[/] "
                f"{escape(report.check_title(f.check))}[/]  {escape(report.where(f))}\n"
                f"   {escape(f.item)}{amount}\n"
                f"   {escape(f.message)}",
                highlight=False,
            )
        return
    table = Table(title=f"{t('review.title')}: {escape(result.estimate.name)}", show_lines=True)
    table.add_column(t("review.col.status"))
    table.add_column(t("review.col.check"))
    table.add_column(t("review.col.where"), overflow="fold")
    table.add_column(t("review.col.item"), overflow="fold")
    table.add_column(t("review.col.amount"), justify="right")
    table.add_column(t("review.col.message"), ratio=1, min_width=40, overflow="fold")
    for f in result.findings:
        table.add_row(
            f"[{styles[f.status]}]{t(f'status.{f.status}')}[/]",
            escape(report.check_title(f.check)),
            escape(report.where(f)),
            escape(f.item),
            format_yen(f.amount_jpy) if f.amount_jpy is not None else "",
            escape(f.message),
        )
    console.print(table)


def _print_review_total(result: ReviewResult) -> None:
    from govcost.review import report

    console = _console()
    console.print(t("review.total", saving=format_yen(result.possible_saving_jpy)), highlight=False)
    n = report.counts(result)
    console.print(t("review.counts", ng=n["ng"], warn=n["warn"], ok=n["ok"]), highlight=False)


class AllocateFormat(StrEnum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


#: The rules file `govcost allocate` reads when --rules is not given.
DEFAULT_RULES = Path("allocation.yaml")


@app.command("allocate")
def allocate_command(
    rules: Annotated[
        Path | None,
        typer.Option("--rules", help="按分ルール (YAML、docs/allocation.md。既定: ./allocation.yaml)"),
    ] = None,
    populations: Annotated[
        Path | None,
        typer.Option("--populations", help="人口 CSV municipality_code,population (既定: 同梱の人口)"),
    ] = None,
    municipality: Annotated[
        str | None, typer.Option("--municipality", help="団体コード (6桁): その団体の按分明細だけを示す")
    ] = None,
    month: Annotated[str | None, typer.Option("--month", help="対象月 YYYY-MM (既定: すべての月)")] = None,
    fmt: Annotated[AllocateFormat, typer.Option("--format", help="出力形式")] = AllocateFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help="出力ファイル (xlsx では必須)")] = None,
    compare: Annotated[
        bool, typer.Option("--compare", help="按分方式ごとに各団体の負担額がどう変わるかを示す")
    ] = False,
) -> None:
    """共同利用システムの費用を按分ルールで構成団体に按分し、按分明細書を作る。"""
    from govcost.allocate import report
    from govcost.jp.codes import validate_code

    path = rules or DEFAULT_RULES
    if rules is None and not path.is_file():
        raise UsageError("allocation.rules_required")
    code = validate_code(municipality) if municipality is not None else None
    first = _month(month)
    if fmt is AllocateFormat.xlsx and out is None:
        raise UsageError("ledger.out_required")
    with engine() as eng:
        result = eng.allocate(
            path,
            populations=populations,
            municipality=code,
            month=first,
            compare=compare or fmt is not AllocateFormat.table,
        )
        totals = report.municipality_totals(eng, result)
    if fmt is AllocateFormat.json:
        text = report.to_json(result, totals)
        _emit_json(text, out, "allocation.written")
        return
    if fmt is AllocateFormat.xlsx:
        from govcost.reports.allocation_xlsx import write_allocation_xlsx

        assert out is not None
        with _writing(out):
            write_allocation_xlsx(out, result, totals=totals)
        _console().print(t("allocation.written", path=out), highlight=False)
    else:
        _print_allocation(result, totals, compare)
    for warning in result.warnings:
        _console().print(f"[yellow]{escape(warning)}", highlight=False)


def _print_allocation(result: AllocationResult, totals: list[MunicipalityTotal], compare: bool) -> None:
    from govcost.allocate import report
    from govcost.allocate.rules import method_label
    from govcost.jp.codes import municipality_name

    console = _console()
    if not result.rule_months:
        console.print(t("allocation.none"))
        return
    months = result.months
    period = f"{months[0]:%Y-%m}" + (f" – {months[-1]:%Y-%m}" if len(months) > 1 else "")
    _print_allocation_rules(result, t("allocation.title", period=period, rules=result.rules.source))
    own = result.municipality
    table = Table(title=t("allocation.members_title"))
    for key, right in (
        ("rule", False),
        ("municipality", False),
        ("municipality_name", False),
        ("keys", False),
        ("ratio", True),
        ("share", True),
    ):
        label = t(f"label.{key}") if key.startswith("municipality") else t(f"allocation.col.{key}")
        table.add_column(label, justify="right" if right else "left")
    for line in report.rule_lines(result):
        members = report.member_lines(result, line.rule.id)
        for m in members:
            if own is not None and m.municipality_code != own:
                continue
            table.add_row(
                line.rule.id,
                m.municipality_code,
                municipality_name(m.municipality_code) or "",
                report.keys_text(m.keys),
                report.percent(m.ratio),
                format_yen(m.share_jpy),
            )
        if own is not None:
            others = line.total_yen - result.total_of(own, line.rule.id)
            table.add_row(line.rule.id, "", t("allocation.others"), "", "", format_yen(others))
    console.print(table)
    if compare:
        methods = report.methods_compared(result)
        cmp = Table(title=t("allocation.compare_title"))
        cmp.add_column(t("allocation.col.rule"))
        cmp.add_column(t("label.municipality"))
        cmp.add_column(t("label.municipality_name"))
        cmp.add_column(t("allocation.col.current"), justify="right")
        for method in methods:
            cmp.add_column(method_label(method), justify="right")
        for e in result.effects:
            if own is not None and e.municipality_code != own:
                continue
            cells = []
            for method in methods:
                diff = e.difference(method)
                sign = "+" if diff is not None and diff > 0 else ""
                cells.append(
                    "" if diff is None else f"{format_yen(e.by_method[method])}\n({sign}{format_yen(diff)})"
                )
            cmp.add_row(
                e.rule_id,
                e.municipality_code,
                municipality_name(e.municipality_code) or "",
                format_yen(e.current_jpy),
                *cells,
            )
        console.print(cmp)
        console.print(t("allocation.compare_note"), highlight=False)
    if totals:
        by = Table(title=t("allocation.municipalities_title"))
        by.add_column(t("label.municipality"))
        by.add_column(t("label.municipality_name"))
        for key in ("ledger", "allocated", "difference"):
            by.add_column(t(f"allocation.col.{key}"), justify="right")
        for mt in totals:
            code = mt.municipality_code or ""
            by.add_row(
                code or t("label.unassigned"),
                municipality_name(code) or "",
                format_yen(mt.ledger_jpy),
                format_yen(mt.allocated_jpy),
                format_yen(mt.difference_jpy),
            )
        console.print(by)


def _print_allocation_rules(result: AllocationResult, title: str) -> None:
    """Per rule: its system, method, members and shared total over the period."""
    from govcost.allocate import report

    table = Table(title=title)
    for key, right in (("rule", False), ("system", False), ("method", False), ("members", True)):
        table.add_column(t(f"allocation.col.{key}"), justify="right" if right else "left")
    table.add_column(t("allocation.col.months"), justify="right")
    table.add_column(t("allocation.col.total"), justify="right")
    lines = report.rule_lines(result)
    for line in lines:
        table.add_row(
            line.rule.id,
            line.rule.system_id,
            line.method,
            str(len(line.rule.members)),
            str(line.months),
            format_yen(line.total_yen),
        )
    total = sum((ln.total_yen for ln in lines), Decimal(0))
    table.add_row(t("label.total"), "", "", "", "", format_yen(total))
    _console().print(table)


class KpiFormat(StrEnum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


@app.command("kpi")
def kpi_command(
    municipality: Annotated[
        str | None, typer.Option("--municipality", help="団体コード (6桁) で絞り込む")
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline", help="移行前の運用経費 CSV municipality_code,fiscal_year,operating_cost_jpy[,note]"
        ),
    ] = None,
    budget: Annotated[
        Path | None,
        typer.Option(
            "--budget", help="予算 CSV municipality_code,fiscal_year,month,budget_jpy[,cost_source]"
        ),
    ] = None,
    populations: Annotated[
        Path | None,
        typer.Option("--populations", help="人口 CSV municipality_code,population (既定: 同梱の人口)"),
    ] = None,
    fiscal_year: Annotated[
        int | None, typer.Option("--fiscal-year", help="年度 (開始年、例: 2025。既定: docs/kpi.md)")
    ] = None,
    anomaly_k: Annotated[
        str, typer.Option("--anomaly-k", help="異常判定の k (中央値 + k × MAD、既定 3)")
    ] = "3",
    fmt: Annotated[KpiFormat, typer.Option("--format", help="出力形式")] = KpiFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help="出力ファイル (xlsx では必須)")] = None,
) -> None:
    """目標 (KGI・KPI) の進捗: 移行前後の倍率、クラウド前年度比、一人当たり費用、年度の月別・見込み、異常。"""
    from decimal import InvalidOperation

    from govcost.allocate.kpi import AnomalyRule
    from govcost.allocate.kpi import report as kpi_report
    from govcost.allocate.kpi.console import print_kpi

    try:
        k = Decimal(anomaly_k)
    except InvalidOperation:
        k = Decimal(-1)
    if not k.is_finite() or k <= 0:
        raise UsageError("kpi.bad_k", expected="> 0", found=anomaly_k)
    if fmt is KpiFormat.xlsx and out is None:
        raise UsageError("ledger.out_required")
    from govcost.jp.codes import validate_code

    code = validate_code(municipality) if municipality is not None else None
    with engine() as eng:
        result = eng.kpi(
            municipality=code,
            baseline=baseline,
            budget=budget,
            populations=populations,
            fiscal_year=fiscal_year,
            rule=AnomalyRule(k=k),
        )
    if fmt is KpiFormat.json:
        text = kpi_report.to_json(result)
        _emit_json(text, out, "kpi.written")
        return
    if fmt is KpiFormat.xlsx:
        from govcost.reports.kpi_xlsx import write_kpi_xlsx

        assert out is not None
        with _writing(out):
            write_kpi_xlsx(out, result)
        _console().print(t("kpi.written", path=out), highlight=False)
        return
    print_kpi(_console(), result)


class ScenarioFormat(StrEnum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


@app.command("scenario")
def scenario_command(
    file: Annotated[
        Path | None, typer.Argument(metavar="FILE.yaml", help="シナリオファイル (YAML、docs/scenarios.md)")
    ] = None,
    municipality: Annotated[
        str | None, typer.Option("--municipality", help="団体コード (6桁) の結果だけを示す")
    ] = None,
    fmt: Annotated[ScenarioFormat, typer.Option("--format", help="出力形式")] = ScenarioFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help="出力ファイル (xlsx では必須)")] = None,
    list_kinds: Annotated[bool, typer.Option("--list-kinds", help="シナリオの種類の一覧を表示する")] = False,
) -> None:
    """シナリオ (割引・共同調達・集約・為替・最適化) を台帳に当てはめ、費用の変化と目標との関係を示す。"""
    from govcost.allocate.scenario_console import print_kinds, print_scenario
    from govcost.allocate.scenario_report import to_json
    from govcost.jp.codes import validate_code

    if list_kinds:
        print_kinds(_console())
        return
    if file is None:
        raise UsageError("scenario.file_required")
    code = validate_code(municipality) if municipality is not None else None
    if fmt is ScenarioFormat.xlsx and out is None:
        raise UsageError("ledger.out_required")
    with engine() as eng:
        result = eng.scenario(file, municipality=code)
    if fmt is ScenarioFormat.json:
        text = to_json(result)
        _emit_json(text, out, "scenario.written")
        return
    if fmt is ScenarioFormat.xlsx:
        from govcost.reports.scenario_xlsx import write_scenario_xlsx

        assert out is not None
        with _writing(out):
            write_scenario_xlsx(out, result)
        _console().print(t("scenario.written", path=out), highlight=False)
    print_scenario(_console(), result)


@app.command()
def imports() -> None:
    """取込履歴を表示する。"""
    with engine() as eng:
        records = eng.imports()
    table = Table(title=t("imports.title"))
    for key in ("imported_at", "import_id", "file", "format", "status", "rows_stored", "sha256"):
        table.add_column(t(f"label.{key}"))
    for r in records:
        status = {"active": t("label.active"), "superseded": t("label.superseded")}.get(
            r.status, t("import.status.loaded")
        )
        table.add_row(
            f"{r.imported_at:%Y-%m-%d %H:%M:%S}",
            r.import_id,
            r.file_name,
            r.format,
            status,
            str(r.rows_stored),
            r.sha256[:16],
        )
    _console().print(table)


export_app = typer.Typer(no_args_is_help=True, help="台帳を標準形式で書き出す")
app.add_typer(export_app, name="export")


@export_app.command("focus")
def export_focus(
    out: Annotated[Path, typer.Option("--out", help="出力先ディレクトリ")],
) -> None:
    """クラウド費用を FOCUS 1.2 の Parquet で書き出す。"""
    with engine() as eng:
        report = eng.export_focus(out)
    table = Table(title=t("export.title"))
    for key in ("output", "rows", "currency", "billed_cost"):
        table.add_column(t(f"label.{key}"), justify="right" if key in ("rows", "billed_cost") else "left")
    file = str(report.files[0]) if report.files else ""
    totals = [(c, str(v.normalize())) for c, v in sorted(report.totals.items())]
    for currency, total in totals or [("", "")]:
        table.add_row(file, str(report.rows), currency, total)
    console = _console()
    console.print(table)
    if not report.rows:
        console.print(f"[yellow]{t('export.empty')}")
    for rule, rows in sorted(report.gaps.items()):
        console.print(f"[yellow]{t('export.gap', rule=rule, rows=rows)}", highlight=False)


@app.command()
def demo(
    municipalities: Annotated[
        int | None, typer.Option("--municipalities", help="団体数 (最大24: 特別区23区と八王子市。既定: 24)")
    ] = None,
    months: Annotated[
        int | None, typer.Option("--months", help="月数 (年度の4月から。既定: 12、--national では 1)")
    ] = None,
    scale: Annotated[
        float | None,
        typer.Option("--scale", help="システム・リソースの倍率 (既定: 1、--national では 0.25 = 住記系のみ)"),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="乱数の種 (同じ種なら同じファイル)")] = 42,
    fiscal_year: Annotated[int, typer.Option("--fiscal-year", help="年度 (開始年)")] = 2025,
    out: Annotated[Path, typer.Option("--out", help="生成先ディレクトリ")] = Path("demo-data"),
    no_serve: Annotated[bool, typer.Option("--no-serve", help="ダッシュボードを起動しない")] = False,
    national: Annotated[
        bool,
        typer.Option(
            "--national", help="全国 1,788 団体 (47 都道府県と 1,741 市区町村、一部は架空) の規模で生成する"
        ),
    ] = False,
) -> None:
    """サンプルデータを生成して台帳に取り込み、集計を表示する。"""
    from govcost.demo import run_demo
    from govcost.demo.generate import DEFAULT_SIZE, NATIONAL_DEFAULT_SIZE

    default_months, default_scale = NATIONAL_DEFAULT_SIZE if national else DEFAULT_SIZE
    with (
        engine() as eng,
        _progress_bar() as bar,
    ):
        task = bar.add_task(t("label.progress.generate"), total=1.0, stage="")

        def progress(phase: str, label: str, done: int, total: int) -> None:
            bar.update(task, description=t(f"label.progress.{phase}"), completed=done / total, stage=label)

        result = run_demo(
            eng,
            out,
            municipalities=municipalities,
            months=months if months is not None else default_months,
            scale=scale if scale is not None else default_scale,
            seed=seed,
            fiscal_year=fiscal_year,
            progress=progress,
            national=national,
        )
        ledger_path = eng.ledger.path
    m = result.manifest
    console = _console()
    console.print(
        t(
            "demo.generated",
            out=m.out_dir,
            municipalities=len(m.municipalities),
            systems=m.systems,
            accounts=m.cloud_accounts,
            instances=m.instances,
            cost_rows=f"{m.rows['aws'] + m.rows['azure'] + m.rows['cost_lines']:,}",
            metric_rows=f"{m.rows['metrics']:,}",
        )
    )
    unchanged = sum(r.status == "unchanged" for r in result.reports)
    console.print(
        t(
            "demo.imported",
            files=len(result.reports),
            ledger=ledger_path,
            imported=len(result.reports) - unchanged,
            unchanged=unchanged,
        )
    )
    summary(by=["fiscal_year", "cost_source"])
    if m.national:
        console.print(
            t(
                "demo.national_summary",
                municipalities=f"{len(m.municipalities):,}",
                list=m.out_dir / (m.municipality_list or ""),
            ),
            highlight=False,
        )
    else:
        summary(by=["municipality"])
    console.print(
        t(
            "demo.metrics_imported",
            files=len(m.metrics_files),
            rows=f"{m.rows['metrics']:,}",
            path=m.out_dir / "metrics",
        )
    )
    demo_settings = m.out_dir / "optimize.yaml"
    _demo_optimize(demo_settings if demo_settings.is_file() else None)
    _demo_kpi(m.out_dir / m.baseline, m.out_dir / m.budget)
    if m.allocation is not None and m.allocation.is_file():
        _demo_allocate(m.allocation, limit=NATIONAL_ROWS_SHOWN if m.national else None)
    _demo_scenarios([m.out_dir / f for f in m.scenario_files])
    if not no_serve:
        _demo_serve(
            _demo_user_codes(m),
            settings=demo_settings if demo_settings.is_file() else None,
            allocation=m.allocation if m.allocation is not None and m.allocation.is_file() else None,
            baseline=_if_file(m.out_dir / m.baseline),
            budget=_if_file(m.out_dir / m.budget),
        )


def _demo_user_codes(manifest: DemoManifest) -> list[str]:
    """The municipalities that get a demo user: all of them, or nationally the designated cities and
    the wards (a password hash each: 1,741 would keep the dashboard waiting for minutes)."""
    if not manifest.national:
        return manifest.municipalities
    from govcost.demo.national import DESIGNATED, WARD, national_municipalities

    return [m.code for m in national_municipalities(manifest.seed) if m.kind in (DESIGNATED, WARD)]


def _if_file(path: Path) -> Path | None:
    return path if path.is_file() else None


def _demo_serve(
    codes: list[str],
    settings: Path | None = None,
    allocation: Path | None = None,
    baseline: Path | None = None,
    budget: Path | None = None,
) -> None:
    """Demo users (one per municipality, a group administrator, an administrator), then the dashboard."""
    from govcost.demo.users import DEMO_PASSWORD, ensure_demo_users

    with engine() as eng:
        users = ensure_demo_users(eng.ledger, codes)
    console = _console()
    table = Table(
        t("demo.login.user"), t("demo.login.role"), t("demo.login.scope"), title=t("demo.login.title")
    )
    for u in users:
        shown = [u for u in users if u.role != "municipal"] + [u for u in users if u.role == "municipal"][:3]
        if u in shown:
            table.add_row(u.username, u.role, ", ".join(u.municipalities) or t("demo.login.all"))
    console.print(table)
    console.print(t("demo.login.how", password=DEMO_PASSWORD, first=f"u{codes[0]}" if codes else "admin"))
    serve(settings=settings, allocation=allocation, baseline=baseline, budget=budget)


def _demo_kpi(baseline: Path, budget: Path) -> None:
    """Before and after migration on the demo ledger: both group ratios against the targets."""
    from govcost.allocate.kpi.console import print_demo_lines

    with engine() as eng:
        result = eng.kpi(
            baseline=baseline if baseline.is_file() else None, budget=budget if budget.is_file() else None
        )
    print_demo_lines(_console(), result)


def _demo_optimize(settings: Path | None) -> None:
    """The optimisation of the demo ledger, short: per rule its findings and combined saving."""
    from govcost.optimize import report

    with engine() as eng:
        result = eng.optimize(settings=settings)
    console = _console()
    console.print(
        t("demo.optimize", month=f"{result.month:%Y-%m}", settings=settings or "-"), highlight=False
    )
    table = Table()
    table.add_column(t("optimize.col.rule"))
    table.add_column(t("optimize.col.rule_id"))
    table.add_column(t("optimize.col.findings"), justify="right")
    table.add_column(t("optimize.col.combined_monthly"), justify="right")
    for b in report.by_rule(result):
        table.add_row(report.rule_info(str(b.key)).title, b.key, str(b.findings), format_yen(b.combined_jpy))
    console.print(table)
    _print_total(result)


#: Jointly used systems the national demo lists (it has hundreds; the total covers them all).
NATIONAL_ROWS_SHOWN = 10


def _demo_allocate(rules: Path, limit: int | None = None) -> None:
    """The allocation of the demo's jointly used systems, short: per system its total, members and
    method (the first ``limit`` systems when given)."""
    from govcost.allocate import report
    from govcost.jp.codes import municipality_name

    with engine() as eng:
        result = eng.allocate(rules, compare=False)
    console = _console()
    console.print(t("demo.allocation", rules=rules), highlight=False)
    table = Table()
    for key in ("system", "method"):
        table.add_column(t(f"allocation.col.{key}"))
    table.add_column(t("allocation.col.members_names"), overflow="fold")
    table.add_column(t("allocation.col.total"), justify="right")
    lines = report.rule_lines(result)
    for line in lines[:limit]:
        names = "・".join(municipality_name(c) or c for c in line.rule.members)
        table.add_row(line.rule.system_id, line.method, names, format_yen(line.total_yen))
    if limit is not None and len(lines) > limit:
        table.add_row("…", "", t("demo.allocation.more", n=f"{len(lines) - limit:,}"), "")
    table.add_row(t("label.total"), "", "", format_yen(sum((ln.total_yen for ln in lines), Decimal(0))))
    console.print(table)


def _demo_scenarios(files: list[Path]) -> None:
    """The demo's scenario files, one line each: the costs the scenario works on, now → under it, the
    difference, and the change of the whole ledger."""
    from govcost.allocate.scenario_console import print_demo_lines

    with engine() as eng:
        results = [(f, eng.scenario(f)) for f in files if f.is_file()]
    print_demo_lines(_console(), results)


users_app = typer.Typer(no_args_is_help=True, help="ダッシュボードの利用者 (追加・一覧・削除)")
app.add_typer(users_app, name="users")


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="ユーザー名")],
    role: Annotated[str, typer.Option("--role", help="municipal / group_admin / admin")] = "municipal",
    municipality: Annotated[
        list[str] | None, typer.Option("--municipality", help="閲覧できる団体コード (複数可)")
    ] = None,
    name: Annotated[str, typer.Option("--name", help="表示名")] = "",
    password: Annotated[
        str,
        typer.Option("--password", prompt=True, hide_input=True, confirmation_prompt=True, help="パスワード"),
    ] = "",
) -> None:
    """利用者を追加します (パスワードは argon2 でハッシュ化して台帳に保存)。"""
    from govcost.web.users import Users

    with engine() as eng:
        user = Users(eng.ledger).add(username, password, role, municipality or [], name)
    _console().print(t("users.added", username=user.username, role=user.role))


@users_app.command("list")
def users_list() -> None:
    """利用者の一覧。"""
    from govcost.web.users import Users

    with engine() as eng:
        users = Users(eng.ledger).list()
    table = Table("username", "role", "municipalities", "name")
    for u in users:
        table.add_row(u.username, u.role, ", ".join(u.municipalities), u.display_name)
    _console().print(table)


@users_app.command("remove")
def users_remove(username: Annotated[str, typer.Argument(help="ユーザー名")]) -> None:
    """利用者を削除します。"""
    from govcost.web.users import Users

    with engine() as eng:
        Users(eng.ledger).remove(username)
    _console().print(t("users.removed", username=username))


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="待ち受けるアドレス")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="ポート")] = 8000,
    secure_cookies: Annotated[
        bool, typer.Option("--secure-cookies", help="HTTPS の背後で動かすとき")
    ] = False,
    settings: Annotated[
        Path | None, typer.Option("--settings", help="最適化の設定ファイル (YAML、docs/optimize.md)")
    ] = None,
    allocation: Annotated[
        Path | None, typer.Option("--allocation", help="按分ルール (YAML、docs/allocation.md)")
    ] = None,
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="移行前の運用経費 CSV (docs/kpi.md)")
    ] = None,
    budget: Annotated[Path | None, typer.Option("--budget", help="月別の予算 CSV (docs/kpi.md)")] = None,
    populations: Annotated[
        Path | None, typer.Option("--populations", help="人口 CSV municipality_code,population")
    ] = None,
) -> None:
    """ダッシュボードと REST API を起動します (外部のネットワークは使いません)。"""
    import uvicorn

    from govcost.ledger.store import default_ledger_dir
    from govcost.web.app import create_app

    web = create_app(
        State.ledger or default_ledger_dir(),
        secure_cookies=secure_cookies,
        settings=settings,
        allocation=allocation,
        baseline=baseline,
        budget=budget,
        populations=populations,
        engine=State.engine,
        spark_master=State.spark_master,
    )
    _console().print(t("web.serving", host=host, port=port))
    uvicorn.run(web, host=host, port=port, log_level="warning")


def main() -> None:
    try:
        app()
    except GovcostError as exc:
        _console(stderr=True).print(
            f"[bold red]{t('frame.error')}:[/] {exc.render()}", highlight=False, soft_wrap=True
        )
        sys.exit(2)


if __name__ == "__main__":
    main()
