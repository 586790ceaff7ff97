// The search page: reads the query (search-core.js), fetches the few index files its
// terms live in and the texts of the pages it shows, and lists them with a passage each.
// The page works without this script: the form and the list of places stay usable.
import { decodeShard, excerpt, runSearch, shardOf } from "./search-core.js";

const root = new URL("../", import.meta.url);
const data = new URL("search/data/", root);
const form = document.getElementById("search");
const input = document.getElementById("q");
const cityInput = document.getElementById("city");
const status = document.getElementById("status");
const list = document.getElementById("results");
const more = document.getElementById("more");
const note = document.getElementById("note");
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

// Every city entry (`^…`) in the files of `terms`: the ways of naming a city kept there.
async function scan(m, terms) {
  const shards = await Promise.all([...new Set(terms.map((t) => shardOf(t, m.s)))].map((i) => shard(m, i)));
  return shards.flatMap((entries) => [...entries.keys()].filter((k) => k[0] === "^"));
}

// The number to ring in a city, fetched only when it has nothing on what was asked.
async function cityCall(m, city) {
  try {
    const r = await fetch(new URL(`c/${encodeURIComponent(city.u)}.json?v=${m.v}`, data));
    return r.ok ? (await r.json()).call : null;
  } catch (error) {
    return null;
  }
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

function item(d, words, other) {
  const li = document.createElement("li");
  const a = document.createElement("a");
  a.href = new URL(d.u, root).href;
  a.textContent = d.t;
  const p = document.createElement("p");
  if (d.c) {
    const small = document.createElement("small");
    small.textContent = other ? `其他城市：${d.c}` : d.c;
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

// “没有……的资料” for the city asked about, with its number to call.
function nothingHere(city, call, topic) {
  const p = document.createElement("p");
  p.className = "none-here";
  p.append(`${city.n}暂无${topic ? `“${topic}”` : "这方面"}的资料。`);
  if (call) {
    p.append("可以打电话问：");
    const number = call[2] ? Object.assign(document.createElement("a"), { href: call[2] }) : document.createElement("strong");
    number.textContent = call[1];
    p.append(number, `（${call[0]}）。`);
  }
  p.append("下面是其他城市的页面，各地规定可能不同。");
  return p;
}

// The cities to choose from when the city field names none.
function cityChoices(query, typed) {
  const p = document.createElement("p");
  p.append(`没有找到叫“${typed}”的城市。本站有这些城市，点一个再搜：`);
  const names = cityInput && cityInput.list ? [...cityInput.list.options].map((o) => o.value) : [];
  names.forEach((name, i) => {
    const params = new URLSearchParams();
    if (query) params.set("q", query);
    params.set("city", name);
    const a = document.createElement("a");
    a.href = `?${params}`;
    a.textContent = name;
    if (i) p.append("、");
    p.append(a);
  });
  return p;
}

let current = null; // the search being shown; an older one stops when a newer starts
// the city whose page the question was asked on (?from=, the header's search box there)
let hint = new URLSearchParams(location.search).get("from") || "";

// Results put the city of the page asked from first: say so, with a way to all cities.
function fromNote(place, query) {
  const p = document.createElement("p");
  const a = document.createElement("a");
  a.href = query ? `?${new URLSearchParams({ q: query })}` : "?";
  a.textContent = "看所有城市的结果";
  a.addEventListener("click", (event) => {
    event.preventDefault();
    hint = "";
    search();
  });
  p.append(`您是从${place.n}的页面来搜索的，${place.n}的页面排在前面。`, a);
  return p;
}

async function search() {
  const query = input.value;
  const city = cityInput ? cityInput.value.trim() : "";
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  if (city) params.set("city", city);
  else if (hint) params.set("from", hint);
  history.replaceState(null, "", params.toString() ? `?${params}` : location.pathname);
  const mine = {};
  current = mine;
  list.replaceChildren();
  note.replaceChildren();
  more.hidden = true;
  if (!query.trim() && !city) {
    say("");
    return;
  }
  say("正在搜索……");
  let m;
  let found;
  try {
    m = await meta();
    found = await runSearch(query, city, m, (terms) => lookup(m, terms), (terms) => scan(m, terms), hint);
  } catch (error) {
    if (current === mine) say("搜索暂时用不了（网络不通或网站正在更新），请稍后再试，或从下面的城市列表查看。");
    return;
  }
  if (current !== mine) return;
  if (found.unknownCity) {
    note.append(cityChoices(query, found.unknownCity));
    say(`没有找到叫“${found.unknownCity}”的城市。`);
    return;
  }
  if (found.empty) {
    say("请输入要找的内容，例如“补缴”或“新生儿参保”。");
    return;
  }
  const { results } = found;
  const place = found.city;
  if (!results.length) {
    say("没有找到相关页面。试试换个说法，或用更短的词，例如“医保卡”“补缴”。");
    return;
  }
  if (place && found.fromHint) note.append(fromNote(place, query));
  if (place && !found.own) {
    const call = await cityCall(m, place);
    if (current !== mine) return;
    note.append(nothingHere(place, call, found.topic));
  }
  const heading = place ? `${place.n}的结果：` : "";
  const count = found.partial
    ? `没有找到含有全部所问词语的页面；下面 ${results.length} 个页面只含有其中一部分`
    : place && found.own
      ? `找到 ${found.own} 个${place.n}的页面${results.length > found.own ? `，另有 ${results.length - found.own} 个其他城市或全国的页面` : ""}`
      : `找到 ${results.length} 个相关页面`;
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
    docs.forEach((d, i) => list.append(item(d, found.words, place && !next[i].own && d.c && d.c !== place.n)));
    shown += next.length;
    say(`${heading}${count}，显示前 ${shown} 个。`);
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
  if (input.value || (cityInput && cityInput.value)) search();
}
