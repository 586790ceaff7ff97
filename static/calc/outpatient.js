// 普通门诊报销 — the twin of generator/calculators/outpatient.py (see its docstring).
import { choice, number } from "./common.js";
import { percent, roundFen, yuan } from "./money.js";

export const KIND = "outpatient";
export const LABELS = { bill: "今年累计普通门诊医疗费（政策范围内）", group: "人群" };

export function compute(p, inputs) {
  const bill = number(inputs, "bill", LABELS.bill);
  const groups = Object.fromEntries(p.groups.map((g) => [g.id, g]));
  const group = groups[choice(inputs, "group", LABELS.group, groups)];
  const deductible = group.deductible;
  const steps = [`${group.name}：每年起付标准 ${yuan(deductible)}，基金支付 ${percent(p.rate)}。`];
  const over = roundFen(Math.max(0, bill - deductible));
  let fund;
  if (over === 0) {
    fund = 0;
    steps.push(`医疗费 ${yuan(bill)} 没有超过起付标准，基金不支付。`);
  } else {
    fund = roundFen(over * p.rate);
    steps.push(`${yuan(bill)} − ${yuan(deductible)} = ${yuan(over)}；${yuan(over)} × ${percent(p.rate)} = ${yuan(fund)}。`);
    if (fund > p.annual_cap) {
      fund = roundFen(p.annual_cap);
      steps.push(`超过每年支付限额，基金最多支付 ${yuan(fund)}。`);
    }
  }
  const personal = roundFen(bill - fund);
  steps.push(`个人负担：${yuan(bill)} − ${yuan(fund)} = ${yuan(personal)}。`);
  return { outputs: { fund, personal }, steps };
}
