// Makes each calculator form on the page compute as you type. The rules are the modules
// next to this file (one per kind); the parameters are the JSON the page embeds, written
// at build time from the city file. The page address holds the inputs (?wage=8000), so an
// answer can be bookmarked or sent to a relative.
import { DATE_FIELD, InputError, printed, run } from "./common.js";

const KIND = /^[a-z_]+$/;
const TRUE = ["1", "true", "on", "yes"];

function localToday() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function fieldsOf(form) {
  return [...form.elements].filter((el) => el.name && ["INPUT", "SELECT"].includes(el.tagName));
}

function isDefault(el) {
  if (el.type === "checkbox") return el.checked === el.defaultChecked;
  return el.value === (el.dataset.default || "");
}

// Fields the person has typed in (or that came in the address): only these may show
// "please fill in" — nobody is told off before they have typed anything.
function readAddress(form, touched) {
  const query = new URLSearchParams(window.location.search);
  for (const el of fieldsOf(form)) {
    if (!query.has(el.name)) continue;
    const value = query.get(el.name);
    if (el.type === "checkbox") el.checked = TRUE.includes(value.toLowerCase());
    else el.value = value;
    touched.add(el.name);
    const more = el.closest("details");
    if (more && !isDefault(el)) more.open = true;
  }
}

function isBlank(form, name) {
  const control = form.elements.namedItem(name);
  return !control || (control.type !== "checkbox" && String(control.value).trim() === "");
}

function writeAddress(form) {
  const query = new URLSearchParams(window.location.search);
  for (const el of fieldsOf(form)) {
    const hidden = el.closest("[hidden]");
    if (hidden || isDefault(el)) query.delete(el.name);
    else query.set(el.name, el.type === "checkbox" ? "1" : el.value);
  }
  const search = query.toString();
  const address = window.location.pathname + (search ? `?${search}` : "") + window.location.hash;
  window.history.replaceState(null, "", address);
}

function showRelevant(form) {
  for (const box of form.querySelectorAll("[data-calc-when]")) {
    const [name, values] = box.dataset.calcWhen.split(":");
    const control = form.elements.namedItem(name);
    box.hidden = Boolean(control) && !values.split("|").includes(control.value);
  }
}

function inputs(form) {
  const out = {};
  for (const el of fieldsOf(form)) {
    if (el.closest("[hidden]")) continue;
    out[el.name] = el.type === "checkbox" ? el.checked : el.value;
  }
  return out;
}

function clearMessages(form, general) {
  for (const el of fieldsOf(form)) {
    el.removeAttribute("aria-invalid");
    const box = document.getElementById(`${el.id}-msg`);
    if (box) box.textContent = "";
  }
  general.textContent = "";
}

function showSteps(list, lines) {
  list.replaceChildren(...lines.map((line) => {
    const item = document.createElement("li");
    const output = document.createElement("output");
    output.textContent = line;
    item.append(output);
    return item;
  }));
}

function compute(form, rule, params, parts, touched) {
  showRelevant(form);
  clearMessages(form, parts.general);
  try {
    const result = run(rule, params.versions, inputs(form));
    for (const out of params.outputs) {
      const element = form.querySelector(`output[name="${out.name}"]`);
      if (!element) continue;
      const value = result.outputs[out.name];
      element.textContent = printed(value, out.type);
      // A date that does not apply (no end of cover in this case) is left out, as in the examples.
      const row = element.closest(".calc-output-row");
      if (row) row.hidden = out.type === "date" && value === "";
    }
    showSteps(parts.steps, result.steps);
    const titles = (result.version.sources || []).map((id) => params.sources[id]).filter(Boolean);
    // the start as the page prints it (calculators/common.py version_start: 约… when estimated)
    const from = result.version.start;
    // the line above the result names the parameters in force when the page was built; a day
    // chosen under “更多选项” may take an earlier set: then the line says which
    if (parts.asof) {
      if (from === parts.asof.dataset.start) parts.asof.replaceChildren(...parts.asofAsBuilt);
      else parts.asof.textContent = `按所选日期适用的参数计算（参数自${from}起施行，不是本市现在的规定）`;
    }
    parts.basis.textContent = `所用参数：自${from}起施行` +
      (titles.length ? `；来源：${titles.join("、")}` : "") + "。";
    parts.share.hidden = false;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    for (const out of params.outputs) {
      const element = form.querySelector(`output[name="${out.name}"]`);
      if (element) element.textContent = "—";
    }
    parts.basis.textContent = "";
    if (error.unknown) {
      // not a mistake: what the guide does not know, said where the answer would be
      showSteps(parts.steps, [error.message]);
      parts.share.hidden = false;
      return;
    }
    const waiting = !touched.has(error.field) && isBlank(form, error.field);
    const control = form.elements.namedItem(error.field);
    if (!waiting) {
      const box = control && document.getElementById(`${control.id}-msg`);
      (box || parts.general).textContent = error.message;
      if (control) control.setAttribute("aria-invalid", "true");
    }
    showSteps(parts.steps, [waiting ? "填写上面的内容后，这里会列出每一步。" : "请先改正上面标出的内容。"]);
    parts.share.hidden = true;
  }
}

async function setUp(form) {
  const data = document.getElementById(form.dataset.calcParams);
  if (!data) return;
  const params = JSON.parse(data.textContent);
  if (!KIND.test(params.kind)) return;
  const rule = await import(`./${params.kind}.js`);
  const root = form.closest(".calc") || document;
  const notice = root.querySelector("[data-calc-nojs]");
  if (notice) notice.hidden = true;
  form.hidden = false; // hidden in the HTML: without this script its button would do nothing
  // The page may have been built days ago: "today" is the reader's today.
  const day = form.elements.namedItem(DATE_FIELD);
  if (day) {
    day.value = localToday();
    day.dataset.default = day.value;
  }
  const touched = new Set();
  readAddress(form, touched);
  const parts = {
    general: document.getElementById(`${root.id}-msg`) || document.createElement("p"),
    steps: form.querySelector("[data-calc-steps]"),
    basis: form.querySelector("[data-calc-basis]"),
    asof: form.querySelector("[data-calc-asof]"),
    share: form.querySelector("[data-calc-share]") || document.createElement("p"),
  };
  parts.asofAsBuilt = parts.asof ? [...parts.asof.childNodes].map((n) => n.cloneNode(true)) : [];
  const update = (event) => {
    if (event && event.target && event.target.name) touched.add(event.target.name);
    compute(form, rule, params, parts, touched);
    writeAddress(form);
  };
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    for (const el of fieldsOf(form)) touched.add(el.name);
    update();
  });
  const copy = form.querySelector("[data-calc-copy]");
  const copied = form.querySelector("[data-calc-copied]");
  if (copy) {
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(window.location.href);
        copied.textContent = "已复制，可以粘贴到微信发给家人。";
      } catch {
        copied.textContent = `请长按复制这个地址：${window.location.href}`;
      }
    });
  }
  showRelevant(form);
  compute(form, rule, params, parts, touched);
}

for (const form of document.querySelectorAll("form[data-calc-form]")) {
  setUp(form).catch((error) => console.error("计算器加载失败", error));
}
