// What the search page does with a query, as pure functions (no page, no network), so
// Node runs them against the examples in tests/search_vectors.json that Python's index
// (generator/index/text.py, generator/index/search.py) is tested against too.
//
// A query is read once, here: traditional characters to the guide's, spoken phrases to
// the guide's words, question words dropped, synonym groups found; the rest is cut into
// the same terms the index has (two neighbouring characters, digit triples, Latin words).

const HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
const RUNS = new RegExp(`[${HAN}]+|[a-z]+|[0-9]+`, "g");

export function normalize(text) {
  return text.normalize("NFKC").toLowerCase();
}

export function runs(text) {
  return normalize(text).match(RUNS) || [];
}

export function runTerms(run, unigrams) {
  const first = run[0];
  if (first >= "0" && first <= "9") {
    if (run.length <= 3) return [run];
    const out = [];
    for (let i = 0; i + 3 <= run.length; i += 1) out.push(run.slice(i, i + 3));
    return out;
  }
  if (first >= "a" && first <= "z") return [run];
  const chars = Array.from(run);
  const grams = [];
  for (let i = 0; i + 1 < chars.length; i += 1) grams.push(chars[i] + chars[i + 1]);
  return unigrams || chars.length === 1 ? [...chars, ...grams] : grams;
}

export function terms(text) {
  return runs(text).flatMap((run) => runTerms(run, true));
}

// Terms a query word asks for: pairs, or the character itself when it stands alone.
export function wordTerms(word) {
  return runs(word).flatMap((run) => runTerms(run, false));
}

// Index terms no text makes (generator/index/text.py GROUP_PREFIX, CITY_PREFIX): a synonym
// group, by its first word (`~补缴`), and a page's city, for the city filter (`@大连`).
export const GROUP_PREFIX = "~";
export const CITY_PREFIX = "@";

export function groupTerm(firstWord) {
  return GROUP_PREFIX + normalize(firstWord);
}

export function cityTerm(city) {
  return CITY_PREFIX + normalize(city);
}

export function shardOf(term, shards) {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(term)) {
    h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  }
  return h & (shards - 1);
}

// --- reading an index file --------------------------------------------------------------
// Layout (generator/search.py `_entry`): per term, key length, key, pages holding it,
// number of weight classes, then per class: class, number of runs, and per run the gap
// from the previous run's end and the run's length less one.
export function decodeShard(bytes) {
  let pos = 0;
  const varint = () => {
    let n = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[pos];
      pos += 1;
      n += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return n;
      shift += 7;
    }
  };
  const decoder = new TextDecoder();
  const out = new Map();
  while (pos < bytes.length) {
    const size = varint();
    const key = decoder.decode(bytes.subarray(pos, pos + size));
    pos += size;
    const df = varint();
    const classes = [];
    for (let c = varint(); c > 0; c -= 1) {
      const cls = varint();
      const ids = [];
      let end = 0;
      for (let r = varint(); r > 0; r -= 1) {
        const start = end + varint();
        const last = start + varint();
        for (let id = start; id <= last; id += 1) ids.push(id);
        end = last + 1;
      }
      classes.push([cls, ids]);
    }
    out.set(key, { df, classes });
  }
  return out;
}

// --- reading a query --------------------------------------------------------------------
function longestFirst(words) {
  return [...new Set(words)].filter(Boolean).sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}

// The query as the guide writes: full-width to half-width, lower case, traditional
// characters to the simplified ones the pages use (meta.t2s, from OpenCC at build time).
export function simplify(text, meta) {
  return Array.from(normalize(text)).map((ch) => (meta.t2s && meta.t2s[ch]) || ch).join("");
}

// Pinyin typed for Chinese (`yibaoka diule`, `yi bao ka`): each run of Latin words that
// can be cut wholly into the pinyin of known words (meta.py, made with pypinyin at build
// time, and the cities' pinyin) becomes those words, fewest first; anything else stays.
export function pinyinToHan(text, meta) {
  const table = new Map(Object.entries(meta.py || {}));
  for (const c of meta.cities || []) table.set(c.u, c.n);
  if (!table.size) return text;
  const longest = Math.max(...[...table.keys()].map((k) => k.length));
  const segment = (s) => {
    const best = new Array(s.length + 1).fill(null);
    best[0] = [];
    for (let i = 0; i < s.length; i += 1) {
      if (!best[i]) continue;
      for (let j = Math.min(s.length, i + longest); j > i; j -= 1) {
        const word = table.get(s.slice(i, j));
        if (word && (!best[j] || best[j].length > best[i].length + 1)) best[j] = [...best[i], word];
      }
    }
    return best[s.length];
  };
  return text.replace(/[a-z]+(?: +[a-z]+)*/g, (span) => {
    const tokens = span.split(/ +/);
    const out = [];
    for (let i = 0; i < tokens.length;) {
      let j = tokens.length;
      let words = null;
      for (; j > i && !words; j -= 1) words = segment(tokens.slice(i, j).join(""));
      if (words) {
        out.push(words.join(""));
        i = j + 1;
      } else {
        out.push(tokens[i]);
        i += 1;
      }
    }
    return ` ${out.join(" ")} `;
  });
}

// Where the index keeps the ways of naming a city (generator/index/asking.py
// `city_entries`): in the file of their first two characters, or of the pinyin word. The
// terms whose files a text's city names would be in: its pairs and its Latin words.
export function probeTerms(text) {
  const out = new Set();
  for (const run of runs(text)) {
    if (/^[0-9]/.test(run)) continue;
    if (/^[a-z]/.test(run)) {
      out.add(run);
      continue;
    }
    const chars = Array.from(run);
    for (let i = 0; i + 1 < chars.length; i += 1) out.add(chars[i] + chars[i + 1]);
  }
  return [...out].sort();
}

// The cities of the index's city entries (`^way\x01name\x01pinyin\x01n|d`) as rows
// {n: name, u: pinyin, k: ways naming the city, d: its districts}, by pinyin.
export function cityTable(keys) {
  const byCity = new Map();
  for (const key of keys) {
    if (key[0] !== "^") continue;
    const [way, n, u, kind] = key.slice(1).split("\x01");
    // the name and pinyin always name it: pinyin typed may have become the name (shenyang → 沈阳)
    if (!byCity.has(u)) byCity.set(u, { n, u, k: [n, u], d: [] });
    byCity.get(u)[kind === "n" ? "k" : "d"].push(way);
  }
  return [...byCity.values()].sort((a, b) => (a.u < b.u ? -1 : 1))
    .map((c) => ({ ...c, k: [...new Set(c.k)].sort(), d: [...new Set(c.d)].sort() }));
}

// The cities a text names (meta.cities: name with or without 市, pinyin, districts), as
// [{city, names, districts}] — `names`: the keys found that name the city itself.
export function findCities(text, meta) {
  const keys = [];
  (meta.cities || []).forEach((c, i) => {
    for (const k of c.k) keys.push([k, i, false]);
    for (const k of c.d || []) keys.push([k, i, true]);
  });
  keys.sort((a, b) => b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1));
  let scan = text;
  const found = new Map();
  for (const [key, city, district] of keys) {
    let hit = false;
    if (/^[a-z]+$/.test(key)) {
      const re = new RegExp(`(^|[^a-z])${key}(?![a-z])`, "g");
      scan = scan.replace(re, (m, before) => {
        hit = true;
        return `${before} `;
      });
    } else if (scan.includes(key)) {
      hit = true;
      scan = scan.split(key).join(" ");
    }
    if (!hit) continue;
    if (!found.has(city)) found.set(city, { city, names: [], districts: [] });
    found.get(city)[district ? "districts" : "names"].push(key);
  }
  return [...found.values()];
}

// The city a query is about: the one city it names, or else the one whose district it
// names; -1 when it names none or several.
function cityOf(found) {
  const named = found.filter((f) => f.names.length);
  if (named.length === 1) return named[0].city;
  if (!named.length && found.length === 1) return found[0].city;
  return -1;
}

// What a person typed in the city field, as a city (its index in meta.cities), or -1.
export function resolveCity(text, meta) {
  const q = pinyinToHan(simplify(text, meta).trim(), meta).replace(/\s+/g, "");
  if (!q) return -1;
  const exact = (meta.cities || []).findIndex((c) => c.k.includes(q) || (c.d || []).includes(q));
  if (exact >= 0) return exact;
  return cityOf(findCities(q, meta));
}

// The query as clauses, one index term each: a pair (or lone character, digit triple,
// Latin word) of the text typed, or a synonym group (`~` and its first word; the index has
// each group as one term, generator/index/search.py `synonym_groups`). `weight`: how many
// terms of the query it stands for; `words`: what to mark in the passages; `run`: the
// typed word a pair belongs to. `city`: the city the query names (an index into
// meta.cities, or -1); its name is taken out of the clauses, as every page of the city
// has it.
export function readQuery(query, meta) {
  let q = pinyinToHan(simplify(query, meta), meta);
  const found = findCities(q, meta);
  const city = cityOf(found);
  if (city >= 0) {
    const names = found.find((f) => f.city === city).names;
    for (const key of longestFirst(names)) {
      q = /^[a-z]+$/.test(key) ? q.replace(new RegExp(`(^|[^a-z])${key}(?![a-z])`, "g"), "$1 ") : q.split(key).join(" ");
    }
  }
  const phrases = Object.entries(meta.phrases).map(([k, v]) => [normalize(k), normalize(v)]);
  for (const [phrase, word] of phrases.sort((a, b) => b[0].length - a[0].length)) {
    q = q.split(phrase).join(` ${word} `);
  }
  for (const stop of longestFirst(meta.stopwords.map(normalize))) q = q.split(stop).join(" ");
  const groups = new Map();
  for (const group of meta.synonyms) {
    const words = group.map(normalize);
    for (const word of words) if (!groups.has(word)) groups.set(word, words);
  }
  const known = longestFirst([...groups.keys()]);
  const clauses = [];
  const seen = new Set();
  const add = (clause) => {
    if (!seen.has(clause.term)) {
      seen.add(clause.term);
      clauses.push(clause);
    }
  };
  const plain = (text) => {
    for (const run of runs(text)) {
      for (const term of runTerms(run, false)) add({ term, weight: 1, words: [run], run });
    }
  };
  let rest = "";
  for (let i = 0; i < q.length;) {
    const word = known.find((w) => q.startsWith(w, i));
    if (!word) {
      rest += q[i];
      i += 1;
      continue;
    }
    plain(rest);
    rest = "";
    // a synonym group weighs as the pairs typed, and at least as a two-character word
    add({ term: groupTerm(groups.get(word)[0]), weight: Math.max(2, wordTerms(word).length), words: groups.get(word) });
    i += word.length;
  }
  plain(rest);
  // a character left alone between the words (能 of 能报销, 交 of 帮老人交) is a function
  // word, unless it is all there is (鼓)
  const words = clauses.filter((c) => !c.run || Array.from(c.run).length > 1);
  return { clauses: words.length ? words : clauses, city };
}

export function parseQuery(query, meta) {
  return readQuery(query, meta).clauses;
}

// Every term the clauses need, for fetching.
export function queryTerms(clauses) {
  return [...new Set(clauses.map((c) => c.term))].sort();
}

// A query word none of whose pairs the pages have is likely mistyped (社宝卡): its single
// characters are asked for instead, at half weight.
export function fallbackClauses(clauses, known) {
  const out = [];
  const byRun = new Map();
  for (const clause of clauses) {
    if (!clause.run) continue;
    const list = byRun.get(clause.run) || [];
    list.push(clause);
    byRun.set(clause.run, list);
  }
  for (const [run, list] of byRun) {
    if (/^[a-z0-9]/.test(run)) continue;
    // a longer run none of whose pairs the pages have is not a typo but another subject (火星移民)
    if (Array.from(run).length > 3 && !list.some((clause) => known(clause.term))) continue;
    const chars = Array.from(run);
    const covered = new Set();
    list.forEach(({ term }) => {
      if (known(term)) {
        const at = chars.findIndex((_, i) => chars[i] + (chars[i + 1] || "") === term);
        if (at >= 0) covered.add(at).add(at + 1);
      }
    });
    chars.forEach((ch, i) => {
      if (!covered.has(i) && !list.some((c) => c.term === ch)) {
        out.push({ term: ch, weight: 0.5, words: [ch], run, single: true });
      }
    });
  }
  return out;
}

// --- scoring ------------------------------------------------------------------------------
// A synonym group is something asked about (共济, 异地就医) even when most pages mention
// it: it weighs at least as much as a word a page in three has.
export const GROUP_RARITY = Math.log(1 + 2.5 / 1.5);

export function idf(df, n) {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

// Pages by score, best first (ties: the index's order). `postings`: term → {df, classes};
// `step`: the weight of one class (meta.top); `only`: a Set of page numbers to keep (the
// city filter), or null. A page scores each clause by its term's weight class on it and the
// term's rarity (a synonym group is as rare as the pages that say it any way); pages that
// have more of the clauses gain.
export function rank(clauses, postings, n, step, only) {
  const scores = new Map();
  for (const clause of clauses) {
    const entry = postings.get(clause.term);
    if (!entry) continue;
    const rarity = clause.term.startsWith(GROUP_PREFIX) ? Math.max(GROUP_RARITY, idf(entry.df, n)) : idf(entry.df, n);
    const w = rarity * clause.weight * step;
    for (const [cls, ids] of entry.classes) {
      for (const id of ids) {
        if (only && !only.has(id)) continue;
        const e = scores.get(id) || { id, score: 0, clauses: 0 };
        e.score += w * cls;
        e.clauses += 1;
        scores.set(id, e);
      }
    }
  }
  const total = clauses.length || 1;
  return [...scores.values()]
    .map((e) => ({ id: e.id, score: e.score * (0.5 + (0.5 * e.clauses) / total) }))
    .sort((a, b) => b.score - a.score || a.id - b.id);
}

// --- which pages count as found -----------------------------------------------------------
// The words of a query: each synonym group; each typed run of characters, which a page has
// when it has all its pairs (up to three characters: 居住证) or a third of them (a longer
// run is often several words: 星期六上班); a mistyped run by nearly all its characters.
// A word is common when most pages have it (医保).
export function queryWords(clauses) {
  const words = new Map();
  for (const clause of clauses) {
    const key = clause.run ? `run:${clause.run}` : clause.term;
    if (!words.has(key)) words.set(key, { key, run: clause.run || null, clauses: [], label: clause.run || clause.words[0] });
    words.get(key).clauses.push(clause);
  }
  for (const word of words.values()) {
    const pairs = word.clauses.filter((c) => !c.single).length;
    const singles = word.clauses.some((c) => c.single);
    const long = word.run && Array.from(word.run).length > 3;
    word.need = singles ? Math.max(0.5, (Array.from(word.run).length - 1) * 0.5)
      : long ? Math.max(1, Math.floor(pairs / 3)) : Math.max(1, pairs);
  }
  return [...words.values()];
}

// The pages that match the query's words, not one character of them: pages that have at
// least a third of its words and, when it has any word that most pages lack, one of
// those. Returns {found: Set of page numbers, words: the words with `common` set}.
export function matching(clauses, postings, n) {
  const words = queryWords(clauses);
  const has = new Map(); // page → how many words it has
  const hasRare = new Set();
  for (const word of words) {
    const units = new Map();
    // of a longer run, the pairs most pages have (医保 of 小程序交医保) count only if all do
    const rare = word.clauses.filter((c) => !c.single && postings.has(c.term) && postings.get(c.term).df <= n / 2);
    const counted = word.run && Array.from(word.run).length > 3 && rare.length ? rare : word.clauses;
    for (const clause of counted) {
      const entry = postings.get(clause.term);
      if (!entry) continue;
      for (const [, ids] of entry.classes) {
        for (const id of ids) units.set(id, (units.get(id) || 0) + (clause.single ? 0.5 : 1));
      }
    }
    const pages = [...units].filter(([, u]) => u >= word.need - 1e-9).map(([id]) => id);
    word.common = pages.length > n / 2;
    for (const id of pages) {
      has.set(id, (has.get(id) || 0) + 1);
      if (!word.common) hasRare.add(id);
    }
  }
  const anyRare = words.some((w) => !w.common);
  const need = Math.ceil(words.length / 3);
  const found = new Set([...has].filter(([id, k]) => k >= need && (!anyRare || hasRare.has(id))).map(([id]) => id));
  return { found, words };
}

// --- excerpts -------------------------------------------------------------------------------
// The words to mark in a page's text: every way of saying each clause, and each pair
// typed, longest first; single characters only when the query is one character.
export function highlightWords(clauses) {
  const all = longestFirst(clauses.flatMap((c) => (c.single ? [] : c.words)).concat(
    clauses.map((c) => c.term).filter((t) => t.length > 1 && !/^[~@]/.test(t))));
  const long = all.filter((w) => Array.from(w).length > 1);
  return long.length ? long : all;
}

// --- the whole search ---------------------------------------------------------------------
// `lookup(terms)`: a promise of a Map term → index entry for the terms the index has
// (the search page fetches their files; tests read them from disk); `scan(terms)`: a
// promise of every city entry (`^…`) in the files of `terms`. `cityField`: what was
// typed in the city field. Returns
//   {unknownCity}            the city field names no city the site has
//   {empty: true}            nothing to search for
//   {city, results, own, partial, words, topic}
// `city`: the city asked about ({n, u}, or null); `results`: [{id, score, own}] best first, the
// city's own pages first; `own`: how many of them; `partial`: no page has the words
// asked for, these have some of them; `topic`: what was asked, for “上海暂无……的资料”.
// The text a city name can be in: the query without its question words, spoken phrases
// and the words of the synonym groups (no city is called 怎么 or 医保卡), so that looking
// for cities costs few files beyond those of the query's own terms.
export function cityText(text, meta) {
  let q = pinyinToHan(simplify(text, meta), meta);
  const known = longestFirst([...meta.stopwords, ...Object.keys(meta.phrases), ...meta.synonyms.flat()].map(normalize));
  for (const word of known) q = q.split(word).join(" ");
  return q;
}

// `hint`: the city whose page the question was asked on (the header's search box there):
// it counts only when neither the question nor the city field names a city.
export async function runSearch(query, cityField, meta0, lookup, scan, hint = "") {
  const probes = new Set([...probeTerms(cityText(query, meta0)), ...probeTerms(simplify(cityField || "", meta0)),
    ...probeTerms(simplify(hint || "", meta0))]);
  // one round: the files where the cities it may name are kept, and (mostly the same) the
  // files of its own terms
  const [keys] = await Promise.all([scan([...probes]), lookup(queryTerms(parseQuery(query, { ...meta0, cities: [] })))]);
  const meta = { ...meta0, cities: cityTable(keys) };
  const read = readQuery(query, meta);
  let { city } = read;
  let fromHint = false;
  if (cityField && cityField.trim()) {
    city = resolveCity(cityField, meta);
    if (city < 0) return { unknownCity: cityField.trim() };
  } else if (city < 0 && hint && hint.trim()) {
    city = resolveCity(hint, meta);
    fromHint = city >= 0;
  }
  let clauses = read.clauses;
  if (!clauses.length && city >= 0) {
    for (const term of wordTerms(meta.cities[city].n)) clauses.push({ term, weight: 1, words: [meta.cities[city].n], run: meta.cities[city].n });
  }
  if (!clauses.length) return { empty: true };
  const cityClause = city >= 0 ? cityTerm(meta.cities[city].n) : null;
  const postings = await lookup(cityClause ? [...queryTerms(clauses), cityClause] : queryTerms(clauses));
  const extra = fallbackClauses(clauses, (t) => postings.has(t));
  if (extra.length) {
    for (const [t, e] of await lookup(queryTerms(extra))) postings.set(t, e);
    clauses = clauses.concat(extra);
  }
  const ranked = rank(clauses, postings, meta.n, meta.top, null);
  const { found, words } = matching(clauses, postings, meta.n);
  let results = ranked.filter((r) => found.has(r.id));
  const partial = !results.length;
  if (partial) results = ranked;
  let own = 0;
  if (city >= 0) {
    const entry = postings.get(cityClause);
    const mine = new Set(entry ? entry.classes.flatMap(([, ids]) => ids) : []);
    const first = results.filter((r) => mine.has(r.id)).map((r) => ({ ...r, own: true }));
    own = first.length;
    results = [...first, ...results.filter((r) => !mine.has(r.id))];
  }
  // what was asked, for “……暂无……的资料”: its rarer synonym groups, or else its rarer words
  const rare = words.filter((w) => !w.common);
  const named = rare.filter((w) => !w.run);
  const topic = [...new Set((named.length ? named : rare.length ? rare : words).map((w) => w.label))].join("、");
  return { city: city >= 0 ? meta.cities[city] : null, fromHint, results, own, partial, words: highlightWords(clauses), topic };
}

// A passage of about `size` characters around the most matched words, as parts
// [{text, mark}] for the page to turn into text nodes and <mark> elements.
export function excerpt(text, words, size = 80) {
  const chars = Array.from(text.replace(/\n+/g, " · "));
  const folded = chars.map((ch) => {
    const n = normalize(ch);
    return Array.from(n).length === 1 ? n : ch;
  });
  const flat = folded.join("");
  const offsets = [];
  let at = 0;
  for (const ch of folded) {
    offsets.push(at);
    at += ch.length;
  }
  const index = new Map(offsets.map((o, i) => [o, i]));
  const hits = [];
  for (const word of words) {
    for (let from = flat.indexOf(word); from >= 0; from = flat.indexOf(word, from + 1)) {
      const start = index.get(from);
      if (start === undefined) continue;
      const length = Array.from(word).length;
      if (!hits.some((h) => start < h.start + h.length && h.start < start + length)) hits.push({ start, length, word });
    }
  }
  hits.sort((a, b) => a.start - b.start);
  // the window whose different words weigh most, a word by the square of its length: the
  // whole of what was typed outweighs pairs of it scattered about
  let begin = 0;
  let bestCount = -1;
  for (const hit of hits) {
    const inside = hits.filter((h) => h.start >= hit.start && h.start + h.length <= hit.start + size);
    const words = new Map(inside.map((h) => [h.word, h.length * h.length]));
    const count = [...words.values()].reduce((a, b) => a + b, 0);
    if (count > bestCount) {
      bestCount = count;
      begin = Math.max(0, hit.start - 12);
    }
  }
  const end = Math.min(chars.length, begin + size);
  const parts = [];
  if (begin > 0) parts.push({ text: "…", mark: false });
  let pos = begin;
  for (const hit of hits) {
    if (hit.start < begin || hit.start + hit.length > end) continue;
    if (hit.start > pos) parts.push({ text: chars.slice(pos, hit.start).join(""), mark: false });
    parts.push({ text: chars.slice(hit.start, hit.start + hit.length).join(""), mark: true });
    pos = hit.start + hit.length;
  }
  if (end > pos) parts.push({ text: chars.slice(pos, end).join(""), mark: false });
  if (end < chars.length) parts.push({ text: "…", mark: false });
  return parts;
}
