// How calculators round and print money, rates and dates — the JavaScript twin of
// generator/calculators/money.py. Half-up to the fen; the scaled value is first read back
// at 12 significant digits, because 930 × 0.065 is stored as 60.449999999999996.

const SIGNIFICANT = 12;

export function scaled(value, decimals) {
  const raw = value * 10 ** decimals;
  const clean = Number(raw.toPrecision(SIGNIFICANT));
  const whole = Math.floor(Math.abs(clean) + 0.5);
  return clean < 0 ? -whole : whole;
}

export const roundFen = (value) => scaled(value, 2) / 100;
export const roundRatio = (value) => scaled(value, 6) / 1000000;

function grouped(whole) {
  return String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

export function number(value, decimals = 2) {
  const n = scaled(value, decimals);
  const unit = 10 ** decimals;
  const abs = Math.abs(n);
  const digits = decimals ? String(abs % unit).padStart(decimals, "0").replace(/0+$/, "") : "";
  return (n < 0 ? "-" : "") + grouped(Math.floor(abs / unit)) + (digits ? "." + digits : "");
}

export function yuan(value) {
  const n = scaled(value, 2);
  const abs = Math.abs(n);
  const fen = abs % 100;
  const text = (n < 0 ? "-" : "") + grouped(Math.floor(abs / 100));
  return (fen ? `${text}.${String(fen).padStart(2, "0")}` : text) + " 元";
}

export const percent = (rate) => number(rate * 100, 4) + "%";
export const points = (rate) => number(rate * 100, 4) + " 个百分点";

export function date(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

export function monthDay(text) {
  return `${Number(text.slice(0, 2))}月${Number(text.slice(3))}日`;
}
