"""The 20 standard businesses (標準化対象20業務); anything else is 標準化対象外."""

from __future__ import annotations

STANDARD_BUSINESSES: tuple[str, ...] = (
    "住民基本台帳",
    "選挙人名簿管理",
    "固定資産税",
    "個人住民税",
    "法人住民税",
    "軽自動車税",
    "国民健康保険",
    "国民年金",
    "障害者福祉",
    "後期高齢者医療",
    "介護保険",
    "児童手当",
    "健康管理",
    "就学",
    "児童扶養手当",
    "生活保護",
    "子ども・子育て支援",
    "印鑑登録",
    "戸籍",
    "戸籍の附票",
)
NON_STANDARD = "標準化対象外"
ALL_BUSINESSES: tuple[str, ...] = (*STANDARD_BUSINESSES, NON_STANDARD)

ENVIRONMENTS: tuple[str, ...] = ("本番", "検証", "開発")
ENVIRONMENT_ALIASES = {
    "production": "本番",
    "prod": "本番",
    "prd": "本番",
    "本番環境": "本番",
    "staging": "検証",
    "verification": "検証",
    "stg": "検証",
    "test": "検証",
    "検証環境": "検証",
    "development": "開発",
    "dev": "開発",
    "開発環境": "開発",
}

USAGES: tuple[str, ...] = ("単独", "共同")
USAGE_ALIASES = {"single": "単独", "単独利用": "単独", "joint": "共同", "shared": "共同", "共同利用": "共同"}


def normalise_business(value: str | None) -> str | None:
    """The business's canonical name, or None when the value names none of the 21."""
    if value is None:
        return None
    text = value.strip()
    return text if text in ALL_BUSINESSES else None


def normalise_environment(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip()
    if text in ENVIRONMENTS:
        return text
    return ENVIRONMENT_ALIASES.get(text.lower())


def normalise_usage(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.strip()
    if text in USAGES:
        return text
    return USAGE_ALIASES.get(text.lower())
