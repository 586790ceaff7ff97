"""A validated city file's data → the model's frozen objects. Only data that passed the
checks reaches here, so this trusts shapes and types; what is for editors is dropped."""
from __future__ import annotations

import datetime as dt
from typing import Any

from generator.core.citations import MARKER, MARKER_ID
from generator.core.project import NATIONAL_FILE
from generator.model.city import (CITY, NATIONAL, PROVINCE, BenefitText, BenefitYear, CalculatorData, Category,
                                  Channel, City, Conflict, ConflictValue, CoverRule, Enrolment, Line, Material,
                                  MonthDay, MoneyItem, Office, Procedure, Provenance, Region, Rule, Scheme, Section,
                                  Source, Tip, Uncertain, Window)


def public(data: Any) -> Any:
    """`data` without its editor notes: what is for editors never reaches a page."""
    if isinstance(data, dict):
        return {k: public(v) for k, v in data.items() if k != "editor_note"}
    if isinstance(data, list):
        return [public(v) for v in data]
    return data


def _uncertain(item: dict[str, Any]) -> Uncertain | None:
    return Uncertain(**item["uncertain"]) if item.get("uncertain") else None


def _conflicts(item: dict[str, Any], by_id: dict[str, Source]) -> tuple[Conflict, ...]:
    return tuple(
        Conflict(c["field"], tuple(ConflictValue(v["value"], by_id[v["source"]]) for v in c["values"]),
                 c.get("note"), c.get("title"))
        for c in item.get("conflicts", ()))


def _rules(raw: list[dict[str, Any]] | None, level: str, place: str, by_id: dict[str, Source],
           file: str) -> tuple[Rule, ...]:
    return tuple(
        Rule(r["question"], r["text"], level, place, tuple(by_id[i] for i in r["sources"]),
             dt.date.fromisoformat(r["verified"]),
             dt.date.fromisoformat(r["from"]) if r.get("from") else None, r.get("from_note"),
             r.get("applies_to"), _uncertain(r), _conflicts(r, by_id), file)
        for r in raw or ())


def build_region(data: dict[str, Any], file: str) -> Region:
    """national.yaml or provinces/<拼音>.yaml, checked. Its source ids take the region's
    pinyin in front (n57 → national-n57), in its sources and its citation markers alike, so
    that on a city's page they cannot be mistaken for the city's own."""
    region = data["region"]
    prefix = region["pinyin"] + "-"
    data = _prefixed(data, prefix)
    sources = tuple(Source(**s) for s in data.get("sources") or ())
    data = public(data)
    by_id = {s.id: s for s in sources}
    level = NATIONAL if file == NATIONAL_FILE else PROVINCE
    return Region(
        region["name"], region["pinyin"], level, sources,
        _rules(data.get("rules"), level, region["name"], by_id, file), file,
        region.get("summary"), region.get("note"),
        tuple(Line(p["name"], p["number"], tuple(p["can"]), tuple(by_id[i] for i in p["sources"]),
                   dt.date.fromisoformat(p["verified"]), tuple(p.get("cannot", ())),
                   bool(p.get("with_area_code")), p.get("hours"))
              for p in data.get("phones") or ()),
        tuple(CalculatorData(kind, Provenance(tuple(by_id[i] for i in block["sources"]),
                                              dt.date.fromisoformat(block["verified"])),
                             tuple(block["versions"]), (), block.get("note"))
              for kind, block in (data.get("calculators") or {}).items()))



def _prefixed(data: Any, prefix: str, key: str = "") -> Any:
    if isinstance(data, dict):
        return {k: _prefixed(v, prefix, k) for k, v in data.items()}
    if isinstance(data, list):
        return [_prefixed(v, prefix, key) for v in data]
    if isinstance(data, str):
        if key in ("id", "source", "sources"):
            return prefix + data
        if key not in ("editor_note", "url", "file"):
            return MARKER.sub(lambda m: "[" + MARKER_ID.sub(lambda i: prefix + i.group(0), m.group(1)) + "]", data)
    return data


def build_city(data: dict[str, Any], file: str) -> City:
    sources = tuple(Source(**s) for s in data.get("sources") or ())
    data = public(data)
    by_id = {s.id: s for s in sources}

    def refs(ids: list[str] | None) -> tuple[Source, ...]:
        return tuple(by_id[i] for i in ids or ())

    def provenance(section: dict[str, Any]) -> Provenance:
        return Provenance(refs(section["sources"]), dt.date.fromisoformat(section["verified"]),
                          section.get("note"))

    def conflicts(item: dict[str, Any]) -> tuple[Conflict, ...]:
        return _conflicts(item, by_id)

    def section(key: str, make) -> Section | None:
        raw = data.get(key)
        if not raw:
            return None
        return Section(tuple(make(item) for item in raw["items"]), provenance(raw))

    def plain(item: dict[str, Any], **extra: Any) -> dict[str, Any]:
        out = {k: (tuple(v) if isinstance(v, list) else v) for k, v in item.items()
               if k not in ("sources", "conflicts", "uncertain")}
        out.update(extra)
        return out

    city = data["city"]
    enrolment = None
    if data.get("enrolment"):
        raw = data["enrolment"]
        enrolment = Enrolment(
            provenance(raw),
            tuple(Window(w["scheme"], w["name"], MonthDay.parse(w["start"]), MonthDay.parse(w["end"]),
                         w.get("note"), w.get("question"), refs(w.get("sources"))) for w in raw.get("windows", ())),
            tuple(BenefitYear(b["applies_to"], MonthDay.parse(b["start"]), MonthDay.parse(b["end"]),
                              b.get("note"), refs(b.get("sources"))) for b in raw.get("benefit_years", ())),
            tuple(CoverRule(r["case"], r["text"], r.get("question"), refs(r.get("sources")), _uncertain(r))
                  for r in raw.get("rules", ())),
        )
    return City(
        name=city["name"], pinyin=city["pinyin"], province=city["province"],
        identity=provenance(city) if "verified" in city else None, sources=sources, file=file,
        area_code=city.get("area_code"), districts=tuple(city.get("districts", ())),
        summary=city.get("summary"),
        schemes=section("schemes", lambda s: Scheme(
            s["id"], s["name"], tuple(Category(**c) for c in s["categories"]),
            s.get("summary"), s.get("note"), refs(s.get("sources")))),
        materials=section("materials", lambda m: Material(**plain(m), sources=refs(m.get("sources")))),
        procedures=section("procedures", lambda p: Procedure(
            **plain(p), sources=refs(p.get("sources")), conflicts=conflicts(p), uncertain=_uncertain(p))),
        offices=section("offices", lambda o: Office(
            **plain(o), sources=refs(o.get("sources")), conflicts=conflicts(o), uncertain=_uncertain(o))),
        channels=section("channels", lambda c: Channel(
            **plain(c), sources=refs(c.get("sources")), conflicts=conflicts(c), uncertain=_uncertain(c))),
        enrolment=enrolment,
        money=section("money", lambda m: MoneyItem(
            m["label"], m["value"], m["unit"], m.get("topic"), m.get("scheme"),
            dt.date.fromisoformat(m["from"]) if m.get("from") else None, m.get("note"),
            refs(m.get("sources")), _uncertain(m), m.get("question"))),
        benefits=section("benefits", lambda b: BenefitText(
            b["title"], b["text"], b.get("scheme"), refs(b.get("sources")), _uncertain(b), b.get("question"))),
        tips=section("tips", lambda t: Tip(
            t["kind"], t["text"], t.get("topic", "general"), refs(t.get("sources")), _uncertain(t),
            t.get("question"))),
        calculators=tuple(
            CalculatorData(kind, provenance(block), tuple(block["versions"]),
                           tuple(block.get("examples", ())), block.get("note"))
            for kind, block in (data.get("calculators") or {}).items()),
        rules=_rules(data.get("rules"), CITY, city["name"], by_id, file),
    )
