"""The demo's scenario files for `govcost scenario`, in ``scenarios/`` (Japanese comments, as a
municipality's IT officer would keep them):

- ``joint-procurement-23ku.yaml``: the 23 wards procure the operations assistant (運用管理補助委託)
  and the network lines (接続回線) together (seed 000's 特別区 measure ①), with a price curve by the
  number of wards for the operations assistant and by the yearly amount for the lines;
- ``consolidation-juki.yaml``: the wards' 住記系 environments (one IaaS environment per ward, the
  systems ``JUKI-*``) consolidated into one multi-tenant environment (seed 004: model B → reformed);
- ``fx-160.yaml``: the dollar at 160 yen.

Each names the demo's fiscal year and, when the demo wrote it, ``../baseline.csv`` (the operating
cost before migration, demo/kpi_files.py) so that the targets can be compared.
"""

from __future__ import annotations

from pathlib import Path

from govcost.demo.landscape import Landscape

DIRECTORY = "scenarios"
JOINT = "joint-procurement-23ku.yaml"
CONSOLIDATION = "consolidation-juki.yaml"
FX = "fx-160.yaml"
FILES = (JOINT, CONSOLIDATION, FX)


def _head(name: str, fiscal_year: int, baseline: bool) -> list[str]:
    lines = [f"name: {name}", f"period: {fiscal_year}    # 年度 (4月〜3月)。直近12か月なら latest"]
    if baseline:
        lines.append("baseline: ../baseline.csv    # 移行前の運用経費 (国の目標・特別区KGIとの比較に使う)")
    return lines


def joint_procurement(landscape: Landscape, fiscal_year: int, baseline: bool) -> str:
    wards = [m for m in landscape.municipalities if m.kind == "特別区"]
    members = [f'      - "{m.code}"    # {m.name}' for m in wards]
    return "\n".join(
        [
            "# 23区の「運用管理補助委託」と「ガバメントクラウド接続回線」の共同調達 (特別区の取組①)。",
            "# 各区が単独で結んでいる契約 (台帳の費用明細) の合計を、",
            "# 23区でまとめて調達したときの価格と比べます。",
            "# 目標: 単独契約と比べて 2 割以上安価 (共同調達 ÷ 単独契約 ≤ 0.8)。",
            *_head("23区 運用管理補助委託・接続回線の共同調達", fiscal_year, baseline),
            "steps:",
            "  - kind: joint-procurement",
            "    name: 運用管理補助委託・接続回線の共同調達",
            "    municipalities:",
            *members,
            "    cost_sources: [operations_assistant, network]",
            "    curves:",
            "      # 運用管理補助者: 監視・問合せ窓口を共同化するほど要員を共有できる",
            "      # (参加区の数で段階的に割引)",
            "      operations_assistant:",
            "        by: municipalities",
            "        steps:",
            "          - {from: 2, discount: 0.05}",
            "          - {from: 5, discount: 0.12}",
            "          - {from: 10, discount: 0.20}",
            "          - {from: 20, discount: 0.28}",
            "      # 接続回線: 通信事業者のボリュームディスカウント (年額の調達規模で段階的に割引)",
            "      network:",
            "        by: amount",
            "        steps:",
            "          - {from: 50000000, discount: 0.05}",
            "          - {from: 100000000, discount: 0.10}",
            "          - {from: 200000000, discount: 0.15}",
            "          - {from: 400000000, discount: 0.20}",
            "    split: current    # 共同調達後の金額は、現行契約の金額に比例して各区に按分 (最大剰余法)",
            "",
        ]
    )


def consolidation(fiscal_year: int, baseline: bool) -> str:
    return "\n".join(
        [
            "# 住記系 (A社) の区ごとの IaaS 環境 (モデルB) を、",
            "# 一つのマルチテナント環境に集約した場合 (改革後のモデル)。",
            "# サーバ・NAT・ロードバランサーなど環境ごとに一式ある固定部分は、",
            "# 最大の区の 2 倍を一つだけ残し、ストレージ・バックアップ・ログ・転送など",
            "# 量で増える変動部分は、人口に規模の経済 (指数 0.9) を効かせて集約します。",
            *_head("住記系 23区のマルチテナント集約", fiscal_year, baseline),
            "steps:",
            "  - kind: consolidation",
            "    name: 住記系の集約 (区ごとの IaaS → マルチテナント)",
            "    package: juki    # システムID JUKI-* (区ごとの住記系環境)",
            "    municipalities: 特別区",
            "    cost_sources: [cloud]",
            "    fixed:",
            "      resource_types: [instance, db, natgateway, loadbalancer, elastic-ip]",
            "    keep: 2    # 23区分の負荷を載せるため、最大の区の固定部分 (サーバ構成) の 2 倍を残す",
            "    driver: population",
            "    exponent: 0.9",
            "    split: population    # 集約後の費用は人口比で各区に按分 (最大剰余法)",
            "",
        ]
    )


def fx(fiscal_year: int, baseline: bool) -> str:
    return "\n".join(
        [
            "# 為替: 1 ドル = 160 円になった場合 (デモの月次レートは 140〜160 円の間で動いています)。",
            "# ドル建てのクラウド利用料を BilledCost × 160 円で計算し直します。",
            *_head("為替 1ドル=160円", fiscal_year, baseline),
            "steps:",
            "  - kind: fx",
            "    currency: USD",
            "    rate: 160",
            "",
        ]
    )


def write_scenario_files(landscape: Landscape, fiscal_year: int, out_dir: Path) -> list[str]:
    """Write the three files into ``out_dir/scenarios``; their paths relative to ``out_dir``."""
    folder = out_dir / DIRECTORY
    folder.mkdir(parents=True, exist_ok=True)
    baseline = (out_dir / "baseline.csv").is_file()
    texts = {
        JOINT: joint_procurement(landscape, fiscal_year, baseline),
        CONSOLIDATION: consolidation(fiscal_year, baseline),
        FX: fx(fiscal_year, baseline),
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [f"{DIRECTORY}/{name}" for name in FILES]
