// 住院报销 — the twin of generator/calculators/inpatient.py; its docstring says how the
// 石家庄 source is read (bonus from the 2nd continuous year, transfer −5 points, yearly cap).
import { MAX_YEARS, choice, flag, number } from "./common.js";
import { percent, points, roundFen, roundRatio, yuan } from "./money.js";

export const KIND = "inpatient";
export const LABELS = {
  bill: "住院医疗费（政策范围内）", level: "医院级别", years: "连续参保缴费年数（含今年）",
  transferred: "经批准转往外地医院", paid_this_year: "今年基金已经支付的金额",
};
const given = (v) => v !== undefined && v !== null;

export function compute(p, inputs) {
  const bill = number(inputs, "bill", LABELS.bill);
  const levels = Object.fromEntries(p.levels.map((lv) => [lv.id, lv]));
  const level = levels[choice(inputs, "level", LABELS.level, levels)];
  const years = given(p.continuous_bonus_per_year)
    ? number(inputs, "years", LABELS.years, { minimum: 1, maximum: MAX_YEARS, integer: true }) : null;
  const transferred = given(p.transfer_out_penalty) ? flag(inputs, "transferred", LABELS.transferred) : false;
  const paid = number(inputs, "paid_this_year", LABELS.paid_this_year, { optional: true }) || 0;

  const steps = [`${level.name}：起付标准 ${yuan(level.deductible)}，基金支付 ${percent(level.rate)}。`];
  let rate = level.rate;
  const terms = [percent(level.rate)];
  if (years !== null) {
    const start = given(p.continuous_bonus_from_year) ? p.continuous_bonus_from_year : 1;
    const counted = Math.max(0, years - start + 1);
    let bonus = roundRatio(counted * p.continuous_bonus_per_year);
    const top = p.continuous_bonus_max;
    if (given(top) && bonus > top) {
      bonus = top;
      steps.push(`连续参保 ${years} 年，加 ${percent(bonus)}（已到上限 ${percent(top)}）。`);
    } else if (counted) {
      steps.push(`连续参保 ${years} 年：从第 ${start} 年起每年加 ` +
        `${percent(p.continuous_bonus_per_year)}，共加 ${percent(bonus)}。`);
    } else {
      steps.push(`连续参保 ${years} 年，还没有增加比例（从第 ${start} 年起增加）。`);
    }
    if (bonus) {
      rate += bonus;
      terms.push("+ " + percent(bonus));
    }
  }
  if (transferred) {
    rate -= p.transfer_out_penalty;
    terms.push("− " + percent(p.transfer_out_penalty));
    steps.push(`转往外地就医，个人负担提高 ${points(p.transfer_out_penalty)}。`);
  }
  rate = Math.min(1, Math.max(0, roundRatio(rate)));
  if (terms.length > 1) steps.push(`支付比例：${terms.join(" ")} = ${percent(rate)}。`);
  const over = roundFen(Math.max(0, bill - level.deductible));
  let fund;
  if (over === 0) {
    fund = 0;
    steps.push(`医疗费 ${yuan(bill)} 没有超过起付标准 ${yuan(level.deductible)}，基金不支付。`);
  } else {
    fund = roundFen(over * rate);
    steps.push(`超过起付标准的部分：${yuan(bill)} − ${yuan(level.deductible)} = ${yuan(over)}。`);
    steps.push(`基金支付：${yuan(over)} × ${percent(rate)} = ${yuan(fund)}。`);
  }
  const cap = p.annual_cap;
  const left = roundFen(Math.max(0, cap - paid));
  if (paid) steps.push(`年度限额 ${yuan(cap)}，今年已支付 ${yuan(paid)}，还剩 ${yuan(left)}。`);
  if (fund > left) {
    fund = left;
    steps.push(`超过年度支付限额，基金最多再付 ${yuan(left)}。`);
  }
  const personal = roundFen(bill - fund);
  steps.push(`个人负担：${yuan(bill)} − ${yuan(fund)} = ${yuan(personal)}。`);
  return { outputs: { fund, personal }, steps };
}
