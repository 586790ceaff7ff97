"""View objects for templates/partials/calculator.html: everything printed, nothing to decide.

Worked examples are computed here, at build time, so a reader without JavaScript still
sees the city's numbers at work; static/calc/app.js then computes the same rules live.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from types import ModuleType
from typing import Any, Mapping

from markupsafe import Markup

from generator.views.caveats import caveat
from generator.model.city import NATIONAL, STALE_AFTER_YEARS, CalculatorData, City, Provenance, Region, Source
from generator.views.citations import Contact, ProvenanceView, SourceView, cited_ids, city_contact, provenance_view
from generator.core import money
from generator.calculators import RULES
from generator.calculators.common import version_start
from generator.calculators.common import DATE_FIELD, DATE_LABEL, Field, InputError, in_force, printed, run, sorted_versions


@dataclass(frozen=True)
class FieldView:
    name: str
    id: str
    label: str
    kind: str  # number, select, date, checkbox
    options: tuple[tuple[str, str], ...]
    unit: str
    min: str
    max: str
    default: str
    hint: str
    optional: bool
    inputmode: str
    when: str  # "status:employee" — the field matters only then; "" always
    message_id: str
    hint_id: str


@dataclass(frozen=True)
class OutputView:
    name: str
    id: str
    label: str
    type: str


@dataclass(frozen=True)
class ExampleView:
    title: str
    label: str  # 来源给出的算例 / 按本市参数计算的示例
    inputs: tuple[tuple[str, str], ...]
    outputs: tuple[tuple[str, str], ...]
    steps: tuple[str, ...]
    note: str | None = None
    error: str | None = None  # the example's inputs do not fit this version (shown, not hidden)


@dataclass(frozen=True)
class CalcProvenance:
    sources: tuple[SourceView, ...]
    date: str  # 资料时间: the newest source of these parameters, "约2012年"
    verified: str
    effective: str  # the first day of the version used: "2012年7月1日", "约2012年7月1日" when inferred
    effective_note: str | None
    stale: bool
    note: str | None
    versions: int
    view: ProvenanceView  # the warning, and citations in the notes


@dataclass(frozen=True)
class CalculatorView:
    kind: str
    slug: str
    title: str
    intro: str
    formula: tuple[str, ...]
    fields: tuple[FieldView, ...]
    more: tuple[FieldView, ...]  # under 更多选项: the date whose rules apply (default today)
    outputs: tuple[OutputView, ...]
    params_json: Markup
    examples: tuple[ExampleView, ...]
    provenance: CalcProvenance
    form_id: str
    caveats: tuple[str, ...] = ()  # parameters read from damaged text or general knowledge, in words


effective_date = version_start  # the one wording, calculators/common.py


def slug(kind: str) -> str:
    return kind.replace("_", "-")


def _number_text(value: float | None) -> str:
    return "" if value is None else money.number(value, 2).replace(",", "")


def field_view(f: Field, prefix: str) -> FieldView:
    fid = f"{prefix}-{f.name}"
    return FieldView(f.name, fid, f.label, f.kind, f.options, f.unit, _number_text(f.min), _number_text(f.max),
                     f.default, f.hint, f.optional, f.inputmode, f"{f.when[0]}:{f.when[1]}" if f.when else "",
                     fid + "-msg", fid + "-hint" if f.hint else "")


def script_json(value: Any) -> Markup:
    """JSON that cannot end a <script> element or open a comment: <, > and & are escaped.

    Returned as Markup because it is already safe for its one place, inside
    <script type="application/json">, where HTML entities would not be decoded."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return Markup(text)


def _printed_input(name: str, value: Any, fields: Mapping[str, Field], rule: ModuleType) -> tuple[str, str]:
    f = fields.get(name)
    label = f.label if f else (DATE_LABEL if name == DATE_FIELD else rule.LABELS.get(name, name))
    if f and f.kind == "select":
        return label, dict(f.options).get(str(value), str(value)) or "无"
    if isinstance(value, bool) or (f and f.kind == "checkbox"):
        return label, "是" if value is True or str(value).lower() in ("true", "1", "on") else "否"
    if isinstance(value, (int, float)):
        unit = f.unit if f else ""
        return label, f"{money.number(value)} {unit}".strip()
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return label, money.date(dt.date.fromisoformat(value))
        except ValueError:
            pass
    return label, str(value)


def example_view(rule: ModuleType, versions, inputs: Mapping[str, Any], fields: Mapping[str, Field],
                 title: str, label: str, note: str | None = None) -> ExampleView:
    shown = tuple(_printed_input(k, v, fields, rule) for k, v in inputs.items() if v != "" and v is not None)
    try:
        result = run(rule, versions, inputs)
    except InputError as exc:
        return ExampleView(title, label, shown, (), (), note, exc.message)
    outs = tuple((o.label, printed(result.outputs[o.name], o.type)) for o in rule.OUTPUTS
                 if not (o.type == "date" and result.outputs[o.name] == ""))
    return ExampleView(title, label, shown, outs, result.steps, note)


def calculator_view(rule: ModuleType, data: CalculatorData, city: City, today: dt.date,
                    stale_after_years: int = STALE_AFTER_YEARS, extra_sources: tuple[Source, ...] = (),
                    contact: Contact | None = None) -> CalculatorView:
    versions = sorted_versions(data.versions)
    version = in_force(versions, today)
    prefix = f"calc-{slug(rule.KIND)}"
    fields = rule.fields(version)
    by_name = {f.name: f for f in fields}
    date_field = Field(DATE_FIELD, DATE_LABEL, "date", default=today.isoformat(),
                       hint=f"不用改：默认用本市资料里今天有效的一组规定（自{effective_date(version)}起施行），"
                            f"不一定是现在的政策。想按以前某一天的规定计算，就改成那一天。")
    # a source's worked example is computed on the city's own rules, of the source's time
    own = sorted_versions(tuple(v for v in data.versions if "level" not in v))
    own_fields = {f.name: f for f in rule.fields(in_force(own, today))} if own else by_name
    examples = [example_view(rule, own, ex["inputs"], own_fields, ex.get("title") or "来源给出的算例",
                             "来源给出的算例", ex.get("note")) for ex in data.examples]
    for i, sample in enumerate(rule.samples(version, today), 1):
        dated = {**sample, DATE_FIELD: version["from"]}
        view = example_view(rule, versions, dated, by_name, f"示例 {i}", "按本市参数计算的示例")
        examples.append(ExampleView(view.title, view.label, tuple(r for r in view.inputs if r[0] != DATE_LABEL),
                                    view.outputs, view.steps, view.note, view.error))
    ids = {i for v in versions for i in v.get("sources") or ()}
    pool = city.sources + extra_sources  # a version of a national rule cites the nation's sources
    cited = tuple(dict.fromkeys(s for s in pool if s.id in ids))
    notes = (data.note, version.get("note"), version.get("from_note"), tuple(ex.get("note") for ex in data.examples))
    shared = provenance_view(data.provenance, today, cited, anchor=f"{prefix}-src",
                             contact=contact or city_contact(city, ()), cited=cited_ids(notes), all_sources=pool,
                             stale_after_years=stale_after_years)
    # each version carries its start as the page prints it, so the script says it the same way
    params = {"kind": rule.KIND, "versions": [{**v, "start": version_start(v)} for v in versions],
              "outputs": [{"name": o.name, "label": o.label, "type": o.type} for o in rule.OUTPUTS],
              "sources": {s.id: s.title for s in data.provenance.sources + cited}}
    provenance = CalcProvenance(
        shared.sources, shared.date, shared.verified, effective_date(version),
        version.get("from_note"), shared.stale,
        " ".join(n for n in (version.get("note"), data.note) if n) or None, len(versions), shared)
    labels = {f.name: f.label for f in fields}
    caveats = tuple(c for u in data.uncertain(version)
                    if (c := caveat(u, labels.get(u.field or "") or rule.LABELS.get(u.field or ""))))
    return CalculatorView(
        rule.KIND, slug(rule.KIND), rule.TITLE, rule.INTRO, rule.formula(version),
        tuple(field_view(f, prefix) for f in fields), (field_view(date_field, prefix),),
        tuple(OutputView(o.name, f"{prefix}-out-{o.name}", o.label, o.type) for o in rule.OUTPUTS),
        script_json(params), tuple(examples), provenance, prefix, caveats)


def views(city: City, today: dt.date, stale_after_years: int = STALE_AFTER_YEARS,
          regions: tuple[Region, ...] = ()) -> list[CalculatorView]:
    """The calculators this city's data supports, ready for templates/partials/calculator.html,
    with the versions of the nation's and its province's rules that change how they compute
    (the 2021 reform of the employees' account) from the day those apply."""
    blocks = {c.kind: c for c in city.calculators}
    above = [r for r in regions if r.level == NATIONAL or r.name == city.province]
    for region in above:
        for data in region.calculators:
            if data.kind in blocks:
                blocks[data.kind] = _with_rule_above(blocks[data.kind], data, city, region)
    extra = tuple(s for r in above for s in r.sources)
    contact = city_contact(city, tuple(line for r in regions if r.level == NATIONAL for line in r.lines))
    return [calculator_view(RULES[kind], blocks[kind], city, today, stale_after_years, extra, contact)
            for kind in RULES if kind in blocks]


def _with_rule_above(own: CalculatorData, above: CalculatorData, city: City, region: Region) -> CalculatorData:
    """The city's calculator with `above`'s versions added, made concrete for this city: the
    reform's “only the employee's own contribution” becomes the city's own employee rate of
    that day. A version the city's data cannot make concrete is left out."""
    versions = list(own.versions)
    contribution = next((c for c in city.calculators if c.kind == "employee_contribution"), None)
    for version in above.versions:
        if version.get("own_contribution") and contribution:
            day = dt.date.fromisoformat(version["from"])
            rate = in_force(sorted_versions(contribution.versions), day).get("employee_rate")
            if rate is None:
                continue
            versions.append({"from": version["from"], "bands": [{"rate": rate}], "retiree_fixed": True,
                             "level": region.name,
                             **{k: version[k] for k in ("from_note", "note", "sources") if k in version}})
    note = " ".join(n for n in (own.note, above.note) if n) or None
    return replace(own, versions=tuple(versions), note=note,
                   provenance=Provenance(own.provenance.sources + above.provenance.sources,
                                         min(own.provenance.verified, above.provenance.verified)))
