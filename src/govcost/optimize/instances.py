"""What an instance type is: its family, size, vCPUs and memory, and whether its family is of a
previous generation with a cheaper current equivalent.

The bill's own SkuPriceDetails (CoreCount, MemorySize) are preferred where a provider fills them;
these tables answer for the types they do not describe and for the types a rule recommends.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Sizes in ascending order, and the vCPUs of each for the general, memory and compute families.
SIZES = (
    "nano",
    "micro",
    "small",
    "medium",
    "large",
    "xlarge",
    "2xlarge",
    "4xlarge",
    "8xlarge",
    "12xlarge",
    "16xlarge",
)
_VCPU = {
    "nano": 2,
    "micro": 2,
    "small": 2,
    "medium": 2,
    "large": 2,
    "xlarge": 4,
    "2xlarge": 8,
    "4xlarge": 16,
    "8xlarge": 32,
    "12xlarge": 48,
    "16xlarge": 64,
}
#: Burstable families: memory by size.
_T_MEMORY = {"nano": 0.5, "micro": 1, "small": 2, "medium": 4, "large": 8, "xlarge": 16, "2xlarge": 32}
#: GiB of memory per vCPU by the family's letter.
_GIB_PER_VCPU = {"m": 4, "r": 8, "c": 2, "x": 16}
#: Previous-generation family → the current family that replaces it (same shape, lower price).
SUCCESSORS = {
    "t2": "t3",
    "m3": "m6i",
    "m4": "m6i",
    "r3": "r6i",
    "r4": "r6i",
    "c3": "c6i",
    "c4": "c6i",
    "i2": "i4i",
    "d2": "d3",
}


@dataclass(frozen=True)
class InstanceType:
    name: str
    family: str
    size: str
    vcpu: int
    memory_gib: float

    @property
    def burstable(self) -> bool:
        return self.family.startswith("t")

    @property
    def successor(self) -> str | None:
        """The current-generation type of the same size, if this family is of a previous one."""
        fam = SUCCESSORS.get(self.family)
        return f"{fam}.{self.size}" if fam else None

    def resized(self, size: str) -> InstanceType | None:
        return parse_type(f"{self.family}.{size}")

    def smaller_sizes(self) -> list[InstanceType]:
        """The sizes below this one in the same family, largest first."""
        out = []
        for size in reversed(SIZES[: SIZES.index(self.size)]):
            t = self.resized(size)
            if t is not None and (t.vcpu < self.vcpu or t.memory_gib < self.memory_gib):
                out.append(t)
        return out


def parse_type(name: str) -> InstanceType | None:
    """``m6i.xlarge`` → its shape; None for a name this table does not know."""
    if "." not in name:
        return None
    family, size = name.split(".", 1)
    if size not in _VCPU or not family[:1].isalpha():
        return None
    if family.startswith("t"):
        if size not in _T_MEMORY or SIZES.index(size) > SIZES.index("2xlarge"):
            return None
        return InstanceType(name, family, size, _VCPU[size], _T_MEMORY[size])
    per = _GIB_PER_VCPU.get(family[0])
    if per is None or SIZES.index(size) < SIZES.index("large"):
        return None
    return InstanceType(name, family, size, _VCPU[size], _VCPU[size] * per)
