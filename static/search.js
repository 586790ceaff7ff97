// The search page: reads the query (search-core.js), fetches the few index files its
// terms live in and the texts of the pages it shows, and lists them with a passage each.
// The page works without this script: the form and the list of places stay usable.
import { decodeShard, excerpt, fallbackClauses, highlightWords, normalize, parseQuery, queryTerms, rank, shardOf } from "./search-core.js";

const root = new URL("../", import.meta.url);
const data = new URL("search/data/", root);
const form = document.getElementById("search");
const input = document.getElementById("q");
const cityInput = document.getElementById("city");
const status = document.getElementById("status");
const list = document.getElementById("results");
const more = document.getElementById("more");
const PAGE = 5; // results shown at a time: each needs its page's text, fetched on a slow phone

let metaPromise = null;
const shardCache = new Map();
const docCache = new Map();

function meta() {
  if (!metaPromise) {
    metaPromise = fetch(new URL("meta.json", data)).then((r) => {
      if (!r.ok) throw new Error(`meta ${r.status}`);
      return r.json();
    });
    metaPromise.catch(() => { metaPromise = null; });
  }
  return metaPromise;
}

function shard(m, index) {
  if (!shardCache.has(index)) {
    const name = index.toString(16).padStart(m.w, "0");
    const p = fetch(new URL(`t/${name}.bin?v=${m.v}`, data))
      .then((r) => {
        if (!r.ok) throw new Error(`index ${r.status}`);
        return r.arrayBuffer();
      })
      .then((buffer) => decodeShard(new Uint8Array(buffer)));
    p.catch(() => shardCache.delete(index));
    shardCache.set(index, p);
  }
  return shardCache.get(index);
}

async function lookup(m, terms) {
  const shards = await Promise.all(terms.map((t) => shard(m, shardOf(t, m.s))));
  const found = new Map();
  terms.forEach((t, i) => {
    const entry = shards[i].get(t);
    if (entry) found.set(t, entry);
  });
  return found;
}

function doc(m, id) {
  if (!docCache.has(id)) {
    const p = fetch(new URL(`d/${id}.json?v=${m.v}`, data)).then((r) => {
      if (!r.ok) throw new Error(`page ${r.status}`);
      return r.json();
    });
    p.catch(() => docCache.delete(id));
    docCache.set(id, p);
  }
  return docCache.get(id);
}

function say(text) {
  status.textContent = text;
}

function item(d, words) {
  const li = document.createElement("li");
  const a = document.createElement("a");
  a.href = new URL(d.u, root).href;
  a.textContent = d.t;
  const p = document.createElement("p");
  if (d.c) {
    const small = document.createElement("small");
    small.textContent = d.c;
    p.append(small, " ");
  }
  // a city typed in pinyin found the page by its address: mark the city's name
  const own = d.c && words.includes(d.u.split("/")[0]) ? [d.c, ...words] : words;
  for (const part of excerpt(d.x, own)) {
    if (part.mark) {
      const mark = document.createElement("mark");
      mark.textContent = part.text;
      p.append(mark);
    } else {
      p.append(part.text);
    }
  }
  li.append(a, p);
  return li;
}

let current = null; // the search being shown; an older one stops when a newer starts

async function search() {
  const query = input.value;
  const city = cityInput ? cityInput.value.trim() : "";
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  if (city) params.set("city", city);
  history.replaceState(null, "", params.toString() ? `?${params}` : location.pathname);
  const mine = {};
  current = mine;
  list.replaceChildren();
  more.hidden = true;
  if (!query.trim()) {
    say("");
    return;
  }
  say("正在搜索……");
  let m;
  let results;
  let words;
  try {
    m = await meta();
    let clauses = parseQuery(query, m);
    if (!clauses.length) {
      say("请输入要找的内容，例如“补缴”或“新生儿参保”。");
      return;
    }
    const cityTerm = city ? `@${normalize(city)}` : null;
    const wanted = queryTerms(clauses);
    const postings = await lookup(m, cityTerm ? [...wanted, cityTerm] : wanted);
    const extra = fallbackClauses(clauses, (t) => postings.has(t));
    if (extra.length) {
      for (const [t, e] of await lookup(m, queryTerms(extra))) postings.set(t, e);
      clauses = clauses.concat(extra);
    }
    let only = null;
    if (cityTerm) {
      const entry = postings.get(cityTerm);
      if (!entry) {
        if (current === mine) say(`没有找到叫“${city}”的城市。请检查城市名，或清空“只看某个城市”再搜。`);
        return;
      }
      only = new Set(entry.classes.flatMap(([, ids]) => ids));
    }
    results = rank(clauses, postings, m.n, m.top, only);
    words = highlightWords(clauses);
  } catch (error) {
    if (current === mine) say("搜索暂时用不了（网络不通或网站正在更新），请稍后再试，或从下面的城市列表查看。");
    return;
  }
  if (current !== mine) return;
  if (!results.length) {
    say("没有找到相关页面。试试换个说法，或用更短的词，例如“医保卡”“补缴”。");
    return;
  }
  let shown = 0;
  const showMore = async () => {
    const next = results.slice(shown, shown + PAGE);
    let docs;
    try {
      docs = await Promise.all(next.map((r) => doc(m, r.id)));
    } catch (error) {
      if (current === mine) say("有的结果没能打开（网络不通），请稍后再试。");
      return;
    }
    if (current !== mine) return;
    for (const d of docs) list.append(item(d, words));
    shown += next.length;
    say(`找到 ${results.length} 个相关页面，显示前 ${shown} 个。`);
    more.hidden = shown >= results.length;
  };
  more.onclick = showMore;
  await showMore();
}

if (form) {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  if (cityInput) cityInput.value = params.get("city") || "";
  let timer = null;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 300);
  });
  if (cityInput) cityInput.addEventListener("change", search);
  meta().catch(() => {});
  if (input.value) search();
}
