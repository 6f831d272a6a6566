"""Which resources are a DR standby: shared by the rules that must leave them to ``dr-configuration``
(``rightsizing``, ``idle``) and by ``dr-configuration`` itself.

A resource is a standby when any of these holds:

- it runs in Osaka (``ap-northeast-3``) while its system also runs in Tokyo (``ap-northeast-1``);
- its ``Role`` tag (``Role``, ``role``, ``user:Role``) says ``standby`` or ``dr``;
- its name contains ``-dr-`` (``juki-dr-ap01``).
"""

from __future__ import annotations

import weakref

from govcost.optimize.context import Context, Resource

TOKYO = "ap-northeast-1"
OSAKA = "ap-northeast-3"
STANDBY_ROLES = frozenset({"standby", "dr"})

#: Per context: the systems that have a resource in Tokyo (computed once per run).
_TOKYO_SYSTEMS: weakref.WeakKeyDictionary[Context, frozenset[str]] = weakref.WeakKeyDictionary()


def tokyo_systems(ctx: Context) -> frozenset[str]:
    """The ``system_id`` of every system with a resource billed in Tokyo in the month."""
    found = _TOKYO_SYSTEMS.get(ctx)
    if found is None:
        found = frozenset(r.system_id for r in ctx.resources.values() if r.region_id == TOKYO and r.system_id)
        _TOKYO_SYSTEMS[ctx] = found
    return found


def is_standby(ctx: Context, res: Resource) -> bool:
    """Whether ``res`` is a disaster-recovery standby (see the module's docstring)."""
    role = (res.role or "").strip().lower()
    if role in STANDBY_ROLES:
        return True
    if "-dr-" in (res.name or "").lower():
        return True
    return res.region_id == OSAKA and res.system_id is not None and res.system_id in tokyo_systems(ctx)
