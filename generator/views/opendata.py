"""What the data page says about the open data files (generator/output/opendata.py writes them)."""
from __future__ import annotations

from dataclasses import dataclass

from generator.model.city import City

LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/deed.zh-hans"}


@dataclass(frozen=True)
class CityFile:
    name: str
    pinyin: str
    path: str  # relative to the data page: "dalian.json"


def city_files(cities: tuple[City, ...]) -> tuple[CityFile, ...]:
    """The per-city files, as the data page lists them."""
    return tuple(CityFile(c.name, c.pinyin, f"{c.pinyin}.json") for c in sorted(cities, key=lambda c: c.pinyin))
