// Search page: rewrites what people type (traditional characters, pinyin city names,
// spoken phrases, question words) into the words the guide uses, then asks Pagefind.
// The word lists come from content/search-terms.yaml via the build, never from here.
// Words of a synonym group are looked up by the group's index word (see generator/search.py),
// cut from the query longest first: a browser's own Chinese segmenter is not relied on.
const root = new URL("../", import.meta.url);
const form = document.getElementById("search");
const input = document.getElementById("q");
const citySelect = document.getElementById("city");
const status = document.getElementById("status");
const list = document.getElementById("results");

let pagefind = null;
let data = null;

async function ready() {
  if (!pagefind) {
    pagefind = await import(new URL("pagefind/pagefind.js", root).href);
    await pagefind.options({ baseUrl: root.pathname });
    const response = await fetch(new URL("pagefind/yibao-query.json", root));
    data = await response.json();
  }
}

export function rewrite(query, data) {
  let q = Array.from(query.trim().toLowerCase()).map((ch) => data.t2s[ch] || ch).join("");
  for (const [pinyin, name] of Object.entries(data.cities)) {
    q = q.replace(new RegExp(`\\b${pinyin}\\b`, "g"), ` ${name} `);
  }
  for (const [phrase, word] of Object.entries(data.phrases)) q = q.split(phrase).join(` ${word} `);
  const stops = [...data.stopwords].sort((a, b) => b.length - a.length);
  for (const stop of stops) q = q.split(stop).join(" ");
  q = q.replace(/[??!!,,。.、;;::"“”'‘’()()]/g, " ");
  return q.split(/\s+/).filter(Boolean);
}

// Cut each word into known words (synonyms, city names), longest first; the rest stays as typed.
export function terms(words, data) {
  const known = new Set([...Object.keys(data.tokens), ...Object.values(data.cities)]);
  const longest = Math.max(1, ...[...known].map((w) => w.length));
  const out = [];
  for (const word of words) {
    let rest = "";
    for (let i = 0; i < word.length;) {
      let size = Math.min(longest, word.length - i);
      while (size > 0 && !known.has(word.slice(i, i + size))) size -= 1;
      if (size === 0) {
        rest += word[i];
        i += 1;
        continue;
      }
      if (rest) out.push(rest);
      rest = "";
      out.push(word.slice(i, i + size));
      i += size;
    }
    if (rest) out.push(rest);
  }
  return [...new Set(out)];
}

// What to highlight in a passage: every word of a matched group, or the word as typed.
function highlights(found, data) {
  const words = new Set();
  for (const word of found) {
    const token = data.tokens[word];
    if (token) for (const [w, t] of Object.entries(data.tokens)) { if (t === token) words.add(w); }
    else words.add(word);
  }
  return [...words].sort((a, b) => b.length - a.length);
}

const TOKEN = /\s?zq[yc][a-z]{3}/g;

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

// Pagefind excerpts are escaped text with <mark> around its hits, which here are index
// words; drop every tag and index word, then mark the words that were searched for.
function plainText(excerpt) {
  const text = excerpt.replace(/<[^>]*>/g, "");
  const decoded = new DOMParser().parseFromString(`<p>${text}</p>`, "text/html").body.textContent;
  return decoded.replace(TOKEN, "");
}

function safeExcerpt(excerpt, words) {
  const text = plainText(excerpt);
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  if (!escaped.length) return escapeHtml(text);
  const pattern = new RegExp(`(${escaped.join("|")})`, "gi");
  return text.split(pattern).map((part, i) => (i % 2 ? `<mark>${escapeHtml(part)}</mark>` : escapeHtml(part))).join("");
}

async function runSearch(words, city) {
  // Every page of a city carries the city's index word; keep the results that have it.
  const token = city && data.cityTokens[city];
  const inCity = token ? new Set((await pagefind.search(token)).results.map((r) => r.id)) : null;
  const keep = (results) => (inCity ? results.filter((r) => inCity.has(r.id)) : results);
  const first = keep((await pagefind.search(words.join(" "))).results);
  if (first.length || words.length < 2) return first;
  // A question typed as a sentence rarely has every word on one page: rank by how many match.
  const scores = new Map();
  for (const word of words) {
    const found = { results: keep((await pagefind.search(word)).results) };
    for (const r of found.results) {
      const entry = scores.get(r.id) || { result: r, hits: 0, score: 0 };
      entry.hits += 1;
      entry.score += r.score;
      scores.set(r.id, entry);
    }
  }
  return [...scores.values()].sort((a, b) => b.hits - a.hits || b.score - a.score).map((e) => e.result);
}

async function search() {
  const query = input.value;
  const city = citySelect.value;
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  if (city) params.set("city", city);
  history.replaceState(null, "", params.toString() ? `?${params}` : location.pathname);
  list.replaceChildren();
  if (!query.trim()) {
    status.textContent = "";
    return;
  }
  status.textContent = "正在搜索…";
  await ready();
  const found = terms(rewrite(query, data), data);
  const words = found.map((w) => data.tokens[w] || w);
  if (!words.length) {
    status.textContent = "请输入要找的内容,例如“补缴”或“新生儿参保”。";
    return;
  }
  const results = await runSearch(words, city);
  const shown = results.slice(0, 20);
  const items = await Promise.all(shown.map((r) => r.data()));
  if (query !== input.value || city !== citySelect.value) return; // a newer search is running
  for (const item of items) {
    const li = document.createElement("li");
    const cityName = item.meta && item.meta.city ? `<small>${escapeHtml(item.meta.city)}</small> ` : "";
    const href = new URL("." + item.url, root).href;
    const title = (item.meta.title || item.url).replace(TOKEN, "");
    li.innerHTML = `<a href="${escapeHtml(href)}">${escapeHtml(title)}</a>` +
      `<p>${cityName}${safeExcerpt(item.excerpt, highlights(found, data))}</p>`;
    list.appendChild(li);
  }
  status.textContent = items.length
    ? `找到 ${results.length} 个相关页面${results.length > shown.length ? `,显示前 ${shown.length} 个` : ""}。`
    : "没有找到相关页面。试试换个说法,或用更短的词,例如“医保卡”“补缴”。";
}

if (form) {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  citySelect.value = params.get("city") || "";
  let timer = null;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  citySelect.addEventListener("change", search);
  if (input.value) search();
}
