// Runs tests/vectors/<kind>.json through static/calc/<kind>.js and prints what JavaScript
// computes, as JSON, for tests/test_calculators_js.py to compare with the vectors and with
// Python. No npm packages: plain Node ES modules.
//
//   node tests/calc_vectors.mjs vectors < json → {kind: [{name, outputs|error, steps}]}
//   node tests/calc_vectors.mjs probes < json  → money and calendar results for given probes
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const calc = join(here, "..", "static", "calc");
const load = (name) => import(pathToFileURL(join(calc, name)).href);

const common = await load("common.js");

// The vectors come on stdin with their parameters resolved (a city file's versions where
// the vector names a city): {kind: [{name, versions, inputs}]}.
async function vectors() {
  const out = {};
  const all = JSON.parse(readFileSync(0, "utf8"));
  for (const kind of Object.keys(all).sort()) {
    const rule = await load(`${kind}.js`);
    out[kind] = all[kind].map((c) => {
      try {
        const result = common.run(rule, c.versions, c.inputs);
        return { name: c.name, outputs: result.outputs, steps: result.steps };
      } catch (e) {
        if (!(e instanceof common.InputError)) throw e;
        return { name: c.name, error: { field: e.field, message: e.message } };
      }
    });
  }
  return out;
}

async function probes() {
  const money = await load("money.js");
  const dates = await load("dates.js");
  const input = JSON.parse(readFileSync(0, "utf8"));
  return {
    money: input.money.map(([a, b]) => {
      const v = a * b;
      return [money.roundFen(v), money.yuan(v), money.percent(b), money.number(a)];
    }),
    dates: input.dates.map(([day, months, start, windowEnd]) => [
      dates.addMonths(day, months), dates.firstOfMonth(day, months), dates.benefitYear(day, start),
      dates.dayBefore(start), dates.inWindow(day, start, windowEnd),
    ]),
  };
}

const mode = process.argv[2];
const result = mode === "probes" ? await probes() : await vectors();
process.stdout.write(JSON.stringify(result));
