// 城乡居民医保保费 — the twin of generator/calculators/resident_premium.py (see its docstring).
import { choice } from "./common.js";
import { roundFen, yuan } from "./money.js";

export const KIND = "resident_premium";
export const LABELS = { tier: "缴费档次", exempt: "减免人群" };

export function compute(p, inputs) {
  const tiers = Object.fromEntries(p.tiers.map((t) => [t.id, t]));
  const exempts = Object.fromEntries((p.exempt || []).map((e) => [e.id, e]));
  const tierId = choice(inputs, "tier", LABELS.tier, tiers);
  const exemptId = choice(inputs, "exempt", LABELS.exempt, exempts, { allowEmpty: true });
  const tier = tiers[tierId];
  const standard = tier.personal;
  const steps = [`${tier.name}个人缴费标准 ${yuan(standard)}/年。`];
  let covered = 0;
  if (exemptId) {
    const group = exempts[exemptId];
    const appliesTo = group.tiers || [];
    if (!appliesTo.length || appliesTo.includes(tierId)) {
      covered = standard;
      steps.push(`${group.name}的个人缴费由政府全额补助：${yuan(standard)} 由政府代缴，本人缴 0 元。`);
    } else {
      const names = appliesTo.filter((t) => t in tiers).map((t) => tiers[t].name).join("、");
      steps.push(`${group.name}的减免只适用于${names}，所以${tier.name}仍按标准缴费。`);
    }
  }
  const personal = roundFen(standard - covered);
  if (p.government_subsidy === undefined || p.government_subsidy === null) {
    steps.push("来源没有给出政府补助金额，所以算不出政府补助和合计。");
    return { outputs: { personal, government: null, total: null }, steps };
  }
  const subsidy = p.government_subsidy;
  const government = roundFen(subsidy + covered);
  steps.push(covered
    ? `政府补助：${yuan(subsidy)} + 代缴个人部分 ${yuan(covered)} = ${yuan(government)}/年。`
    : `政府补助 ${yuan(subsidy)}/年。`);
  const total = roundFen(personal + government);
  steps.push(`合计：个人 ${yuan(personal)} + 政府 ${yuan(government)} = ${yuan(total)}/年。`);
  return { outputs: { personal, government, total }, steps };
}
