"""``allocation.yaml``: the rules `govcost allocate` splits the demo's jointly used systems by.

The account map registers a joint system's cloud accounts to its lead municipality (幹事団体) only;
its members exist in the landscape (``System.members``), so this file writes them down: one rule per
jointly used system, sharing its Government Cloud fees (the vendors already bill software,
operations and lines per member). The family register systems (groups of four) split 30 % equally
and 70 % by population — the fixed part keeps the small wards from paying for the large ones'
volume, the variable part keeps them from paying a quarter each of an environment sized for the
large; the welfare systems of the small wards (groups of three) split by population. Each rule also
gives the counts the comparison of methods needs (users; for the family register, the number of
registers, 本籍数), derived from the population so that the file is the same on every run. Written
as text, not dumped, so that the comments stay.
"""

from __future__ import annotations

from pathlib import Path

from govcost.demo.landscape import Landscape, System
from govcost.jp.codes import Municipality

HEADER = """\
# 按分ルール (govcost allocate が読みます。書き方は docs/allocation.md)
#
# 共同利用システムのガバメントクラウド利用料は、アカウント対応表では幹事団体に計上されています。
# ここで、その費用を構成団体に按分する方法を決めます。1 つのルール = 1 つの共同利用システムです。
#
#   select     按分する費用 (system_id、cost_source など。すべての条件に当たる行)
#   members    構成団体の団体コード (引用符で囲みます)
#   method     equal (均等割) / population (人口割) / accounts (アカウント数割) /
#              users (利用者数割) / usage (利用量割) / fixed_variable (固定割+変動割)
#   fixed_percent, fixed, variable   fixed_variable のときの固定部分の割合 (%) とそれぞれの方式
#   users, usage                     利用者数・利用量 (方式の比較にも使います。サンプルの値です)
#
# 人口は govcost に同梱の値 (令和2年国勢調査の概数) を使います。別の人口を使うときは
# populations: populations.csv (municipality_code,population) を書くか --populations で指定します。
"""


#: The populations file the national demo writes beside this one.
POPULATIONS = "populations.csv"


def _codes(members: list[Municipality]) -> str:
    return "[" + ", ".join(f'"{m.code}"' for m in members) + "]"


def _keys(members: list[Municipality], value: dict[str, int]) -> str:
    return "{" + ", ".join(f'"{m.code}": {value[m.code]}' for m in members) + "}"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def users(system: System, m: Municipality) -> int:
    """Staff IDs using the system: a base team and one more per so many residents (sample values)."""
    if system.package.key == "koseki":
        return 8 + m.population // 25_000
    return 20 + m.population // 2_500


def registers(m: Municipality) -> int:
    """本籍数, the family registers a ward keeps: 40–48 % of its residents (sample values)."""
    return m.population * (40 + int(m.code[3:5]) % 9) // 100


def rule_text(system: System) -> str:
    members = system.members
    lines = [
        f"  - id: {system.id.lower()}\n",
        f"    name: {_quote(system.name)}\n",
        "    select:\n",
        f"      system_id: {system.id}\n",
        "      cost_source: cloud            # ガバメントクラウド利用料\n",
        f"    members: {_codes(members)}\n",
    ]
    if system.package.key == "koseki":
        lines += [
            "    method: fixed_variable\n",
            "    fixed_percent: 30                # 30 % を均等割、70 % を人口割\n",
            "    fixed: equal\n",
            "    variable: population\n",
            f"    users: {_keys(members, {m.code: users(system, m) for m in members})}\n",
            "    usage:\n",
            f"      keys: {_keys(members, {m.code: registers(m) for m in members})}\n",
            "      unit: 本籍数\n",
            '    note: "基本料金相当を均等に、残りを人口比で負担する (共同利用協定 第5条)"\n',
        ]
    else:
        lines += [
            "    method: population\n",
            f"    users: {_keys(members, {m.code: users(system, m) for m in members})}\n",
            '    note: "住民が多い団体ほど処理件数が多いため人口比で負担する (共同利用協定 第4条)"\n',
        ]
    return "".join(lines)


def allocation_text(landscape: Landscape) -> str:
    joint = [s for s in landscape.systems if len(s.members) > 1]
    parts = [HEADER, '\ntitle: "共同利用システムの按分 (サンプル)"\n']
    if landscape.national:
        parts.append(
            f"populations: {POPULATIONS}    # 全国の団体の人口 (municipalities.csv と同じ。一部は架空の値)\n"
        )
    if not joint:
        parts.append("rules: []\n")
        return "".join(parts)
    parts.append("rules:\n")
    parts += [rule_text(s) for s in joint]
    return "".join(parts)


def joint_members(landscape: Landscape) -> dict[str, list[str]]:
    """Jointly used system → its members' codes (the lead first), as the manifest records them."""
    return {s.id: [m.code for m in s.members] for s in landscape.systems if len(s.members) > 1}


def write_allocation(landscape: Landscape, path: Path) -> None:
    path.write_text(allocation_text(landscape), encoding="utf-8", newline="\n")
