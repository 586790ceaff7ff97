// What every calculator shares, the twin of generator/calculators/common.py: reading
// inputs the way a person types them (same Chinese messages), choosing the version of the
// parameters in force on a date, and running a rule.
import { daysInMonth } from "./dates.js";
import * as money from "./money.js";

export const MAX_AMOUNT = 10000000; // anything larger is a typo (an extra 0)
export const MAX_AGE = 120;
export const MAX_YEARS = 100; // continuous years insured
export const MAX_MONTHS = 600; // months owed: fifty years
export const FIRST_YEAR = 1950;
export const LAST_YEAR = 2100;
export const DATE_FIELD = "date";
export const DATE_LABEL = "按哪一天的规定计算";

// ASCII digits only, as in Python ([0-9]; without the u flag \d is ASCII in JavaScript).
const NUMBER = /^-?([0-9]+(\.[0-9]*)?|\.[0-9]+)$/;
// the unit a person may type after the number: 8000元, 8000元/月, 40岁, 12个月 (common.py _UNIT)
const UNIT = /(?:(?:元|块钱?)(?:\/?每?[月年])?|周?岁|个?月)$/;
const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const DIGIT = /\p{Nd}/u;

// The value of a Unicode decimal digit: digits come in runs of ten, 0 to 9, and runs that
// touch start where the first one does (Python's unicodedata.decimal says the same).
function digitValue(ch) {
  const cp = ch.codePointAt(0);
  let start = cp;
  while (start > 0 && DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
  return (cp - start) % 10;
}
const TRUE = ["true", "1", "on", "yes", "是"];
const FALSE = ["false", "0", "off", "no", "否", ""];

// `unknown`: nothing is wrong with what was typed; the guide does not know the answer
// (a retiree's account after the 2021 reform): the page says so as information, not as a mistake.
export class InputError extends Error {
  constructor(field, message, unknown = false) {
    super(message);
    this.field = field;
    this.message = message;
    this.unknown = unknown;
  }
}

const blank = (v) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");

function normalise(text) {
  return text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/．/g, ".")
    .replace(/－/g, "-")
    .replace(/[\s,\uff0c\u3000]/g, "")
    .replace(UNIT, "");
}

export function number(inputs, name, label, { minimum = 0, maximum = MAX_AMOUNT, integer = false, optional = false } = {}) {
  let value = inputs[name];
  if (blank(value)) {
    if (optional) return null;
    throw new InputError(name, `请填写${label}。`);
  }
  if (typeof value === "boolean") throw new InputError(name, `${label}只能填数字，例如 8000。`);
  if (typeof value === "string") {
    const text = normalise(value);
    if (!NUMBER.test(text)) {
      const chars = Array.from(text);
      const other = chars.find((ch) => DIGIT.test(ch) && !(ch >= "0" && ch <= "9"));
      if (other) {
        const asciiText = chars.map((ch) => (DIGIT.test(ch) ? String(digitValue(ch)) : ch)).join("");
        throw new InputError(name, `${label}里的“${other}”不是 0 到 9 的数字。请写成 ${asciiText}。`);
      }
      throw new InputError(name, `${label}只能填数字，例如 8000。`);
    }
    value = Number(text);
  }
  if (typeof value !== "number" || !Number.isFinite(value)) throw new InputError(name, `${label}不是有效的数字。`);
  if (value < 0) throw new InputError(name, `${label}不能是负数。`);
  if (value > maximum) {
    if (maximum === MAX_AMOUNT) {
      throw new InputError(name, `${label}太大了，不能超过 ${money.number(maximum)}。请检查是否多输了 0。`);
    }
    throw new InputError(name, `${label}不能超过 ${money.number(maximum)}。`);
  }
  if (integer && value !== Math.floor(value)) throw new InputError(name, `${label}请填整数。`);
  if (value < minimum) throw new InputError(name, `${label}至少是 ${money.number(minimum)}。`);
  return value;
}

export function choice(inputs, name, label, options, { allowEmpty = false } = {}) {
  const value = inputs[name];
  if (blank(value)) {
    if (allowEmpty) return "";
    throw new InputError(name, `请选择${label}。`);
  }
  if (typeof value !== "string" || !Object.prototype.hasOwnProperty.call(options, value)) {
    throw new InputError(name, `${label}“${value}”不在可选范围内，请从列表中选择。`);
  }
  return value;
}

export function flag(inputs, name, label) {
  const value = inputs[name];
  if (value === undefined || value === null || typeof value === "boolean") return Boolean(value);
  if (typeof value === "string") {
    const text = value.trim().toLowerCase();
    if (TRUE.includes(text)) return true;
    if (FALSE.includes(text)) return false;
  }
  throw new InputError(name, `${label}请选择“是”或“否”。`);
}

export function day(inputs, name, label, { optional = false } = {}) {
  const value = inputs[name];
  if (blank(value)) {
    if (optional) return null;
    throw new InputError(name, `请填写${label}。`);
  }
  const match = typeof value === "string" ? ISO_DATE.exec(value.trim()) : null;
  if (!match) throw new InputError(name, `${label}请按 2026-09-01 的格式填写。`);
  const [y, m, d] = match.slice(1).map(Number);
  if (y < FIRST_YEAR || y > LAST_YEAR) {
    throw new InputError(name, `${label}的年份要在 ${FIRST_YEAR} 到 ${LAST_YEAR} 之间。`);
  }
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) throw new InputError(name, `${label}“${value.trim()}”这一天不存在。`);
  return value.trim();
}

export function sortedVersions(versions) {
  return [...versions].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

export function chooseVersion(versions, on) {
  const ordered = sortedVersions(versions);
  if (on === null || on === undefined) return ordered[ordered.length - 1];
  const inForce = ordered.filter((v) => v.from <= on);
  if (!inForce.length) {
    throw new InputError(DATE_FIELD, `${money.date(on)}时还没有这项规定的参数：本市最早的参数从 ` +
      `${money.date(ordered[0].from)}起施行。请选择更晚的日期。`);
  }
  return inForce[inForce.length - 1];
}

export function run(rule, versions, inputs) {
  const on = day(inputs, DATE_FIELD, DATE_LABEL, { optional: true });
  const version = chooseVersion(versions, on);
  const done = rule.compute(version, inputs);
  return { outputs: done.outputs, steps: [`按 ${money.date(version.from)}起施行的参数计算。`, ...done.steps], version };
}

export function printed(value, type) {
  if (value === null || value === undefined) return "来源未给出";
  if (type === "money") return money.yuan(value);
  if (type === "date") return value ? money.date(value) : "—";
  return String(value);
}
