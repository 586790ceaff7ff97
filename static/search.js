// Search page: rewrites what people type (traditional characters, pinyin city names,
// spoken phrases, question words) into the words the guide uses, then asks Pagefind.
// The word lists come from content/search-terms.yaml via the build, never from here.
const root = new URL("../", import.meta.url);
const form = document.getElementById("search");
const input = document.getElementById("q");
const citySelect = document.getElementById("city");
const status = document.getElementById("status");
const list = document.getElementById("results");

let pagefind = null;
let terms = null;

async function ready() {
  if (!pagefind) {
    pagefind = await import(new URL("pagefind/pagefind.js", root).href);
    await pagefind.options({ baseUrl: root.pathname });
    const response = await fetch(new URL("pagefind/yibao-query.json", root));
    terms = await response.json();
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

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}

// Pagefind excerpts are text with <mark> around hits; keep only those tags.
function safeExcerpt(excerpt) {
  const plain = excerpt.replace(/<\/?mark>/g, (tag) => (tag === "<mark>" ? "\u0001" : "\u0002"));
  const text = plain.replace(/<[^>]*>/g, "");
  const decoded = new DOMParser().parseFromString(`<p>${text}</p>`, "text/html").body.textContent;
  return escapeHtml(decoded).replace(/\u0001/g, "<mark>").replace(/\u0002/g, "</mark>");
}

async function runSearch(words, filters) {
  const first = await pagefind.search(words.join(" "), { filters });
  if (first.results.length || words.length < 2) return first.results;
  // A question typed as a sentence rarely has every word on one page: rank by how many match.
  const scores = new Map();
  for (const word of words) {
    const found = await pagefind.search(word, { filters });
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
  const words = rewrite(query, terms);
  if (!words.length) {
    status.textContent = "请输入要找的内容,例如“补缴”或“新生儿参保”。";
    return;
  }
  const filters = city ? { city } : {};
  const results = await runSearch(words, filters);
  const shown = results.slice(0, 20);
  const items = await Promise.all(shown.map((r) => r.data()));
  if (query !== input.value || city !== citySelect.value) return; // a newer search is running
  for (const item of items) {
    const li = document.createElement("li");
    const cityName = item.meta && item.meta.city ? `<small>${escapeHtml(item.meta.city)}</small> ` : "";
    const href = new URL("." + item.url, root).href;
    li.innerHTML = `<a href="${escapeHtml(href)}">${escapeHtml(item.meta.title || item.url)}</a>` +
      `<p>${cityName}${safeExcerpt(item.excerpt)}</p>`;
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
