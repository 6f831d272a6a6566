"""``optimize.yaml``: the settings `govcost optimize` weighs the demo's resources against.

The defaults are the municipal working day and the non-functional requirements standard for core
systems; the one exception is the system the landscape declares strict (scenario
``dr_strict_systems``), whose Osaka standby its own business continuity plan requires. Written as
text, not dumped, so that the comments stay and the bytes are the same on every run.
"""

from __future__ import annotations

from pathlib import Path

from govcost.demo.landscape import Landscape

HEADER = """\
# 最適化の設定 (govcost optimize が読みます)
#
# defaults はすべてのシステムに効く既定値、systems はシステムID ごとの例外です。
# systems に書かなかった項目は defaults の値になります。
#
#   operating_hours        業務時間 (日本時間)。business_days_only: true なら土日・祝日・
#                          年末年始 (12/29–1/3) は業務のない日です
#   stop_outside_hours     業務時間外に止めてよい環境 (本番 / 検証 / 開発)
#   nfr                    非機能要件の水準。standard は「地方公共団体情報システム非機能要件の標準」
#                          の水準 (大規模災害時は1か月以内に業務を再開、A.1.4.1) で、DR は
#                          バックアップのみの構成で足ります。strict はそれより厳しい要件で、
#                          待機系を残す理由になります
#   rto_hours              目標復旧時間 (時間)
#   disaster_restart_days  大規模災害時に業務を再開するまでの日数
#   log_retention_days     監査上必要なログ保存期間 (日)。これより長く残すログは削減の対象です
#   headroom_percent       サイズを下げるときに残す余裕 (%)
#   lookback_days          利用状況を見る期間 (日)
#   note                   その設定にした理由 (監査と引継ぎのために書いておきます)
"""

DEFAULTS = """\
defaults:
  operating_hours: {start: "08:00", end: "20:00", business_days_only: true}
  stop_outside_hours: {本番: false, 検証: true, 開発: true}
  nfr: standard            # standard: 大規模災害時は1か月以内に再開 (非機能要求 A.1.4.1)
  log_retention_days: 400  # 監査上必要なログ保存期間
  headroom_percent: 30
  lookback_days: 30
"""


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def settings_text(landscape: Landscape) -> str:
    systems = {s.id: s for s in landscape.systems}
    lines = [HEADER, DEFAULTS]
    strict = landscape.scenarios.get("dr_strict_systems", [])
    if not strict:
        lines.append("systems: {}\n")
        return "".join(lines)
    lines.append("systems:\n")
    for sid in strict:
        system = systems[sid]
        note = (
            f"{system.lead.name}の業務継続計画 (BCP) で、大規模災害時も住民記録の業務を翌日までに"
            "再開すると定めている。大阪リージョンの待機系はこのために置いている"
        )
        lines.append(
            f"  {sid}:\n"
            "    nfr: strict\n"
            "    rto_hours: 4\n"
            "    disaster_restart_days: 1\n"
            f"    note: {_quote(note)}\n"
        )
    return "".join(lines)


def write_settings(landscape: Landscape, path: Path) -> None:
    path.write_text(settings_text(landscape), encoding="utf-8", newline="\n")
