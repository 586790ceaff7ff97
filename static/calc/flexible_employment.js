// 灵活就业人员缴费 — the twin of generator/calculators/flexible_employment.py (see its docstring).
import { number } from "./common.js";
import { percent, roundFen, yuan } from "./money.js";

export const KIND = "flexible_employment";
export const LABELS = { base: "本人养老保险缴费基数", average_wage: "上年度社会平均工资（月）" };

const ASSUMED = "没有填社会平均工资，就按您的基数算，也就是假定基数不低于社会平均工资。" +
  "基数较低时，请填上这个数再算：当地人社局或统计局每年公布上年度社会平均工资。";

export function compute(p, inputs) {
  const base = number(inputs, "base", LABELS.base);
  const steps = [];
  let basis = roundFen(base);
  if (p.base_not_below_average_wage) {
    const average = number(inputs, "average_wage", LABELS.average_wage, { minimum: 1, optional: true });
    if (average === null) {
      steps.push(ASSUMED);
    } else if (base < average) {
      basis = roundFen(average);
      steps.push(`基数 ${yuan(base)} 低于社平工资 ${yuan(average)}，按社平工资计。`);
    } else {
      steps.push(`基数 ${yuan(base)} 不低于社平工资 ${yuan(average)}，按本人基数计。`);
    }
  }
  let monthly = roundFen(basis * p.rate);
  steps.push(`${yuan(basis)} × ${percent(p.rate)} = ${yuan(monthly)}/月。`);
  const minimum = p.minimum_monthly;
  if (minimum !== undefined && minimum !== null && monthly < minimum) {
    steps.push(`低于每月最低缴费 ${yuan(minimum)}，按 ${yuan(minimum)} 缴。`);
    monthly = roundFen(minimum);
  }
  return { outputs: { monthly }, steps };
}
