// Runs tests/search_vectors.json through static/search-core.js and prints what differs
// from the expected values as JSON (an empty list when everything agrees).
// Called by tests/test_search_vectors.py.
import fs from "fs";
import { decodeShard, excerpt, parseQuery, rank, shardOf, terms, wordTerms } from "../static/search-core.js";

const vectors = JSON.parse(fs.readFileSync(new URL("search_vectors.json", import.meta.url)));
const wrong = [];
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

for (const v of vectors.terms) {
  const got = terms(v.text).sort();
  if (!same(got, v.terms)) wrong.push({ terms: v.text, want: v.terms, got });
}
for (const v of vectors.words) {
  const got = wordTerms(v.word);
  if (!same(got, v.terms)) wrong.push({ word: v.word, want: v.terms, got });
}
for (const v of vectors.shards) {
  const got = shardOf(v.term, v.shards);
  if (got !== v.shard) wrong.push({ shard: v.term, shards: v.shards, want: v.shard, got });
}
for (const v of vectors.entries) {
  const bytes = Uint8Array.from(v.hex.match(/../g).map((h) => parseInt(h, 16)));
  const entry = decodeShard(bytes).get(v.term);
  const got = entry && entry.classes;
  if (!same(got, v.classes)) wrong.push({ entry: v.term, want: v.classes, got });
}
// several entries in one file, as the index writes them
const joined = Uint8Array.from(vectors.entries.map((v) => v.hex).join("").match(/../g).map((h) => parseInt(h, 16)));
const all = decodeShard(joined);
if (!same([...all.keys()], vectors.entries.map((v) => v.term))) wrong.push({ joined: [...all.keys()] });

// Reading a query: the one place it happens. A small set of word lists stands in for meta.json.
const meta = {
  synonyms: [["补缴", "补交"], ["医保卡", "社保卡", "医疗IC卡"], ["共济", "给家人交"]],
  stopwords: ["怎么办", "怎么", "了", "吗"],
  phrases: { "丢了": "挂失" },
  t2s: { "醫": "医", "補": "补", "繳": "缴" },
};
const clauses = (q) => parseQuery(q, meta).map((c) => c.term);
const queries = [
  ["医保卡丢了怎么办", ["~医保卡", "挂失"]],
  ["補繳", ["~补缴"]],
  ["醫保卡", ["~医保卡"]],
  ["沙河口区", ["沙河", "河口", "口区"]],
  ["0411-83709176", ["041", "411", "837", "370", "709", "091", "917", "176"]],
  ["Dalian 补交吗", ["dalian", "~补缴"]],
  ["鼓", ["鼓"]],
  ["给家人交医保", ["~共济", "医保"]],
  ["？？", []],
];
for (const [q, want] of queries) {
  const got = clauses(q);
  if (!same(got, want)) wrong.push({ query: q, want, got });
}

// Ranking: a page with the word in a higher weight class ranks higher; a page that has every
// word beats one that has one of them; the city filter keeps its pages only.
const postings = new Map([
  ["~补缴", { df: 3, classes: [[12, [0, 2]], [4, [1]]] }],
  ["大连", { df: 2, classes: [[12, [1, 2]]] }],
]);
const order = rank([{ term: "~补缴", weight: 1 }], postings, 100, 0.25, null).map((r) => r.id);
if (!same(order, [0, 2, 1])) wrong.push({ rank: "classes", want: [0, 2, 1], got: order });
const both = rank([{ term: "~补缴", weight: 1 }, { term: "大连", weight: 1 }], postings, 100, 0.25, null)
  .map((r) => r.id);
if (both[0] !== 2) wrong.push({ rank: "every word", want: "2 first", got: both });
const only = rank([{ term: "大连", weight: 1 }], postings, 100, 0.25, new Set([2])).map((r) => r.id);
if (!same(only, [2])) wrong.push({ rank: "city filter", want: [2], got: only });

// Excerpts: the passage holds the whole typed words and marks them.
const text = "首页\n".repeat(40) + "经办机构\n大连市医疗保险管理中心\n地址\n大连市西岗区高尔基路18-1号\n" + "其他\n".repeat(40);
const parts = excerpt(text, ["医疗保险管理中心", "高尔基路", "中心", "管理"]);
const marked = parts.filter((p) => p.mark).map((p) => p.text);
if (!marked.includes("医疗保险管理中心") || !marked.includes("高尔基路")) wrong.push({ excerpt: parts });
if (parts.map((p) => p.text).join("").length > 82) wrong.push({ excerpt: "too long", parts });

process.stdout.write(JSON.stringify(wrong));
