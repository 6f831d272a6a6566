"""Targets and KPIs (`govcost kpi`): before/after migration, cloud fees year on year, cost per
resident, the fiscal year with budget and forecast, and cost anomalies. See docs/kpi.md."""

from govcost.allocate.kpi.anomalies import Anomaly, AnomalyRule
from govcost.allocate.kpi.run import KpiResult, TargetCheck, kpi

__all__ = ["Anomaly", "AnomalyRule", "KpiResult", "TargetCheck", "kpi"]
