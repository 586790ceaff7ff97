// 个人账户划入 — the twin of generator/calculators/account_credit.py (see its docstring).
import { MAX_AGE, InputError, choice, number } from "./common.js";
import { percent, roundFen, yuan } from "./money.js";

export const KIND = "account_credit";
export const LABELS = {
  status: "身份", age: "年龄（周岁）", wage: "本人月工资", pension: "本人月养老金",
  average_pension: "上年度月平均养老金",
};
const given = (v) => v !== undefined && v !== null;

export function bandNames(bands) {
  const names = [];
  let previous = null;
  for (const band of bands) {
    const top = given(band.max_age) ? band.max_age : null;
    if (top === null) names.push(previous === null ? "所有年龄" : `${previous} 周岁以上`);
    else if (previous === null) names.push(`${top} 周岁及以下`);
    else names.push(`${previous} 周岁以上、${top} 周岁及以下`);
    previous = top;
  }
  return names;
}

function statuses(p) {
  const out = { employee: "在职职工" };
  if (given(p.retiree_rate) || p.retiree_fixed) out.retiree = "退休人员";
  return out;
}

// After the 2021 reform a retiree's account gets a fixed amount the guide does not know.
export const RETIREE_FIXED = "按这一天适用的规定，退休人员的个人账户由统筹基金按定额划入，本市每月划入多少本指南暂无资料；请打 12393 问参保地的医保部门。";

export function compute(p, inputs) {
  const status = choice(inputs, "status", LABELS.status, statuses(p));
  if (status === "employee") {
    const age = number(inputs, "age", LABELS.age, { maximum: MAX_AGE, integer: true });
    const wage = number(inputs, "wage", LABELS.wage);
    const names = bandNames(p.bands);
    const index = p.bands.findIndex((b) => !given(b.max_age) || b.max_age >= age);
    if (index < 0) throw new InputError("age", `本市参数没有给出 ${age} 周岁的划入比例。`);
    const rate = p.bands[index].rate;
    const credit = roundFen(wage * rate);
    return {
      outputs: { credit },
      steps: [`${age} 周岁，属于“${names[index]}”，划入比例 ${percent(rate)}。`,
        `月工资 ${yuan(wage)} × ${percent(rate)} = ${yuan(credit)}。`],
    };
  }
  if (!given(p.retiree_rate)) throw new InputError("status", RETIREE_FIXED, true);
  const pension = number(inputs, "pension", LABELS.pension);
  const rate = p.retiree_rate;
  let credit = roundFen(pension * rate);
  const steps = [`养老金 ${yuan(pension)} × ${percent(rate)} = ${yuan(credit)}。`];
  const floorRate = p.retiree_floor_rate;
  if (given(floorRate)) {
    const average = number(inputs, "average_pension", LABELS.average_pension, { minimum: 1, optional: true });
    if (average === null) {
      steps.push("没有填上年度月平均养老金，未核对保底金额。");
    } else {
      const floor = roundFen(average * floorRate);
      steps.push(`保底：平均养老金 ${yuan(average)} × ${percent(floorRate)} = ${yuan(floor)}。`);
      if (credit < floor) {
        steps.push(`${yuan(credit)} 低于保底，按 ${yuan(floor)} 划入。`);
        credit = floor;
      } else {
        steps.push(`${yuan(credit)} 不低于保底，按 ${yuan(credit)} 划入。`);
      }
    }
  }
  return { outputs: { credit }, steps };
}
