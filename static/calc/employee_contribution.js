// 职工医保缴费 — the twin of generator/calculators/employee_contribution.py (see its docstring).
import { number } from "./common.js";
import { percent, roundFen, yuan } from "./money.js";

export const KIND = "employee_contribution";
export const LABELS = { wage: "本人月工资", average_wage: "上年度职工月平均工资" };

const given = (v) => v !== undefined && v !== null;

const ASSUMED = "没有填上年度职工月平均工资，就按您的工资直接作缴费基数算，也就是假定工资在缴费基数的下限和上限之间。" +
  "工资很低或很高时，请填上这个数再算：当地人社局或统计局每年公布“上年度职工月平均工资”。";

// The answer from the wage alone when the floor and ceiling need an average wage nobody gave.
function fromWageAlone(p, wage) {
  let base = roundFen(wage);
  const steps = [ASSUMED];
  if (given(p.base_floor) && base < p.base_floor) {
    base = p.base_floor;
    steps.push(`工资低于最低缴费基数 ${yuan(base)}，按 ${yuan(base)} 作缴费基数。`);
  } else {
    steps.push(`缴费基数按工资 ${yuan(base)} 计。`);
  }
  return contributions(p, base, base, steps);
}

// Both shares and their sum from the bases, with the steps that show the sums.
function contributions(p, base, employerBase, steps) {
  const employer = roundFen(employerBase * p.employer_rate);
  const employee = roundFen(base * p.employee_rate);
  const total = roundFen(employer + employee);
  steps.push(`单位缴费：${yuan(employerBase)} × ${percent(p.employer_rate)} = ${yuan(employer)}。`);
  steps.push(`个人缴费：${yuan(base)} × ${percent(p.employee_rate)} = ${yuan(employee)}。`);
  steps.push(`合计：${yuan(employer)} + ${yuan(employee)} = ${yuan(total)}/月。`);
  return { outputs: { base, employer, employee, total }, steps };
}

export function compute(p, inputs) {
  const wage = number(inputs, "wage", LABELS.wage);
  const steps = [];
  let average = null;
  if (given(p.base_floor_ratio) || given(p.base_ceiling_ratio)) {
    average = number(inputs, "average_wage", LABELS.average_wage, { minimum: 1, optional: true });
    if (average === null && given(p.average_wage)) {
      average = p.average_wage;
      steps.push(`上年度职工月平均工资按本市公布的 ${yuan(average)} 计。`);
    }
    if (average === null) return fromWageAlone(p, wage);
  }
  const floors = [];
  if (given(p.base_floor)) {
    floors.push(p.base_floor);
    steps.push(`最低缴费基数 ${yuan(p.base_floor)}。`);
  }
  if (given(p.base_floor_ratio)) {
    floors.push(roundFen(average * p.base_floor_ratio));
    steps.push(`缴费基数下限：${yuan(average)} × ${percent(p.base_floor_ratio)} = ${yuan(floors[floors.length - 1])}。`);
  }
  const floor = floors.length ? Math.max(...floors) : null;
  if (floors.length > 1) steps.push(`两个下限取较高的 ${yuan(floor)}。`);
  let ceiling = null;
  if (given(p.base_ceiling_ratio)) {
    ceiling = roundFen(average * p.base_ceiling_ratio);
    steps.push(`缴费基数上限：${yuan(average)} × ${percent(p.base_ceiling_ratio)} = ${yuan(ceiling)}。`);
  }
  let base;
  if (floor !== null && wage < floor) {
    base = floor;
    steps.push(`工资 ${yuan(wage)} 低于下限，按下限 ${yuan(base)} 作缴费基数。`);
  } else if (ceiling !== null && wage > ceiling) {
    base = ceiling;
    steps.push(`工资 ${yuan(wage)} 高于上限，按上限 ${yuan(base)} 作缴费基数。`);
  } else {
    base = roundFen(wage);
    steps.push(`缴费基数就是工资 ${yuan(base)}。`);
  }
  let employerBase = base;
  if (p.ceiling_employee_only && ceiling !== null && wage > ceiling) {
    employerBase = roundFen(wage);
    steps.push(`上限只用于个人缴费，单位缴费仍按工资 ${yuan(employerBase)} 计。`);
  }
  return contributions(p, base, employerBase, steps);
}
