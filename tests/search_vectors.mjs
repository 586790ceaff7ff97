// Runs tests/search_vectors.json through static/search-core.js and prints what differs
// from the expected values as JSON (an empty list when everything agrees).
// Called by tests/test_search_vectors.py.
import fs from "fs";
import { cityTable, cityTerm, decodeShard, groupTerm, excerpt, highlightWords, matching, parseQuery, probeTerms, rank, readQuery, resolveCity, shardOf, terms, wordTerms } from "../static/search-core.js";

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

for (const v of vectors.prefixed.groups) {
  if (groupTerm(v.first) !== v.term) wrong.push({ groupTerm: v.first, want: v.term, got: groupTerm(v.first) });
}
for (const v of vectors.prefixed.cities) {
  if (cityTerm(v.name) !== v.term) wrong.push({ cityTerm: v.name, want: v.term, got: cityTerm(v.name) });
}

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

// Who is asking about which city, and pinyin: the city table the index writes (the
// `cities` vectors, which test_search_vectors.py checks Python makes) read by the search page.
const cityMeta = { ...vectors.queries.meta, cities: vectors.cities.map((c) => ({ n: c.name, u: c.pinyin, k: c.k, d: c.d })) };
for (const v of vectors.queries.cases) {
  const got = readQuery(v.query, cityMeta);
  const terms_ = got.clauses.map((c) => c.term);
  if (got.city !== v.city || !same(terms_, v.clauses)) wrong.push({ readQuery: v.query, want: v, got: { city: got.city, clauses: terms_ } });
}
for (const [typed, want] of [["大连市", 0], ["Dalian", 0], ["大連", 0], ["沙河口", 0], ["浦东新区", 1], ["辽宁大连", 0], ["广州", -1], ["", -1]]) {
  const got = resolveCity(typed, cityMeta);
  if (got !== want) wrong.push({ resolveCity: typed, want, got });
}

// The index keeps each way of naming a city in the file of its probe; the page reads them back.
const shared = new Set(["沙河口", "沙河口区"]);
const wantRows = [...vectors.cities, { ...vectors.city_entries.extra, k: ["jiacheng", "甲城", "甲城市"], d: [] }]
  .map((c) => ({ n: c.name, u: c.pinyin, k: c.k, d: c.d.filter((d) => !shared.has(d)) }))
  .sort((a, b) => (a.u < b.u ? -1 : 1));
const gotRows = cityTable(vectors.city_entries.entries.map(([, key]) => key));
if (!same(gotRows, wantRows)) wrong.push({ cityTable: gotRows, want: wantRows });
for (const [probe, key] of vectors.city_entries.entries) {
  const way = key.slice(1).split("\x01")[0];
  if (!probeTerms(`去${way}看病`).includes(probe)) wrong.push({ probe, way, probes: probeTerms(`去${way}看病`) });
}

// Found means the query's words, not one character of them: with 社宝卡 mistyped, a page
// with two of its characters counts, one with one character does not; a word most pages
// have (医保) alone does not make a page found when the query has a rarer one.
const typo = [{ term: "社", weight: 0.5, words: ["社"], run: "社宝卡", single: true },
  { term: "宝", weight: 0.5, words: ["宝"], run: "社宝卡", single: true },
  { term: "卡", weight: 0.5, words: ["卡"], run: "社宝卡", single: true }];
const typoPostings = new Map([["社", { df: 1, classes: [[3, [0]]] }], ["宝", { df: 1, classes: [[3, [1]]] }], ["卡", { df: 2, classes: [[3, [1, 2]]] }]]);
const typoFound = [...matching(typo, typoPostings, 10).found].sort();
if (!same(typoFound, [1])) wrong.push({ matching: "typo", want: [1], got: typoFound });
const mixed = [{ term: "医保", weight: 1, words: ["医保"], run: "医保" }, { term: "~新生儿", weight: 2, words: ["新生儿"] }];
const mixedPostings = new Map([["医保", { df: 9, classes: [[3, [0, 1, 2, 3, 4, 5, 6, 7, 8]]] }], ["~新生儿", { df: 2, classes: [[5, [3, 9]]] }]]);
const mixedFound = [...matching(mixed, mixedPostings, 10).found].sort();
if (!same(mixedFound, [3, 9])) wrong.push({ matching: "common word", want: [3, 9], got: mixedFound });
const marks = highlightWords([...typo, { term: "打工", weight: 1, words: ["打工"], run: "打工" }]);
if (marks.some((w) => Array.from(w).length < 2)) wrong.push({ highlight: "single characters", got: marks });

process.stdout.write(JSON.stringify(wrong));
