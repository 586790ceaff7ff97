// 待遇生效日期 — the twin of generator/calculators/cover_start.py; its docstring says what
// each kind of case means. Dates stay "YYYY-MM-DD" strings (see dates.js).
import { InputError, choice, day } from "./common.js";
import * as dates from "./dates.js";
import { date as printDate, monthDay } from "./money.js";

export const KIND = "cover_start";
export const LABELS = { case: "参保情形", payment_date: "缴费日期", event_date: "事件日期" };
const STARTS = { enrolment: "办完参保手续当天", acceptance: "窗口受理当天" };
const given = (v) => v !== undefined && v !== null;

export const eventLabel = (c) => (c.event ? `${c.event}日期` : LABELS.event_date);

export function monthList(months) {
  const ordered = [...new Set(months)].sort((a, b) => a - b);
  if (ordered.length >= 3 && ordered[ordered.length - 1] - ordered[0] === ordered.length - 1) {
    return `${ordered[0]} 至 ${ordered[ordered.length - 1]} 月`;
  }
  return ordered.join("、") + " 月";
}

export function benefitYearText(start) {
  const last = dates.dayBefore(start);
  const tail = last < start ? "次年" : "";
  return `待遇年度从每年 ${monthDay(start)} 起，到${tail} ${monthDay(last)} 止。`;
}

function checkEvent(c, paid, inputs, steps) {
  const months = given(c.within_months_of_event) ? c.within_months_of_event : null;
  if (c.starts !== "birth" && months === null) return null;
  const label = eventLabel(c);
  const event = day(inputs, "event_date", label);
  if (event > paid) throw new InputError("event_date", `${label}不能晚于缴费日期。`);
  if (months !== null) {
    const deadline = dates.addMonths(event, months);
    if (paid > deadline) {
      throw new InputError("payment_date", `这种情形要在${c.event || "事件"}后 ${months} 个月内` +
        `（最晚 ${printDate(deadline)}）缴费；${printDate(paid)} 已超过期限，不适用这种情形。`);
    }
    steps.push(`${label} ${printDate(event)}，${months} 个月内最晚 ${printDate(deadline)}；` +
      `${printDate(paid)} 缴费在期限内。`);
  }
  return event;
}

export function compute(p, inputs) {
  const cases = Object.fromEntries(p.cases.map((c) => [c.id, c]));
  const c = cases[choice(inputs, "case", LABELS.case, cases)];
  const paid = day(inputs, "payment_date", LABELS.payment_date);
  const yearStart = p.benefit_year_start;
  const steps = [`情形：${c.name}。`, benefitYearText(yearStart)];
  const w = c.window;
  if (w) {
    if (!dates.inWindow(paid, w.start, w.end)) {
      throw new InputError("payment_date", `这种情形要在每年 ${monthDay(w.start)} 至 ` +
        `${monthDay(w.end)} 缴费；${printDate(paid)} 不在这个期间，不适用这种情形。`);
    }
    steps.push(`${printDate(paid)} 在 ${monthDay(w.start)} 至 ${monthDay(w.end)} 的缴费期内。`);
  }
  const month = Number(paid.slice(5, 7));
  if (c.payment_months && c.payment_months.length && !c.payment_months.includes(month)) {
    throw new InputError("payment_date", `这种情形只适用于 ${monthList(c.payment_months)}缴费；` +
      `${printDate(paid)} 是 ${month} 月，不适用这种情形。`);
  }
  const event = checkEvent(c, paid, inputs, steps);
  if (c.starts === "next-benefit-year" && !w) {
    steps.push(`本市资料没有写这个缴费期的起止日期，计算器无法判断 ${printDate(paid)} 是否在期内。` +
      "下面的结果只在期内缴费时成立，请先向经办机构确认。");
  }
  let starts;
  if (c.starts === "next-benefit-year") {
    starts = dates.nextDay(dates.benefitYear(paid, yearStart)[1]);
    steps.push(`待遇从下一个待遇年度的第一天开始：${printDate(starts)}。`);
  } else if (c.starts === "birth") {
    starts = event;
    steps.push(`待遇从出生当天开始：${printDate(starts)}。`);
  } else if (c.starts === "payment-next-month") {
    starts = dates.firstOfMonth(paid, 1);
    steps.push(`待遇从缴费次月 1 日开始：${printDate(starts)}。`);
  } else if (c.starts === "payment-wait") {
    const wait = given(c.wait_months) ? c.wait_months : 0;
    starts = dates.firstOfMonth(paid, wait + 1);
    steps.push(`${month} 月缴费，要等满 ${wait} 个月，待遇从 ${printDate(starts)} 开始。`);
  } else {
    starts = paid;
    steps.push(`${STARTS[c.starts]}开始享受待遇：${printDate(starts)}。`);
  }
  let ends = "";
  if (c.ends === "benefit-year-end") {
    ends = dates.benefitYear(paid, yearStart)[1];
    steps.push(`待遇到这个待遇年度的最后一天 ${printDate(ends)} 为止。`);
  }
  if (starts > paid) steps.push(`在 ${printDate(starts)} 之前，医保卡上还看不到这次缴费的待遇，这是正常的。`);
  return { outputs: { starts, ends }, steps };
}
