"""城乡居民医保保费: what a resident pays a year, and what the government adds.

Exempt groups (低保, 重度残疾 …) have their personal part paid by the government, but
only for the tiers the city file lists for that group (all tiers when none are listed).
When the source gives no government subsidy, government and total stay unknown (None):
a zero there would read as "the government pays nothing".
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from generator.calculators.common import Computed, Field, Output, choice
from generator.core.money import round_fen, yuan

KIND = "resident_premium"
TITLE = "居民医保保费计算器"
INTRO = "按缴费档次和减免人群，算一年个人交多少、政府补多少。"
LABELS = {"tier": "缴费档次", "exempt": "减免人群"}
OUTPUTS = (Output("personal", "个人缴费（元/年）", "money"),
           Output("government", "政府补助（元/年）", "money"),
           Output("total", "合计（元/年）", "money"))


def compute(p: Mapping[str, Any], inputs: Mapping[str, Any]) -> Computed:
    tiers = {t["id"]: t for t in p["tiers"]}
    exempts = {e["id"]: e for e in p.get("exempt", ())}
    tier_id = choice(inputs, "tier", LABELS["tier"], {k: t["name"] for k, t in tiers.items()})
    exempt_id = choice(inputs, "exempt", LABELS["exempt"], {k: e["name"] for k, e in exempts.items()},
                       allow_empty=True)
    tier = tiers[tier_id]
    standard = tier["personal"]
    steps = [f"{tier['name']}个人缴费标准 {yuan(standard)}/年。"]
    covered = 0.0
    if exempt_id:
        group = exempts[exempt_id]
        applies_to = group.get("tiers") or []
        if not applies_to or tier_id in applies_to:
            covered = standard
            steps.append(f"{group['name']}的个人缴费由政府全额补助：{yuan(standard)} 由政府代缴，本人缴 0 元。")
        else:
            names = "、".join(tiers[t]["name"] for t in applies_to if t in tiers)
            steps.append(f"{group['name']}的减免只适用于{names}，所以{tier['name']}仍按标准缴费。")
    personal = round_fen(standard - covered)
    if p.get("government_subsidy") is None:
        steps.append("来源没有给出政府补助金额，所以算不出政府补助和合计。")
        return Computed({"personal": personal, "government": None, "total": None}, tuple(steps))
    subsidy = p["government_subsidy"]
    government = round_fen(subsidy + covered)
    if covered:
        steps.append(f"政府补助：{yuan(subsidy)} + 代缴个人部分 {yuan(covered)} = {yuan(government)}/年。")
    else:
        steps.append(f"政府补助 {yuan(subsidy)}/年。")
    total = round_fen(personal + government)
    steps.append(f"合计：个人 {yuan(personal)} + 政府 {yuan(government)} = {yuan(total)}/年。")
    return Computed({"personal": personal, "government": government, "total": total}, tuple(steps))


def formula(p: Mapping[str, Any]) -> tuple[str, ...]:
    lines = [f"{t['name']}：个人每年缴 {yuan(t['personal'])}。" for t in p["tiers"]]
    if p.get("government_subsidy") is not None:
        lines.append(f"政府每人每年补助 {yuan(p['government_subsidy'])}。")
    else:
        lines.append("来源没有给出政府补助金额。")
    tier_names = {t["id"]: t["name"] for t in p["tiers"]}
    for e in p.get("exempt", ()):
        scope = "、".join(tier_names.get(t, t) for t in e.get("tiers") or ())
        lines.append(f"{e['name']}{'（' + scope + '）' if scope else ''}：个人缴费部分由政府全额补助。")
    return tuple(lines)


def fields(p: Mapping[str, Any]) -> tuple[Field, ...]:
    out = [Field("tier", LABELS["tier"], "select", tuple((t["id"], t["name"]) for t in p["tiers"]),
                 default=p["tiers"][0]["id"])]
    if p.get("exempt"):
        out.append(Field("exempt", LABELS["exempt"], "select",
                         (("", "不属于减免人群"),) + tuple((e["id"], e["name"]) for e in p["exempt"]),
                         optional=True))
    return tuple(out)


def samples(p: Mapping[str, Any], today: dt.date) -> tuple[dict[str, Any], ...]:
    out: list[dict[str, Any]] = [{"tier": t["id"], "exempt": ""} for t in p["tiers"]]
    if p.get("exempt"):
        e = p["exempt"][0]
        out.append({"tier": (e.get("tiers") or [p["tiers"][0]["id"]])[0], "exempt": e["id"]})
    return tuple(out)
