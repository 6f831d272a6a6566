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
    # --- KPI and targets ---------------------------------------------------------------------
    # --- scenarios ---------------------------------------------------------------------------
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
