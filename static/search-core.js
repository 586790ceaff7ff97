// What the search page does with a query, as pure functions (no page, no network), so
// Node runs them against the examples in tests/search_vectors.json that Python's index
// (generator/searchtext.py, generator/search.py) is tested against too.
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

// The query as clauses, one index term each: a pair (or lone character, digit triple,
// Latin word) of the text typed, or a synonym group (`~` and its first word; the index has
// each group as one term, generator/search.py `synonym_groups`). `weight`: how many terms
// of the query it stands for; `words`: what to mark in the passages.
export function parseQuery(query, meta) {
  let q = Array.from(normalize(query)).map((ch) => meta.t2s[ch] || ch).join("");
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
    add({ term: `~${groups.get(word)[0]}`, weight: wordTerms(word).length, words: groups.get(word) });
    i += word.length;
  }
  plain(rest);
  return clauses;
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
        out.push({ term: ch, weight: 0.5, words: [ch] });
      }
    });
  }
  return out;
}

// --- scoring ------------------------------------------------------------------------------
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
    const w = idf(entry.df, n) * clause.weight * step;
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

// --- excerpts -------------------------------------------------------------------------------
// The words to mark in a page's text: every way of saying each clause, and each pair
// typed, longest first.
export function highlightWords(clauses) {
  return longestFirst(clauses.flatMap((c) => c.words).concat(
    clauses.map((c) => c.term).filter((t) => t.length > 1 && !/^[~@]/.test(t))));
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
