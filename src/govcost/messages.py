"""The one message catalogue: every user-facing text, Japanese first, English beside it.

Code refers to messages by key; the language is chosen once (``GOVCOST_LANG`` or the CLI's
``--lang``), so no English or Japanese string is scattered through the engine.
"""

from __future__ import annotations

import os
from typing import Any

CATALOGUE: dict[str, tuple[str, str]] = {
    # --- locations and framing -------------------------------------------------------------
    "where.file": ("ファイル {file}", "file {file}"),
    "where.row": ("{row} 行目", "row {row}"),
    "where.column": ("列「{column}」", "column '{column}'"),
    "where.sheet": ("シート「{sheet}」", "sheet '{sheet}'"),
    "frame.expected": ("期待: {expected}", "expected: {expected}"),
    "frame.found": ("実際: {found}", "found: {found}"),
    "frame.fix": ("対処: {fix}", "fix: {fix}"),
    "frame.error": ("エラー", "Error"),
    # --- generic input problems ------------------------------------------------------------
    "input.not_found": ("ファイルが見つかりません", "file not found"),
    "input.unknown_format": (
        "ファイル形式を判別できません(見出し行が既知の形式と一致しません)",
        "cannot tell the file's format (its header matches no known format)",
    ),
    "input.unknown_format.fix": (
        "FOCUS、AWS CUR、費用明細テンプレート、アカウント対応表、為替レート表のいずれかを指定してください",
        "give a FOCUS export, an AWS CUR, a cost-line template, an account map or an FX rate table",
    ),
    "input.empty": ("データ行がありません", "the file has no data rows"),
    "input.truncated": (
        "ファイルが途中で切れているか壊れています",
        "the file is truncated or corrupt",
    ),
    "input.truncated.fix": (
        "エクスポートをやり直すか、ダウンロードし直してください",
        "export or download the file again",
    ),
    "input.encoding": (
        "文字コードを判別できません",
        "cannot decode the file's text",
    ),
    "input.encoding.fix": (
        "UTF-8、BOM付きUTF-8、CP932(Shift_JIS)のいずれかで保存してください",
        "save it as UTF-8, UTF-8 with BOM or CP932 (Shift_JIS)",
    ),
    "input.delimiter": (
        "区切り文字がカンマではありません",
        "the delimiter is not a comma",
    ),
    "input.delimiter.fix": (
        "カンマ区切り(CSV)で保存し直してください",
        "save the file again as comma-separated values",
    ),
    "input.missing_columns": (
        "必須の列がありません: {columns}",
        "mandatory columns are missing: {columns}",
    ),
    "input.missing_columns.fix": (
        "エクスポートの設定で列を含めるか、テンプレートの見出しを確認してください",
        "include the columns in the export, or check the template's headers",
    ),
    "input.bad_decimal": ("数値ではありません", "not a number"),
    "input.too_precise": (
        "小数点以下の桁数が多すぎます(最大 {scale} 桁)",
        "too many decimal places (at most {scale})",
    ),
    "input.bad_timestamp": ("日時として読めません", "not a date-time"),
    "input.bad_month": ("年月として読めません(YYYY-MM)", "not a month (YYYY-MM)"),
    "input.null_mandatory": ("必須の値が空です", "a mandatory value is empty"),
    "input.bad_value": ("使用できない値です", "a value that is not allowed"),
    "input.outside_period": (
        "請求期間の外の日時です",
        "a date outside the billing period",
    ),
    "input.bad_municipality_code": (
        "団体コードが正しくありません",
        "not a valid local government code",
    ),
    "input.bad_municipality_code.fix": (
        "全国地方公共団体コード(6桁、検査数字付き)を入力してください",
        "give the 6-digit local government code with its check digit",
    ),
    "input.duplicate_key": (
        "同じキーの行が重複しています(最初の出現: {first_row} 行目)",
        "a duplicate of the row with the same key (first seen at row {first_row})",
    ),
    "input.mixed_currency": (
        "1つのファイルに複数の通貨が混在しています: {currencies}",
        "several currencies in one file: {currencies}",
    ),
    "input.xlsx_unreadable": ("Excelファイルとして読めません", "cannot read it as an Excel workbook"),
    # --- FX --------------------------------------------------------------------------------
    "fx.missing_rate": (
        "為替レートがありません: 通貨 {currency}、対象月 {months}",
        "no exchange rate for currency {currency} in months {months}",
    ),
    "fx.missing_rate.fix": (
        "--fx で month,currency,jpy_per_unit の為替レート表を指定してください",
        "give a rate table (month,currency,jpy_per_unit) with --fx",
    ),
    "fx.nonpositive": ("為替レートは正の数でなければなりません", "a rate must be positive"),
    # --- reconciliation --------------------------------------------------------------------
    "reconcile.mismatch": (
        "突合不一致: 通貨 {currency} の元ファイル合計 {source} と台帳合計 {ledger} が一致しません",
        "reconciliation failed: for {currency} the source total {source} and the ledger total "
        "{ledger} differ",
    ),
    "reconcile.rows": (
        "突合不一致: 読込 {read} 行に対し格納 {stored} 行",
        "reconciliation failed: {read} rows read but {stored} rows stored",
    ),
    # --- ledger ----------------------------------------------------------------------------
    "ledger.locked": (
        "台帳は別の処理が使用中です: {path}",
        "the ledger is in use by another process: {path}",
    ),
    "ledger.key_collision": (
        "内部キーが衝突しました。もう一度取り込んでください",
        "an internal key collided; import the file again",
    ),
    "ledger.unknown_grouping": ("集計の軸として使えません: {name}", "not a grouping: {name}"),
    "ledger.unknown_grouping.fix": ("使える軸: {allowed}", "allowed: {allowed}"),
    "ledger.unknown_format": ("出力形式が不明です: {name}", "unknown output format: {name}"),
    "ledger.out_required": ("--out で出力先を指定してください", "give the output file with --out"),
    # --- FOCUS export ----------------------------------------------------------------------
    "export.title": ("FOCUS 1.2 エクスポート", "FOCUS 1.2 export"),
    "export.empty": (
        "クラウド費用の行がありません(列だけの空のファイルを書き出しました)",
        "no cloud cost rows (an empty file with every column was written)",
    ),
    "export.gap": (
        "元データのままでは FOCUS 1.2 の要件 {rule} を満たさない行: {rows} 行"
        "(元データにない値は補っていません)",
        "{rows} rows do not meet FOCUS 1.2 requirement {rule} as the source gives them "
        "(values the source lacks are not made up)",
    ),
    "export.null": (
        "FOCUS 1.2 で空にできない列が空の行が {rows} 行あり、補う規則もありません",
        "{rows} rows have no value in a column FOCUS 1.2 does not allow to be null, and no rule can fill it",
    ),
    "export.null.fix": (
        "元ファイルの該当列を確認し、値のあるエクスポートを取り込み直してください",
        "check that column in the source file and import an export that has the value",
    ),
    "export.allowed": (
        "FOCUS 1.2 で使えない値の行が {rows} 行あります",
        "{rows} rows have a value that FOCUS 1.2 does not allow",
    ),
    "export.write_failed": ("FOCUS ファイルを書き出せません", "cannot write the FOCUS file"),
    "export.write_failed.fix": (
        "出力先ディレクトリに書き込めるか、空き容量があるか確認してください",
        "check that the output directory is writable and has free space",
    ),
    # --- import outcomes (report lines) ----------------------------------------------------
    "import.status.imported": ("取込済", "imported"),
    "import.status.unchanged": ("変更なし(取込済みの同一ファイル)", "unchanged (same file already imported)"),
    "import.status.replaced": (
        "置換(同じ請求期間の旧取込を置換)",
        "replaced an older import of the same period",
    ),
    "import.status.loaded": ("読込済", "loaded"),
    "import.unassigned": (
        "未割当の行が {rows} 行あります(金額 {amount})。アカウント対応表かタグで団体を指定してください",
        "{rows} rows are unassigned (amount {amount}); give their municipality in the account map or tags",
    ),
    # --- demo ------------------------------------------------------------------------------
    "demo.bad_municipalities": (
        "サンプルの団体数は 1〜{available} です(指定: {requested})",
        "the demo has 1 to {available} municipalities (asked for {requested})",
    ),
    "demo.bad_municipalities.fix": (
        "--municipalities に {available} 以下を指定してください(特別区23区と八王子市)",
        "give --municipalities {available} or fewer (the 23 special wards and Hachioji)",
    ),
    "demo.bad_months": (
        "--months は 1〜{max} で指定してください(指定: {requested})",
        "--months must be 1 to {max} (asked for {requested})",
    ),
    "demo.bad_scale": (
        "--scale は正の数で指定してください(指定: {requested})",
        "--scale must be a positive number (asked for {requested})",
    ),
    "demo.generated": (
        "サンプルデータを {out} に生成しました: {municipalities} 団体、{systems} システム、"
        "{accounts} アカウント、EC2 {instances} 台、費用 {cost_rows} 行、メトリクス {metric_rows} 行",
        "sample data written to {out}: {municipalities} municipalities, {systems} systems, "
        "{accounts} accounts, {instances} EC2 instances, {cost_rows} cost rows, {metric_rows} metric rows",
    ),
    "demo.imported": (
        "{files} ファイルを台帳 {ledger} に取り込みました(取込・置換 {imported}、変更なし {unchanged})",
        "{files} files imported into the ledger {ledger} "
        "({imported} imported or replaced, {unchanged} unchanged)",
    ),
    "demo.metrics_left": (
        "稼働率メトリクス {files} ファイルは {path} にあります(メトリクスの取込はまだありません)",
        "the {files} utilisation metric files are in {path} (metrics are not imported yet)",
    ),
    "demo.no_dashboard": (
        "ダッシュボードはまだ利用できません。集計は上の表と govcost summary で確認できます",
        "the dashboard is not available yet; see the tables above and govcost summary",
    ),
    "label.progress.generate": ("サンプルデータ生成中", "generating sample data"),
    "import.same_period_other_format": (
        "同じ請求アカウント・請求月のデータが別の形式で取込済みです (取込 {imports})。"
        "二重計上になっていないか確認してください",
        "the same billing account and month was already imported in another format (imports {imports}); "
        "check that it is not counted twice",
    ),
    # --- labels ----------------------------------------------------------------------------
    "label.unassigned": ("未割当", "unassigned"),
    "label.file": ("ファイル", "file"),
    "label.format": ("形式", "format"),
    "label.status": ("状態", "status"),
    "label.rows_read": ("読込行数", "rows read"),
    "label.rows_stored": ("格納行数", "rows stored"),
    "label.currency": ("通貨", "currency"),
    "label.source_total": ("元ファイル合計", "source total"),
    "label.ledger_total": ("台帳合計", "ledger total"),
    "label.reconciled": ("突合", "reconciled"),
    "label.ok": ("一致", "match"),
    "label.imported_at": ("取込日時", "imported at"),
    "label.sha256": ("SHA-256", "SHA-256"),
    "label.import_id": ("取込ID", "import id"),
    "label.active": ("有効", "active"),
    "label.superseded": ("置換済", "superseded"),
    "label.cost_jpy": ("金額(円)", "cost (JPY)"),
    "label.rows": ("行数", "rows"),
    "label.total": ("合計", "total"),
    "label.municipality": ("団体", "municipality"),
    "label.municipality_name": ("団体名", "municipality name"),
    "label.business": ("業務", "business"),
    "label.environment": ("環境", "environment"),
    "label.cost_source": ("費用区分", "cost source"),
    "label.service": ("サービス", "service"),
    "label.month": ("年月", "month"),
    "label.fiscal_year": ("年度", "fiscal year"),
    "label.progress.import": ("取込中", "importing"),
    "label.note": ("備考", "note"),
    "label.billed_cost": ("請求額 (BilledCost)", "billed cost (BilledCost)"),
    "label.output": ("出力ファイル", "output file"),
    "summary.title": ("費用集計(円)", "Cost summary (JPY)"),
    "imports.title": ("取込履歴", "Import log"),
    "import.title": ("取込結果と突合", "Import and reconciliation"),
}


_chosen: str | None = None


def set_language(lang: str | None) -> None:
    """Choose the language for this process (None: back to ``GOVCOST_LANG``, default Japanese)."""
    global _chosen
    _chosen = lang


def current_language() -> str:
    """The language of user-facing text: ``ja`` unless chosen or ``GOVCOST_LANG`` says ``en``."""
    lang = (_chosen or os.environ.get("GOVCOST_LANG", "ja")).lower()
    return "en" if lang.startswith("en") else "ja"


def has(key: str) -> bool:
    return key in CATALOGUE


def t(key: str, lang: str | None = None, **params: Any) -> str:
    """The text for ``key`` in ``lang`` with ``params`` filled in."""
    ja, en = CATALOGUE[key]
    text = en if (lang or current_language()) == "en" else ja
    return text.format(**params) if params else text
