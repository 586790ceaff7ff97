"""The home page's city list and the compare page's tables: views across all cities."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from generator.core import chinese
from generator.calculators.common import in_force, version_start
from generator.views.citations import info_date
from generator.model.city import City, Provenance, Source
from generator.model.sources import newest as newest_source
from generator.core.phones import PhoneView, phone_view

# figures whose sources are this many years apart are not compared without a word
YEARS_APART = 2


@dataclass(frozen=True)
class ProvinceGroup:
    province: str
    cities: tuple[City, ...]


def provinces(cities: tuple[City, ...]) -> tuple[ProvinceGroup, ...]:
    groups: dict[str, list[City]] = {}
    for city in sorted(cities, key=lambda c: (c.province, c.pinyin)):
        groups.setdefault(city.province, []).append(city)
    return tuple(ProvinceGroup(p, tuple(cs)) for p, cs in groups.items())


@dataclass(frozen=True)
class CompareRow:
    city: str
    href: str  # relative to the compare page
    cells: tuple[str, ...]
    phones: tuple[tuple[str, PhoneView], ...] = ()  # (line name, number), printed as tel: links
    date: str = ""  # 资料时间: the newest of the sources the row's figures cite
    verified: str = ""  # when that was checked against its sources
    latest: dt.date | None = None  # the last day that newest source can be from
    older_by: int = 0  # whole years older than the table's newest row, when YEARS_APART or more


@dataclass(frozen=True)
class CompareTable:
    id: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[CompareRow, ...]
    missing: tuple[str, ...] = field(default_factory=tuple)
    apart: str = ""  # "资料时间相差约10年（约2012年至约2022年）……" when the rows' dates are years apart


def _years(later: dt.date, earlier: dt.date) -> int:
    return round((later - earlier).days / 365.25)


def _table(id: str, title: str, headers: tuple[str, ...], rows: list[CompareRow], missing: list[str]) -> CompareTable:
    """A table whose rows are dated years apart says so, and marks the older rows."""
    dated = [r for r in rows if r.latest]
    apart = ""
    if len(dated) > 1:
        newest = max(dated, key=lambda r: r.latest)
        oldest = min(dated, key=lambda r: r.latest)
        gap = _years(newest.latest, oldest.latest)
        if gap >= YEARS_APART:
            apart = (f"注意：这张表里各城市的资料时间相差约 {gap} 年（{oldest.date}至{newest.date}），"
                     "不是同一年的数字，不能直接比高低；较旧的可能已经变了，办理前请先问当地医保部门。")
            rows = [replace(r, older_by=_years(newest.latest, r.latest))
                    if r.latest and _years(newest.latest, r.latest) >= YEARS_APART else r for r in rows]
    return CompareTable(id, title, headers, tuple(rows), tuple(missing), apart)


def _dated(p: Provenance, own: tuple[Source, ...] = ()) -> dict:
    """The row's date: the newest of the sources its figures cite (the section's, for a
    figure that cites none of its own)."""
    newest = newest_source(own or p.sources)
    return {"date": info_date(newest), "verified": chinese.date(p.verified),
            "latest": newest.latest() if newest else None}


def _from(version: dict) -> str:
    """When a version took effect; '约…' when the source gives no date (see its from_note)."""
    return version_start(version)


def _version_sources(city: City, version: dict) -> tuple[Source, ...]:
    return tuple(s for s in city.sources if s.id in version.get("sources", ()))


def _row(city: City, topic: str, *cells: str, dated: dict[str, str]) -> CompareRow:
    return CompareRow(city.name, f"../{city.pinyin}/{topic}/", cells, **dated)


def compare_tables(cities: tuple[City, ...], today: dt.date) -> tuple[CompareTable, ...]:
    ordered = sorted(cities, key=lambda c: c.pinyin)
    premium_rows, rate_rows, window_rows, hotline_rows = [], [], [], []
    missing: dict[str, list[str]] = {"premium": [], "rates": [], "windows": [], "hotlines": []}
    for c in ordered:
        calcs = {k.kind: k for k in c.calculators}
        if "resident_premium" in calcs:
            v = in_force(calcs["resident_premium"].versions, today)
            tiers = "；".join(f"{t['name']} {chinese.yuan(t['personal'])}" for t in v["tiers"])
            subsidy = chinese.yuan(v["government_subsidy"]) if "government_subsidy" in v else "—"
            premium_rows.append(_row(c, "pay", tiers, subsidy, _from(v),
                                     dated=_dated(calcs["resident_premium"].provenance, _version_sources(c, v))))
        else:
            missing["premium"].append(c.name)
        if "employee_contribution" in calcs:
            v = in_force(calcs["employee_contribution"].versions, today)
            base = []
            if "base_floor_ratio" in v:
                base.append(f"下限为社平工资的 {chinese.percent(v['base_floor_ratio'])}")
            if "base_ceiling_ratio" in v:
                base.append(f"上限为社平工资的 {chinese.percent(v['base_ceiling_ratio'])}")
            if "base_floor" in v:
                base.append(f"最低基数 {chinese.yuan(v['base_floor'])}/月")
            rate_rows.append(_row(c, "pay", chinese.percent(v["employer_rate"]), chinese.percent(v["employee_rate"]),
                              "；".join(base) or "—", _from(v),
                              dated=_dated(calcs["employee_contribution"].provenance, _version_sources(c, v))))
        else:
            missing["rates"].append(c.name)
        if c.enrolment and c.enrolment.windows:
            for w in c.enrolment.windows:
                window_rows.append(_row(c, "enrol", w.name, chinese.period(w.start, w.end),
                                        dated=_dated(c.enrolment.provenance, w.sources)))
        else:
            missing["windows"].append(c.name)
        lines = c.hotlines()
        if lines:
            hotline_rows.append(CompareRow(c.name, f"../{c.pinyin}/query/", (),
                                           tuple((ch.name, phone_view(ch.phone)) for ch in lines),
                                           **_dated(c.channels.provenance, tuple(s for ch in lines for s in ch.sources))))
        else:
            missing["hotlines"].append(c.name)
    return (
        _table("premium", "城乡居民医保个人缴费", ("城市", "个人缴费", "政府补助", "生效", "资料时间"),
               premium_rows, missing["premium"]),
        _table("rates", "职工医保缴费比例", ("城市", "单位", "个人", "缴费基数", "生效", "资料时间"),
               rate_rows, missing["rates"]),
        _table("windows", "集中参保时间", ("城市", "事项", "时间", "资料时间"), window_rows, missing["windows"]),
        _table("hotlines", "咨询电话", ("城市", "电话", "资料时间"), hotline_rows, missing["hotlines"]),
    )
