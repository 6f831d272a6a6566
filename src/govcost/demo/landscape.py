"""The fictional landscape the demo bills: vendors, their packages, the systems each municipality
uses, and every cloud account, server and volume in them.

Four vendors share the 20 standard businesses among four packages. The family register package is
used jointly (共同) by groups of four wards, the welfare package by the small wards in threes; the
rest is used by one municipality each (単独). Every system has a production and a verification
account. The landscape carries the problems the optimisation rules look for
(oversized and old-generation servers, verification environments running 24/365, a warm standby
in Osaka that idles all year, gp2 volumes, self-built backup and monitoring servers, logs kept
forever) and records where it put them, so that tests and rules can check them by name.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from govcost.jp.codes import Municipality

PROD = "本番"
VERIF = "検証"
TOKYO = "ap-northeast-1"
OSAKA = "ap-northeast-3"


@dataclass(frozen=True)
class Package:
    """A vendor's standard-conformant package: the businesses it covers, the first one its main.

    ``group_size`` > 1: the package is used jointly by groups of that many municipalities.
    """

    key: str
    vendor: str
    label: str
    businesses: tuple[str, ...]
    platform: str
    group_size: int = 1

    @property
    def business(self) -> str:
        return self.businesses[0]


PACKAGES: tuple[Package, ...] = (
    Package("juki", "A社", "住記系", ("住民基本台帳", "印鑑登録", "戸籍の附票", "選挙人名簿管理"), "Windows"),
    Package("zei", "B社", "税務系", ("個人住民税", "固定資産税", "法人住民税", "軽自動車税"), "Linux"),
    Package(
        "fukushi",
        "C社",
        "福祉系",
        (
            "国民健康保険",
            "国民年金",
            "後期高齢者医療",
            "介護保険",
            "障害者福祉",
            "生活保護",
            "児童手当",
            "児童扶養手当",
            "子ども・子育て支援",
            "健康管理",
            "就学",
        ),
        "Linux",
    ),
    Package("koseki", "D社", "戸籍", ("戸籍",), "Windows", group_size=4),
)
#: Internal systems (財務会計, 人事給与, ...) outside the 20 businesses, added when --scale > 1.
NAIBU = Package("naibu", "E社", "内部情報系", ("標準化対象外",), "Windows")
NAIBU_LABELS = ("財務会計", "人事給与", "文書管理", "庶務事務", "契約管理", "施設予約")
#: The non-standard system kept on Azure by the largest municipalities.
BUNSHO = Package("bunsho", "F社", "文書管理(Azure)", ("標準化対象外",), "Windows")
VENDORS = ("A社", "B社", "C社", "D社", "E社")


@dataclass
class Volume:
    id: str
    name: str
    kind: str  # gp2 / gp3 / io1 / st1
    size_gb: int
    iops: int = 0


@dataclass(eq=False)
class Instance:
    id: str
    name: str
    type: str
    platform: str
    role: str
    #: The utilisation pattern of the metrics: prod_ap, prod_db, batch, oversized, standby,
    #: verification, backup, monitoring, poc.
    profile: str
    region: str = TOKYO
    az: str = "ap-northeast-1a"
    #: always, or business_hours (stopped outside JST 8:00–20:00 on business days).
    schedule: str = "always"
    volumes: list[Volume] = field(default_factory=list)
    savings_plan: bool = False
    tags: dict[str, str] = field(default_factory=dict)
    #: Days (index from the first day of the period) on which the instance exists; None = all.
    days: range | None = None


@dataclass
class Rds:
    id: str
    name: str
    type: str
    multi_az: bool
    storage_gb: int


@dataclass(eq=False)
class Account:
    provider: str
    id: str
    name: str
    environment: str
    payer: Payer
    system: System | None
    #: How the ledger finds the municipality: "map" (accounts.csv), "tags" or "none".
    resolution: str = "map"
    instances: list[Instance] = field(default_factory=list)
    rds: list[Rds] = field(default_factory=list)
    nat_id: str | None = None
    bucket: str | None = None
    bucket_gb: int = 0
    nat_gb_day: float = 0.0
    logs_gb_day: float = 0.0
    logs_forever: bool = False
    backup_gb: int = 0
    replication_gb_day: float = 0.0
    savings_plan_id: str | None = None
    credit: bool = False
    tags: dict[str, str] = field(default_factory=dict)
    #: Days (index from the first day of the period) on which the account is used; None = all.
    days: range | None = None


@dataclass(eq=False)
class Payer:
    provider: str
    id: str
    name: str
    vendor: str


@dataclass(eq=False)
class System:
    id: str
    package: Package
    members: list[Municipality]
    name: str
    accounts: list[Account] = field(default_factory=list)

    @property
    def usage(self) -> str:
        return "共同" if len(self.members) > 1 else "単独"

    @property
    def lead(self) -> Municipality:
        """The municipality the accounts are registered to (幹事団体 for a joint system)."""
        return self.members[0]

    @property
    def business(self) -> str:
        return self.package.business


@dataclass
class Landscape:
    municipalities: list[Municipality]
    systems: list[System]
    payers: list[Payer]
    accounts: list[Account]
    #: Scenario name → the ids (instances, accounts, volumes) that carry it.
    scenarios: dict[str, list[str]]

    def instances(self) -> list[tuple[Account, Instance]]:
        return [(a, i) for a in self.accounts if a.provider == "aws" for i in a.instances]


def tier_of(population: int) -> int:
    """0 below 250,000 residents, 1 below 500,000, 2 above: sizes the servers."""
    return 0 if population < 250_000 else 1 if population < 500_000 else 2


def tier(m: Municipality) -> int:
    return tier_of(m.population)


SIZES = ("xlarge", "2xlarge", "4xlarge")


class _Ids:
    """Unique, realistic-looking ids drawn from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def _unique(self, make: Callable[[], str]) -> str:
        while True:
            value = make()
            if value not in self.seen:
                self.seen.add(value)
                return value

    def account(self) -> str:
        return self._unique(lambda: f"{self.rng.randrange(10**11, 10**12)}")

    def hex17(self, prefix: str) -> str:
        return self._unique(lambda: f"{prefix}-0{self.rng.getrandbits(64):016x}")

    def guid(self) -> str:
        def make() -> str:
            h = f"{self.rng.getrandbits(128):032x}"
            return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

        return self._unique(make)


def _groups(pkg: Package, municipalities: list[Municipality]) -> list[list[Municipality]]:
    """Who uses each system of a package: one municipality, or consecutive groups of wards.

    The welfare package is shared by the small wards (below 250,000 residents) in threes, as
    small municipalities do to share a vendor's fixed costs.
    """
    if pkg.group_size > 1:
        n = pkg.group_size
        return [municipalities[i : i + n] for i in range(0, len(municipalities), n)]
    if pkg.key != "fukushi":
        return [[m] for m in municipalities]
    groups: list[list[Municipality]] = []
    small: list[Municipality] = []
    for m in municipalities:
        if tier(m) > 0:
            groups.append([m])
            continue
        small.append(m)
        if len(small) == 3:
            groups.append(small)
            small = []
    if small:
        groups.append(small)
    return groups


def build(municipalities: list[Municipality], scale: float, seed: int) -> Landscape:
    """The landscape for these municipalities. ``scale`` above 1 multiplies the application servers
    and adds internal (標準化対象外) systems, three per municipality per unit; below 1 it keeps only
    the first packages (住記系 alone at 0.25)."""
    rng = random.Random(seed)
    ids = _Ids(rng)
    payers = {v: Payer("aws", ids.account(), f"{v} ガバメントクラウド管理アカウント", v) for v in VENDORS}
    payers["F社"] = Payer(
        "azure",
        f"/providers/Microsoft.Billing/billingAccounts/{ids.guid()}:{ids.guid()}_2019-05-31",
        "F社 Microsoft Customer Agreement",
        "F社",
    )
    scenarios: dict[str, list[str]] = {
        k: []
        for k in (
            "verification_24x365",
            "verification_scheduled",
            "osaka_standby",
            "oversized",
            "old_generation",
            "gp2_volumes",
            "self_built_backup",
            "self_built_monitoring",
            "long_log_retention",
            "savings_plan",
            "tag_resolved_accounts",
            "unresolved_accounts",
            "joint_systems",
        )
    }
    systems: list[System] = []
    accounts: list[Account] = []
    n_ap_scale = max(scale, 0.01)

    def n_ap(base: int) -> int:
        return max(1, round(base * n_ap_scale))

    def new_account(system: System, env: str) -> Account:
        short = "prd" if env == PROD else "stg"
        acct = Account(
            "aws",
            ids.account(),
            f"gc-{system.id.lower()}-{short}",
            env,
            payers[system.package.vendor],
            system,
        )
        system.accounts.append(acct)
        accounts.append(acct)
        return acct

    def server(
        acct: Account,
        role: str,
        itype: str,
        profile: str,
        *,
        volume: str = "gp2",
        size_gb: int = 100,
        data_gb: int = 0,
        region: str = TOKYO,
        n: int = 1,
    ) -> Instance:
        assert acct.system is not None
        system = acct.system
        short = "prd" if acct.environment == PROD else "stg"
        name = f"{system.id.lower()}-{short}-{role}{n:02d}"
        if region == OSAKA:
            name = f"{system.id.lower()}-dr-{role}{n:02d}"
        az = f"{region}{rng.choice('acd') if region == TOKYO else 'a'}"
        inst = Instance(
            ids.hex17("i"),
            name,
            itype,
            system.package.platform,
            role,
            profile,
            region=region,
            az=az,
        )
        inst.tags = {"user:Name": name, "user:Role": role, "user:System": system.id}
        inst.volumes.append(Volume(ids.hex17("vol"), f"{name}-root", volume, size_gb))
        if data_gb:
            kind = "io1" if volume == "io1" else volume
            iops = 3000 if kind == "io1" else 0
            inst.volumes.append(Volume(ids.hex17("vol"), f"{name}-data", kind, data_gb, iops))
        if volume == "gp2":
            scenarios["gp2_volumes"] += [v.id for v in inst.volumes]
        if itype.split(".")[0] in ("m4", "t2", "r4", "c4"):
            scenarios["old_generation"].append(inst.id)
        acct.instances.append(inst)
        return inst

    def production_services(
        acct: Account, t: int, db: str | None = None, nat: bool = True, bucket: bool = True
    ) -> None:
        if nat:
            acct.nat_id = f"arn:aws:ec2:{TOKYO}:{acct.id}:natgateway/{ids.hex17('nat')}"
        if bucket:
            acct.bucket = f"{acct.name}-backup-{acct.id[-4:]}"
            acct.bucket_gb = rng.randrange(300, 900) * (t + 1)
        acct.logs_gb_day = round(rng.uniform(0.8, 2.5) * (t + 1), 3)
        acct.nat_gb_day = round(rng.uniform(2, 8) * (t + 1), 3)
        if db:
            assert acct.system is not None
            acct.rds.append(
                Rds(
                    f"arn:aws:rds:{TOKYO}:{acct.id}:db:{acct.system.id.lower()}-prd-db",
                    f"{acct.system.id.lower()}-prd-db",
                    db,
                    True,
                    200 * (t + 1),
                )
            )

    # --- the four packages, per municipality or per joint group --------------------------
    packages = PACKAGES if scale >= 1 else PACKAGES[: max(1, round(len(PACKAGES) * scale))]
    for pkg in packages:
        for g, members in enumerate(_groups(pkg, municipalities)):
            idx = municipalities.index(members[0])
            if len(members) == 1:
                sid = f"{pkg.key.upper()}-{members[0].code}"
                name = f"{pkg.vendor} {pkg.label}({members[0].name})"
            else:
                sid = f"{pkg.key.upper()}-K{g + 1:02d}"
                name = f"{pkg.vendor} {pkg.label} 共同利用({'・'.join(m.name for m in members)})"
                scenarios["joint_systems"].append(sid)
            system = System(sid, pkg, members, name)
            systems.append(system)
            t = tier_of(sum(m.population for m in members))
            size = SIZES[t]
            # Verification runs one server a size below production's (a reduced configuration).
            smaller = ("large", *SIZES)[t]
            prod = new_account(system, PROD)
            ver = new_account(system, VERIF)
            if pkg.key == "juki":
                # Backups go to AWS Backup rather than to a bucket.
                production_services(prod, t, bucket=False)
                for n in range(1, n_ap([1, 1, 2][t]) + 1):
                    server(prod, "ap", f"m6i.{size}", "prod_ap", volume="gp3", n=n)
                vol = "io1" if t == 2 else "gp3"
                server(prod, "db", f"r6i.{size}", "prod_db", volume=vol, data_gb=500 * (t + 1))
                prod.backup_gb = 800 * (t + 1)
                prod.logs_forever = True
                scenarios["long_log_retention"].append(prod.id)
                if idx % 3 == 0:
                    # Warm standby in Osaka, running all year for a DR the requirements do not ask.
                    for role, itype in (("ap", f"m6i.{size}"), ("db", f"r6i.{size}")):
                        dr = server(
                            prod,
                            role,
                            itype,
                            "standby",
                            volume="gp3",
                            data_gb=200 if role == "db" else 0,
                            region=OSAKA,
                        )
                        scenarios["osaka_standby"].append(dr.id)
                    prod.replication_gb_day = round(rng.uniform(3, 12) * (t + 1), 3)
                v = server(ver, "ap", f"m6i.{smaller}", "verification", volume="gp3", size_gb=300)
            elif pkg.key == "zei":
                production_services(prod, t, db=("db.r6g.large", "db.r6g.xlarge", "db.r6g.2xlarge")[t])
                for n in range(1, n_ap(1) + 1):
                    ap = server(prod, "ap", f"m6i.{size}", "prod_ap", volume="gp2", n=n)
                    if idx % 3 == 0:
                        ap.savings_plan = True
                        scenarios["savings_plan"].append(ap.id)
                if t > 0:
                    # The small wards run their nightly batch on the application server.
                    server(prod, "batch", f"c6i.{size}", "batch", volume="gp2", data_gb=300)
                if idx % 3 == 0:
                    prod.savings_plan_id = f"arn:aws:savingsplans::{prod.id}:savingsplan/{ids.guid()}"
                if idx % 4 == 0:
                    b = server(prod, "backup-server", "m5.large", "backup", volume="st1", data_gb=2000)
                    b.volumes[0].kind = "gp2"
                    scenarios["self_built_backup"].append(b.id)
                prod.logs_forever = True
                scenarios["long_log_retention"].append(prod.id)
                if idx == 0:
                    prod.credit = True
                v = server(
                    ver, "ap", f"{'m4' if idx % 4 == 1 else 'm5'}.{smaller}", "verification", size_gb=200
                )
                if idx == 1:
                    v.schedule = "business_hours"
                    scenarios["verification_scheduled"].append(v.id)
            elif pkg.key == "fukushi":
                # Reaches the internet through VPC endpoints only: no NAT gateway.
                production_services(
                    prod, t, db=("db.m6g.large", "db.m6g.xlarge", "db.r6g.xlarge")[t], nat=False
                )
                for n in range(1, n_ap(1) + 1):
                    if idx % 2 == 0:
                        ap = server(prod, "ap", "m6i.4xlarge", "oversized", size_gb=300, n=n)
                        scenarios["oversized"].append(ap.id)
                    else:
                        server(prod, "ap", f"m4.{size}", "prod_ap", size_gb=300, n=n)
                v = server(ver, "ap", "t3.large" if t == 0 else "m5.xlarge", "verification", size_gb=200)
            else:  # koseki
                production_services(prod, t)
                server(prod, "ap", "m6i.xlarge", "prod_ap", n=1)
                server(prod, "db", "r6i.xlarge", "prod_db", data_gb=600)
                if g == 0:
                    z = server(prod, "zabbix", "t3.large", "monitoring", size_gb=300)
                    scenarios["self_built_monitoring"].append(z.id)
                v = server(ver, "ap", "t2.large", "verification", size_gb=200)
            if v.schedule == "always":
                scenarios["verification_24x365"].append(v.id)

    # --- internal systems, only when scaled up ----------------------------------------------
    extra = max(0, round((scale - 1) * 3))
    for m in municipalities:
        for k in range(extra):
            label = NAIBU_LABELS[k % len(NAIBU_LABELS)]
            sid = f"NAIBU{k + 1:02d}-{m.code}"
            system = System(sid, NAIBU, [m], f"{NAIBU.vendor} {label}({m.name})")
            systems.append(system)
            prod = new_account(system, PROD)
            ver = new_account(system, VERIF)
            production_services(prod, tier(m))
            for n in range(1, n_ap(1) + 1):
                server(prod, "ap", "m5.xlarge", "prod_ap", n=n)
            server(prod, "db", "r5.xlarge", "prod_db", data_gb=300)
            v = server(ver, "ap", "t3.large", "verification")
            scenarios["verification_24x365"].append(v.id)

    # --- what the account map leaves out ---------------------------------------------------
    candidates = [s for s in systems if s.package.key == "fukushi"] or systems
    tagged = ([s for s in candidates if s.usage == "単独"] or candidates)[-1]
    for acct in tagged.accounts:
        acct.resolution = "tags"
        acct.tags = {
            "user:municipality_code": tagged.lead.code,
            "user:business": tagged.business,
            "user:environment": "production" if acct.environment == PROD else "staging",
            "user:system_id": tagged.id,
            "user:usage": "single" if tagged.usage == "単独" else "joint",
        }
        scenarios["tag_resolved_accounts"].append(acct.id)
    poc_system = System("POC-SANDBOX", PACKAGES[0], [municipalities[0]], "A社 検証用サンドボックス")
    poc = Account("aws", ids.account(), "a-sha-poc-sandbox", VERIF, payers["A社"], poc_system, "none")
    poc.instances.append(
        Instance(
            ids.hex17("i"),
            "poc-test01",
            "t3.micro",
            "Linux",
            "poc",
            "poc",
            az="ap-northeast-1a",
            days=range(3),
        )
    )
    poc.instances[0].volumes.append(Volume(ids.hex17("vol"), "poc-test01-root", "gp3", 30))
    poc.bucket = f"a-sha-poc-{poc.id[-4:]}"
    poc.bucket_gb = 5
    poc.days = range(3)
    accounts.append(poc)
    scenarios["unresolved_accounts"].append(poc.id)

    # --- Azure: the two largest municipalities keep their document system there ------------
    for m in sorted(municipalities, key=lambda x: -x.population)[:2]:
        system = System(f"BUNSHO-{m.code}", BUNSHO, [m], f"F社 文書管理システム({m.name})")
        systems.append(system)
        for env in (PROD, VERIF):
            short = "prd" if env == PROD else "stg"
            acct = Account(
                "azure",
                f"/subscriptions/{ids.guid()}",
                f"bunsho-{m.code}-{short}",
                env,
                payers["F社"],
                system,
            )
            system.accounts.append(acct)
            accounts.append(acct)
    return Landscape(municipalities, systems, list(payers.values()), accounts, scenarios)
