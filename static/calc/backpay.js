// 职工医保补缴 — the twin of generator/calculators/backpay.py (see its docstring).
import { MAX_MONTHS, number } from "./common.js";
import { percent, roundFen, yuan } from "./money.js";

export const KIND = "backpay";
export const LABELS = { months: "欠缴月数", average_wage: "欠费当期社会平均工资（月）" };

export function compute(p, inputs) {
  const months = number(inputs, "months", LABELS.months, { minimum: 1, maximum: MAX_MONTHS, integer: true });
  const average = number(inputs, "average_wage", LABELS.average_wage, { minimum: 1 });
  const base = roundFen(average * p.base_ratio);
  const perMonth = roundFen(base * p.rate);
  const total = roundFen(perMonth * months);
  const steps = [
    `补缴基数：社平工资 ${yuan(average)} × ${percent(p.base_ratio)} = ${yuan(base)}。`,
    `每月补缴：${yuan(base)} × ${percent(p.rate)} = ${yuan(perMonth)}。`,
    `合计：${yuan(perMonth)} × ${months} 个月 = ${yuan(total)}。`,
  ];
  if (p.late_fee === false) steps.push("不收滞纳金。");
  else if (p.late_fee === true) steps.push("另外要交滞纳金，这里没有计算。");
  return { outputs: { per_month: perMonth, total }, steps };
}
