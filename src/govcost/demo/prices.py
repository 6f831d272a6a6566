"""List prices the demo bills at: AWS Tokyo/Osaka and Azure Japan East on-demand, in USD.

Rounded public list prices of 2025, good enough to make the proportions of a real bill (compute
dominates, storage and network follow); they are not a price list to quote from.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

D = Decimal

REGIONS = {
    "ap-northeast-1": ("Asia Pacific (Tokyo)", "APN1"),
    "ap-northeast-3": ("Asia Pacific (Osaka)", "APN3"),
}

#: Linux on-demand price per hour in Tokyo (Osaka charges the same for these types).
EC2_LINUX: dict[str, Decimal] = {
    "t2.medium": D("0.0608"),
    "t2.large": D("0.1216"),
    "t3.micro": D("0.0136"),
    "t3.medium": D("0.0544"),
    "t3.large": D("0.1088"),
    "t3.xlarge": D("0.2176"),
    "m4.large": D("0.129"),
    "m4.xlarge": D("0.258"),
    "m4.2xlarge": D("0.516"),
    "m4.4xlarge": D("1.032"),
    "m5.large": D("0.124"),
    "m5.xlarge": D("0.248"),
    "m5.2xlarge": D("0.496"),
    "m5.4xlarge": D("0.992"),
    "m6i.large": D("0.124"),
    "m6i.xlarge": D("0.248"),
    "m6i.2xlarge": D("0.496"),
    "m6i.4xlarge": D("0.992"),
    "m6i.8xlarge": D("1.984"),
    "r5.large": D("0.152"),
    "r5.xlarge": D("0.304"),
    "r5.2xlarge": D("0.608"),
    "r6i.large": D("0.152"),
    "r6i.xlarge": D("0.304"),
    "r6i.2xlarge": D("0.608"),
    "r6i.4xlarge": D("1.216"),
    "c6i.xlarge": D("0.214"),
    "c6i.2xlarge": D("0.428"),
    "c6i.4xlarge": D("0.856"),
}
#: Windows Server licence included: per vCPU-hour on top of the Linux price.
WINDOWS_PER_VCPU = D("0.046")
#: Compute Savings Plans, 1 year, no upfront: the share of the on-demand price paid.
SAVINGS_PLAN_RATE = D("0.72")

_SIZE_VCPU = {"micro": 2, "medium": 2, "large": 2, "xlarge": 4, "2xlarge": 8, "4xlarge": 16, "8xlarge": 32}
_T_MEMORY = {"micro": 1, "medium": 4, "large": 8, "xlarge": 16}
_GIB_PER_VCPU = {"m": 4, "r": 8, "c": 2}


@dataclass(frozen=True)
class InstanceType:
    name: str
    vcpu: int
    memory_gib: int

    @property
    def family(self) -> str:
        return self.name.split(".")[0]

    @property
    def generation(self) -> int:
        return int("".join(ch for ch in self.family if ch.isdigit()))


def instance_type(name: str) -> InstanceType:
    family, size = name.split(".")
    vcpu = _SIZE_VCPU[size]
    memory = _T_MEMORY[size] if family.startswith("t") else vcpu * _GIB_PER_VCPU[family[0]]
    return InstanceType(name, vcpu, memory)


def ec2_price(name: str, platform: str) -> Decimal:
    price = EC2_LINUX[name]
    if platform == "Windows":
        price += WINDOWS_PER_VCPU * instance_type(name).vcpu
    return price


#: EBS per GB-month (io1 also per provisioned IOPS-month).
EBS_GB_MONTH = {"gp2": D("0.12"), "gp3": D("0.096"), "io1": D("0.142"), "st1": D("0.054")}
EBS_IO1_IOPS_MONTH = D("0.074")
EBS_SNAPSHOT_GB_MONTH = D("0.05")
EBS_NAMES = {
    "gp2": "General Purpose SSD (gp2)",
    "gp3": "General Purpose SSD (gp3)",
    "io1": "Provisioned IOPS SSD (io1)",
    "st1": "Throughput Optimized HDD (st1)",
}

#: RDS for PostgreSQL per hour, single-AZ (Multi-AZ doubles it) and storage per GB-month.
RDS_POSTGRES: dict[str, Decimal] = {
    "db.t4g.medium": D("0.113"),
    "db.m6g.large": D("0.198"),
    "db.m6g.xlarge": D("0.396"),
    "db.r6g.large": D("0.313"),
    "db.r6g.xlarge": D("0.626"),
    "db.r6g.2xlarge": D("1.252"),
}
RDS_GP2_GB_MONTH = D("0.138")

S3_STANDARD_GB_MONTH = D("0.025")
NAT_HOUR = D("0.062")
NAT_GB = D("0.062")
INTER_REGION_GB = D("0.09")
#: An Elastic IP not attached to a running instance, per hour.
EIP_IDLE_HOUR = D("0.005")
#: Application Load Balancer: per hour, and per LCU-hour of traffic.
ALB_HOUR = D("0.0243")
ALB_LCU_HOUR = D("0.008")
INTERNET_OUT_GB = D("0.114")
CW_LOGS_INGEST_GB = D("0.76")
CW_LOGS_STORAGE_GB_MONTH = D("0.033")
BACKUP_EBS_GB_MONTH = D("0.05")

#: Azure Japan East, pay-as-you-go.
AZURE_VM_WINDOWS: dict[str, Decimal] = {
    "Standard_D2s_v5": D("0.188"),
    "Standard_D4s_v5": D("0.376"),
    "Standard_E4s_v5": D("0.436"),
}
AZURE_DISK_MONTH: dict[str, Decimal] = {"P10": D("21.68"), "P20": D("41.82"), "P30": D("77.21")}
AZURE_BLOB_GB_MONTH = D("0.0204")
AZURE_EGRESS_GB = D("0.12")
