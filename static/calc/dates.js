// Calendar arithmetic on "YYYY-MM-DD" strings, the twin of generator/calculators/dates.py.
// Strings, not Date objects: a Date carries a time zone and a reader in UTC+8 must not see
// cover start a day early. Month periods follow the Civil Code (art. 201–202).

const pad = (n, width = 2) => String(n).padStart(width, "0");
export const iso = (y, m, d) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
export const parts = (text) => text.split("-").map(Number);

export function isLeap(y) {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

// Days of each month in a common year (like Python's calendar.mdays).
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y, m) {
  return m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1];
}

export function addMonths(day, months) {
  const [y, m, d] = parts(day);
  const index = y * 12 + m - 1 + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return iso(year, month, Math.min(d, daysInMonth(year, month)));
}

export function firstOfMonth(day, monthsAfter) {
  const [y, m] = parts(day);
  return addMonths(iso(y, m, 1), monthsAfter);
}

export function anniversary(year, monthDay) {
  const m = Number(monthDay.slice(0, 2));
  const d = Number(monthDay.slice(3));
  return iso(year, m, Math.min(d, daysInMonth(year, m)));
}

export function previousDay(day) {
  const [y, m, d] = parts(day);
  if (d > 1) return iso(y, m, d - 1);
  if (m > 1) return iso(y, m - 1, daysInMonth(y, m - 1));
  return iso(y - 1, 12, 31);
}

export function nextDay(day) {
  const [y, m, d] = parts(day);
  if (d < daysInMonth(y, m)) return iso(y, m, d + 1);
  return m < 12 ? iso(y, m + 1, 1) : iso(y + 1, 1, 1);
}

export function benefitYear(day, start) {
  const [y] = parts(day);
  let begin = anniversary(y, start);
  if (begin > day) begin = anniversary(y - 1, start);
  const [by] = parts(begin);
  return [begin, previousDay(anniversary(by + 1, start))];
}

export function inWindow(day, start, end) {
  const md = day.slice(5);
  return start <= end ? start <= md && md <= end : md >= start || md <= end;
}

export function dayBefore(monthDay) {
  const m = Number(monthDay.slice(0, 2));
  const d = Number(monthDay.slice(3));
  if (d > 1) return `${pad(m)}-${pad(d - 1)}`;
  const month = m - 1 || 12;
  return `${pad(month)}-${pad(MONTH_DAYS[month - 1])}`;
}
