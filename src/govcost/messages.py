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
        "FOCUS、AWS CUR、費用明細テンプレート、アカウント対応表、為替レート表、稼働率メトリクスの"
        "いずれかを指定してください",
        "give a FOCUS export, an AWS CUR, a cost-line template, an account map, an FX rate table "
        "or utilisation metrics",
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
    # --- metrics ---------------------------------------------------------------------------
    "metrics.bad_name": (
        "メトリクス名として使えません(英小文字・数字・下線の snake_case)",
        "not a metric name (lowercase snake_case)",
    ),
    "metrics.bad_name.fix": (
        "cpu_percent、memory_percent、disk_used_gb、network_bytes などの snake_case の名前"
        "(CloudWatch の CPUUtilization、mem_used_percent も可)にしてください",
        "use a snake_case name such as cpu_percent, memory_percent, disk_used_gb or network_bytes "
        "(CloudWatch's CPUUtilization and mem_used_percent are accepted too)",
    ),
    "metrics.out_of_range": (
        "{metric} は 0〜100 の百分率でなければなりません",
        "{metric} is a percentage and must be from 0 to 100",
    ),
    "metrics.negative": ("{metric} は負の値にできません", "{metric} cannot be negative"),
    "metrics.duplicate": (
        "同じリソース・日時・メトリクスの行が重複しています(最初の出現: {first_row} 行目)",
        "a second row for the same resource, time and metric (first seen at row {first_row})",
    ),
    "metrics.duplicate.fix": (
        "リソース・日時・メトリクスごとに1行にしてください(エクスポートの期間が重なっていないか確認)",
        "keep one row per resource, time and metric (check that the exported periods do not overlap)",
    ),
    "metrics.encoding": (
        "文字コードが UTF-8 ではありません",
        "the text is not UTF-8",
    ),
    "metrics.encoding.fix": (
        "メトリクスは UTF-8(BOM 付き可)の CSV か Parquet で出力してください",
        "export the metrics as UTF-8 CSV (a BOM is fine) or as Parquet",
    ),
    "metrics.reconcile_metric": (
        "突合不一致: メトリクス {metric} の元ファイル {source} 行に対し格納 {stored} 行",
        "reconciliation failed: metric {metric} has {source} rows in the source but {stored} stored",
    ),
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
    # --- engines ---------------------------------------------------------------------------
    "engine.unknown": (
        "エンジン {engine} は使えません (使えるもの: {known})",
        "unknown engine {engine} (known: {known})",
    ),
    "engine.spark_missing": (
        "Spark エンジンには pyspark が必要です: pip install 'govcost[spark]'",
        "the Spark engine needs pyspark: pip install 'govcost[spark]'",
    ),
    "engine.spark_failed": (
        "Spark ({master}) を起動できません: {reason} (Java 17 以上が必要です)",
        "cannot start Spark ({master}): {reason} (Java 17 or newer is needed)",
    ),
    "engine.read_only": (
        "Spark エンジンは台帳を読むだけです。{command} は --engine duckdb で実行してください",
        "the Spark engine only reads the ledger; run {command} with --engine duckdb",
    ),
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
    "demo.national_municipalities": (
        "--national と --municipalities は同時に指定できません",
        "--national and --municipalities cannot be given together",
    ),
    "demo.national_municipalities.fix": (
        "全国の 1,741 市区町村で生成するときは --municipalities を外してください",
        "leave out --municipalities: --national always generates the 1,741 municipalities",
    ),
    "demo.national_summary": (
        "全国 {municipalities} 市区町村の団体別の集計は govcost summary --by municipality で表示できます"
        "(一覧: {list}。synthetic = 1 は架空の団体です)",
        "the totals of the {municipalities} municipalities: govcost summary --by municipality "
        "(the list: {list}; synthetic = 1 marks a made-up municipality)",
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
    "demo.metrics_imported": (
        "稼働率メトリクス {files} ファイル({rows} 行、{path})を台帳に取り込みました",
        "the {files} utilisation metric files ({rows} rows, {path}) are imported into the ledger",
    ),
    "demo.login.title": ("デモの利用者", "Demo users"),
    "demo.login.user": ("ユーザー名", "user name"),
    "demo.login.role": ("役割", "role"),
    "demo.login.scope": ("閲覧できる団体", "municipalities"),
    "demo.login.all": ("すべて", "all"),
    "demo.login.how": (
        "http://127.0.0.1:8000 を開き、ユーザー名(例: {first}、団体ごとに u+団体コード)とパスワード "
        "{password} でサインインしてください(デモ専用のパスワードです)",
        "open http://127.0.0.1:8000 and sign in as e.g. {first} (u + the municipality code for each) "
        "with the password {password} (for the demo only)",
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
    "label.list_separator": ("、", ", "),
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
    # --- optimisation: settings and framing -------------------------------------------------
    "settings.bad_yaml": ("設定ファイルを YAML として読めません", "the settings file is not valid YAML"),
    "settings.bad_value": ("設定値が正しくありません", "a setting has a wrong value"),
    "settings.unknown_key": ("未知の設定項目です", "unknown setting"),
    "settings.unknown_key.fix": (
        "docs/optimize.md の設定項目を確認してください",
        "see the settings listed in docs/optimize.md",
    ),
    "optimize.no_costs": (
        "台帳にクラウド費用がありません。先に govcost ingest で取り込んでください",
        "the ledger holds no cloud costs; import them first with govcost ingest",
    ),
    "optimize.bad_month": (
        "対象月 {month} の費用が台帳にありません",
        "the ledger holds no costs for {month}",
    ),
    "optimize.unknown_rule": (
        "未知のルールです: {rule} (使えるルール: {known})",
        "unknown rule {rule} (known: {known})",
    ),
    "optimize.title": ("最適化の候補", "Optimisation findings"),
    "optimize.total": (
        "削減見込み 月額 {monthly} 円 / 年額 {annual} 円 ({count} 件、重複を除いた合算)",
        "possible saving ¥{monthly} a month / ¥{annual} a year ({count} findings, overlaps combined)",
    ),
    "optimize.combined": (
        "同じリソースに複数の指摘があるため、変更を組み合わせた削減額で合算しています",
        "several findings touch this resource: the total uses the saving of the combined change",
    ),
    "confidence.high": ("高", "high"),
    "confidence.medium": ("中", "medium"),
    "confidence.low": ("低", "low"),
    # --- optimisation: rule titles and guide items -----------------------------------------
    "rule.commitments.title": ("Savings Plans と割引の確認", "Savings Plans and discounts"),
    "rule.commitments.guide_ref": (
        "クラウド利用料の各種割引(大口割引・長期継続割引)の活用",
        "Make use of the cloud fee discounts (volume and long-term commitment discounts)",
    ),
    "rule.dr_configuration.title": ("DR構成の見直し", "DR configuration"),
    "rule.dr_configuration.guide_ref": (
        "アプローチガイド 5 DR構成の選定(スタンバイ環境からバックアップ構成へ)",
        "Approach guide 5: choosing the DR configuration (from a standby environment to backups)",
    ),
    "rule.idle.title": ("使われていないリソース", "Unused resources"),
    "rule.idle.guide_ref": (
        "アプローチガイド 2 稼働時間の調整(不要なリソースの停止・削除)",
        "Approach guide 2: adjusting operating hours (stopping or deleting unneeded resources)",
    ),
    "rule.log_retention.title": ("ログの保存期間", "Log retention periods"),
    "rule.log_retention.guide_ref": (
        "アプローチガイド ログ保存期間の短縮(必要なログと保存期間の再定義)",
        "Approach guide: shorter log retention (redefining the logs needed and how long to keep them)",
    ),
    "rule.managed_services.title": (
        "自前の運用管理サーバのマネージドサービス化",
        "Managed services instead of self-run operations servers",
    ),
    "rule.managed_services.guide_ref": (
        "アプローチガイド 3 マネージドサービスの活用(バックアップ・監視・ログ・ジョブ管理)",
        "Approach guide 3: using managed services (backup, monitoring, logs, job management)",
    ),
    "rule.old_generation.title": ("旧世代インスタンス", "Old-generation instances"),
    "rule.old_generation.guide_ref": (
        "アプローチガイド 1 インスタンスタイプ・サイズの見直し(旧世代から現行世代へ)",
        "Approach guide 1: reviewing instance types and sizes (from old to current generations)",
    ),
    "rule.operating_hours.title": ("稼働時間外の停止", "Stopping outside operating hours"),
    "rule.operating_hours.guide_ref": (
        "アプローチガイド 2 稼働時間の調整(夜間・週末・休日の停止)",
        "Approach guide 2: adjusting operating hours (stopping at night, at weekends and on holidays)",
    ),
    "rule.rightsizing.title": ("インスタンスサイズの適正化", "Instance rightsizing"),
    "rule.rightsizing.guide_ref": (
        "アプローチガイド 1 インスタンス選定・サイズの変更(利用状況に応じた適切なサイズへ)",
        "Approach guide 1: choosing and resizing instances (a size that fits the use)",
    ),
    "rule.storage.title": (
        "ストレージのタイプ・容量・スナップショット・バックアップ",
        "Storage type, capacity, snapshots and backups",
    ),
    "rule.storage.guide_ref": (
        "アプローチガイド 4 ストレージ選定・容量の変更(タイプ・容量の見直し、差分バックアップ)",
        "Approach guide 4: choosing storage and changing capacity (type and capacity, incremental backups)",
    ),
    "rule.operating_hours.schedule.business_days": (
        "平日(祝日・年末年始を除く) {start}–{end}",
        "weekdays (not holidays or the year-end closure) {start}–{end}",
    ),
    "rule.operating_hours.schedule.every_day": ("毎日 {start}–{end}", "every day {start}–{end}"),
    # --- optimisation: rightsizing ----------------------------------------------------------
    "rule.rightsizing.action": (
        "インスタンスサイズを {current} から {recommended} に変更してください。利用状況(95パーセンタイル)は "
        "CPU {cpu}%・メモリ {memory}% で、変更後の見込みは CPU {cpu_new}%・メモリ {memory_new}%"
        "(余裕を残した上限 {limit}%)です。検証環境で性能を確かめてから、見積りと仕様書に反映してください",
        "change the instance size from {current} to {recommended}. Its use (95th percentile) is CPU {cpu} % "
        "and memory {memory} %; after the change about CPU {cpu_new} % and memory {memory_new} % (limit "
        "with headroom {limit} %). Check the performance in the verification environment first, then "
        "update the estimate and the specification",
    ),
    # --- optimisation: operating-hours ------------------------------------------------------
    "rule.operating_hours.action": (
        "{name} を稼働時間({schedule})の外は停止してください。スケジュール(日本時間): 起動 cron「{start}」、"
        "停止 cron「{stop}」、またはスケジューラのタグ Schedule={tag}。{holidays}"
        "停止・起動は事前に業務・連携先への影響をテストし、起動失敗(容量不足)時の再試行を含めて自動化してください",
        "stop {name} outside its operating hours ({schedule}). Schedule (Japan time): start cron “{start}”, "
        "stop cron “{stop}”, or the scheduler tag Schedule={tag}. {holidays}Test the effect on the business "
        "and the linked systems first, and automate the stop and start with a retry when a start fails for "
        "lack of capacity",
    ),
    "rule.operating_hours.holidays": (
        "cron は祝日を区別しないため、祝日・振替休日・年末年始(12/29–1/3)はスケジューラの祝日カレンダーで"
        "停止日にしてください(この月の平日の休日: {days})。",
        "cron does not know holidays: make public and substitute holidays and the year-end closure "
        "(12/29–1/3) stop days in the scheduler's holiday calendar (weekday holidays this month: {days}). ",
    ),
    "rule.operating_hours.no_holidays": ("なし", "none"),
    # --- optimisation: managed-services -----------------------------------------------------
    "rule.managed_services.backup.action": (
        "自前のバックアップサーバ {name} とそのボリューム {volumes} 本を廃止し、AWS Backup に置き換えて"
        "ください(バックアッププランで毎日の差分バックアップと保存期間を設定。見込み費用 月 {estimate} 円)",
        "retire the self-built backup server {name} and its {volumes} volumes and use AWS Backup instead "
        "(a backup plan with daily incremental backups and a retention period; about ¥{estimate} a month)",
    ),
    "rule.managed_services.monitoring.action": (
        "自前の監視サーバ {name} とそのボリューム {volumes} 本を廃止し、Amazon CloudWatch "
        "(エージェントのメトリクスとアラーム、必要なら Amazon Managed Grafana) に置き換えてください"
        "(見込み費用 月 {estimate} 円)",
        "retire the self-built monitoring server {name} and its {volumes} volumes and use Amazon "
        "CloudWatch instead (agent metrics and alarms, Amazon Managed Grafana if dashboards are needed; "
        "about ¥{estimate} a month)",
    ),
    "rule.managed_services.log.action": (
        "自前のログサーバ {name} とそのボリューム {volumes} 本を廃止し、Amazon CloudWatch Logs "
        "(保存期間を設定し、長期保存分は S3 へ) に置き換えてください(見込み費用 月 {estimate} 円)",
        "retire the self-built log server {name} and its {volumes} volumes and use Amazon CloudWatch Logs "
        "instead (with a retention period, long-term copies in S3; about ¥{estimate} a month)",
    ),
    "rule.managed_services.job.action": (
        "自前のジョブ管理サーバ {name} とそのボリューム {volumes} 本を廃止し、Amazon EventBridge "
        "Scheduler と AWS Step Functions に置き換えてください(見込み費用 月 {estimate} 円)",
        "retire the self-built job server {name} and its {volumes} volumes and use Amazon EventBridge "
        "Scheduler and AWS Step Functions instead (about ¥{estimate} a month)",
    ),
    "rule.managed_services.volume.action": (
        "{server} をマネージドサービスに置き換えた後、このボリューム {name} を削除してください",
        "delete this volume {name} once {server} is replaced by the managed service",
    ),
    # --- optimisation: storage --------------------------------------------------------------
    "rule.storage.gp2_to_gp3.action": (
        "EBS ボリューム {name} ({size} GB) を gp2 から gp3 に変更してください(Elastic Volumes で"
        "停止せずに変更できます。gp3 の基本性能 3,000 IOPS・125 MB/s は 1,000 GB までの gp2 以上)",
        "change the EBS volume {name} ({size} GB) from gp2 to gp3 (Elastic Volumes, no downtime; gp3's "
        "included 3,000 IOPS and 125 MB/s match gp2 up to 1,000 GB)",
    ),
    "rule.storage.gp2_to_gp3_large.action": (
        "EBS ボリューム {name} ({size} GB) を gp2 から gp3 に変更し、gp2 と同じ {iops} IOPS・"
        "{throughput} MB/s をプロビジョニングしてください(Elastic Volumes で停止せずに変更できます)",
        "change the EBS volume {name} ({size} GB) from gp2 to gp3 provisioned with gp2's {iops} IOPS and "
        "{throughput} MB/s (Elastic Volumes, no downtime)",
    ),
    "rule.storage.to_st1.action": (
        "バックアップ・ログ用のボリューム {name} ({size} GB) を {type} からスループット最適化 HDD (st1) "
        "に変更してください(順次書き込み・読み出しのデータ向け。起動ボリュームには使えません)",
        "change the backup/log volume {name} ({size} GB) from {type} to throughput-optimised HDD (st1), "
        "made for sequential data (not for boot volumes)",
    ),
    "rule.storage.oversized.action": (
        "ボリューム {name} は {size} GB のうち最大 {used} GB しか使っていません。余裕 {headroom}% と"
        "1 年分の増加を見込んだ {new} GB の新しいボリュームにデータを移し、旧ボリュームを削除して"
        "ください(EBS は無停止でいつでも拡張できるので、5 年先の容量を先に確保する必要はありません)",
        "the volume {name} uses at most {used} GB of its {size} GB: move the data to a new {new} GB volume "
        "({headroom} % headroom plus a year's growth) and delete the old one (EBS grows online at any "
        "time: no need to buy five years of capacity up front)",
    ),
    "rule.storage.unattached.action": (
        "ボリューム {name} は、接続先のサーバ {server} の課金が {since} に終わった後も課金されています"
        "(サーバは削除または停止済み)。不要であることを確認し、必要ならスナップショットを取ってから"
        "削除してください",
        "the volume {name} is still billed although its server {server} was last billed on {since} "
        "(terminated or stopped): confirm it is not needed, take a snapshot if in doubt, and delete it",
    ),
    "rule.storage.unattached_never.action": (
        "ボリューム {name} の名前が示すサーバ {server} は台帳の期間中に課金がありません"
        "(どのサーバにも接続されていない可能性)。用途を確認し、不要なら削除してください",
        "the server {server} the volume {name} is named after is never billed in the ledger (the volume "
        "is probably attached to nothing): check what it is for and delete it if unused",
    ),
    "rule.storage.old_snapshot.action": (
        "スナップショット {name} は {created} の取得で {age} 日経過し、必要な保存期間 {retention} 日を"
        "超えています。削除してください(残す必要があればアーカイブ層へ移すと保管料が 4 分の 1 に"
        "なります)",
        "the snapshot {name}, taken on {created}, is {age} days old, past the {retention} days the "
        "settings require: delete it (or move it to the archive tier, a quarter of the price, if it must "
        "be kept)",
    ),
    "rule.storage.full_backup.action": (
        "バックアップボールト {name} の保管量 {backup} GB・月 はデータ容量 {data} GB・月 の {ratio} 倍"
        "で、復旧ポイントが毎回フルバックアップになっています。差分(増分)バックアップにして、保管量を"
        "データ容量の {target} 倍以内にしてください(ベンダーの夜間フルダンプをボールトに保存しない)",
        "the backup vault {name} stores {backup} GB-months, {ratio} × the {data} GB-months of data "
        "volumes: every recovery point is a full copy. Use incremental backups and keep it within "
        "{target} × the data (do not store the vendor's nightly full dump in the vault)",
    ),
    # --- optimisation: dr-configuration -----------------------------------------------------
    "rule.dr_configuration.action": (
        "{region} で常時稼働しているスタンバイ {name}({itype})とそのボリュームを廃止し、バックアップ構成"
        "(構成C)に切り替えてください: AWS Backup で本番のデータ(約 {gb} GB)を {target} へクロスリージョン"
        "コピーし、被災時は IaC・AMI から再構築します。非機能要件の標準(A.1.4.1 大規模災害時の再開 "
        "一か月以内、A.3.1.1 再構築による復旧、A.3.2.1 遠隔地1か所での保管)はこの構成で満たせます。"
        "{replication}"
        "切替前に IaC・AMI からの再構築手順を検証環境で試験してください",
        "retire the standby {name} ({itype}) that runs all the time in {region}, with its volumes, and move "
        "to a backup-only configuration (C): copy the production data (about {gb} GB) to {target} with AWS "
        "Backup cross-region copies and rebuild from IaC and AMIs after a disaster. The non-functional "
        "requirements standard (A.1.4.1 restart within one month after a large disaster, A.3.1.1 recovery "
        "by rebuilding, A.3.2.1 one remote storage place) is met by this configuration. {replication}"
        "Rehearse the rebuild from IaC and AMIs in the verification environment before switching",
    ),
    "rule.dr_configuration.replication": (
        "本番から {region} へのレプリケーション転送(この月 {gb} GB)も不要になります。",
        "The replication transfer from production to {region} ({gb} GB this month) stops too. ",
    ),
    "rule.dr_configuration.strict": (
        "このシステムの非機能要件({requirement})はバックアップのみの構成では満たせないため、スタンバイ "
        "{name}({itype})の変更は推奨しません(情報のみ)。要件が標準(大規模災害時の再開 一か月以内、"
        "A.1.4.1)であれば、バックアップ構成への切替で月額約 {saving} 円の削減になります",
        "this system's non-functional requirement ({requirement}) cannot be met by a backup-only "
        "configuration: no change to the standby {name} ({itype}) is recommended (information only). Were "
        "the requirement the standard one (restart within one month after a large disaster, A.1.4.1), a "
        "backup-only configuration would save about ¥{saving} a month",
    ),
    "rule.dr_configuration.requirement.strict": ("設定で strict と指定", "declared strict in the settings"),
    "rule.dr_configuration.requirement.restart": (
        "大規模災害時の再開 {days} 日以内",
        "restart within {days} days after a large disaster",
    ),
    # --- optimisation: log-retention --------------------------------------------------------
    "rule.log_retention.never_expires.action": (
        "{account} の CloudWatch Logs は保存期間が設定されていない(失効しない)とみられ、保管量 "
        "{stored} GB が毎月約 {growth} GB 増え続けています(取込 {ingest} GB/日)。ロググループに保存期間 "
        "{retention} 日を設定し、直近 {searchable} 日より古いログで保存が必要なものは S3 Glacier "
        "Instant Retrieval へエクスポートしてください",
        "{account}'s CloudWatch Logs seem set to never expire: the {stored} GB stored grow by about "
        "{growth} GB a month (ingesting {ingest} GB a day). Set the log groups' retention to {retention} "
        "days and export the logs older than {searchable} days that must be kept to S3 Glacier Instant "
        "Retrieval",
    ),
    "rule.log_retention.excess.action": (
        "{account} の CloudWatch Logs の保管量 {stored} GB は、必要な量 {needed} GB (取込 {ingest} GB/日 × "
        "保存期間 {retention} 日) を超えています。ロググループに保存期間 {retention} 日を設定し、直近 "
        "{searchable} 日より古いログで保存が必要なものは S3 Glacier Instant Retrieval へエクスポートして"
        "ください",
        "{account}'s CloudWatch Logs store {stored} GB, more than the {needed} GB the retention needs "
        "({ingest} GB a day × {retention} days). Set the log groups' retention to {retention} days and "
        "export the logs older than {searchable} days that must be kept to S3 Glacier Instant Retrieval",
    ),
    # --- optimisation: old-generation -------------------------------------------------------
    "rule.old_generation.action": (
        "インスタンスタイプを {current} から現行世代の {successor} に変更してください"
        "(vCPU・メモリは同じで単価が下がります。{os} の AMI・ドライバの対応を事前に確認)",
        "change the instance type from {current} to the current-generation {successor} (same vCPUs and "
        "memory at a lower price; check the {os} AMI and drivers first)",
    ),
    # --- optimisation: commitments ----------------------------------------------------------
    "rule.commitments.action": (
        "請求アカウント {payer} では、毎日常時稼働しているインスタンスのオンデマンド利用が時間あたり "
        "{baseline} あります(ほかの指摘どおりサイズ等を見直した後の額)。この分に1年の Compute Savings "
        "Plans(前払いなし)を時間あたり {commitment} で購入すると、約 {discount}% 安くなります"
        "(最も少ない日に合わせた額なので常に使い切れます)。サイズの見直しを先に済ませ、購入はデジタル庁・"
        "運用事業者と調整してください",
        "billing account {payer} runs {baseline} an hour of on-demand compute every hour of the month (once "
        "the other findings' resizing is done). A 1-year Compute Savings Plan (no upfront) of {commitment} "
        "an hour bills it about {discount} % cheaper (sized on the lowest day, so it is always used). "
        "Resize first, and arrange the purchase with the Digital Agency and the vendor",
    ),
    "rule.commitments.action.extend": (
        "請求アカウント {payer} は Savings Plans・リザーブドインスタンスをすでに利用していますが、対象外の"
        "常時稼働分がオンデマンドで時間あたり {baseline} あります。既存プランの利用率と満了日を確認し、"
        "更新時に追加購入(時間あたり {commitment}、約 {discount}% 減)を検討してください",
        "billing account {payer} already holds Savings Plans or reserved instances, and {baseline} an hour "
        "of steady compute still runs on demand. Check the existing plan's use and term, and weigh an extra "
        "plan ({commitment} an hour, about {discount} % cheaper) at its renewal",
    ),
    "rule.commitments.discount.hidden": (
        "請求アカウント {payer} の請求データには、ガバメントクラウドの大口割引が見えません"
        "(割引・クレジット行、x_Discounts の割引、ListCost を下回る ContractedCost のいずれもありません)。"
        "割引がどこで適用されているのか、デジタル庁または運用事業者に確認してください",
        "the bill of billing account {payer} shows no Government Cloud volume discount (no discount or "
        "credit line, no discount in x_Discounts, no ContractedCost below ListCost). Ask the Digital "
        "Agency or the vendor where the discount is applied",
    ),
    "rule.commitments.discount.visible": (
        "請求アカウント {payer} の請求データには割引が表れています(この月 約 {amount} 円)。割引率が"
        "契約どおりか確認してください",
        "the bill of billing account {payer} shows a discount (about ¥{amount} this month). Check that the "
        "rate is the one agreed",
    ),
    # --- optimisation: idle -----------------------------------------------------------------
    "rule.idle.action.instance": (
        "{name} は直近 {days} 日間、CPU 使用率が最大でも {cpu_max}% で、使われていません。業務・連携先で"
        "使っていないことを確認し、AMI(バックアップ)を取得してから停止または削除してください",
        "{name} has not been used in the last {days} days (CPU at most {cpu_max} %). Confirm that no "
        "business or linked system needs it, take an AMI (backup), then stop or terminate it",
    ),
    "rule.idle.action.address": (
        "Elastic IP {name} はどのインスタンスにも関連付けられていないまま課金されています。使う予定がなければ"
        "解放してください",
        "Elastic IP {name} is billed while attached to nothing. Release it unless it is about to be used",
    ),
    "rule.idle.action.load_balancer": (
        "ロードバランサー {name} はこの月ほとんど通信がありません(1時間あたり {lcu} LCU)。"
        "ターゲットと DNS の設定を確認し、不要なら削除してください",
        "load balancer {name} carried almost no traffic this month ({lcu} LCU an hour). Check its targets "
        "and DNS records and delete it if it is not needed",
    ),
    # --- optimisation: output (table, JSON, XLSX) -------------------------------------------
    "optimize.no_costs_for": (
        "団体 {municipality} のクラウド費用が台帳にありません",
        "the ledger holds no cloud costs of {municipality}",
    ),
    "optimize.none": ("最適化の候補はありません", "no optimisation findings"),
    "optimize.informational": ("参考", "for information"),
    "optimize.informational_count": (
        "参考の指摘 {count} 件(変更の提案ではないため合計に含めません)",
        "{count} findings for information (no change proposed, not in the total)",
    ),
    "optimize.overlaps": (
        "複数の指摘が重なるリソース {count} 件(指摘の単純合計は月額 {sum} 円)",
        "{count} resources with several findings (the plain sum of the findings is ¥{sum} a month)",
    ),
    "optimize.written": ("{path} に書き出しました", "written to {path}"),
    "optimize.rules_title": ("最適化ルール", "Optimisation rules"),
    "optimize.col.rule": ("ルール", "rule"),
    "optimize.col.rule_id": ("ルールID", "rule id"),
    "optimize.col.resource_id": ("リソースID", "resource id"),
    "optimize.col.resource_name": ("リソース名", "resource name"),
    "optimize.col.resource_type": ("リソース種別", "resource type"),
    "optimize.col.system_id": ("システムID", "system id"),
    "optimize.col.account_id": ("アカウントID", "account id"),
    "optimize.col.region_id": ("リージョン", "region"),
    "optimize.col.monthly_cost": ("月額費用(円)", "monthly cost (JPY)"),
    "optimize.col.monthly_saving": ("月額削減(円)", "monthly saving (JPY)"),
    "optimize.col.annual_saving": ("年額削減(円)", "annual saving (JPY)"),
    "optimize.col.combined_monthly": ("重複調整後 月額削減(円)", "combined monthly saving (JPY)"),
    "optimize.col.combined_annual": ("重複調整後 年額削減(円)", "combined annual saving (JPY)"),
    "optimize.col.sum_of_findings": ("指摘の単純合計 月額(円)", "plain sum of findings, monthly (JPY)"),
    "optimize.col.evidence": ("根拠", "evidence"),
    "optimize.col.action": ("対応", "action"),
    "optimize.col.guide_ref": ("ガイド項目", "guide item"),
    "optimize.col.confidence": ("確度", "confidence"),
    "optimize.col.combined_with": ("同じリソースの他の指摘", "other findings on the resource"),
    "optimize.col.informational": ("参考", "for information"),
    "optimize.col.findings": ("指摘件数", "findings"),
    "optimize.col.informational_count": ("参考件数", "for information"),
    "optimize.col.resources": ("リソース数", "resources"),
    "optimize.col.item": ("項目", "item"),
    "optimize.col.value": ("値", "value"),
    "optimize.sheet.summary": ("概要", "Summary"),
    "optimize.sheet.findings": ("指摘一覧", "Findings"),
    "optimize.sheet.resources": ("リソース別", "By resource"),
    "optimize.xlsx.title": ("コスト最適化 検討資料", "Cost optimisation working paper"),
    "optimize.xlsx.month": ("対象月", "month under review"),
    "optimize.xlsx.window": ("メトリクスの参照期間", "metrics look-back window"),
    "optimize.xlsx.window_value": ("{start} – {end}({days} 日間、UTC)", "{start} – {end} ({days} days, UTC)"),
    "optimize.xlsx.scope": ("対象団体", "municipalities"),
    "optimize.xlsx.all_municipalities": ("全団体", "all"),
    "optimize.xlsx.rules": ("対象ルール", "rules"),
    "optimize.xlsx.settings": ("設定ファイル", "settings file"),
    "optimize.xlsx.default_settings": ("なし(既定値、docs/optimize.md)", "none (defaults, docs/optimize.md)"),
    "optimize.xlsx.catalog": ("価格表", "price catalog"),
    "optimize.xlsx.catalog_date": ("価格表の取得日", "price catalog taken on"),
    "optimize.xlsx.created": ("作成日時", "created at"),
    "optimize.xlsx.monthly_total": (
        "削減見込み 月額(円、重複調整後)",
        "possible saving a month (JPY, overlaps combined)",
    ),
    "optimize.xlsx.annual_total": (
        "削減見込み 年額(円、重複調整後)",
        "possible saving a year (JPY, overlaps combined)",
    ),
    "optimize.xlsx.sum_of_findings": ("指摘の単純合計 月額(円)", "plain sum of the findings a month (JPY)"),
    "optimize.xlsx.findings": ("指摘件数(参考を除く)", "findings (not counting those for information)"),
    "optimize.xlsx.informational": ("参考の指摘の件数", "findings for information"),
    "optimize.xlsx.resources": ("削減対象のリソース数", "resources with a saving"),
    "optimize.xlsx.overlaps": ("複数の指摘が重なるリソース数", "resources with several findings"),
    "optimize.xlsx.by_rule": ("ルール別", "By rule"),
    "optimize.xlsx.by_business": ("業務別", "By business"),
    "optimize.xlsx.by_municipality": ("団体別", "By municipality"),
    "optimize.xlsx.note": (
        "金額は円未満を四捨五入(欄ごとに 1 回)。重複調整後の額は、同じリソースへの変更を組み合わせた"
        "削減額 (費用 × (1 − 各変更後に残る割合の積)) で、ルール別では各指摘の削減額の比で按分しています。"
        "参考の指摘は合計に含めません。",
        "Yen are rounded half up, once per cell. Combined savings apply every change to a resource "
        "together (cost × (1 − the product of the shares each change keeps)); by rule they are split "
        "in proportion to each finding's own saving. Findings for information are not in the totals.",
    ),
    "demo.optimize": (
        "最適化の候補(対象月 {month}、設定 {settings}): 詳細は govcost optimize で確認できます",
        "optimisation findings (month {month}, settings {settings}); see govcost optimize for details",
    ),
    # --- estimate review: reading and framing -----------------------------------------------
    "review.unreadable": (
        "見積書を開けません(XLSX として壊れているか、別の形式です)",
        "cannot open the estimate (a broken XLSX or another format)",
    ),
    "review.not_a_spreadsheet": (
        "見積書は XLSX または CSV で指定してください",
        "give the estimate as an XLSX or CSV file",
    ),
    "review.no_header": (
        "見出し行(品名・金額などの列名が並ぶ行)が見つかりません",
        "no header row (a row naming the item and amount columns) was found",
    ),
    "review.no_header.fix": (
        "列名を確認するか、--mapping で列名の対応を指定してください(docs/estimate-format.md)",
        "check the column names or give their mapping with --mapping (docs/estimate-format.md)",
    ),
    "review.bad_amount": ("金額を数値として読めません", "the amount is not a number"),
    "review.unknown_check": (
        "未知のチェックです: {check} (使えるチェック: {known})",
        "unknown check {check} (known: {known})",
    ),
    "status.ok": ("OK", "OK"),
    "status.warn": ("要確認", "check"),
    "status.ng": ("要修正", "wrong"),
    "review.money.jpy": ("{amount} 円", "¥{amount}"),
    # --- estimate review: check titles -------------------------------------------------------
    "check.arithmetic.title": (
        "金額の計算(数量 × 単価・小計・合計・消費税)",
        "Amounts (quantity × unit price, subtotals, totals, consumption tax)",
    ),
    "check.csp_support_fee.title": ("CSP サポート費用の計上", "CSP support fees in the estimate"),
    "check.duplicate_work.title": (
        "運用作業と運用管理補助委託の作業の重複",
        "Operations work duplicated by the operations-support contract",
    ),
    "check.full_backup.title": ("フルバックアップ・バックアップ容量", "Full backups and backup capacity"),
    "check.increase_without_reason.title": (
        "現行契約からの増加理由",
        "Reasons for increases over the current contract",
    ),
    "check.license_quantity.title": ("ライセンス数量の妥当性", "Licence quantities"),
    "check.lump_sum.title": ("一式計上の明細", "Breakdown of lump-sum lines"),
    "check.missing_documents.title": (
        "見積精査に必要な資料の不足",
        "Documents missing for the estimate review",
    ),
    "check.old_generation.title": ("旧世代インスタンスタイプ", "Old-generation instance types"),
    "check.production_24x365.title": (
        "本番環境の24時間365日稼働",
        "Production running 24 hours a day, 365 days a year",
    ),
    "check.sizing.title": ("サーバ・データベースのサイジング", "Server and database sizing"),
    "check.staff.title": (
        "運用要員の人数・単価・自動化・見直し",
        "Operations staff: headcount, rates, automation and reviews",
    ),
    "check.storage_oversized.title": ("ストレージ容量の過剰確保", "Storage reserved beyond need"),
    "check.verification_24x365.title": (
        "検証環境の24時間365日稼働",
        "Verification environment running 24 hours a day, 365 days a year",
    ),
    "check.volume_discount.title": (
        "大口割引(ボリュームディスカウント)の加味",
        "Volume discount taken into account",
    ),
    # --- estimate review: arithmetic ---------------------------------------------------------
    "review.arithmetic.ok": (
        "{lines} 行の数量 × 単価と、小計・合計・消費税の計算に誤りはありません",
        "quantity × unit price on {lines} lines, the subtotals, totals and tax all add up",
    ),
    "review.arithmetic.formula": (
        "数量 {quantity} × 単価 {unit_price} 円{factor}",
        "quantity {quantity} × unit price {unit_price} yen{factor}",
    ),
    "review.arithmetic.product": (
        "{formula} = {expected} 円ですが、金額は {amount} 円です(差 {diff} 円)",
        "{formula} = {expected} yen, but the amount is {amount} yen (difference {diff} yen)",
    ),
    "review.arithmetic.product.question": (
        "「{item}」の金額が数量 × 単価と一致しません。数量・単価・金額をご確認のうえ、訂正した見積書を"
        "ご提出ください。",
        "The amount of '{item}' is not quantity × unit price. Please check the quantity, unit price "
        "and amount and send a corrected estimate.",
    ),
    "review.arithmetic.subtotal": (
        "小計は直前の小計(または見出し)以降の明細の合計 {expected} 円となるはずですが、{amount} 円と"
        "記載されています(差 {diff} 円)",
        "the subtotal should be the sum of the lines since the previous subtotal (or heading), "
        "{expected} yen, but it reads {amount} yen (difference {diff} yen)",
    ),
    "review.arithmetic.subtotal.question": (
        "「{item}」が明細の合計と一致しません。小計の対象となる明細の範囲と金額をご確認のうえ、訂正した"
        "見積書をご提出ください。",
        "'{item}' is not the sum of its lines. Please check which lines it covers and their amounts, "
        "and send a corrected estimate.",
    ),
    "review.arithmetic.total": (
        "合計は小計(または明細)の合計 {expected} 円となるはずですが、{amount} 円と記載されています"
        "(差 {diff} 円)",
        "the total should be the sum of the subtotals (or of the lines), {expected} yen, but it reads "
        "{amount} yen (difference {diff} yen)",
    ),
    "review.arithmetic.total.question": (
        "「{item}」が小計・明細の合計と一致しません。計算をご確認のうえ、訂正した見積書をご提出ください。",
        "'{item}' is not the sum of the subtotals or lines. Please check it and send a corrected estimate.",
    ),
    "review.arithmetic.tax": (
        "消費税は課税対象額 {base} 円の 10%({expected} 円、円未満切り捨て)となるはずですが、"
        "{amount} 円と記載されています(差 {diff} 円)",
        "the consumption tax should be 10 % of the taxable total {base} yen ({expected} yen, rounded "
        "down), but it reads {amount} yen (difference {diff} yen)",
    ),
    "review.arithmetic.tax_rate": (
        "消費税が課税対象額 {base} 円の {rate}% で計算されています({amount} 円)。税率 10% では "
        "{expected} 円です(差 {diff} 円)",
        "the consumption tax is {rate} % of the taxable total {base} yen ({amount} yen); at the 10 % "
        "rate it is {expected} yen (difference {diff} yen)",
    ),
    "review.arithmetic.tax.question": (
        "消費税の税率(10%)、課税対象額と端数処理をご確認のうえ、訂正した見積書をご提出ください。",
        "Please check the tax rate (10 %), the taxable total and the rounding, and send a corrected "
        "estimate.",
    ),
    "review.arithmetic.with_tax": (
        "税込合計は合計 + 消費税 = {expected} 円となるはずですが、{amount} 円と記載されています"
        "(差 {diff} 円)",
        "the total with tax should be total + tax = {expected} yen, but it reads {amount} yen "
        "(difference {diff} yen)",
    ),
    "review.arithmetic.with_tax.question": (
        "「{item}」が合計と消費税の和と一致しません。計算をご確認のうえ、訂正した見積書をご提出ください。",
        "'{item}' is not the total plus the tax. Please check it and send a corrected estimate.",
    ),
    "review.arithmetic.breakdown": (
        "一式 {amount} 円ですが、その内訳 {count} 行の合計は {expected} 円です(差 {diff} 円)",
        "a lump sum of {amount} yen, but its {count} breakdown lines add up to {expected} yen "
        "(difference {diff} yen)",
    ),
    "review.arithmetic.breakdown.question": (
        "「{item}」の金額と内訳の合計が一致しません。内訳に記載のない費用が含まれていればその内容を、"
        "誤りであれば訂正した見積書をご提出ください。",
        "The amount of '{item}' differs from the sum of its breakdown. Please explain any cost the "
        "breakdown does not show, or send a corrected estimate.",
    ),
    "review.arithmetic.summary": (
        "{summary} の金額 {amount} 円が、{detail} の同じ区分の明細の合計 {expected} 円と一致しません"
        "(差 {diff} 円)",
        "the {summary} amount {amount} yen differs from the sum of the same category's lines in "
        "{detail}, {expected} yen (difference {diff} yen)",
    ),
    "review.arithmetic.summary.question": (
        "「{item}」の金額が {detail} の内訳の合計と一致しません。どちらが正しいかご確認のうえ、訂正した"
        "見積書をご提出ください。",
        "The amount of '{item}' differs from the sum of its detail in {detail}. Please say which is "
        "right and send a corrected estimate.",
    ),
    # --- estimate review: lump-sum -----------------------------------------------------------
    "review.lump_sum.missing": (
        "「{item}」は一式 {amount} 円で計上されていますが、内訳(明細)がありません",
        "'{item}' is priced as a lump sum of {amount} yen with no breakdown",
    ),
    "review.lump_sum.not_attached": (
        "「{item}」(一式 {amount} 円)は「{reference}」とありますが、その明細・内訳が添付されていません",
        "'{item}' (a lump sum of {amount} yen) says '{reference}', but that breakdown is not attached",
    ),
    "review.lump_sum.question": (
        "「{item}」({amount} 円)の内訳(作業・品目ごとの数量、単価、金額)を明細書としてご提示のうえ、"
        "その内容をご説明ください。",
        "Please give the breakdown of '{item}' ({amount} yen) — quantity, unit price and amount of "
        "each task or item — as a detailed statement, and explain it.",
    ),
    "review.lump_sum.ok": (
        "一式の内訳 {count} 行(合計 {total} 円)が添えられています",
        "the lump sum comes with {count} breakdown lines ({total} yen together)",
    ),
    "review.lump_sum.ok_listed": (
        "一式の内訳 {count} 行が添えられています(内訳は金額なし)",
        "the lump sum comes with {count} breakdown lines (not priced)",
    ),
    # --- estimate review: increase-without-reason --------------------------------------------
    "review.increase.no_current": (
        "現行契約(--current)が指定されていないため、現行からの増加は比較していません",
        "no current contract (--current) was given, so increases over it were not compared",
    ),
    "review.increase.no_current.question": ("", ""),
    "review.increase.category_total": (
        "(区分「{category}」計 ¥{current} → ¥{estimate})",
        " (category '{category}': ¥{current} → ¥{estimate})",
    ),
    "review.increase.line": (
        "現行契約 ¥{current} → 見積 ¥{estimate}(+¥{diff}、+{pct}%)。"
        "備考等に増加理由の記載がありません{category}",
        "current contract ¥{current} → estimate ¥{estimate} (+¥{diff}, +{pct} %), with no reason stated "
        "in the remarks{category}",
    ),
    "review.increase.line.question": (
        "「{item}」は現行契約の ¥{current} から ¥{estimate} へ ¥{diff}({pct}%)増加しています。"
        "増加要因(数量・単価・作業範囲の変更、法改正対応の取込み等)を個別具体的にご説明ください。"
        "あわせて現行契約内容との差異をお示しください。",
        "'{item}' rises from ¥{current} in the current contract to ¥{estimate} (+¥{diff}, {pct} %). "
        "Please explain the causes in detail (quantity, unit price, scope, legal changes now "
        "included) and show how it differs from the current contract.",
    ),
    "review.increase.explained": (
        "現行契約 ¥{current} → 見積 ¥{estimate}(+¥{diff}、+{pct}%)。増加理由の記載あり(「{reason}」)",
        "current contract ¥{current} → estimate ¥{estimate} (+¥{diff}, +{pct} %); a reason is stated "
        "('{reason}')",
    ),
    "review.increase.new": (
        "新規計上 ¥{estimate}: 現行契約に対応する項目がなく、備考等に計上理由の記載がありません{category}",
        "newly priced ¥{estimate}: no matching line in the current contract and no reason stated in "
        "the remarks{category}",
    ),
    "review.increase.new.question": (
        "「{item}」(¥{estimate})は現行契約にない項目として新規計上されています。計上が必要となった"
        "理由と、現行契約のどの項目・作業に対応するもの(または新たに必要となったもの)かをご説明ください。",
        "'{item}' (¥{estimate}) is priced new: the current contract has no such line. Please explain "
        "why it is needed and which line or work of the current contract it corresponds to (or why it "
        "is new).",
    ),
    "review.increase.new_explained": (
        "新規計上 ¥{estimate}: 計上理由の記載あり(「{reason}」)",
        "newly priced ¥{estimate}; a reason is stated ('{reason}')",
    ),
    "review.increase.category": (
        "区分「{category}」の計が現行契約 ¥{current} → 見積 ¥{estimate}(+¥{diff}、+{pct}%)に増加して"
        "いますが、増加理由の記載がありません",
        "category '{category}' rises from ¥{current} to ¥{estimate} (+¥{diff}, +{pct} %) with no "
        "reason stated",
    ),
    "review.increase.category.question": (
        "区分「{category}」の費用が現行契約の ¥{current} から ¥{estimate} へ ¥{diff}({pct}%)増加して"
        "います。増加要因の分析結果と、現行契約内容との差異をご説明ください。",
        "Category '{category}' rises from ¥{current} to ¥{estimate} (+¥{diff}, {pct} %). Please "
        "give the analysis of the causes and the differences from the current contract.",
    ),
    # --- estimate review: license-quantity ---------------------------------------------------
    "review.license.basis.users": ("利用者数", "users"),
    "review.license.basis.devices": ("端末数", "terminals"),
    "review.license.basis.servers": ("サーバ台数", "servers"),
    "review.license.basis.concurrent": ("同時接続数", "concurrent users"),
    "review.license.source.current": ("現行契約 {cell}", "current contract {cell}"),
    "review.license.source.estimate": ("見積書の前提条件 {cell}", "the estimate's premises {cell}"),
    "review.license.fits": (
        "数量 {quantity} は必要数 {need}(「{text}」)以内です",
        "quantity {quantity} is within the need of {need} ('{text}')",
    ),
    "review.license.cost": ("、超過分 ¥{saving}", ", the excess costs ¥{saving}"),
    "review.license.over_need": (
        "ライセンス数 {quantity} に対し、{what}は {need}({where}「{text}」)。超過 {excess}{cost}",
        "{quantity} licences against {need} {what} ({where}: '{text}'): {excess} too many{cost}",
    ),
    "review.license.over_need.question": (
        "「{item}」の数量 {quantity} は、{what} {need}({where}「{text}」)を {excess} 上回っています。"
        "数量の算定根拠をお示しいただき、運用上不要なライセンスの削減・数量の見直しをご検討ください。",
        "The quantity of '{item}', {quantity}, is {excess} more than the {need} {what} ({where}: "
        "'{text}'). Please show how the quantity was worked out and cut the licences not needed.",
    ),
    "review.license.over_current": (
        "ライセンス数が現行契約の {current} から {quantity} に増加(+{excess})。"
        "備考等に理由の記載がありません{cost}",
        "licences rise from {current} in the current contract to {quantity} (+{excess}) with no "
        "reason stated{cost}",
    ),
    "review.license.over_current.question": (
        "「{item}」の数量が現行契約の {current} から {quantity} へ {excess} 増えています。増加の理由"
        "(利用者・端末の増加等)をご説明ください。不要な場合は現行どおりの数量への見直しをお願いします。",
        "The quantity of '{item}' rises from {current} to {quantity} (+{excess}). Please explain why "
        "(more users or terminals?), or keep the current quantity if it is not needed.",
    ),
    "review.license.reason": ("。理由の記載あり(「{reason}」)", "; a reason is stated ('{reason}')"),
    "review.license.reason_not_need": (
        "。備考に「{remark}」とありますが、{what}を超える数量の根拠は示されていません",
        "; the remarks say '{remark}', but nothing shows why more seats than the {what} are needed",
    ),
    # --- estimate review: sizing -------------------------------------------------------------
    "review.sizing.memory_word": ("メモリ", "memory"),
    "review.sizing.db": ("(データベース)", " (database)"),
    "review.sizing.fits": (
        "見積 {size} は現行の稼働状況({usage})に見合ったサイズです",
        "the estimate's {size} fits the current utilisation ({usage})",
    ),
    "review.sizing.oversized": (
        "見積{db} {size}。現行 {current} の稼働状況({usage})から必要なのは {need}(目標使用率 {target}%)、"
        "推奨 {rec}",
        "the estimate prices {size}{db}; the current {current} at {usage} needs {need} (target "
        "utilisation {target} %): {rec} would do",
    ),
    "review.sizing.oversized.question": (
        "「{item}」の {size} は、現行 {current} の稼働状況({usage})から見て過大と考えられます"
        "(目標使用率 {target}% で必要なのは {need})。サイジングの根拠(CPU・メモリの見積方法)をお示し"
        "いただき、{rec} への見直しをご検討ください。",
        "'{item}' at {size} looks oversized for the current {current} at {usage} (at a {target} % "
        "target it needs {need}). Please show how the CPU and memory were sized and consider {rec}.",
    ),
    "review.sizing.larger": (
        "見積{db} {size} は現行 {current} より大きく、稼働状況の記載も増強理由の記載もありません",
        "the estimate's {size}{db} is larger than the current {current}, with neither the "
        "utilisation nor a reason stated",
    ),
    "review.sizing.larger.question": (
        "「{item}」は現行 {current} から {size} に増強されています。現行サーバの CPU・メモリ使用率等の"
        "稼働情報と増強の理由をお示しください。根拠がない場合は {rec} への見直しをご検討ください。",
        "'{item}' grows from the current {current} to {size}. Please show the current CPU and memory "
        "utilisation and why it must grow; otherwise consider {rec}.",
    ),
    # --- estimate review: verification-24x365 ------------------------------------------------
    "review.verification_24x365.message": (
        "検証環境の「{item}」が 24時間365日稼働({basis}、年 {hours} 時間)で見積もられています。",
        "the verification environment line '{item}' is priced to run 24 hours, 365 days "
        "({basis}, {hours} hours a year).",
    ),
    "review.verification_24x365.saving": (
        "平日日中のみ({hours_a_day} 時間 × 開庁日 {days} 日 = {operating} 時間/年)の稼働とすれば、"
        "約 {saving} 円({share}%)の削減が見込めます。",
        " Running it on working days only ({hours_a_day} hours × {days} working days = {operating} "
        "hours a year) would save about {saving} yen ({share} %).",
    ),
    "review.verification_24x365.question": (
        "検証環境「{item}」を 24時間365日稼働とする理由をご教示ください。検証作業を行う時間帯のみ"
        "(例: 平日 8:00〜20:00)稼働させ、夜間・土日祝日・年末年始は停止する前提でお見積りいただけますか。",
        "Why is the verification environment '{item}' priced to run 24 hours, 365 days? Could you "
        "estimate it running only when tests are done (e.g. working days 8:00–20:00), stopped at "
        "night, at weekends, on holidays and over the year-end closure?",
    ),
    # --- estimate review: production-24x365 --------------------------------------------------
    "review.production_24x365.message": (
        "本番環境の「{item}」が 24時間365日稼働({basis}、年 {hours} 時間)で見積もられていますが、"
        "常時稼働が必要な理由(夜間バッチ、コンビニ交付など)の記載がありません。",
        "the production line '{item}' is priced to run 24 hours, 365 days ({basis}, {hours} hours a "
        "year) with no stated need (a night batch, certificates issued at convenience stores …).",
    ),
    "review.production_24x365.saving": (
        "閉庁日(土日祝日・年末年始)に停止するだけで約 {saving} 円({share}%)の削減が見込めます。",
        " Stopping it only on the days the offices are closed (weekends, holidays, the year-end "
        "closure) would save about {saving} yen ({share} %).",
    ),
    "review.production_24x365.question": (
        "本番環境「{item}」を 24時間365日稼働とする必要性(夜間バッチ、住民向けの24時間サービス、"
        "可用性要件など)をご教示ください。必要な稼働時間帯を用途ごと(オンライン、夜間バッチ等)に"
        "お示しいただき、休日・祝日・年末年始や不要な時間帯の停止を前提とした見積をご検討いただけますか。",
        "Why must the production line '{item}' run 24 hours, 365 days (a night batch, a round-the-"
        "clock service for residents, an availability requirement)? Please state the hours each use "
        "needs (online, night batch …) and consider an estimate stopped on holidays, over the "
        "year-end closure and in the hours nobody needs it.",
    ),
    "review.production_24x365.need": (
        "本番環境の「{item}」は 24時間365日稼働ですが、必要性の記載があります(「{need}」)。",
        "the production line '{item}' runs 24 hours, 365 days with a stated need ('{need}').",
    ),
    # --- estimate review: storage-oversized --------------------------------------------------
    "review.storage_oversized.message": (
        "「{item}」は {capacity} で見積もられています。",
        "'{item}' is estimated at {capacity}.",
    ),
    "review.storage_oversized.growth": (
        "将来の増加を見込んだ容量の記載があります(「{words}」)。",
        " It says the capacity is bought for growth ahead ('{words}').",
    ),
    "review.storage_oversized.usage": (
        "現行使用量 {usage} に 1 年分の増加と余裕({margin}%)を見込んでも {needed} で足り、"
        "超過分は {excess}({share}%)です。",
        " The current use of {usage} plus a year's growth and headroom ({margin} %) needs {needed}; "
        "{excess} ({share} %) is beyond that.",
    ),
    "review.storage_oversized.saving": (
        "超過分の約 {saving} 円が削減できる見込みです。",
        " About {saving} yen of it could be saved.",
    ),
    "review.storage_oversized.question": (
        "ストレージ容量 {capacity} の算定根拠(現行システムの格納容量、年間の増加量)をご教示ください。"
        "クラウドでは容量を後から拡張できるため、将来分(例えば5年先)を見込まず、現行の格納容量に"
        "当面の増加分を加えた容量でお見積りいただけますか。",
        "How was the capacity of {capacity} worked out (what the current system stores, the yearly "
        "growth)? As cloud storage can be enlarged later, could you estimate the current stored "
        "volume plus the near-term growth, without capacity for years ahead (e.g. five)?",
    ),
    # --- estimate review: full-backup --------------------------------------------------------
    "review.full_backup.full": (
        "「{item}」はフルバックアップ({how})で見積もられており、差分・増分バックアップの記載がありません。",
        "'{item}' is estimated as full backups ({how}), with nothing said about differential or "
        "incremental ones.",
    ),
    "review.full_backup.ratio": (
        "バックアップ容量 {backup} はデータ量 {data} の {ratio} 倍です(目安 {limit} 倍以内)。",
        " The backup volume of {backup} is {ratio} times the data ({data}); {limit} times is the "
        "usual upper bound.",
    ),
    "review.full_backup.needed_differential": (
        "差分バックアップ(1 日の変更 {rate}%)なら",
        "differential backups (a day's change {rate} %)",
    ),
    "review.full_backup.needed_ratio": (
        "データ量の {limit} 倍までとすれば",
        "at most {limit} times the data",
    ),
    "review.full_backup.saving": (
        "{how} {needed} で足り、約 {saving} 円({share}%)の削減が見込めます。",
        " With {how}, {needed} would do: about {saving} yen ({share} %) less.",
    ),
    "review.full_backup.question_full": (
        "「{item}」をフルバックアップとした理由をご教示ください。初回(または週次)のフルバックアップと"
        "日次の差分・増分バックアップ(スナップショット等)の組み合わせとし、保持世代数とバックアップ"
        "容量({backup})の算定根拠をお示しいただけますか。",
        "Why is '{item}' estimated as full backups? Could you combine a first (or weekly) full backup "
        "with daily differential or incremental ones (snapshots …), and show how the generations kept "
        "and the backup volume ({backup}) were worked out?",
    ),
    "review.full_backup.question_volume": (
        "「{item}」のバックアップ容量({backup})の算定根拠(対象データ量、保持世代数、1 日あたりの"
        "変更量)をご教示ください。差分バックアップの想定データ量として妥当か、ご確認いただけますか。",
        "How was the backup volume of '{item}' ({backup}) worked out (the data, the generations kept, "
        "the daily change)? Could you check it is a reasonable volume for differential backups?",
    ),
    # --- estimate review: csp-support-fee ----------------------------------------------------
    "review.csp_support_fee.ng": (
        "CSP のサポート費用「{item}」{amount}が計上されています。CSP サポートはデジタル庁が契約しており、"
        "ガバメントクラウドを利用する団体は無償で利用できます。",
        "a cloud provider support fee '{item}' of {amount} is included; the Digital Agency contracts "
        "the CSP support and Government Cloud users get it free",
    ),
    "review.csp_support_fee.ng.question": (
        "「{item}」({amount}) は CSP(クラウド事業者)のサポートプランの費用と見受けられます。"
        "ガバメントクラウドでは CSP サポートをデジタル庁の契約により無償で利用できますので、見積から除外して"
        "いただけますか。除外できない場合は、無償のサポートでは不足する理由と、この費用で提供される内容を"
        "ご説明ください。",
        "'{item}' ({amount}) looks like the cloud provider's support plan. Under the Government Cloud "
        "the CSP support is free through the Digital Agency's contract: please take it out of the "
        "estimate, or explain why the free support is not enough and what this fee buys.",
    ),
    "review.csp_support_fee.ambiguous": (
        "ガバメントクラウド利用料の区分に「{item}」{amount}があります。CSP のサポート費用であれば、"
        "デジタル庁の契約により無償のため計上は不要です。",
        "'{item}' ({amount}) is priced among the Government Cloud fees; if it is the cloud provider's "
        "support, it is free through the Digital Agency and should not be priced",
    ),
    "review.csp_support_fee.ambiguous.question": (
        "ガバメントクラウド利用料に含まれる「{item}」({amount}) の内容をご説明ください。CSP のサポート"
        "プランの費用であれば、ガバメントクラウドでは無償で利用できるため見積から除外してください。"
        "貴社の作業であれば、作業内容と工数の内訳をお示しください。",
        "What is '{item}' ({amount}) among the Government Cloud fees? If it is the cloud provider's "
        "support plan, it is free under the Government Cloud: please take it out. If it is your own "
        "work, please give its tasks and hours.",
    ),
    "review.csp_support_fee.included": (
        "「{item}」{amount}に CSP のサポート費用が含まれているとみられます(記載:「{note}」)。",
        "'{item}' ({amount}) seems to include the cloud provider's support (it says '{note}')",
    ),
    "review.csp_support_fee.included.question": (
        "「{item}」({amount}) に含まれている CSP サポート費用の金額をお示しのうえ、見積から除外して"
        "いただけますか。ガバメントクラウドでは CSP サポートはデジタル庁の契約により無償で利用できます。",
        "Please state how much of '{item}' ({amount}) is the cloud provider's support and take it out: "
        "under the Government Cloud the CSP support is free through the Digital Agency's contract.",
    ),
    "review.csp_support_fee.unpriced": (
        "CSP のサポート「{item}」が金額なし(別途など)で記載されています。",
        "the cloud provider's support '{item}' is listed without an amount (priced separately?)",
    ),
    "review.csp_support_fee.unpriced.question": (
        "「{item}」が別途計上の扱いとなっています。ガバメントクラウドでは CSP サポートはデジタル庁の契約に"
        "より無償で利用できますので、本件で費用が発生しないことをご確認ください。",
        "'{item}' is marked as priced separately. Under the Government Cloud the CSP support is free "
        "through the Digital Agency: please confirm it will cost nothing.",
    ),
    "review.csp_support_fee.free": (
        "「{item}」: CSP サポートは費用計上されていません(デジタル庁契約により無償)。",
        "'{item}': the cloud provider's support is not charged (free through the Digital Agency)",
    ),
    "review.csp_support_fee.calculator": (
        "カリキュレータの見積結果に CSP のサポート費用「{item}」が含まれています(月額 {monthly}、"
        "12か月 {year})。",
        "the calculator estimate includes the cloud provider's support '{item}' ({monthly} a month, "
        "{year} over 12 months)",
    ),
    "review.csp_support_fee.calculator.question": (
        "カリキュレータの見積結果に「{item}」(月額 {monthly}) が含まれています。ガバメントクラウドでは "
        "CSP サポートはデジタル庁の契約により無償で利用できますので、この行を除いた見積結果を"
        "お示しいただけますか。",
        "The calculator estimate includes '{item}' ({monthly} a month). Under the Government Cloud the "
        "CSP support is free through the Digital Agency: please send the estimate without this line.",
    ),
    # the provider calculator export (review/calculator.py)
    "review.calculator.unknown_format": (
        "カリキュレータの見積結果として読めません(見出し行が見つかりません)",
        "cannot read the file as a pricing calculator estimate (no header row found)",
    ),
    "review.calculator.unknown_format.fix": (
        "AWS Pricing Calculator の CSV エクスポート、または service,description,region,monthly,currency"
        " の見出しを持つ CSV を指定してください(docs/calculator-format.md)",
        "give the AWS Pricing Calculator's CSV export, or a CSV with the header "
        "service,description,region,monthly,currency (docs/calculator-format.md)",
    ),
    "review.calculator.not_csv": (
        "カリキュレータの見積結果は CSV で指定してください(XLSX・PDF・JSON は読めません)",
        "give the calculator estimate as CSV (XLSX, PDF and JSON are not read)",
    ),
    "review.calculator.not_csv.fix": (
        "AWS Pricing Calculator では「エクスポート」から CSV を選んで保存してください",
        "in the AWS Pricing Calculator, choose Export and then CSV",
    ),
    # --- estimate review: volume-discount ----------------------------------------------------
    "review.volume_discount.missing": (
        "ガバメントクラウド利用料 {base}({lines} 行)に、大口割引(ボリュームディスカウント)の適用を示す"
        "割引行・記載がありません。割引率 {rate}% の仮定で約 {saving}の減額が見込まれます。",
        "the Government Cloud fees of {base} ({lines} lines) show no volume discount (no discount line, "
        "no remark that it is applied); at an assumed {rate} % they would be about {saving} lower",
    ),
    "review.volume_discount.missing.question": (
        "ガバメントクラウド利用料({base})に、デジタル庁経由の大口割引(ボリュームディスカウント)は"
        "加味されていますか。加味済みであれば適用した割引率と割引前の金額を、未加味であれば割引を反映した"
        "金額をお示しください。",
        "Do the Government Cloud fees ({base}) include the volume discount the Digital Agency "
        "negotiated? If so, please state the rate applied and the amount before it; if not, please "
        "give the fees with the discount applied.",
    ),
    "review.volume_discount.list_price": (
        "ガバメントクラウド利用料 {base}({lines} 行)は定価(割引前)で計上されています({where})。"
        "大口割引(ボリュームディスカウント)を加味すると、割引率 {rate}% の仮定で約 {saving}下がります。",
        "the Government Cloud fees of {base} ({lines} lines) are at list price ({where}); with the "
        "volume discount, at an assumed {rate} %, they would be about {saving} lower",
    ),
    "review.volume_discount.list_price.question": (
        "ガバメントクラウド利用料({base})が定価(割引前)の金額となっています。デジタル庁が CSP と"
        "合意している大口割引(ボリュームディスカウント)を加味した金額に改めていただけますか。"
        "加味できない場合は、その理由をご説明ください。",
        "The Government Cloud fees ({base}) are list prices. Please restate them with the volume "
        "discount the Digital Agency agreed with the provider, or explain why it cannot be applied.",
    ),
    "review.volume_discount.applied_line": (
        "ガバメントクラウド利用料 {gross}に割引「{item}」{amount}(割引率 {rate}%)が計上されています。",
        "a discount '{item}' of {amount} ({rate} %) is applied to the Government Cloud fees of {gross}",
    ),
    "review.volume_discount.applied_note": (
        "ガバメントクラウド利用料は大口割引を加味した金額と記載されています(「{item}」)。",
        "the Government Cloud fees are stated to include the volume discount ('{item}')",
    ),
    "review.volume_discount.calculator": (
        "カリキュレータの見積結果(月額 {monthly}、12か月 {year})に大口割引(ボリュームディスカウント)が"
        "加味されていません(割引の行・記載がありません)。割引率 {rate}% の仮定で月額約 {discount}の"
        "減額が見込まれます。",
        "the calculator estimate ({monthly} a month, {year} over 12 months) has no volume discount (no "
        "discount line or remark); at an assumed {rate} % it would be about {discount} a month lower",
    ),
    "review.volume_discount.calculator.question": (
        "カリキュレータの見積結果(月額 {monthly})は公開価格(オンデマンド)によるものとみられます。"
        "デジタル庁の大口割引(ボリュームディスカウント)を加味した月額と、適用した割引率をお示し"
        "いただけますか。",
        "The calculator estimate ({monthly} a month) looks like public on-demand pricing. Please give "
        "the monthly fee with the Digital Agency's volume discount, and the rate applied.",
    ),
    "review.volume_discount.calculator_applied": (
        "カリキュレータの見積結果に割引が反映されています(「{item}」)。",
        "the calculator estimate includes a discount ('{item}')",
    ),
    # --- estimate review: old-generation -----------------------------------------------------
    "review.old_generation.message": (
        "旧世代のインスタンスタイプ {types} が使われています(現行世代の相当品: {successors})。",
        "previous-generation instance type {types} (current equivalent: {successors}).",
    ),
    "review.old_generation.prices": (
        "時間単価は {current} → {successor} USD で、{share}% 安価です。",
        " The hourly list price goes from {current} to {successor} USD, {share} % less.",
    ),
    "review.old_generation.saving": (
        "変更すれば約 {saving} 円の削減が見込めます。",
        " Changing would save about {saving} yen.",
    ),
    "review.old_generation.question": (
        "{types} を選定した理由をご教示ください。同じ vCPU・メモリで安価な現行世代({successors})に"
        "変更したお見積りをいただけますか。旧世代でなければならない制約(OS、ミドルウェアの動作保証等)が"
        "ある場合はその内容をお示しください。",
        "Why was {types} chosen? Could you estimate the current generation ({successors}), with the "
        "same vCPUs and memory for less? If something requires the old generation (the OS, a "
        "middleware's certified platforms …), please say what.",
    ),
    # --- estimate review: staff --------------------------------------------------------------
    "review.staff.unknown_rank": (
        "ランク記載なし(単価表の最高ランク {rank} で比較)",
        "no rank named (compared with {rank}, the card's highest)",
    ),
    "review.staff.per_person_month": ("人・月", "person-month"),
    "review.staff.rate": (
        "{rank} の単価 ¥{price}/{unit} は単価表の上限 ¥{limit} を ¥{excess} 上回っています"
        "(数量 {quantity} で ¥{saving})",
        "the {rank} unit price ¥{price}/{unit} is ¥{excess} above the rate card's ¥{limit} "
        "(¥{saving} over the quantity of {quantity})",
    ),
    "review.staff.rate.question": (
        "「{item}」の単価 ¥{price}/{unit} は、{rank} の想定単価 ¥{limit} を上回っています。要員のランクと"
        "担当する作業内容、単価の根拠をお示しいただき、作業内容に見合ったランク・単価への見直しを"
        "ご検討ください。",
        "The unit price of '{item}', ¥{price}/{unit}, is above the ¥{limit} expected for {rank}. "
        "Please show the rank, the work it does and how the price was set, and consider a rank and "
        "price that fit the work.",
    ),
    "review.staff.headcount": (
        "{category}の従事要員が計 {persons} 名(常勤換算)で、1 システムの想定 {limit} 名を超えています"
        "({lines})",
        "the {category} is staffed with {persons} full-time persons, more than the {limit} expected "
        "for one system ({lines})",
    ),
    "review.staff.headcount.question": (
        "{category}の従事要員が常勤換算で計 {persons} 名となっています。要員ごとの担当作業と工数の"
        "内訳をお示しいただき、自治体職員の補助という業務内容に見合った人数・工数への見直しを"
        "ご検討ください。",
        "The {category} is staffed with {persons} full-time persons. Please break down the work and "
        "hours of each, and consider a headcount that fits work assisting the municipality's staff.",
    ),
    "review.staff.manual": (
        "運用作業に手作業が含まれています(「{manual}」「{operation}」)。自動化の検討状況の記載がありません",
        "the operations include manual work ('{manual}', '{operation}') with nothing said about "
        "automating it",
    ),
    "review.staff.manual.question": (
        "「{item}」は手作業で行う前提となっています。マネージドサービス(AWS Backup、CloudWatch 等)や"
        "ジョブ管理による自動化が可能かご検討いただき、自動化した場合の工数・金額をお示しください。",
        "'{item}' is priced as manual work. Please consider automating it (managed services such as "
        "AWS Backup or CloudWatch, job scheduling) and show the hours and price once automated.",
    ),
    "review.staff.fixed": ("。「{text}」とあり、体制が固定されています", "; '{text}' fixes the staffing"),
    "review.staff.no_review": (
        "従事要員・工数を定期的に評価し見直す旨の記載が見積書にありません{extra}",
        "the estimate says nothing about reviewing the staffing and hours periodically{extra}",
    ),
    "review.staff.no_review.question": (
        "従事要員・工数について、作業実績に基づき定期的(四半期・半期ごと等)に評価し、作業内容と"
        "体制を見直す旨を契約条件に含めていただけますか。評価の方法と時期をお示しください"
        "(対象: 「{item}」ほか)。",
        "Will you include in the contract a periodic review (each quarter or half-year) of the "
        "staffing and hours against the work actually done, and say how and when it is made? "
        "(applies to '{item}' and the other staff lines)",
    ),
    # --- estimate review: duplicate-work -----------------------------------------------------
    "review.duplicate_work.yen": ("{amount} 円", "{amount} yen"),
    "review.duplicate_work.unpriced": ("金額の記載なし", "no amount given"),
    "review.duplicate_work.other": (
        "{category}の「{item}」({cell}、{amount})",
        "'{item}' in {category} ({cell}, {amount})",
    ),
    "review.duplicate_work.cross": (
        "{category}の「{item}」({amount})は、{others}と同じ作業({work})を含んでいるように見えます",
        "'{item}' in {category} ({amount}) seems to include the same work ({work}) as {others}",
    ),
    "review.duplicate_work.cross.question": (
        "「{item}」と{others}の双方に{work}の作業が含まれているように見えます。それぞれの作業範囲と"
        "役割分担をご説明ください。重複している場合は、一方から削除した見積書をご提出ください。",
        "Both '{item}' and {others} seem to include {work}. Please explain the scope and split of "
        "each; where they overlap, please send an estimate with the work in one place only.",
    ),
    "review.duplicate_work.twice": (
        "「{item}」({amount} 円)は、同じ区分の {cell} にも同じ品名・内容で計上されています"
        "({other_amount} 円)",
        "'{item}' ({amount} yen) is priced again with the same name and content as {cell} "
        "({other_amount} yen)",
    ),
    "review.duplicate_work.twice.question": (
        "「{item}」が {cell} と重複して計上されているように見えます。別の作業・品目であればその違いを"
        "ご説明ください。重複であれば一方を削除した見積書をご提出ください。",
        "'{item}' seems to be priced twice (see {cell}). If they are different tasks or items, "
        "please explain the difference; otherwise send an estimate with one of them removed.",
    ),
    # --- estimate review: missing-documents --------------------------------------------------
    "review.missing_documents.missing": (
        "見積精査に必要な資料「{document}」が提出されていません",
        "the document '{document}' a review needs has not been provided",
    ),
    "review.missing_documents.ok": (
        "見積精査に必要な資料 {count} 点がすべて提出されています",
        "all {count} documents a review needs have been provided",
    ),
    "review.missing_documents.question.calculator": (
        "ガバメントクラウドで利用予定の CSP の月額利用料の計算結果(料金計算ツールの見積結果またはその "
        "URL)をご提出ください。クラウド利用料の内訳と大口割引の反映の確認に用います。",
        "Please provide the CSP monthly fee calculation (the pricing calculator's result or its URL); "
        "it is needed to check the cloud fees and the volume discount.",
    ),
    "review.missing_documents.question.diagram": (
        "ガバメントクラウド上での想定システム構成図(AZ レベルまで記載した詳細な構成図)をご提出ください。"
        "サーバ台数・冗長化・DR 構成の確認に用います。",
        "Please provide the planned system diagram on the Government Cloud, down to the availability "
        "zones; it is needed to check server counts, redundancy and the DR configuration.",
    ),
    "review.missing_documents.question.breakdown": (
        "イニシャル費用とランニング費用の内訳資料(費目ごとの数量・単価・金額)をご提出ください。",
        "Please provide the breakdown of the initial and running costs (quantity, unit price and "
        "amount of each item).",
    ),
    "review.missing_documents.question.current_configuration": (
        "現行のシステム構成が分かる資料(サーバ・スペック一覧、ネットワーク構成)をご提出ください。"
        "移行前後の構成の比較に用います。",
        "Please provide the current system configuration (server and spec list, network); it is "
        "needed to compare the configuration before and after the move.",
    ),
    "review.missing_documents.question.specification": (
        "見積依頼時の仕様書(案)等、本見積の前提とした仕様をご提出ください。",
        "Please provide the specification (draft) the estimate was made against.",
    ),
    "review.missing_documents.question.estimate_basis": (
        "「見積にあたっての考え方」(積算の前提・根拠)をご提出ください。",
        "Please provide the vendor's estimate basis (the assumptions and grounds of the estimate).",
    ),
    "review.missing_documents.question.nonfunctional": (
        "見積上前提としている非機能要件の考え方(可用性・RPO/RTO、耐障害性・災害対策、性能・拡張性、"
        "運用・保守性)をご提出ください。",
        "Please provide the non-functional requirements the estimate assumes (availability and "
        "RPO/RTO, fault tolerance and DR, performance and scalability, operations and maintenance).",
    ),
    "review.missing_documents.question.current_utilisation": (
        "現行サーバごとの CPU・メモリ・ディスクの使用量と使用率(平均・ピーク、直近 1 年程度)をご提出"
        "ください。サーバのサイジングの妥当性の確認に用います。",
        "Please provide each current server's CPU, memory and disk use and utilisation (average and "
        "peak, about the last year); it is needed to check the sizing.",
    ),
    # --- estimate review: output (JSON, XLSX, CLI) -------------------------------------------
    "review.title": ("見積精査の結果", "Estimate review"),
    "review.none": ("指摘はありません", "no findings"),
    "review.estimate_required": (
        "見積書のファイルを指定してください(govcost review 見積書.xlsx)",
        "give the estimate file (govcost review ESTIMATE.xlsx)",
    ),
    "review.written": ("{path} に書き出しました", "written to {path}"),
    "review.write_failed": ("出力ファイルを書き出せません", "cannot write the output file"),
    "review.write_failed.fix": (
        "出力先のフォルダがあるか、同じ名前のファイルを Excel などで開いたままにしていないか確認してください",
        "check that the folder exists and that the file is not open in Excel or another program",
    ),
    "review.total": (
        "削減見込みの合計 {saving} 円(同じセルへの指摘は最大の 1 件だけ数えます)",
        "possible saving in total: {saving} yen (a cell counted once, with its largest saving)",
    ),
    "review.counts": (
        "要修正 {ng} 件、要確認 {warn} 件、OK {ok} 件",
        "{ng} wrong, {warn} to check, {ok} OK",
    ),
    "review.checks_title": ("見積精査のチェック", "Estimate checks"),
    "review.col.status": ("判定", "status"),
    "review.col.check": ("チェック", "check"),
    "review.col.check_id": ("チェックID", "check id"),
    "review.col.checklist_ref": ("見積チェックリストの項目", "estimate checklist item"),
    "review.col.where": ("箇所", "where"),
    "review.col.sheet": ("シート", "sheet"),
    "review.col.cell": ("セル", "cell"),
    "review.col.kind": ("行の種類", "kind of line"),
    "review.col.category": ("区分", "category"),
    "review.col.item": ("項目", "item"),
    "review.col.quantity": ("数量", "quantity"),
    "review.col.unit": ("単位", "unit"),
    "review.col.unit_price": ("単価(円)", "unit price (JPY)"),
    "review.col.amount": ("金額(円)", "amount (JPY)"),
    "review.col.remarks": ("備考", "remarks"),
    "review.col.message": ("指摘内容", "finding"),
    "review.col.question": ("質問", "question"),
    "review.col.saving": ("削減見込み(円)", "possible saving (JPY)"),
    "review.col.ng": ("要修正", "wrong"),
    "review.col.warn": ("要確認", "to check"),
    "review.col.findings": ("指摘件数", "findings"),
    "review.col.saving_sum": ("削減見込み(指摘の単純合計、円)", "possible saving, plain sum (JPY)"),
    "review.col.saving_credited": ("削減見込み(合計への計上、円)", "possible saving, counted (JPY)"),
    "review.col.estimate_amount": ("見積額(円)", "estimate (JPY)"),
    "review.col.current_amount": ("現行契約額(円)", "current contract (JPY)"),
    "review.col.difference": ("差額(円)", "difference (JPY)"),
    "review.col.no": ("No", "No"),
    "review.col.answer": ("回答", "answer"),
    "review.col.answered_on": ("回答日", "answered on"),
    "review.kind.line": ("明細", "line"),
    "review.kind.detail": ("内訳", "breakdown"),
    "review.kind.heading": ("見出し", "heading"),
    "review.kind.subtotal": ("小計", "subtotal"),
    "review.kind.total": ("合計", "total"),
    "review.kind.tax": ("消費税", "tax"),
    "review.kind.total_with_tax": ("税込合計", "total with tax"),
    "review.kind.note": ("注記", "note"),
    "review.no_category": ("(区分なし)", "(no category)"),
    "review.hidden": ("非表示の行", "hidden row"),
    "review.whole_estimate": ("(見積全体)", "(the estimate as a whole)"),
    "review.sheet.summary": ("概要", "Summary"),
    "review.sheet.lines": ("明細", "Lines"),
    "review.sheet.questions": ("質問票", "Questions"),
    "review.xlsx.title": ("見積精査 結果", "Estimate review"),
    "review.xlsx.estimate": ("見積書", "estimate"),
    "review.xlsx.current": ("現行契約", "current contract"),
    "review.xlsx.no_current": ("なし", "none"),
    "review.xlsx.documents": ("提出資料", "documents provided"),
    "review.xlsx.documents_not_stated": (
        "指定なし(--documents で指定すると不足資料を確認します)",
        "not stated (give --documents to check for missing ones)",
    ),
    "review.xlsx.documents_none": ("なし", "none"),
    "review.xlsx.municipality": ("団体", "municipality"),
    "review.xlsx.system": ("システムID", "system id"),
    "review.xlsx.checks": ("実施したチェック", "checks run"),
    "review.xlsx.created": ("作成日時", "created at"),
    "review.xlsx.ng": ("要修正の指摘", "findings: wrong"),
    "review.xlsx.warn": ("要確認の指摘", "findings: to check"),
    "review.xlsx.ok": ("OK", "OK"),
    "review.xlsx.total_saving": ("削減見込みの合計(円)", "possible saving in total (JPY)"),
    "review.xlsx.by_check": ("チェック別", "By check"),
    "review.xlsx.by_category": ("費目別", "By category"),
    "review.xlsx.note": (
        "金額は円未満を四捨五入(欄ごとに 1 回)。削減見込みの合計は、同じセルへの複数の指摘を最大の 1 件だけ"
        "数えたものです。チェック別の「合計への計上」は、その 1 件のチェックに計上した額で、合計と一致します"
        "(欄ごとの四捨五入による円未満の差を除く)。費目別の見積額は明細行の合計で、小計・合計・消費税の行は"
        "含みません。一式の行に金額があるときはその内訳を、総括表と明細のシートがあるときは明細のある区分の"
        "総括表の行を数えません。",
        "Yen are rounded half up, once per cell. The total possible saving counts a cell once, with its "
        "largest saving; by check, 'counted' credits that saving to the check that found it, so the "
        "column adds up to the total (but for rounding, once per cell). Amounts by category add up "
        "the priced lines, without subtotals, totals or tax: a breakdown only where its lump-sum line "
        "states no amount, a summary sheet's line only where no detail sheet prices its category.",
    ),
    "review.xlsx.questions_title": ("見積書に関するご質問", "Questions on the estimate"),
    "review.xlsx.questions_intro": (
        "見積書「{file}」について、以下の点をご確認のうえ、回答欄にご回答ください。",
        "Please look into the points below on the estimate '{file}' and answer in the answer column.",
    ),
    # --- allocation (按分) ------------------------------------------------------------------
    "allocation.bad_yaml": (
        "按分ルールのファイルを YAML として読めません",
        "the rules file is not valid YAML",
    ),
    "allocation.bad_value": ("按分ルールの値が正しくありません", "a value of the rules file is wrong"),
    "allocation.unknown_key": ("按分ルールに未知の項目があります", "unknown key in the rules file"),
    "allocation.unknown_key.fix": (
        "使える項目: {allowed}(docs/allocation.md)",
        "the keys allowed: {allowed} (docs/allocation.md)",
    ),
    "allocation.unknown_method": ("未知の按分方式です: {method}", "unknown allocation method: {method}"),
    "allocation.unknown_method.fix": ("使える方式: {allowed}", "the methods allowed: {allowed}"),
    "allocation.missing_key": ("按分ルールに必須の項目がありません", "a required key of the rule is missing"),
    "allocation.missing_key.fix": (
        "id、select、members、method(fixed_variable では fixed_percent、fixed、variable、"
        "accounts・users・usage で按分するときはその値)を書いてください",
        "give id, select, members and method (fixed_percent, fixed and variable for fixed_variable; "
        "the accounts, users or usage block the method splits by)",
    ),
    "allocation.only_fixed_variable": (
        "この項目は fixed_variable の按分でだけ使えます(方式: {method})",
        "this key belongs to fixed_variable only (the method is {method})",
    ),
    "allocation.empty_select": (
        "select に按分する費用の条件がありません",
        "select names no cost to share",
    ),
    "allocation.empty_select.fix": (
        "system_id、account_id、cost_source、business、municipality_code、usage、tags のいずれかで"
        "按分する費用を選んでください(from・to だけでは台帳のすべての費用になります)",
        "select the shared cost by system_id, account_id, cost_source, business, municipality_code, "
        "usage or tags (from and to alone would share every cost of the ledger)",
    ),
    "allocation.duplicate_rule": ("ルールID {rule} が重複しています", "the rule id {rule} is used twice"),
    "allocation.duplicate_member": (
        "構成団体 {member} が 2 回書かれています",
        "the member {member} is listed twice",
    ),
    "allocation.key_not_member": (
        "{member} は構成団体(members)にありません",
        "{member} is not one of the members",
    ),
    "allocation.key_not_member.fix": (
        "構成団体の按分キーだけを書くか、members に加えてください",
        "give keys for the members only, or add it to members",
    ),
    "allocation.member_key_missing": (
        "構成団体 {member} の按分キーがありません",
        "the member {member} has no key",
    ),
    "allocation.member_key_missing.fix": (
        "すべての構成団体に値を書いてください(使わない団体は 0)",
        "give every member a value (0 for a member that does not use it)",
    ),
    "allocation.zero_keys": (
        "按分キーがすべて 0 です",
        "every key is zero",
    ),
    "allocation.no_population": (
        "構成団体 {member} の人口がありません",
        "no population for the member {member}",
    ),
    "allocation.no_population.fix": (
        "--populations か、ルールファイルの populations: で人口の CSV (municipality_code,population) を"
        "指定してください",
        "give a populations CSV (municipality_code,population) with --populations or populations: in "
        "the rules file",
    ),
    "allocation.overlap": (
        "ルール {rule} と {other} が同じ費用を選んでおり、二重に按分されます",
        "the rules {rule} and {other} select the same cost: it would be shared twice",
    ),
    "allocation.overlap.fix": (
        "どちらかの select を絞り込み(cost_source、from・to など)、1 つの費用が 1 つのルールだけに"
        "入るようにしてください",
        "narrow one of the selections (cost_source, from / to, ...) so that each cost falls under one rule",
    ),
    "allocation.overlap_rows": (
        "ルール {rule} と {other} が台帳の同じ {rows} 行を選んでおり、二重に按分されます"
        "(例: システム {system}、{month})",
        "the rules {rule} and {other} select the same {rows} ledger rows: they would be shared twice "
        "(e.g. system {system}, {month})",
    ),
    "allocation.overlap_rows.fix": (
        "どちらかの select を絞り込み、1 つの費用が 1 つのルールだけに入るようにしてください",
        "narrow one of the selections so that each cost falls under one rule",
    ),
    "allocation.missing_month_keys": (
        "{month} の利用量がありません",
        "no usage is given for {month}",
    ),
    "allocation.missing_month_keys.fix": (
        "usage.keys に按分するすべての月の値を書くか、select の from・to で月を絞ってください",
        "give usage.keys for every month shared, or limit the months with from / to in select",
    ),
    "allocation.rules_required": (
        "按分ルールのファイルがありません(./allocation.yaml)",
        "no rules file (./allocation.yaml)",
    ),
    "allocation.rules_required.fix": (
        "--rules で指定してください(例: --rules demo-data/allocation.yaml、書き方は docs/allocation.md)",
        "give one with --rules (e.g. --rules demo-data/allocation.yaml; see docs/allocation.md)",
    ),
    "allocation.expected.mapping": ("項目: 値 の組", "a mapping of keys to values"),
    "allocation.expected.text": ("空でない文字列", "a non-empty text"),
    "allocation.expected.number": ("0 以上の数", "a number, 0 or more"),
    "allocation.expected.tags": ("{タグキー: 値}", "{tag key: value}"),
    "allocation.expected.after_from": ("from 以降の月", "a month from 'from' on"),
    "allocation.expected.keys": ("{団体コード: 値}", "{municipality code: value}"),
    "allocation.expected.usage": (
        "keys、tag、cost のどれか 1 つ",
        "exactly one of keys, tag and cost",
    ),
    "allocation.expected.members": ("団体コードのリスト", "a list of municipality codes"),
    "allocation.expected.rules": ("ルールのリスト", "a list of rules"),
    "allocation.method.equal": ("均等割", "equal shares"),
    "allocation.method.population": ("人口割", "by population"),
    "allocation.method.accounts": ("アカウント数割", "by accounts"),
    "allocation.method.users": ("利用者数割", "by users"),
    "allocation.method.usage": ("利用量割", "by usage"),
    "allocation.method.fixed_variable": ("固定割+変動割", "fixed + variable"),
    "allocation.fixed_variable_detail": (
        "固定 {fixed_percent}%: {fixed} + 変動 {variable_percent}%: {variable}",
        "fixed {fixed_percent} %: {fixed} + variable {variable_percent} %: {variable}",
    ),
    "allocation.source.equal": ("各団体 1", "1 each"),
    "allocation.source.population": (
        "同梱の人口(令和2年国勢調査の概数)",
        "the populations shipped with govcost (2020 census, approximate)",
    ),
    "allocation.source.population_file": ("人口ファイル {file}", "populations file {file}"),
    "allocation.source.rule": ("ルールファイル {file} の {at}", "{at} of the rules file {file}"),
    "allocation.source.tag": (
        "台帳: タグ {tag} に団体コードが付いた費用(円)",
        "ledger: the cost (JPY) tagged {tag} with the member's code",
    ),
    "allocation.source.cost": (
        "台帳: 各団体に計上された {select} の費用(円)",
        "ledger: the cost (JPY) of {select} registered to each member",
    ),
    "allocation.source.fallback": (
        "この月は {source} がすべて 0 のため均等",
        "equal this month: {source} is zero for every member",
    ),
    "allocation.no_costs": (
        "ルール {rule} の条件 ({select}) に当たる費用が台帳にありません",
        "no cost in the ledger matches the rule {rule} ({select})",
    ),
    "allocation.fallback_equal": (
        "ルール {rule} の {month}: {bases} のキーがすべて 0 のため、その部分を均等に按分しました",
        "rule {rule}, {month}: every {bases} key is zero, so that part was split equally",
    ),
    "allocation.foreign_rows": (
        "ルール {rule} の費用に、構成団体以外に計上された行があります({codes})。構成団体で按分しました",
        "the rule {rule} shares rows registered to municipalities outside its members ({codes}); "
        "the members share them",
    ),
    "allocation.charge_description": ("按分: {rule}", "allocated: {rule}"),
    "allocation.keys_vary": ("月ごとに変動", "varies by month"),
    "allocation.title": ("共同利用の按分 ({period}、ルール {rules})", "Allocation ({period}, rules {rules})"),
    "allocation.members_title": ("構成団体ごとの按分キーと負担額", "Keys and shares of the members"),
    "allocation.compare_title": (
        "按分方式ごとの負担額(期間合計、括弧内は現行方式との差)",
        "Shares under each method (the period; in brackets the difference from the current method)",
    ),
    "allocation.compare_note": (
        "差が + の団体は、その方式にすると今より多く負担します",
        "a + difference means the member would pay more under that method",
    ),
    "allocation.municipalities_title": (
        "団体別: 台帳上の計上額と按分後の額",
        "By municipality: cost as registered in the ledger and once allocated",
    ),
    "allocation.others": ("他の構成団体(計)", "the other members (total)"),
    "allocation.none": ("按分する費用がありません", "nothing to allocate"),
    "allocation.written": ("{path} に書き出しました", "written to {path}"),
    "allocation.col.rule": ("ルール", "rule"),
    "allocation.col.system": ("システム", "system"),
    "allocation.col.name": ("名称", "name"),
    "allocation.col.method": ("按分方式", "method"),
    "allocation.col.select": ("按分する費用", "shared cost"),
    "allocation.col.members": ("構成団体数", "members"),
    "allocation.col.members_names": ("構成団体", "members"),
    "allocation.xlsx.own_ratio_formula": ("自団体の按分率の計算", "own ratio, worked out"),
    "allocation.col.months": ("月数", "months"),
    "allocation.col.total": ("按分対象額(円)", "shared total (JPY)"),
    "allocation.col.keys": ("按分キー", "keys"),
    "allocation.col.key_of": ("按分キー({basis})", "key ({basis})"),
    "allocation.col.member_key": ("{name}\n{basis}", "{name}\n{basis}"),
    "allocation.col.ratio": ("按分率", "ratio"),
    "allocation.col.share": ("負担額(円)", "share (JPY)"),
    "allocation.col.share_total": ("按分による負担額(円)", "pays for shared systems (JPY)"),
    "allocation.col.own_ratio": ("自団体の按分率", "own ratio"),
    "allocation.col.own_share": ("自団体の負担額(円)", "own share (JPY)"),
    "allocation.col.others_share": ("他の構成団体の負担額 計(円)", "other members' shares, total (JPY)"),
    "allocation.col.current_method": ("現行の按分方式", "current method"),
    "allocation.col.current": ("現行方式(円)", "current method (JPY)"),
    "allocation.col.under": ("{method}(円)", "{method} (JPY)"),
    "allocation.col.diff_under": ("{method} との差(円)", "difference, {method} (JPY)"),
    "allocation.col.ledger": ("台帳上の計上額(円)", "as registered (JPY)"),
    "allocation.col.allocated": ("按分後(円)", "allocated (JPY)"),
    "allocation.col.difference": ("差(円)", "difference (JPY)"),
    "allocation.xlsx.summary_title": ("共同利用システムの按分 概要", "Allocation of jointly used systems"),
    "allocation.xlsx.statement_title": ("按分明細書 {code} {name}", "Settlement statement {code} {name}"),
    "allocation.xlsx.sheet.summary": ("概要", "Summary"),
    "allocation.xlsx.sheet.compare": ("按分方式の比較", "Methods compared"),
    "allocation.xlsx.compare_title": (
        "按分方式ごとの負担額(期間合計)",
        "What each member pays under each method (the period)",
    ),
    "allocation.xlsx.compare_note": (
        "差 = その方式での負担額 − 現行方式での負担額。+ はその方式にすると多く負担することを示します。"
        "各方式の負担額も月ごとに最大剰余法で円に丸めて合計しています。",
        "difference = the share under that method − the share under the current one; + means the "
        "member would pay more. Each method's shares are rounded to the yen month by month by the "
        "largest remainder, then added up.",
    ),
    "allocation.xlsx.period": ("対象期間", "period"),
    "allocation.xlsx.rules_file": ("按分ルール", "rules file"),
    "allocation.xlsx.populations": ("人口の出所", "populations"),
    "allocation.xlsx.created": ("作成日時", "created"),
    "allocation.xlsx.scope": ("対象団体", "municipalities"),
    "allocation.xlsx.all_municipalities": ("すべての構成団体", "every member"),
    "allocation.xlsx.municipality": ("団体", "municipality"),
    "allocation.xlsx.pays_total": ("負担額の合計(円)", "pays in all (JPY)"),
    "allocation.xlsx.by_rule": ("ルール別", "By rule"),
    "allocation.xlsx.by_municipality": ("団体別", "By municipality"),
    "allocation.xlsx.key_sources": ("按分キーの出所", "keys from"),
    "allocation.xlsx.own": ("自団体", "this municipality"),
    "allocation.xlsx.warnings": ("注意", "Warnings"),
    "allocation.xlsx.rounding_note": (
        "按分対象額は台帳の金額(円換算、端数を含む正確な値)の月ごとの合計を円未満四捨五入したもので、"
        "各団体の負担額は最大剰余法で円単位に丸め、構成団体の負担額の合計が按分対象額に一致します。",
        "A month's shared total is the exact sum of its ledger rows (JPY) rounded half up to the yen; "
        "the shares are rounded to the yen by the largest remainder, so that they add up to it.",
    ),
    "allocation.xlsx.visibility_note": (
        "按分キー(人口・利用者数など)はすべての構成団体について示します。負担額は自団体の分を月ごとに、"
        "他の構成団体の分は合計だけを示します。",
        "Every member's keys (population, users, ...) are shown; the shares, month by month, are the "
        "municipality's own, the other members' only as one total.",
    ),
    "allocation.xlsx.ledger_note": (
        "台帳上の計上額は対象期間に団体に計上された費用のすべて(共同利用の費用は幹事団体に計上)、"
        "按分後は共同利用の費用を負担額に置き換えた額です。差 = 按分後 − 台帳上の計上額。",
        "'As registered' is every cost of the period registered to the municipality (a joint system's "
        "cost to its lead municipality); 'allocated' replaces the shared costs by the shares. "
        "Difference = allocated − as registered.",
    ),
    "demo.allocation": (
        "共同利用システムの按分(ルール {rules}): 詳細・按分明細書は govcost allocate で作成できます",
        "allocation of the jointly used systems (rules {rules}); see govcost allocate for the statements",
    ),
    "demo.allocation.more": ("ほか {n} システム", "{n} more systems"),
    # --- KPI and targets ---------------------------------------------------------------------
    "kpi.no_costs": (
        "台帳に費用がありません。先に govcost ingest で取り込んでください",
        "the ledger holds no costs; import them first with govcost ingest",
    ),
    "kpi.no_costs_for": (
        "団体 {municipality} の費用が台帳にありません",
        "the ledger holds no costs of {municipality}",
    ),
    "kpi.no_costs_in_year": (
        "{year} 年度の費用が台帳にありません",
        "the ledger holds no costs of fiscal year {year}",
    ),
    "kpi.no_costs_in_year.fix": ("台帳にある年度: {years}", "fiscal years in the ledger: {years}"),
    "kpi.budget_month_outside_year": (
        "年月がその年度(4月〜翌年3月)に入っていません",
        "the month is not in its fiscal year (April to March)",
    ),
    "kpi.bad_k": ("--anomaly-k は正の数で指定してください", "--anomaly-k must be a positive number"),
    "kpi.written": ("{path} に書き出しました", "written to {path}"),
    "kpi.basis.actual": ("{year} 実績(12か月)", "{year}, actual (12 months)"),
    "kpi.basis.annualised": (
        "{year} {months}か月の実績を年換算(× 12 ÷ {months})",
        "{year}, {months} months annualised (× 12 ÷ {months})",
    ),
    "kpi.target.national-30": (
        "国の目標: 運用経費 平成30年度比 3割削減(移行後 ÷ 移行前 ≦ 0.7)",
        "national target: operating cost −30 % against FY2018 (after ÷ before ≤ 0.7)",
    ),
    "kpi.target.wards-1.5x": (
        "特別区KGI: 移行後の年間運用経費 移行前の1.5倍以内(≦ 1.5)",
        "the wards' KGI: annual operating cost after migration ≤ 1.5 × before",
    ),
    "kpi.target.cloud-yoy-10": (
        "FinOps KPI: クラウド利用料 前年度比 1割削減(今年度 ÷ 前年度 ≦ 0.9)",
        "FinOps KPI: cloud fees −10 % year on year (this year ÷ last year ≤ 0.9)",
    ),
    "kpi.target.joint-20": (
        "KSI: 共同調達 単独契約比 2割以上安価(共同 ÷ 単独 ≦ 0.8)",
        "KSI: joint procurement ≥ 20 % cheaper than single contracts (joint ÷ single ≤ 0.8)",
    ),
    "kpi.measure.ratio_of_totals": ("合計の比", "ratio of totals"),
    "kpi.measure.mean_of_ratios": ("団体別倍率の平均", "mean of the municipalities' ratios"),
    "kpi.status.met": ("達成", "met"),
    "kpi.status.missed": ("未達", "missed"),
    "kpi.status.no_data": ("データ不足", "not enough data"),
    "kpi.status.scenario": (
        "台帳からは測れません(govcost scenario の共同調達シナリオで評価)",
        "not measurable from the ledger (see the joint-procurement scenario of govcost scenario)",
    ),
    "kpi.targets.title": ("目標(シードの KGI・KPI)", "Targets (the seeds' KGI and KPIs)"),
    "kpi.col.target": ("目標", "target"),
    "kpi.col.limit": ("上限", "limit"),
    "kpi.col.measure": ("指標", "measure"),
    "kpi.col.value": ("値", "value"),
    "kpi.col.status": ("判定", "status"),
    "kpi.before_after.title": (
        "移行前後の運用経費(移行後: {basis})",
        "Before and after migration (after: {basis})",
    ),
    "kpi.col.before": ("移行前(円)", "before (JPY)"),
    "kpi.col.before_year": ("移行前の年度", "before: fiscal year"),
    "kpi.col.before_source": ("移行前の出所", "before: source"),
    "kpi.col.after": ("移行後(円)", "after (JPY)"),
    "kpi.col.ratio": ("倍率(移行後 ÷ 移行前)", "ratio (after ÷ before)"),
    "kpi.col.national": ("国 ≦0.7", "national ≤ 0.7"),
    "kpi.col.kgi": ("KGI ≦1.5", "KGI ≤ 1.5"),
    "kpi.source.file": ("基準値ファイル", "baseline file"),
    "kpi.source.ledger": ("台帳({months}か月)", "ledger ({months} months)"),
    "kpi.group.line": (
        "{n} 団体: 合計の比 {totals} 倍(Σ移行前 {before} 円 → Σ移行後 {after} 円)、"
        "団体別倍率の平均 {mean} 倍(中央値 {median}、最小 {min}、最大 {max})",
        "{n} municipalities: ratio of totals {totals} (Σ before ¥{before} → Σ after ¥{after}); "
        "mean of ratios {mean} (median {median}, min {min}, max {max})",
    ),
    "kpi.group.note": (
        "合計の比は団体の規模で重み付けされた値、団体別倍率の平均は各団体の倍率の単純平均です。両者は一致しません",
        "the ratio of totals is weighted by size, the mean of ratios is the plain mean of each "
        "municipality's ratio: the two differ",
    ),
    "kpi.no_baseline": (
        "移行前の運用経費(基準値)がなく倍率を出せない団体: {codes}(--baseline で指定できます)",
        "municipalities without a baseline (no ratio): {codes} (give one with --baseline)",
    ),
    "kpi.baseline_without_costs": (
        "基準値はあるが、この年度の費用が台帳にない団体: {codes}",
        "municipalities with a baseline but no costs in the ledger for the year: {codes}",
    ),
    "kpi.cloud.title": (
        "クラウド利用料 前年度比({year}、前年度の同じ月 {months} か月と比較)",
        "Cloud fees year on year ({year}, against the same {months} months a year earlier)",
    ),
    "kpi.cloud.not_enough": (
        "クラウド利用料 前年度比: 前年度({year})のクラウド利用料が台帳にないため出せません(データ不足)",
        "cloud fees year on year: the ledger holds no cloud fees of the year before ({year}): "
        "not enough data",
    ),
    "kpi.col.last_year": ("前年度(円)", "last year (JPY)"),
    "kpi.col.this_year": ("今年度(円)", "this year (JPY)"),
    "kpi.col.yoy": ("前年度比", "this ÷ last"),
    "kpi.per_resident.title": ("住民一人当たりの ICT 費用({basis})", "ICT cost per resident ({basis})"),
    "kpi.col.population": ("人口", "population"),
    "kpi.col.annual": ("年間費用(円)", "annual cost (JPY)"),
    "kpi.col.per_resident": ("一人当たり(円)", "per resident (JPY)"),
    "kpi.spread.line": (
        "ばらつき({n} 団体): 最小 {min} 円({min_name})、最大 {max} 円({max_name})、中央値 {median} 円、"
        "平均 {mean} 円、最大 ÷ 最小 {ratio} 倍、変動係数 {cv}",
        "spread ({n} municipalities): min ¥{min} ({min_name}), max ¥{max} ({max_name}), median ¥{median}, "
        "mean ¥{mean}, max ÷ min {ratio}, coefficient of variation {cv}",
    ),
    "kpi.ratio.median": ("倍率の中央値", "median ratio"),
    "kpi.ratio.min": ("倍率の最小", "lowest ratio"),
    "kpi.ratio.max": ("倍率の最大", "highest ratio"),
    "kpi.xlsx.count": ("{n} 団体", "{n} municipalities"),
    "kpi.spread.min": ("最小(円)", "min (JPY)"),
    "kpi.spread.max": ("最大(円)", "max (JPY)"),
    "kpi.spread.median": ("中央値(円)", "median (JPY)"),
    "kpi.spread.mean": ("平均(円)", "mean (JPY)"),
    "kpi.spread.max_over_min": ("最大 ÷ 最小", "max ÷ min"),
    "kpi.spread.cv": ("変動係数(母標準偏差 ÷ 平均)", "coefficient of variation (population s.d. ÷ mean)"),
    "kpi.missing_population": (
        "人口が分からない団体: {codes}(--populations で指定できます)",
        "municipalities without a population: {codes} (give them with --populations)",
    ),
    "kpi.fiscal.title": ("{year} 月別: 予算・実績・見込み", "{year} by month: budget, actual, forecast"),
    "kpi.col.label": ("月(和暦)", "month (Japanese era)"),
    "kpi.col.actual": ("実績(円)", "actual (JPY)"),
    "kpi.col.forecast": ("見込み(円)", "forecast (JPY)"),
    "kpi.col.budget": ("予算(円)", "budget (JPY)"),
    "kpi.col.variance": ("差(実績・見込み − 予算)", "variance (actual or forecast − budget)"),
    "kpi.col.year_end": ("年度末見込み(円)", "year-end forecast (JPY)"),
    "kpi.method.none": ("年度の12か月すべてが実績です(見込みなし)", "all 12 months are actual (no forecast)"),
    "kpi.method.last_year_trend": (
        "見込み = 前年同月 × 今年度の傾向(今年度これまでの実績 ÷ 前年度の同じ月)、団体ごと",
        "forecast = the same month last year × this year's trend (this year so far ÷ the same months last "
        "year), per municipality",
    ),
    "kpi.method.mean_so_far": (
        "見込み = これまでの月の平均(団体ごと)。年度末見込み = 実績 + 平均 × 残りの月数",
        "forecast = the mean of the months so far (per municipality); year end = actual + mean × the "
        "months left",
    ),
    "kpi.fiscal.year_end": (
        "年度末見込み {forecast} 円(実績 {actual} 円、{months} か月)。予算 {budget} 円、差 {variance} 円",
        "year-end forecast ¥{forecast} (actual ¥{actual}, {months} months); budget ¥{budget}, "
        "variance ¥{variance}",
    ),
    "kpi.fiscal.year_end_only": (
        "年度末見込み {forecast} 円(実績 {actual} 円、{months} か月)",
        "year-end forecast ¥{forecast} (actual ¥{actual}, {months} months)",
    ),
    "kpi.fiscal.no_budget": ("予算: なし(--budget で指定できます)", "budget: none (give one with --budget)"),
    "kpi.col.cost_source_all": ("全体", "all"),
    "kpi.anomaly.title": ("費用の異常な増加({year})", "Cost anomalies ({year})"),
    "kpi.anomaly.rule": (
        "判定: 同じシステムの過去の月額(直近 {window} か月、最低 {min_history} か月)の中央値 + {k} × MAD と、"
        "中央値の {rise} % 増の両方を上回る月({sources})。前年同月も同じ水準なら季節的な増加として除きます",
        "rule: a month above both median + {k} × MAD of the system's previous months (the last {window}, at "
        "least {min_history}) and the median + {rise} % ({sources}); a month as high as the same month last "
        "year is seasonal and left out",
    ),
    "kpi.anomaly.none": ("異常な増加はありません", "no anomalies"),
    "kpi.col.system": ("システム", "system"),
    "kpi.col.cost": ("月額(円)", "monthly cost (JPY)"),
    "kpi.col.median": ("過去の中央値(円)", "median of history (JPY)"),
    "kpi.col.mad": ("MAD(円)", "MAD (JPY)"),
    "kpi.col.threshold": ("通常範囲の上限(円)", "top of usual range (JPY)"),
    "kpi.col.rise": ("中央値からの増加(円)", "rise over median (JPY)"),
    "kpi.col.rise_ratio": ("中央値比", "÷ median"),
    "kpi.col.history": ("比較した月数", "months compared"),
    "kpi.col.previous_month": ("前月", "previous month"),
    "kpi.col.previous": ("前月(円)", "previous month (JPY)"),
    "kpi.col.last_year_month": ("前年同月(円)", "same month last year (JPY)"),
    "kpi.col.charge_category": ("課金区分", "charge category"),
    "kpi.col.description": ("摘要", "charge description"),
    "kpi.col.resource": ("リソース", "resource"),
    "kpi.col.current": ("当月(円)", "this month (JPY)"),
    "kpi.col.increase": ("増加額(円)", "increase (JPY)"),
    "kpi.anomaly.line": (
        "{system}({municipalities}) {month}: {cost} 円(過去の中央値 {median} 円の {ratio} 倍、"
        "通常範囲の上限 {threshold} 円)",
        "{system} ({municipalities}) {month}: ¥{cost} ({ratio} × the median ¥{median} of its history; usual "
        "range up to ¥{threshold})",
    ),
    "kpi.anomaly.cause": ("  増加: {what} +{increase} 円", "  rise: {what} +¥{increase}"),
    "kpi.xlsx.summary": ("概要", "Summary"),
    "kpi.xlsx.before_after": ("移行前後", "Before-after"),
    "kpi.xlsx.cloud_yoy": ("クラウド前年度比", "Cloud YoY"),
    "kpi.xlsx.per_resident": ("一人当たり", "Per resident"),
    "kpi.xlsx.fiscal": ("年度月別", "Fiscal year"),
    "kpi.xlsx.fiscal_by_municipality": ("団体別月別", "By municipality"),
    "kpi.xlsx.budget": ("予算対比", "Budget lines"),
    "kpi.xlsx.anomalies": ("異常", "Anomalies"),
    "kpi.xlsx.anomaly_lines": ("異常の明細", "Anomaly lines"),
    "kpi.xlsx.title": ("KPI・目標の進捗", "KPIs and targets"),
    "kpi.xlsx.scope": ("対象", "scope"),
    "kpi.xlsx.all": ("台帳のすべての団体", "every municipality in the ledger"),
    "kpi.xlsx.ledger_months": ("台帳の期間", "months in the ledger"),
    "kpi.xlsx.inputs": ("入力ファイル", "input files"),
    "kpi.xlsx.shipped": ("同梱の人口", "shipped populations"),
    "kpi.xlsx.rounding": (
        "円は欄ごとに1回、四捨五入。倍率は小数点以下3桁に四捨五入。合計の比と団体別倍率の平均は別の指標です"
        "(前者は規模で重み付け、後者は各団体の倍率の単純平均)",
        "Yen rounded half up once per cell; ratios rounded half up to three decimals. The ratio of totals "
        "and the mean of ratios are different measures (the first weighted by size, the second the plain "
        "mean)",
    ),
    "kpi.xlsx.target_line": ("目標線", "target line"),
    "kpi.xlsx.forecast_method": ("見込みの方法", "forecast method"),
    "kpi.xlsx.spread": ("ばらつき", "spread"),
    "demo.kpi": (
        "移行前後の運用経費(移行前: {baseline}、移行後: {basis}):",
        "before and after migration (before: {baseline}; after: {basis}):",
    ),
    "demo.kpi.target": (
        "  {target}: 合計の比 {totals} {s1}、団体別倍率の平均 {mean} {s2}",
        "  {target}: ratio of totals {totals} {s1}, mean of ratios {mean} {s2}",
    ),
    "demo.kpi.anomalies": (
        "費用の異常な増加 {count} 件: {items}(詳細は govcost kpi で確認できます)",
        "{count} cost anomalies: {items} (see govcost kpi)",
    ),
    # --- scenarios ---------------------------------------------------------------------------
    "scenario.bad_yaml": ("シナリオファイルを YAML として読めません", "the scenario file is not valid YAML"),
    "scenario.bad_value": ("キー「{at}」の値が正しくありません", "key '{at}' has a wrong value"),
    "scenario.missing": ("キー「{at}」がありません", "key '{at}' is missing"),
    "scenario.missing.fix": (
        "docs/scenarios.md の各種類のパラメータを確認してください",
        "see each kind's parameters in docs/scenarios.md",
    ),
    "scenario.unknown_key": ("キー「{at}」は使えません", "key '{at}' is not known here"),
    "scenario.unknown_key.fix": ("使えるキー: {allowed}", "the keys allowed: {allowed}"),
    "scenario.unknown_kind": (
        "キー「{at}」: 未知のシナリオの種類です",
        "key '{at}': unknown kind of scenario",
    ),
    "scenario.unknown_kind.fix": ("種類: {known}", "the kinds: {known}"),
    "scenario.bad_code": (
        "キー「{at}」: 団体コード(6 桁、検査数字付き)または 特別区 ではありません",
        "key '{at}': not a municipality code (6 digits with the check digit) nor 特別区",
    ),
    "scenario.no_such_file": (
        "キー「{at}」のファイルが見つかりません(シナリオファイルからの相対パス)",
        "key '{at}': no such file (paths are relative to the scenario file)",
    ),
    "scenario.curve_price": (
        "キー「{at}」: 価格曲線の各段には discount か unit_price のどちらか一方を書いてください",
        "key '{at}': each step of a price curve has either discount or unit_price, not both or neither",
    ),
    "scenario.curve_mixed": (
        "キー「{at}」: 一つの価格曲線で discount と unit_price を混ぜることはできません",
        "key '{at}': a price curve cannot mix discount and unit_price steps",
    ),
    "scenario.curve_order": (
        "キー「{at}」: 価格曲線の from は小さい順(前の段 {previous} より大きい値)に並べてください",
        "key '{at}': a price curve's from values must increase (above the previous step's {previous})",
    ),
    "scenario.fixed_both": (
        "キー「{at}」: fixed と fixed_share はどちらか一方だけ指定してください",
        "key '{at}': give fixed or fixed_share, not both",
    ),
    "scenario.unknown_rule": (
        "キー「{at}」: 未知の最適化ルールです",
        "key '{at}': unknown optimisation rule",
    ),
    "scenario.unknown_rule.fix": ("ルール: {known}", "the rules: {known}"),
    "scenario.no_population": (
        "キー「{at}」: 団体 {code} の人口がわかりません",
        "key '{at}': the population of {code} is not known",
    ),
    "scenario.no_population.fix": (
        "populations: に municipality_code,population の CSV を指定してください",
        "give a CSV municipality_code,population under populations:",
    ),
    "scenario.nothing_matches": (
        "手順「{at}」: 対象期間の台帳に該当する費用がありません({what})",
        "step '{at}': no cost of the period in the ledger matches ({what})",
    ),
    "scenario.empty_ledger": ("台帳に費用がありません", "the ledger has no costs"),
    "scenario.empty_ledger.fix": (
        "先に govcost ingest で取り込んでください",
        "import files with govcost ingest first",
    ),
    "scenario.no_costs": ("{period} の費用が台帳にありません", "the ledger has no costs in {period}"),
    "scenario.no_such_municipality": (
        "団体 {code} の費用は対象期間の台帳にありません",
        "the ledger has no costs of {code} in the period",
    ),
    "scenario.file_required": ("シナリオファイルを指定してください", "give a scenario file"),
    "scenario.period.latest": ("直近12か月 ({span})", "the latest 12 months ({span})"),
    "scenario.period.fiscal_year": ("{label} ({span})", "FY{fy} ({span})"),
    "scenario.yes": ("はい", "yes"),
    "scenario.no": ("いいえ", "no"),
    "scenario.rounding": (
        "金額は円単位。各団体の現在の費用は台帳の正確な合計を 1 回だけ四捨五入したもの、"
        "シナリオの費用はそれに各手順の変化(円単位)を足したものです。各手順の計算表は、台帳の金額を"
        "円にした値(行の和が正確な合計の四捨五入に一致するよう最大剰余法で端数を配分)から計算し、"
        "計算した金額は 1 回だけ四捨五入し、按分は最大剰余法で行うため、表の合計は行の和に一致します。"
        "全団体の「現在」の合計は台帳の合計を四捨五入したもので、各行の和とは行数 × 1 円未満の差が"
        "出ることがあります。",
        "Yen are whole. A municipality's cost now is the ledger's exact sum rounded once (half up); under "
        "the scenario it is that plus each step's change in whole yen. Each step's derivation starts from "
        "the ledger's amounts in whole yen (the largest-remainder method makes its rows add up to their "
        "exact total rounded once), rounds each figure it computes once and splits by largest remainder, "
        "so its tables add up to their totals. The total now is the ledger's total rounded once: it may "
        "differ from the sum of the rows by under a yen a row.",
    ),
    "scenario.title": (
        "シナリオ「{name}」 {period}、{months} か月",
        "Scenario '{name}', {period}, {months} months",
    ),
    "scenario.written": ("{path} に書き出しました", "written to {path}"),
    "scenario.steps": ("手順", "Steps"),
    "scenario.step_line": ("{label} ({kind}): 差額 {change} 円", "{label} ({kind}): change {change} JPY"),
    "scenario.joint_line": (
        "単独契約比 {ratio}(目標 {limit} 以下: {verdict})",
        "joint ÷ single {ratio} (target ≤ {limit}: {verdict})",
    ),
    "scenario.total_line": (
        "合計: 現在 {now} 円 → シナリオ {after} 円 (差額 {change} 円、{percent})",
        "Total: now {now} JPY → scenario {after} JPY (change {change} JPY, {percent})",
    ),
    "scenario.target_line": (
        "{target}: 合計の比 {totals_now} → {totals_after}、団体ごとの比の平均 {mean_now} → {mean_after}"
        "(対象 {count} 団体、達成 {met_now} → {met_after} 団体)",
        "{target}: ratio of totals {totals_now} → {totals_after}, mean of ratios {mean_now} → {mean_after} "
        "({count} municipalities, {met_now} → {met_after} meeting it)",
    ),
    "scenario.demo_title": (
        "サンプルのシナリオ(詳細は govcost scenario FILE --format xlsx で確認できます):",
        "The sample scenarios (see govcost scenario FILE --format xlsx for their derivations):",
    ),
    "scenario.demo_line": (
        "  {name}: 対象の費用 {now} 円 → シナリオ {after} 円 "
        "(差額 {change} 円、{percent}、台帳全体では {ledger})",
        "  {name}: the costs it covers {now} JPY → scenario {after} JPY "
        "(change {change} JPY, {percent}; {ledger} of the whole ledger)",
    ),
    "scenario.xlsx.scope_now": ("対象の費用(現在、円)", "costs the steps work on, now (JPY)"),
    "scenario.xlsx.scope_after": ("対象の費用(シナリオ、円)", "costs the steps work on, scenario (JPY)"),
    "scenario.kinds_title": ("シナリオの種類", "Kinds of scenario step"),
    "scenario.col.kind_id": ("種類", "kind"),
    "scenario.col.kind_title": ("内容", "what it does"),
    # scenario: targets
    "scenario.target.national-30": ("国の目標(平成30年度比3割削減)", "national target (−30 % vs FY2018)"),
    "scenario.target.wards-1.5x": ("特別区KGI(移行前の1.5倍以内)", "wards' KGI (≤ 1.5 × before)"),
    "scenario.target.cloud-yoy-10": ("クラウド利用料 前年度比1割削減", "cloud fees −10 % year on year"),
    "scenario.target.joint-20": ("共同調達 単独契約比2割以上安価", "joint procurement ≥ 20 % cheaper"),
    "scenario.short.national-30": ("国の目標 ≤0.7", "national ≤ 0.7"),
    "scenario.short.wards-1.5x": ("特別区KGI ≤1.5", "wards' KGI ≤ 1.5"),
    "scenario.short.cloud-yoy-10": ("クラウド前年比 ≤0.9", "cloud YoY ≤ 0.9"),
    "scenario.short.joint-20": ("共同調達 ≤0.8", "joint ≤ 0.8"),
    "scenario.col.ratio_before": (
        "移行前比(年額、現在 → シナリオ)",
        "after ÷ before (a year, now → scenario)",
    ),
    "scenario.col.ratio_cloud": (
        "クラウド前年同期比(現在 → シナリオ)",
        "cloud ÷ a year before (now → scenario)",
    ),
    "scenario.col.ratio_joint": ("共同調達 ÷ 単独契約", "joint ÷ single"),
    "scenario.target.met": ("達成", "met"),
    "scenario.target.not_met": ("未達", "not met"),
    "scenario.target.no_baseline": (
        "基準値(移行前の運用経費)が指定されていません"
        "(baseline: で CSV を指定すると、国の目標・特別区KGIと比べます)",
        "baseline not given "
        "(give a CSV under baseline: to compare with the national target and the wards' KGI)",
    ),
    "scenario.target.no_baseline_for": (
        "基準値のファイルに {code} の行がありません",
        "the baseline file has no line for {code}",
    ),
    "scenario.target.zero_baseline": ("基準値が 0 円です", "the baseline is zero"),
    "scenario.target.unassigned": (
        "団体が未割当の費用は目標と比べません",
        "costs with no municipality are not compared with the targets",
    ),
    "scenario.target.no_last_year": (
        "前年同期のクラウド利用料が台帳にありません",
        "the ledger has no cloud fees of the same months a year before",
    ),
    "scenario.target.no_joint": ("共同調達の対象ではありません", "not in a joint procurement"),
    # scenario: shared column headers
    "scenario.col.municipality": ("団体コード", "municipality code"),
    "scenario.col.municipality_name": ("団体名", "municipality"),
    "scenario.col.system": ("システムID", "system id"),
    "scenario.col.environment": ("環境", "environment"),
    "scenario.col.provider": ("事業者", "provider"),
    "scenario.col.service": ("サービス", "service"),
    "scenario.col.resource_id": ("リソースID", "resource id"),
    "scenario.col.resource_name": ("リソース名", "resource name"),
    "scenario.col.resource_type": ("種類", "type"),
    "scenario.col.months": ("月数", "months"),
    "scenario.col.change": ("差額(円)", "change (JPY)"),
    "scenario.col.before_step": ("この手順の前(円)", "before this step (JPY)"),
    "scenario.col.key": ("按分キー({basis})", "split key ({basis})"),
    "scenario.split.current": ("現行の金額", "current amount"),
    "scenario.split.equal": ("均等", "equal"),
    "scenario.split.population": ("人口", "population"),
    # scenario: fx
    "scenario.fx.what": ("{currency} で請求された費用", "costs billed in {currency}"),
    "scenario.fx.section": ("為替レートによる再計算", "Re-priced at the new rate"),
    "scenario.fx.currency": ("通貨", "currency"),
    "scenario.fx.rate": ("新しいレート(円)", "new rate (JPY)"),
    "scenario.fx.billed": ("請求額({currency})", "billed ({currency})"),
    "scenario.fx.col.billed": ("請求額({currency})", "billed ({currency})"),
    "scenario.fx.col.average_rate": ("現在の平均レート", "average rate now"),
    "scenario.fx.col.rate": ("新レート", "new rate"),
    "scenario.fx.col.after": ("新レートでの円(請求額×新レート)", "at the new rate (billed × rate, JPY)"),
    # scenario: discount
    "scenario.discount.what": (
        "割引の対象となるクラウド利用料(率 0 でないもの)",
        "cloud fees with a rate above 0",
    ),
    "scenario.discount.section": ("割引の計算", "The discount"),
    "scenario.discount.rates": ("割引率", "rates"),
    "scenario.discount.all_providers": ("全事業者 {rate}", "every provider {rate}"),
    "scenario.discount.exclude": (
        "割引済みの行(Savings Plans・リザーブド)を除く",
        "lines already discounted (Savings Plans, reservations) left out",
    ),
    "scenario.discount.col.eligible": ("割引対象の利用料(円)", "fees discounted (JPY)"),
    "scenario.discount.col.excluded": ("割引済みで対象外(円)", "already discounted, left out (JPY)"),
    "scenario.discount.col.rate": ("割引率", "rate"),
    "scenario.discount.col.discount": ("割引額(円)", "discount (JPY)"),
    "scenario.discount.col.taxable": ("課税対象の利用料(円)", "taxable fees (JPY)"),
    "scenario.discount.col.tax": ("消費税(円)", "tax (JPY)"),
    "scenario.discount.col.tax_change": ("消費税の減少(円)", "tax change (JPY)"),
    # scenario: optimisation
    "scenario.optimisation.what": ("削減額のある最適化の指摘", "optimisation findings with a saving"),
    "scenario.optimisation.section": (
        "最適化の指摘(リソースごとに組み合わせた削減額)",
        "The findings, combined per resource",
    ),
    "scenario.optimisation.month": ("最適化の対象月", "month under review"),
    "scenario.optimisation.settings": ("設定ファイル", "settings file"),
    "scenario.optimisation.resources": ("リソース数", "resources"),
    "scenario.optimisation.capped": ("期間の費用が上限", "capped at the period's cost"),
    "scenario.optimisation.month_outside": (
        "最適化の対象月 {month} はシナリオの期間の外です",
        "the month under review, {month}, is outside the scenario's period",
    ),
    "scenario.optimisation.col.rules": ("ルール", "rules"),
    "scenario.optimisation.col.monthly": (
        "組み合わせた月額削減(円、正確な値)",
        "combined monthly saving (JPY, exact)",
    ),
    "scenario.optimisation.col.reduction": ("期間の削減額(円)", "reduction over the period (JPY)"),
    "scenario.optimisation.col.capped": ("上限", "capped"),
    "scenario.optimisation.col.attributed": ("削減の帰属", "attributed to"),
    "scenario.optimisation.by.resource": ("台帳のリソース", "the ledger's resource"),
    "scenario.optimisation.by.owner": (
        "指摘の団体(削減の行を追加)",
        "the finding's municipality (a line added)",
    ),
    "scenario.optimisation.by.split": (
        "支払アカウントの利用料の比で按分(削減の行を追加)",
        "split by the billing account's cloud fees (lines added)",
    ),
    "scenario.optimisation.by.unassigned": ("未割当(削減の行を追加)", "unassigned (a line added)"),
    # scenario: joint-procurement
    "scenario.jp.group_section": ("共同調達の全体", "The joint procurement as a whole"),
    "scenario.jp.single": ("単独契約の合計(円)", "single contracts (JPY)"),
    "scenario.jp.joint": ("共同調達後の合計(円)", "under the joint procurement (JPY)"),
    "scenario.jp.ratio": ("共同調達 ÷ 単独契約", "joint ÷ single"),
    "scenario.jp.target": (
        "目標(共同調達 単独契約比2割以上安価)",
        "target (joint procurement ≥ 20 % cheaper)",
    ),
    "scenario.jp.meets": ("{ratio} ≤ {limit}: 達成", "{ratio} ≤ {limit}: met"),
    "scenario.jp.misses": ("{ratio} > {limit}: 未達", "{ratio} > {limit}: not met"),
    "scenario.jp.no_lines": (
        "{source} の契約がありません(この調達単位は計算しません)",
        "no {source} contracts (lot skipped)",
    ),
    "scenario.jp.lot_section": (
        "{source}: 調達規模と価格曲線",
        "{source}: the group's volume and the price curve",
    ),
    "scenario.jp.lines_section": (
        "{source}: 各団体の現行契約と共同調達後の金額",
        "{source}: each member's contracts, now and joint",
    ),
    "scenario.jp.members_section": ("{source}: 団体ごとの按分", "{source}: the split per member"),
    "scenario.jp.lot": ("調達単位(費目)", "lot (cost source)"),
    "scenario.jp.members": ("参加団体数", "members"),
    "scenario.jp.volume": ("現行契約の合計(期間、円)", "current contracts over the period (JPY)"),
    "scenario.jp.annual": ("年額換算(円)", "a year's worth (JPY)"),
    "scenario.jp.curve_by": ("価格曲線の基準", "curve by"),
    "scenario.jp.by.municipalities": ("参加団体数", "number of municipalities"),
    "scenario.jp.by.amount": ("年額換算の調達額(円)", "yearly amount (JPY)"),
    "scenario.jp.measure": ("調達規模", "the group's volume"),
    "scenario.jp.step": ("到達した段(from)", "step reached (from)"),
    "scenario.jp.price": ("割引率・単価", "discount or unit price"),
    "scenario.jp.no_step": ("最初の段に届かない(現行のまま)", "below the first step (unchanged)"),
    "scenario.jp.unit_price_value": ("1 団体 月額 {price} 円", "{price} JPY a month per member"),
    "scenario.jp.new_total": ("共同調達後の合計(円)", "new total (JPY)"),
    "scenario.jp.formula": ("計算", "computation"),
    "scenario.jp.formula_discount": (
        "{volume} × (1 − {discount}) = {total} 円(円未満四捨五入)",
        "{volume} × (1 − {discount}) = {total} JPY (rounded half up)",
    ),
    "scenario.jp.formula_unit": (
        "{price} × {members} 団体 × {months} か月 = {total} 円",
        "{price} × {members} members × {months} months = {total} JPY",
    ),
    "scenario.jp.formula_none": ("最初の段に届かないため現行の金額のまま", "below the first step: unchanged"),
    "scenario.jp.split": ("按分の方法(最大剰余法)", "split (largest remainder)"),
    "scenario.jp.col.vendor": ("契約先", "vendor"),
    "scenario.jp.col.current": ("現行の金額(円)", "now (JPY)"),
    "scenario.jp.col.new": ("共同調達後(円)", "joint (JPY)"),
    "scenario.jp.col.lines": ("契約数", "contracts"),
    "scenario.jp.col.ratio": ("現行比", "ratio"),
    "scenario.jp.col.from_municipalities": ("参加団体数(以上)", "members (from)"),
    "scenario.jp.col.from_amount": ("年額換算の調達額(円、以上)", "yearly amount (JPY, from)"),
    "scenario.jp.col.price": ("割引率・単価", "discount or unit price"),
    "scenario.jp.col.reached": ("到達", "reached"),
    # scenario: consolidation
    "scenario.cons.env_section": (
        "1. 現在の環境ごとの固定部分・変動部分",
        "1. Each environment's fixed and variable parts",
    ),
    "scenario.cons.kept_section": ("2. 残す固定部分", "2. The fixed part kept"),
    "scenario.cons.scaled_section": ("3. 変動部分のスケーリング", "3. The variable part, scaled"),
    "scenario.cons.total_section": ("4. 消費税と新しい合計", "4. The tax and the new total"),
    "scenario.cons.split_section": ("5. 参加団体への按分", "5. The split back among the members"),
    "scenario.cons.model": ("モデル", "model"),
    "scenario.cons.model_value": (
        "現状: 団体ごとの IaaS 環境(モデルB) → 改革後: 一つのマルチテナント環境",
        "now: one IaaS environment per municipality (model B) → reformed: one multi-tenant environment",
    ),
    "scenario.cons.systems": ("対象システム", "systems"),
    "scenario.cons.cost_sources": ("対象の費用区分", "cost sources"),
    "scenario.cons.fixed_rule": ("固定部分とする行", "rows counted fixed"),
    "scenario.cons.fixed_rules": (
        "リソースの種類: {types} / サービス: {services} / 費用区分: {sources}(それ以外は変動、税は別)",
        "resource types: {types} / services: {services} / cost sources: {sources} "
        "(the rest variable, tax apart)",
    ),
    "scenario.cons.fixed_share": ("各行の {share} を固定部分とする", "{share} of every row is fixed"),
    "scenario.cons.environments": ("環境の数", "environments"),
    "scenario.cons.col.fixed": ("固定部分(円)", "fixed (JPY)"),
    "scenario.cons.col.variable": ("変動部分(円)", "variable (JPY)"),
    "scenario.cons.col.tax": ("消費税(円)", "tax (JPY)"),
    "scenario.cons.col.now": ("現在の合計(円)", "now (JPY)"),
    "scenario.cons.col.driver": ("規模の指標({driver})", "driver ({driver})"),
    "scenario.cons.col.powered": ("指標の{e}乗", "driver to the power {e}"),
    "scenario.cons.col.largest": ("最大の固定部分", "largest fixed part"),
    "scenario.cons.col.share": ("按分比", "share"),
    "scenario.cons.col.new": ("集約後(円)", "consolidated (JPY)"),
    "scenario.cons.driver.population": ("人口", "population"),
    "scenario.cons.driver.current": ("現在の変動部分", "current variable cost"),
    "scenario.cons.largest": ("固定部分が最大の環境", "environment with the largest fixed part"),
    "scenario.cons.largest_fixed": ("その固定部分(円)", "its fixed part (JPY)"),
    "scenario.cons.keep": ("倍率(keep)", "multiple (keep)"),
    "scenario.cons.kept": ("残す固定部分(円)", "fixed part kept (JPY)"),
    "scenario.cons.kept_formula": (
        "{fixed} × {keep} = {kept} 円(円未満四捨五入)",
        "{fixed} × {keep} = {kept} JPY (rounded half up)",
    ),
    "scenario.cons.fixed_saved": ("固定部分の差額(円)", "change of the fixed part (JPY)"),
    "scenario.cons.driver": ("規模の指標", "driver"),
    "scenario.cons.exponent": ("規模の経済の指数 e", "economies-of-scale exponent e"),
    "scenario.cons.driver_total": ("指標の合計 Σd", "total driver Σd"),
    "scenario.cons.driver_total_powered": ("(Σd) の e 乗", "(Σd) to the power e"),
    "scenario.cons.sum_of_powered": ("Σ(d の e 乗)", "Σ(d to the power e)"),
    "scenario.cons.factor": ("倍率 (Σd)^e ÷ Σ(d^e)", "factor (Σd)^e ÷ Σ(d^e)"),
    "scenario.cons.variable_new": ("集約後の変動部分(円)", "variable part consolidated (JPY)"),
    "scenario.cons.variable_formula": (
        "{variable} × {factor} = {new} 円(円未満四捨五入)",
        "{variable} × {factor} = {new} JPY (rounded half up)",
    ),
    "scenario.cons.tax_new": ("集約後の消費税(円)", "tax consolidated (JPY)"),
    "scenario.cons.tax_formula": (
        "{tax} × ({kept} + {variable}) ÷ {before} = {new} 円(円未満四捨五入)",
        "{tax} × ({kept} + {variable}) ÷ {before} = {new} JPY (rounded half up)",
    ),
    "scenario.cons.new_total": ("集約後の合計(円)", "consolidated total (JPY)"),
    "scenario.cons.ratio": ("集約後 ÷ 現在", "consolidated ÷ now"),
    # scenario: output
    "scenario.sheet.overview": ("概要", "Overview"),
    "scenario.sheet.municipalities": ("団体別", "By municipality"),
    "scenario.sheet.step": ("手順{index} {title}", "Step {index} {title}"),
    "scenario.xlsx.title": ("シナリオ「{name}」", "Scenario '{name}'"),
    "scenario.xlsx.name": ("シナリオ", "scenario"),
    "scenario.xlsx.description": ("説明", "description"),
    "scenario.xlsx.file": ("ファイル", "file"),
    "scenario.xlsx.period": ("期間", "period"),
    "scenario.xlsx.scope": ("対象団体", "municipalities shown"),
    "scenario.xlsx.all_municipalities": ("すべての団体", "every municipality"),
    "scenario.xlsx.baseline": ("基準値(移行前の運用経費)", "baseline (operating cost before migration)"),
    "scenario.xlsx.populations": ("人口", "populations"),
    "scenario.xlsx.shipped": (
        "同梱の人口(令和2年国勢調査の概数)",
        "the shipped populations (2020 census, approx.)",
    ),
    "scenario.xlsx.created": ("作成日時", "created at"),
    "scenario.xlsx.steps": (
        "手順(上から順に、前の手順の結果に適用)",
        "Steps (in order, each on the result of the one before)",
    ),
    "scenario.xlsx.kind": ("種類", "kind"),
    "scenario.xlsx.step": ("手順", "step"),
    "scenario.xlsx.now": ("現在(円)", "now (JPY)"),
    "scenario.xlsx.after": ("シナリオ(円)", "scenario (JPY)"),
    "scenario.xlsx.percent": ("増減率", "change (%)"),
    "scenario.xlsx.step_change": ("{label}(円)", "{label} (JPY)"),
    "scenario.xlsx.targets": ("目標との比較", "Against the targets"),
    "scenario.xlsx.target": ("目標", "target"),
    "scenario.xlsx.limit": ("上限(比)", "limit (ratio)"),
    "scenario.xlsx.count": ("対象団体数", "municipalities"),
    "scenario.xlsx.totals_now": ("合計の比(現在)", "ratio of totals (now)"),
    "scenario.xlsx.totals_after": ("合計の比(シナリオ)", "ratio of totals (scenario)"),
    "scenario.xlsx.mean_now": ("団体ごとの比の平均(現在)", "mean of ratios (now)"),
    "scenario.xlsx.mean_after": ("団体ごとの比の平均(シナリオ)", "mean of ratios (scenario)"),
    "scenario.xlsx.met_now": ("達成団体数(現在)", "meeting it (now)"),
    "scenario.xlsx.met_after": ("達成団体数(シナリオ)", "meeting it (scenario)"),
    "scenario.xlsx.baseline_jpy": ("基準値(年額、円)", "baseline (a year, JPY)"),
    "scenario.xlsx.annual_now": ("現在(年額換算、円)", "now (a year's worth, JPY)"),
    "scenario.xlsx.annual_after": ("シナリオ(年額換算、円)", "scenario (a year's worth, JPY)"),
    "scenario.xlsx.cloud_last_year": ("前年同期のクラウド利用料(円)", "cloud fees a year before (JPY)"),
    "scenario.xlsx.cloud_now": ("クラウド利用料(現在、円)", "cloud fees now (JPY)"),
    "scenario.xlsx.cloud_after": ("クラウド利用料(シナリオ、円)", "cloud fees under the scenario (JPY)"),
    "scenario.xlsx.joint_single": (
        "共同調達の対象: 単独契約(円)",
        "jointly procured: single contracts (JPY)",
    ),
    "scenario.xlsx.joint_after": ("共同調達の対象: 共同調達後(円)", "jointly procured: joint (JPY)"),
    "scenario.xlsx.ratio_note": (
        "「合計の比」は対象団体の合計どうしの比(費用の大きい団体の比重が大きい)、「団体ごとの比の平均」は各団体の比の"
        "単純平均です。両者は一致しません(中核市調査: 合計は 338 百万円 → 684 百万円、比の平均は 2.3)。",
        "'Ratio of totals' divides the municipalities' totals (large ones weigh more); 'mean of ratios' "
        "averages each municipality's ratio. They differ "
        "(中核市 survey: totals ¥338 M → ¥684 M; mean of ratios 2.3).",
    ),
    "scenario.xlsx.annual_note": (
        "目標との比較は年額どうし: 期間の費用 × 12 ÷ 期間の月数 を、基準値(年額)と比べます。"
        "クラウド利用料は前年同期(同じ月の 1 年前)の台帳の値と比べます。",
        "Targets compare a year with a year: the period's cost × 12 ÷ its months against the annual "
        "baseline. Cloud fees are compared with the same months a year before, from the ledger.",
    ),
    # --- dashboard and users ------------------------------------------------------------------
    "web.not_signed_in": ("サインインしてください", "please sign in"),
    "web.bad_request": ("入力が足りないか正しくありません: {fields}", "missing or wrong input: {fields}"),
    "web.forbidden": ("このページを見る権限がありません", "you may not see this page"),
    "web.csrf": (
        "フォームの有効期限が切れました。ページを読み込み直してください",
        "the form has expired; reload the page",
    ),
    "web.bad_login": ("ユーザー名またはパスワードが違います", "wrong user name or password"),
    "web.too_many_attempts": (
        "失敗が続いたため、しばらくサインインできません(15分後に再試行してください)",
        "too many failed attempts; try again in 15 minutes",
    ),
    "web.skip_to_content": ("本文へ移動", "skip to content"),
    "web.nav": ("メインメニュー", "main menu"),
    "web.logout": ("サインアウト", "sign out"),
    "web.login.title": ("サインイン", "Sign in"),
    "web.login.username": ("ユーザー名", "User name"),
    "web.login.password": ("パスワード", "Password"),
    "web.login.submit": ("サインイン", "Sign in"),
    "web.page.overview": ("概要", "Overview"),
    "web.page.imports": ("取込", "Imports"),
    "web.page.allocation": ("按分", "Allocation"),
    "web.page.benchmark": ("ベンチマーク", "Benchmark"),
    "web.allocation.not_configured": (
        "按分ルールが設定されていません(govcost serve --allocation で按分ルールのファイルを指定します)",
        "no allocation rules (give the rules file with govcost serve --allocation)",
    ),
    "web.allocation.none": (
        "閲覧できる団体が構成団体である共同利用システムの費用はありません",
        "no shared cost of a jointly used system that a municipality you may see belongs to",
    ),
    "web.allocation.disclosure": (
        "各構成団体の負担額と按分キーを示します。他の構成団体の負担額は合計だけ、按分キーは全構成団体の合計だけを"
        "示します(按分率 = 自団体のキー ÷ キーの合計)。",
        "each member's share and keys; the other members' shares only as one total, their keys only as the "
        "sum over every member (ratio = own key ÷ the sum).",
    ),
    "web.allocation.monthly": ("月別の按分による負担額(円)", "shares of jointly used systems by month (JPY)"),
    "web.allocation.shares": (
        "共同利用システムの按分(月・システム・団体ごと)",
        "shares of jointly used systems (by month, system and member)",
    ),
    "web.allocation.key_totals": ("按分キー(全構成団体の合計)", "keys (sum over every member)"),
    "web.allocation.statement": ("按分明細書(XLSX)", "Settlement statements (XLSX)"),
    "web.allocation.statement_note": (
        "govcost allocate --municipality と同じ、その団体あての明細書です。按分キーは全構成団体の分を示し、"
        "負担額は自団体の分と他の構成団体の合計だけを示します。",
        "the statement govcost allocate --municipality writes for that municipality: every member's keys, "
        "its own shares and the other members' shares as one total.",
    ),
    "web.allocation.all_statements": (
        "全構成団体の明細書(幹事団体・共同組織の作業用)",
        "every member's statement (the lead's or joint organisation's working paper)",
    ),
    "web.kpi.none": (
        "KPI を計算できる費用が台帳にありません",
        "the ledger holds no costs to compute the KPIs on",
    ),
    "web.kpi.actual": ("実績", "actual"),
    "web.kpi.forecast": ("見込み", "forecast"),
    "web.kpi.budget": ("予算", "budget"),
    "web.kpi.group": ("グループ: {measure}", "group: {measure}"),
    "web.kpi.line.national-30": ("国の目標 0.7(3割削減)", "national target 0.7 (−30 %)"),
    "web.kpi.line.wards-1.5x": ("特別区KGI 1.5", "wards' KGI 1.5"),
    "web.kpi.targets_note": (
        "破線は目標: 国の目標(平成30年度比 3割削減 = 倍率 0.7)と特別区KGI(移行前の1.5倍以内)。"
        "グループの値は合計の比と団体別倍率の平均の両方を、それぞれ名前を付けて示します。",
        "dashed lines: the national target (−30 % against FY2018 = ratio 0.7) and the wards' KGI (≤ 1.5 × "
        "before). The group's figure is shown both ways, each named: ratio of totals and mean of ratios.",
    ),
    "web.benchmark.anonymise": ("団体名を伏せる(団体A、団体B …)", "anonymise (Municipality A, B, …)"),
    "web.benchmark.apply": ("表示", "Show"),
    "web.benchmark.anonymous": ("団体{letter}", "Municipality {letter}"),
    "web.benchmark.anonymised_note": (
        "団体は、団体コードと無関係な順(この環境の秘密鍵による HMAC の順)で 団体A、団体B … と示します。"
        "規模から団体が分かるため、人口・年間費用・移行前後の金額は示しません。",
        "municipalities are shown as A, B, … in an order unrelated to their codes (an HMAC under this "
        "installation's secret key); population, annual cost and the yen before and after are left out, "
        "since size identifies a municipality.",
    ),
    "web.benchmark.cloud_yoy": ("クラウド利用料 前年度比", "cloud fees, this year ÷ last"),
    "web.benchmark.table": ("団体の比較", "Municipalities side by side"),
    "web.overview.total": ("費用の合計: {total} 円", "total cost: ¥{total}"),
    "web.overview.monthly": ("月別・費用区分別の費用(円)", "cost by month and cost source (JPY)"),
    "web.overview.by": ("{axis}別の費用(円)", "cost by {axis} (JPY)"),
    "web.page.reviews": ("見積精査", "Estimate reviews"),
    "web.reviews.new": ("見積書を精査する", "Review an estimate"),
    "web.reviews.estimate": ("見積書(XLSX または CSV)", "Estimate (XLSX or CSV)"),
    "web.reviews.current": (
        "現行契約の見積書・契約内訳(任意、同じ形式)",
        "Current contract (optional, same formats)",
    ),
    "web.reviews.municipality_code": ("団体コード(6桁)", "Municipality code (6 digits)"),
    "web.reviews.documents": ("見積とともに提出された資料", "Documents provided with the estimate"),
    "web.reviews.documents_help": (
        "チェックのない資料は不足資料として指摘し、質問票に載せます",
        "documents not ticked are reported as missing and listed in the questions to the vendor",
    ),
    "web.reviews.submit": ("精査する", "Review"),
    "web.reviews.past": ("これまでの見積精査", "Past reviews"),
    "web.reviews.none": ("まだ見積精査はありません", "No reviews yet"),
    "web.reviews.col.created": ("精査日時", "reviewed at"),
    "web.reviews.col.estimate": ("見積書", "estimate"),
    "web.reviews.col.current": ("現行契約", "current contract"),
    "web.reviews.col.user": ("精査した人", "reviewed by"),
    "web.reviews.col.saving": ("削減見込み(円)", "possible saving (JPY)"),
    "web.reviews.col.id": ("精査ID", "review id"),
    "web.review.title": ("見積精査の結果", "Review of the estimate"),
    "web.review.no_current": ("なし", "none"),
    "web.review.documents_not_stated": ("指定なし", "not stated"),
    "web.review.documents_none": ("なし", "none"),
    "web.review.counts": (
        "要修正 {ng} 件・要確認 {warn} 件・OK {ok} 件",
        "{ng} wrong, {warn} to check, {ok} OK",
    ),
    "web.review.total_saving": ("削減見込みの合計: {total} 円", "total possible saving: ¥{total}"),
    "web.review.workbook": ("精査結果ブック(XLSX)をダウンロード", "Download the review workbook (XLSX)"),
    "web.review.lines": ("見積の明細と指摘", "The estimate's lines and findings"),
    "web.review.whole": ("見積全体への指摘", "Findings on the estimate as a whole"),
    "web.review.not_found": ("見積精査が見つかりません", "no such review"),
    "web.upload.limits": (
        "使える形式: {types}(1ファイル {limit} MB まで)",
        "formats: {types} (up to {limit} MB a file)",
    ),
    "web.upload.no_estimate": ("見積書のファイルを選んでください", "choose the estimate's file"),
    "web.upload.bad_type": (
        "受け付けられない形式です(使える形式: {types})",
        "not a format accepted here (formats: {types})",
    ),
    "web.upload.too_large": (
        "ファイルが大きすぎます(上限 {limit} MB)",
        "the file is too large (limit {limit} MB)",
    ),
    "web.upload.empty": ("ファイルが空です", "the file is empty"),
    "web.upload.bad_municipality": (
        "選べる団体を指定してください",
        "choose one of the municipalities offered",
    ),
    "web.upload.bad_document": (
        "資料 {document} はありません(指定できるもの: {known})",
        "no document {document} (known: {known})",
    ),
    "web.imports.upload": ("ファイルを取り込む", "Import files"),
    "web.imports.upload_help": (
        "形式は自動で判別します。アカウント対応表と為替レート表を先に取り込み、費用はそれで団体と円に対応付けます。",
        "formats are recognised by themselves; the account map and FX rates are imported first and "
        "the costs are assigned and converted with them.",
    ),
    "web.imports.costs": (
        "費用ファイル(FOCUS、AWS CUR、費用明細テンプレート。複数可)",
        "Cost files (FOCUS, AWS CUR, cost-line template; several allowed)",
    ),
    "web.imports.metrics": ("稼働率メトリクス(複数可)", "Utilisation metrics (several allowed)"),
    "web.imports.accounts": ("アカウント対応表", "Account map"),
    "web.imports.fx": ("為替レート表", "FX rates"),
    "web.imports.submit": ("取り込む", "Import"),
    "web.imports.no_files": ("取り込むファイルを1つ以上選んでください", "choose one or more files to import"),
    "web.imports.job": ("取込の進捗と結果", "Import progress and result"),
    "web.imports.back": ("取込履歴へ戻る", "Back to the import log"),
    "web.imports.progress_label": ("進捗", "Progress"),
    "web.imports.progress": ("{done} / {total} ファイル完了", "{done} of {total} files done"),
    "web.imports.state.queued": ("待機中", "Waiting"),
    "web.imports.state.running": ("取込中", "Importing"),
    "web.imports.state.done": ("完了", "Finished"),
    "web.imports.state.failed": ("失敗", "Failed"),
    "web.imports.stage.read": ("読込", "reading"),
    "web.imports.stage.write": ("書込", "writing"),
    "web.imports.stage.check": ("検査", "checking"),
    "web.imports.stage.map": ("対応付け", "mapping"),
    "web.imports.stage.reconcile": ("突合", "reconciling"),
    "web.imports.reloads": (
        "このページは数秒ごとに自動で読み込み直されます。",
        "This page reloads itself every few seconds.",
    ),
    "web.imports.reload_now": ("今すぐ更新する", "Refresh now"),
    "web.imports.failed": (
        "取込に失敗しました。失敗したファイルは取り込まれず、台帳はそのファイルの取込前のままです。",
        "The import failed: the failing file was not imported and the ledger is as it was before it.",
    ),
    "web.imports.completed_before": (
        "失敗の前に取り込んだファイル: {files}",
        "files imported before the failure: {files}",
    ),
    "web.imports.crashed": (
        "予期しないエラー({error})で取込を中断しました",
        "the import stopped on an unexpected error ({error})",
    ),
    "web.imports.mismatch": ("不一致", "mismatch"),
    "web.imports.job_not_found": ("取込ジョブが見つかりません", "no such import job"),
    "web.not_found": ("お探しのページは見つかりません", "not found"),
    "web.page.optimize": ("最適化", "Optimisation"),
    "web.page.systems": ("システム", "Systems"),
    "web.filter.legend": ("絞り込み", "Filter"),
    "web.filter.all": ("すべて", "all"),
    "web.filter.submit": ("絞り込む", "Filter"),
    "web.filter.clear": ("絞り込みを解除", "clear the filter"),
    "web.optimize.saving": ("削減可能額", "Possible saving"),
    "web.optimize.total": (
        "削減可能額: 月額 {monthly} 円 / 年額 {annual} 円",
        "possible saving: ¥{monthly} a month / ¥{annual} a year",
    ),
    "web.optimize.overlaps_note": (
        "同じリソースに複数の指摘があるときは、変更を組み合わせた削減額で合計しています"
        "(重複を除いた合算。指摘の単純合計は月額 {sum} 円)。参考の指摘は合計に含めません。",
        "where several findings touch one resource, the total counts the saving of the combined "
        "change (overlaps combined; the plain sum of the findings is ¥{sum} a month). Findings for "
        "information are not in the total.",
    ),
    "web.optimize.count": ("指摘 {count} 件(参考 {info} 件)", "{count} findings ({info} for information)"),
    "web.optimize.filtered": (
        "絞り込んだ指摘だけを実施した場合の額です。",
        "The amounts are for carrying out the findings shown only.",
    ),
    "web.optimize.by_rule": ("ルール別の削減可能額(月額、円)", "possible saving by rule (a month, JPY)"),
    "web.optimize.findings": ("指摘の一覧", "Findings"),
    "web.optimize.no_costs": (
        "クラウド利用料の明細がないため最適化の対象がない団体: {municipalities}",
        "municipalities with no cloud costs to review: {municipalities}",
    ),
    "web.optimize.computing.title": ("最適化の指摘を計算しています", "Computing the optimisation findings"),
    "web.optimize.computing": (
        "取込の後とサーバの起動直後は、最適化の指摘をバックグラウンドで計算します。計算が終わると、"
        "このページは自動で再読み込みされます(大きな台帳では数十秒かかります)。",
        "After an import, and when the server has just started, the optimisation findings are "
        "computed in the background. This page reloads itself when they are ready (on a large ledger "
        "this takes some tens of seconds).",
    ),
    "web.optimize.computing.reload": ("今すぐ再読み込み", "reload now"),
    "web.optimize.combined_with": (
        "同じリソースの他の指摘: {rules}(組み合わせた削減額 月額 {combined} 円)",
        "other findings on the resource: {rules} (combined saving ¥{combined} a month)",
    ),
    "web.systems.list": ("システムの一覧", "Systems"),
    "web.systems.summary": (
        "{fy}: {count} システム、費用の合計 {total} 円",
        "{fy}: {count} systems, total cost ¥{total}",
    ),
    "web.systems.by_system": ("システム別の費用 {fy}(円)", "cost by system, {fy} (JPY)"),
    "web.systems.title": ("システム {system}", "System {system}"),
    "web.systems.back": ("システムの一覧へ戻る", "back to the systems"),
    "web.systems.col.usage": ("利用形態", "usage"),
    "web.systems.col.accounts": ("アカウント数", "accounts"),
    "web.systems.col.fiscal_year_cost": ("{fy}の費用(円)", "cost in {fy} (JPY)"),
    "web.systems.col.total": ("全期間の費用(円)", "cost over all periods (JPY)"),
    "web.systems.col.provider": ("提供者", "provider"),
    "web.systems.col.account_name": ("アカウント名", "account name"),
    "web.systems.usage.single": ("単独利用", "single"),
    "web.systems.usage.joint": ("共同利用", "joint"),
    "web.systems.accounts": ("アカウント", "Accounts"),
    "web.systems.no_accounts": (
        "閲覧できる団体に登録されたクラウドアカウントはありません",
        "no cloud account is registered to the municipalities you may see",
    ),
    "web.systems.by_service": ("費用区分・サービス別の費用(円)", "cost by cost source and service (JPY)"),
    "web.systems.findings": ("このシステムの最適化の指摘", "Optimisation findings of this system"),
    "web.systems.see_optimize": ("最適化のページで見る", "see them on the Optimisation page"),
    "web.systems.allocated_note": (
        "共同利用システムのクラウド利用料は、按分ルールによる各団体の負担額で表示しています。",
        "The cloud fees of jointly used systems are shown as each municipality's share under the "
        "allocation rules.",
    ),
    "web.systems.registered_note": (
        "共同利用システムは、閲覧できる団体に計上された費用だけを表示しています(按分ルールは未設定)。",
        "Jointly used systems show only the costs registered to the municipalities you may see (no "
        "allocation rules are set).",
    ),
    "web.serving": (
        "ダッシュボード: http://{host}:{port} (Ctrl+C で終了)",
        "dashboard: http://{host}:{port} (Ctrl+C to stop)",
    ),
    "users.bad_username": (
        "ユーザー名 {username} は使えません(英数字と _ . @ - の3〜64文字)",
        "user name {username} is not allowed (3–64 letters, digits, _ . @ -)",
    ),
    "users.short_password": (
        "パスワードは {min} 文字以上にしてください",
        "the password needs {min} characters or more",
    ),
    "users.bad_role": ("役割 {role} はありません({roles})", "no role {role} ({roles})"),
    "users.municipal_needs_one": (
        "団体の利用者には団体コードを1つ指定してください",
        "a municipal user needs exactly one municipality code",
    ),
    "users.group_needs_codes": (
        "グループ管理者には団体コードを1つ以上指定してください",
        "a group administrator needs one or more municipality codes",
    ),
    "users.exists": ("ユーザー {username} はすでにいます", "user {username} exists already"),
    "users.unknown": ("ユーザー {username} はいません", "no user {username}"),
    "users.added": ("ユーザー {username} を追加しました({role})", "added user {username} ({role})"),
    "users.removed": ("ユーザー {username} を削除しました", "removed user {username}"),
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


class Text(str):
    """A catalogue text that keeps its key and parameters: as a string it reads in the language of
    the moment it was made (as :func:`t` would say it), and :meth:`in_lang` says it again in another
    (the dashboard shows a finding made once in Japanese to an English reader in English).

    Parameters may be Texts themselves, said again in the same language; :func:`joined` makes one
    Text of several, and so does ``+`` (an f-string or ``str.join`` makes a plain string)."""

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, params: dict[str, Any] | None = None, lang: str | None = None) -> Text:
        params = dict(params or {})
        made = super().__new__(cls, _render(key, params, lang))
        made.key, made.params = key, params
        return made

    def in_lang(self, lang: str | None) -> str:
        return _render(self.key, self.params, lang)

    def to_json(self) -> dict[str, Any]:
        """Key and parameters as JSON holds them (a parameter as it reads, or a nested Text)."""
        return {
            "key": self.key,
            "params": {
                k: v.to_json() if isinstance(v, Text) else _json_param(v) for k, v in self.params.items()
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], lang: str | None = None) -> Text:
        def back(value: Any) -> Any:
            if isinstance(value, dict):
                return cls.from_json(value, lang)
            if isinstance(value, list):
                return [back(v) for v in value]
            return value

        return cls(str(data["key"]), {k: back(v) for k, v in dict(data["params"]).items()}, lang)

    def __add__(self, other: str) -> Text:
        """``text + more`` (``message += …``): still a Text, each part said in the reader's language."""
        if not isinstance(other, str):
            return NotImplemented
        return joined([*self._parts(), *(other._parts() if isinstance(other, Text) else [other])])

    def __radd__(self, other: str) -> Text:
        if not isinstance(other, str):
            return NotImplemented
        return joined([other, *self._parts()])

    def _parts(self) -> list[Any]:
        if self.key == _JOINED and not self.params.get("sep"):
            return list(self.params.get("parts", []))
        return [self]

    def __reduce__(self) -> tuple[Any, ...]:
        return _restore, (str(self), self.key, self.params)


def _restore(text: str, key: str, params: dict[str, Any]) -> Text:
    """A copied or unpickled Text: as it read when made, whatever the language is now."""
    made = str.__new__(Text, text)
    made.key, made.params = key, params
    return made


#: The key of a Text made by :func:`joined` (its parts are parameters, not a catalogue entry).
_JOINED = ""


def _render(key: str, params: dict[str, Any], lang: str | None) -> str:
    if key == _JOINED:
        parts = params.get("parts", [])
        return in_lang(params.get("sep", ""), lang).join(in_lang(p, lang) for p in parts)
    said = {k: v.in_lang(lang) if isinstance(v, Text) else v for k, v in params.items()}
    return t(key, lang, **said)


def _json_param(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [v.to_json() if isinstance(v, Text) else _json_param(v) for v in value]
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def msg(key: str, **params: Any) -> Text:
    """:func:`t` that remembers its key and parameters (for texts an engine result keeps)."""
    return Text(key, params)


def joined(parts: list[Any], sep: str | Text = "") -> Text:
    """Several texts (Texts or plain strings) as one Text, each part said in the reader's language."""
    return Text(_JOINED, {"parts": list(parts), "sep": sep})


def in_lang(value: Any, lang: str | None) -> str:
    """A value an engine result holds, in ``lang``: a Text said again, anything else as it is."""
    if isinstance(value, Text):
        return value.in_lang(lang)
    return "" if value is None else str(value)
