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
    "demo.metrics_imported": (
        "稼働率メトリクス {files} ファイル({rows} 行、{path})を台帳に取り込みました",
        "the {files} utilisation metric files ({rows} rows, {path}) are imported into the ledger",
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
    # --- estimate review: arithmetic ---------------------------------------------------------
    # --- estimate review: lump-sum -----------------------------------------------------------
    # --- estimate review: increase-without-reason --------------------------------------------
    # --- estimate review: license-quantity ---------------------------------------------------
    # --- estimate review: sizing -------------------------------------------------------------
    # --- estimate review: verification-24x365 ------------------------------------------------
    # --- estimate review: production-24x365 --------------------------------------------------
    # --- estimate review: storage-oversized --------------------------------------------------
    # --- estimate review: full-backup --------------------------------------------------------
    # --- estimate review: csp-support-fee ----------------------------------------------------
    # --- estimate review: volume-discount ----------------------------------------------------
    # --- estimate review: old-generation -----------------------------------------------------
    # --- estimate review: staff --------------------------------------------------------------
    # --- estimate review: duplicate-work -----------------------------------------------------
    # --- estimate review: missing-documents --------------------------------------------------
    # --- estimate review: output (JSON, XLSX, CLI) -------------------------------------------
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
