"""All 1,788 local governments of Japan for `govcost demo --national`: the 47 prefectures and 1,741
municipalities, with realistic sizes.

No official list ships with govcost, so the list is part real, part made up, and says which:

- ``data/prefectures.csv``: the 47 prefectures with their real codes and names, per prefecture its
  real number of cities (市, designated and core cities included), towns (町), villages (村) and
  special wards (特別区), as of 2024, and its population, approximately (the October 2023 estimates
  rounded to the thousand, from general knowledge): 124.4 M people, 792 cities, 743 towns, 183
  villages and the 23 wards in all;
- ``data/large_cities.csv``: the 20 designated cities (政令指定都市, their wards counted as one) and
  the 62 core cities (中核市), with their real codes and names and an approximate population;
- the 23 special wards, from the wards' list shipped with govcost (2020 census, rounded);
- every other city, town and village is generated (``synthetic``): a plausible made-up name, a code
  of the prefecture with a valid check digit, numbered as the real codes are (cities from 201, towns
  and villages in blocks of 20 from 301 to 799, one block a county (郡)), and a population drawn
  from a lognormal distribution of its kind (villages about 3,000, towns about 15,000, cities about
  60,000), scaled so that the municipalities of each prefecture add up to its population exactly.

A synthetic code may be the code of a real municipality with another name: the names and sizes of
synthetic entries are sample data only. The same seed gives the same list.
"""

from __future__ import annotations

import csv
import math
import random
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from govcost.demo.files import write_csv
from govcost.jp.codes import Municipality, check_digit, known_municipalities

PREFECTURE = "都道府県"
DESIGNATED = "政令指定都市"
CORE = "中核市"
CITY = "市"
WARD = "特別区"
TOWN = "町"
VILLAGE = "村"
KINDS = (PREFECTURE, DESIGNATED, CORE, CITY, WARD, TOWN, VILLAGE)
#: Kinds of the municipalities (市区町村), who run the 20 standard businesses.
MUNICIPAL_KINDS = KINDS[1:]

#: The national figures the data files add up to.
TOTALS = {
    "prefectures": 47,
    "municipalities": 1741,
    "cities": 792,
    "wards": 23,
    "towns": 743,
    "villages": 183,
}
#: The population of the prefectures together (data/prefectures.csv), about 124 M.
NATIONAL_POPULATION = 124_402_000

#: kind → (median population, sigma of its logarithm, least, most) of the generated entries.
SIZES: dict[str, tuple[float, float, int, int]] = {
    CITY: (60_000, 0.75, 3_000, 500_000),
    TOWN: (15_000, 0.75, 700, 60_000),
    VILLAGE: (3_000, 0.8, 150, 45_000),
}
SUFFIX = {CITY: "市", TOWN: "町", VILLAGE: "村"}
#: The parts synthetic names are made of (two of them, then 市, 町 or 村).
FIRST = "青赤白黒高大小上下中東西南北新古長広松杉桜梅藤竹栗柳若富豊吉福美朝日月星花石岩金玉鶴亀鹿鷹"
SECOND = "川山野原田沢森浦島浜岡崎谷瀬里根坂宮津見丘台畑井部尾生木"
COLUMNS = ("code", "name", "kind", "prefecture_code", "prefecture", "population", "synthetic")
#: The default seed of the list.
SEED = 42


@dataclass(frozen=True)
class LocalGovernment(Municipality):
    """A prefecture or municipality of the national list; ``synthetic`` when made up."""

    prefecture: str = ""
    synthetic: bool = False


@dataclass(frozen=True)
class Prefecture:
    code: str
    name: str
    population: int
    cities: int
    towns: int
    villages: int
    wards: int


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("govcost.demo").joinpath(f"data/{name}").read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def prefectures() -> tuple[Prefecture, ...]:
    return tuple(
        Prefecture(
            r["prefecture_code"],
            r["name"],
            int(r["population_approx"]),
            int(r["cities"]),
            int(r["towns"]),
            int(r["villages"]),
            int(r["special_wards"]),
        )
        for r in _read("prefectures.csv")
    )


def _prefecture_of(code: str) -> str:
    five = code[:2] + "000"
    return five + str(check_digit(five))


def _real(prefs: dict[str, Prefecture]) -> dict[str, list[LocalGovernment]]:
    """Prefecture code → its real municipalities: large cities and the special wards."""
    out: dict[str, list[LocalGovernment]] = {code: [] for code in prefs}
    for r in _read("large_cities.csv"):
        code = r["municipality_code"]
        pref = _prefecture_of(code)
        out[pref].append(LocalGovernment(code, r["name"], int(r["population_approx"]), r["kind"], pref))
    for m in known_municipalities().values():
        if m.kind == WARD:
            pref = _prefecture_of(m.code)
            out[pref].append(LocalGovernment(m.code, m.name, m.population, WARD, pref))
    return out


def _apportion(total: int, weights: list[float], floor: int = 100) -> list[int]:
    """Whole numbers proportional to ``weights``, each at least ``floor``, adding up to ``total``
    (largest remainders)."""
    spare = total - floor * len(weights)
    scale = spare / sum(weights)
    exact = [w * scale for w in weights]
    out = [floor + math.floor(x) for x in exact]
    left = total - sum(out)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - math.floor(exact[i])), i))
    for i in order[:left]:
        out[i] += 1
    return out


def _populations(pref: Prefecture, rest: int, kinds: list[str], rng: random.Random) -> list[int]:
    """Populations of the generated municipalities of a prefecture, adding up to ``rest``.

    Each is drawn from its kind's lognormal; towns and villages then move halfway (in logarithm)
    towards the prefecture's level, and the cities take the rest, as a prefecture's population
    mostly lives in its cities.
    """
    raw = []
    for kind in kinds:
        median, sigma, low, high = SIZES[kind]
        raw.append(min(high, max(low, rng.lognormvariate(math.log(median), sigma))))
    factor = rest / sum(raw)
    small = [i for i, k in enumerate(kinds) if k != CITY]
    cities = [i for i, k in enumerate(kinds) if k == CITY]
    weights = list(raw)
    for i in small:
        _, _, low, high = SIZES[kinds[i]]
        weights[i] = min(high, max(low, raw[i] * math.sqrt(factor)))
    left = rest - sum(weights[i] for i in small)
    if cities and left >= SIZES[CITY][2] * len(cities):
        city_scale = left / sum(raw[i] for i in cities)
        for i in cities:
            weights[i] = raw[i] * city_scale
        _cap(weights, cities, SIZES[CITY][3])
    return _apportion(rest, weights)


def _cap(weights: list[float], among: list[int], most: float) -> None:
    """Bring the largest of ``among`` down to ``most``, sharing the excess among the others in
    proportion (as long as they have room)."""
    for _ in range(10):
        over = [i for i in among if weights[i] > most]
        free = [i for i in among if weights[i] < most]
        if not over or not free:
            return
        excess = sum(weights[i] - most for i in over)
        for i in over:
            weights[i] = most
        room = sum(weights[i] for i in free)
        for i in free:
            weights[i] += excess * weights[i] / room


def _names(kinds: list[str], taken: set[str], rng: random.Random) -> list[str]:
    out = []
    for kind in kinds:
        while True:
            a, b = rng.choice(FIRST), rng.choice(SECOND)
            name = a + b + SUFFIX[kind]
            if a != b and name not in taken:
                taken.add(name)
                out.append(name)
                break
    return out


def _town_numbers(n: int, rng: random.Random) -> list[int]:
    """Numbers of ``n`` towns and villages: counties (郡) in blocks of 20 from 301, in order."""
    counties = min(25, max(1, round(n / 5)))
    sizes = [n // counties + (1 if k < n % counties else 0) for k in range(counties)]
    blocks = sorted(rng.sample(range(25), counties))
    return [301 + 20 * block + k for block, size in zip(blocks, sizes, strict=True) for k in range(size)]


def _code(pref: Prefecture, number: int) -> str:
    five = f"{pref.code[:2]}{number:03d}"
    return five + str(check_digit(five))


def _generate(pref: Prefecture, real: list[LocalGovernment], rng: random.Random) -> list[LocalGovernment]:
    real_cities = sum(m.kind in (DESIGNATED, CORE) for m in real)
    real_wards = sum(m.kind == WARD for m in real)
    if real_cities > pref.cities or real_wards != pref.wards:
        raise ValueError(f"{pref.name}: the data files disagree on the number of cities or wards")
    kinds = [CITY] * (pref.cities - real_cities)
    towns = [TOWN] * pref.towns + [VILLAGE] * pref.villages
    rng.shuffle(towns)
    kinds += towns
    rest = pref.population - sum(m.population for m in real)
    populations = _populations(pref, rest, kinds, rng)
    names = _names(kinds, {m.name for m in real}, rng)
    used = {int(m.code[2:5]) for m in real}
    numbers = []
    candidate = 201
    for _ in range(pref.cities - real_cities):
        while candidate in used:
            candidate += 1
        numbers.append(candidate)
        candidate += 1
    numbers += _town_numbers(len(towns), rng)
    return [
        LocalGovernment(_code(pref, number), name, population, kind, pref.code, synthetic=True)
        for number, name, population, kind in zip(numbers, names, populations, kinds, strict=True)
    ]


@cache
def national_list(seed: int = SEED) -> tuple[LocalGovernment, ...]:
    """The 1,788 local governments in code order: prefectures and municipalities."""
    prefs = {p.code: p for p in prefectures()}
    real = _real(prefs)
    rng = random.Random(seed ^ 0x4A_9A4)
    out: list[LocalGovernment] = []
    for pref in prefs.values():
        out.append(LocalGovernment(pref.code, pref.name, pref.population, PREFECTURE, pref.code))
        out += real[pref.code]
        out += _generate(pref, real[pref.code], rng)
    return tuple(sorted(out, key=lambda m: m.code))


def national_municipalities(seed: int = SEED) -> list[LocalGovernment]:
    """The 1,741 municipalities (市区町村) of the list: the prefectures run no standard business."""
    return [m for m in national_list(seed) if m.kind != PREFECTURE]


#: kind → the chance a municipality of that kind, below the population, uses its systems jointly.
JOINT_CHANCE: dict[str, tuple[tuple[int, float], ...]] = {
    CITY: ((20_000, 0.5), (50_000, 0.35), (100_000, 0.2), (200_000, 0.08), (10**9, 0.02)),
    TOWN: ((10_000, 0.7), (30_000, 0.55), (10**9, 0.35)),
    VILLAGE: ((10**9, 0.85),),
}


def joint_chance(m: Municipality) -> float:
    """How likely a municipality runs the standard businesses on a system shared with others: most
    villages and small towns do (自治体クラウド), the designated and core cities and the wards do not."""
    for below, chance in JOINT_CHANCE.get(m.kind, ()):
        if m.population < below:
            return chance
    return 0.0


def joint_groups(municipalities: list[Municipality], seed: int = SEED) -> list[list[Municipality]]:
    """The groups that share their systems, each within one prefecture, 2 to 8 neighbours (by code),
    the most populous first (it leads, 幹事団体)."""
    rng = random.Random(seed ^ 0x6E0)
    by_pref: dict[str, list[Municipality]] = {}
    for m in municipalities:
        if rng.random() < joint_chance(m):
            by_pref.setdefault(m.code[:2], []).append(m)
    groups: list[list[Municipality]] = []
    for members in by_pref.values():
        chunks: list[list[Municipality]] = []
        k = 0
        while k < len(members):
            size = rng.randint(2, 8)
            chunks.append(members[k : k + size])
            k += size
        if len(chunks) > 1 and len(chunks[-1]) == 1:
            last = chunks.pop()
            chunks[-1] += last
        groups += [sorted(c, key=lambda m: (-m.population, m.code)) for c in chunks if len(c) > 1]
    return groups


def write_list(entries: list[LocalGovernment] | tuple[LocalGovernment, ...], path: Path) -> int:
    """``municipalities.csv``: the list as used, ``synthetic`` 1 for the made-up entries."""
    names = {p.code: p.name for p in prefectures()}
    rows = (
        [m.code, m.name, m.kind, m.prefecture, names[m.prefecture], str(m.population), str(int(m.synthetic))]
        for m in entries
    )
    return write_csv(path, COLUMNS, rows)


def write_populations(entries: list[LocalGovernment], path: Path) -> int:
    """``populations.csv`` (``municipality_code,population``), for the allocation by population."""
    return write_csv(
        path, ("municipality_code", "population"), ([m.code, str(m.population)] for m in entries)
    )
