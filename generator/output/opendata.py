"""Open data: the guide's facts as files, so researchers, journalists and other apps can
use them without scraping the pages.

- data/<拼音>.json — one city's facts with their sources and dates, in the format that
  data/schema.json (generator/schema/open-data.schema.json) documents;
- data/facts.csv — every city, one fact a row, UTF-8 with a byte-order mark so that
  Excel opens the Chinese text correctly.

Built from the same flat list of facts as `yibao diff` and `yibao report`. The build
adds these to the files it writes; the page that explains them is templates/data.html.
"""
from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass

from generator.core.addresses import OPEN_DATA, OPEN_DATA_CSV, OPEN_DATA_SCHEMA
from generator.model.city import City
from generator.output.facts import LIST_SEPARATOR, Fact, SourceInfo, city_facts, plain
from generator.source import schemas
from generator.views.opendata import LICENCE

CSV_HEADER = ("城市", "城市拼音", "省份", "栏目", "项目", "字段", "值", "单位", "来源", "来源类型", "来源网址",
              "来源日期", "最后核实日期", "网页", "不确定")


def page_of(fact: Fact) -> str:
    """The page that shows the fact, relative to the site root."""
    return f"{fact.pinyin}/{fact.topic}/" if fact.topic else f"{fact.pinyin}/"


def fact_record(fact: Fact, source_index: dict[SourceInfo, int]) -> dict:
    return {
        "section": fact.section,
        "item": fact.item or None,
        "field": fact.field,
        "value": plain(fact.value),
        "unit": fact.unit,
        "sources": [source_index[s] for s in fact.sources],
        "source_date": fact.source_date,
        "verified": fact.verified.isoformat(),
        "page": page_of(fact),
        "uncertain": fact.uncertain,
    }


def source_record(source: SourceInfo) -> dict:
    return {"title": source.title, "publisher": source.publisher, "url": source.url, "kind": source.kind,
            "date": source.date, "date_estimated": source.estimated, "date_before": source.before}


def city_document(city: City, facts: list[Fact], today: dt.date) -> dict:
    """One city's file: its sources once, and its facts citing them by position."""
    sources = list(dict.fromkeys(s for f in facts for s in f.sources))
    index = {s: i for i, s in enumerate(sources)}
    return {
        "city": city.name,
        "pinyin": city.pinyin,
        "province": city.province,
        "generated": today.isoformat(),
        "licence": dict(LICENCE),
        "sources": [source_record(s) for s in sources],
        "facts": [fact_record(f, index) for f in facts],
    }


def schema(base_url: str) -> dict:
    data = copy.deepcopy(schemas.schema("open-data"))
    data["$id"] = f"{base_url.rstrip('/')}/{OPEN_DATA}/{OPEN_DATA_SCHEMA}"
    return data


def _cell(fact: Fact) -> str:
    value = fact.value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return f"{value:.10g}"
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection"), and a cell
# that is only a number, which it reads as that number whatever its sign.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def spreadsheet_safe(cell: str) -> str:
    """The cell with a single quote in front when Excel, WPS or LibreOffice would take it
    for a formula (`=HYPERLINK(…)`, `@SUM(…)`, `-2+3`); a plain number such as `-5` keeps
    its sign. The JSON files keep every value as written."""
    if cell.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def csv_rows(rows: list[tuple[City, Fact]]) -> str:
    """The CSV lines of these facts, one fact a row; lists joined with “；”; no cell a
    spreadsheet would run as a formula (`spreadsheet_safe`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for city, f in rows:
        cells = (f.city, f.pinyin, city.province, f.section, f.item, f.field, _cell(f), f.unit or "",
                 LIST_SEPARATOR.join(s.title for s in f.sources),
                 LIST_SEPARATOR.join(dict.fromkeys(s.kind for s in f.sources)),
                 LIST_SEPARATOR.join(s.url for s in f.sources if s.url),
                 f.source_date_text, f.verified.isoformat(), page_of(f), f.uncertain or "")
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return out.getvalue()


def csv_bytes(parts: list[bytes]) -> bytes:
    """The header row, then the rows `csv_rows` made (in UTF-8). UTF-8 with a BOM, so
    Excel reads it as UTF-8 instead of the system's GBK."""
    return _header().encode("utf-8-sig") + b"".join(parts)


def _header() -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(CSV_HEADER)
    return out.getvalue()


@dataclass(frozen=True)
class CityData:
    """One city's share of the open data: its own file, and its rows of the CSV file."""
    pinyin: str
    json: str
    csv: bytes  # its rows of facts.csv, in UTF-8


def city_data(city: City, today: dt.date) -> CityData:
    facts = city_facts(city)
    return CityData(city.pinyin, _json(city_document(city, facts, today)), csv_rows([(city, f) for f in facts]).encode("utf-8"))


def files(cities: tuple[City, ...], today: dt.date, base_url: str) -> dict[str, str | bytes]:
    """Every open-data file, by its path under the site root."""
    return assemble([city_data(city, today) for city in cities], base_url)


def assemble(parts: list[CityData], base_url: str) -> dict[str, str | bytes]:
    """Every open-data file from the cities' shares (`yibao serve` keeps them, and makes
    again only the share of a city that changed)."""
    ordered = sorted(parts, key=lambda d: d.pinyin)
    out: dict[str, str | bytes] = {f"{OPEN_DATA}/{d.pinyin}.json": d.json for d in ordered}
    out[f"{OPEN_DATA}/{OPEN_DATA_CSV}"] = csv_bytes([d.csv for d in ordered])
    out[f"{OPEN_DATA}/{OPEN_DATA_SCHEMA}"] = _json(schema(base_url))
    return out


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
