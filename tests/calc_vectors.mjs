// Runs tests/vectors/<kind>.json through static/calc/<kind>.js and prints what JavaScript
// computes, as JSON, for tests/test_calculators_js.py to compare with the vectors and with
// Python. No npm packages: plain Node ES modules.
//
//   node tests/calc_vectors.mjs vectors        → {kind: [{name, outputs|error, steps}]}
//   node tests/calc_vectors.mjs probes < json  → money and calendar results for given probes
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const calc = join(here, "..", "static", "calc");
const load = (name) => import(pathToFileURL(join(calc, name)).href);

const common = await load("common.js");

async function vectors() {
  const out = {};
  for (const file of readdirSync(join(here, "vectors")).filter((f) => f.endsWith(".json")).sort()) {
    const kind = file.slice(0, -5);
    const rule = await load(`${kind}.js`);
    const cases = JSON.parse(readFileSync(join(here, "vectors", file), "utf8"));
    out[kind] = cases.map((c) => {
      try {
        const result = common.run(rule, c.versions || [c.params], c.inputs);
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
