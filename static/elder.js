// What a reader on a phone expects, on every page: the 长辈版 switch, 朗读 with the
// browser's own Chinese voice, and the last city opened. Everything stays on this device
// (localStorage); nothing is sent anywhere. Without JavaScript the page still works: the
// 长辈版 link goes to #zhangbei, which site.css styles with :target.

const root = document.documentElement;

function remember(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch (e) {
    // storage turned off: the choice lasts for this page only
  }
}

function recall(key) {
  try {
    return localStorage.getItem(key);
  } catch (e) {
    return null;
  }
}

// --- 长辈版 ----------------------------------------------------------------------------
// The inline script in <head> already set class "zb" before the first paint; the switch
// turns it on and off here without leaving the page.
for (const link of document.querySelectorAll("[data-zhangbei]")) {
  link.addEventListener("click", (event) => {
    event.preventDefault();
    const on = link.dataset.zhangbei === "1";
    root.classList.toggle("zb", on);
    remember("zhangbei", on ? "1" : "0");
    if (!on && location.hash === "#zhangbei") {
      history.replaceState(null, "", location.pathname + location.search);
    }
    const other = document.querySelector(`[data-zhangbei="${on ? "0" : "1"}"]`);
    if (other) other.focus();
  });
}

// --- the last city opened ----------------------------------------------------------------
const body = document.body;
if (body.dataset.city && body.dataset.cityHome) {
  const home = new URL(body.dataset.cityHome, location.href).pathname;
  remember("lastCity", JSON.stringify({ name: body.dataset.city, path: home }));
}
const last = document.querySelector("[data-last-city]");
if (last) {
  let city = null;
  try {
    city = JSON.parse(recall("lastCity") || "null");
  } catch (e) {
    city = null;
  }
  // only a page of this site, as this site wrote it
  if (city && typeof city.name === "string" && typeof city.path === "string" && city.path.startsWith("/")
      && !city.path.startsWith("//")) {
    const link = last.querySelector("a");
    link.href = city.path;
    link.textContent = city.name;
    last.hidden = false;
  }
}

// --- the city finder on the home page ----------------------------------------------------
// Each city link carries the names a reader may type (大连, 大連, dalian); 市, spaces and
// capitals do not matter. Typing narrows the list below; Enter opens the one city left.
const finder = document.querySelector("[data-city-finder]");
if (finder) {
  const input = finder.querySelector("input");
  const status = finder.querySelector("[role=status]");
  const links = [...document.querySelectorAll("[data-city-keys]")];
  const groups = [...document.querySelectorAll("[data-city-group]")];
  const normal = (text) => text.normalize("NFKC").toLowerCase().replace(/[\s·'’-]+/g, "").replace(/市$/, "");
  const matches = () => {
    const q = normal(input.value);
    return q ? links.filter((a) => a.dataset.cityKeys.split(" ").some((k) => k.startsWith(q))) : links;
  };
  const show = () => {
    const found = new Set(matches());
    for (const a of links) a.closest("li").hidden = !found.has(a);
    for (const g of groups) g.hidden = !g.querySelector("li:not([hidden])");
    if (!input.value.trim()) status.textContent = "";
    else if (found.size === 0) status.textContent = "没有找到这个城市。本指南现在只有下面列出的城市。";
    else status.textContent = `找到 ${found.size} 个城市`;
  };
  input.addEventListener("input", show);
  finder.addEventListener("submit", (event) => {
    event.preventDefault();
    const found = matches();
    if (found.length === 1 && input.value.trim()) location.href = found[0].href;
    else show();
  });
  finder.hidden = false;
}

// --- 朗读: the browser's own speech synthesis, only with a mainland Chinese voice -----------
const button = document.querySelector("[data-read-aloud]");
const synth = window.speechSynthesis;
// Not read: where the text came from, links to correct it, the table of contents and
// anything hidden in this mode.
const SKIP = ".provenance, .toc, sup.cite, .edit, .fix-links, .print-hint, .visually-hidden, a.map, button, script, noscript, [hidden]";
const BLOCK = "h1, h2, h3, h4, p, li, dt, dd, th, td, caption, summary, div, section, article, aside";

function chineseVoice() {
  const voices = synth.getVoices();
  return voices.find((v) => /^(zh|cmn)[-_](CN|Hans)/i.test(v.lang)) || null;
}

// Shown in this mode: not display:none, not inside a closed <details>.
const shown = (el) => (el.checkVisibility ? el.checkVisibility() : el.getClientRects().length > 0);

// “0411-12333” → “0 4 1 1，1 2 3 3 3”: a voice reads each digit, as people say a number to dial.
function spokenNumber(text) {
  return text.replace(/[0-9][0-9-]*[0-9]/g, (n) => n.split("-").map((part) => part.split("").join(" ")).join("，"));
}

// The page's main text as pieces short enough to be spoken one by one (some browsers stop
// a long utterance half way), each with the element it comes from.
function pieces(main) {
  const out = [];
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  let current = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(SKIP) || !shown(parent)) continue;
    let text = node.textContent.replace(/\s+/g, " ");
    if (!text.trim()) continue;
    // a phone number is read digit by digit, with a pause at the dash (not as one big number)
    if (parent.closest('a[href^="tel:"]')) text = spokenNumber(text);
    const block = parent.closest(BLOCK) || main;
    if (current && current.block === block) current.text += text;
    else out.push((current = { block, text }));
  }
  const short = [];
  for (const { block, text } of out) {
    for (const sentence of text.trim().match(/[^。！？；]+[。！？；]?/g) || []) {
      if (sentence.trim()) short.push({ block, text: sentence.trim() });
    }
  }
  return short;
}

if (button && synth && typeof SpeechSynthesisUtterance === "function") {
  let reading = false;
  let queue = [];
  const stop = () => {
    reading = false;
    queue = [];
    synth.cancel();
    for (const el of document.querySelectorAll(".speaking")) el.classList.remove("speaking");
    button.textContent = "朗读";
  };
  const next = () => {
    for (const el of document.querySelectorAll(".speaking")) el.classList.remove("speaking");
    const piece = queue.shift();
    const voice = chineseVoice();
    if (!reading || !piece || !voice) {
      stop();
      return;
    }
    const u = new SpeechSynthesisUtterance(piece.text);
    u.lang = voice.lang.replace("_", "-");
    u.voice = voice;
    u.rate = 0.9;
    u.onstart = () => piece.block.classList.add("speaking");
    u.onend = next;
    u.onerror = stop;
    next.current = u; // keep it referenced while it speaks
    synth.speak(u);
  };
  button.addEventListener("click", () => {
    if (reading) {
      stop();
      return;
    }
    const main = document.getElementById("main");
    queue = main ? pieces(main) : [];
    if (!queue.length) return;
    reading = true;
    button.textContent = "停止朗读";
    synth.cancel();
    next();
  });
  const offer = () => {
    button.hidden = !chineseVoice();
    if (button.hidden && reading) stop();
  };
  offer();
  if (synth.addEventListener) synth.addEventListener("voiceschanged", offer);
  else synth.onvoiceschanged = offer;
  window.addEventListener("pagehide", stop);
}
