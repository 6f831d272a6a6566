"""The ``govcost`` command: a thin layer over :class:`govcost.engine.Engine`.

Errors are turned into text in one place, :func:`main`, in the user's language.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from govcost.engine import Engine
from govcost.errors import GovcostError, UsageError
from govcost.jp.money import format_yen
from govcost.messages import set_language, t

app = typer.Typer(
    no_args_is_help=True, add_completion=False, help="govcost: 自治体のクラウド費用台帳 (FinOps)"
)


def _console(stderr: bool = False) -> Console:
    """A console per call, so the width (and COLUMNS) is read when output is written."""
    return Console(stderr=stderr)


class State:
    ledger: Path | None = None


def engine() -> Engine:
    return Engine(State.ledger)


@app.callback()
def _global(
    ledger: Annotated[
        Path | None,
        typer.Option("--ledger", help="台帳ディレクトリ (既定: ./.govcost, 環境変数 GOVCOST_LEDGER)"),
    ] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="表示言語 ja / en")] = None,
) -> None:
    State.ledger = ledger
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
        int, typer.Option("--municipalities", help="団体数 (最大24: 特別区23区と八王子市)")
    ] = 24,
    months: Annotated[int, typer.Option("--months", help="月数 (年度の4月から)")] = 12,
    scale: Annotated[float, typer.Option("--scale", help="システム・リソースの倍率")] = 1.0,
    seed: Annotated[int, typer.Option("--seed", help="乱数の種 (同じ種なら同じファイル)")] = 42,
    fiscal_year: Annotated[int, typer.Option("--fiscal-year", help="年度 (開始年)")] = 2025,
    out: Annotated[Path, typer.Option("--out", help="生成先ディレクトリ")] = Path("demo-data"),
    no_serve: Annotated[bool, typer.Option("--no-serve", help="ダッシュボードを起動しない")] = False,
) -> None:
    """サンプルデータを生成して台帳に取り込み、集計を表示する。"""
    from govcost.demo import run_demo

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
            months=months,
            scale=scale,
            seed=seed,
            fiscal_year=fiscal_year,
            progress=progress,
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
    summary(by=["municipality"])
    console.print(t("demo.metrics_left", files=len(m.metrics_files), path=m.out_dir / "metrics"))
    if not no_serve:
        console.print(t("demo.no_dashboard"))


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
