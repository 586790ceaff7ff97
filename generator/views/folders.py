"""The pages of folders that hold other pages (a city's checklists/, articles/): every
folder of the site answers with a page that lists what is in it, instead of a 404 or a
server's file listing."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    text: str
    href: str  # relative to the folder's page
    note: str = ""


@dataclass(frozen=True)
class Folder:
    heading: str
    lede: str
    entries: tuple[Entry, ...]
    crumbs: tuple[Entry, ...] = ()  # the pages between the home page and this one


def checklists_folder(city_name: str, checklists) -> Folder:
    entries = tuple(Entry(c.link_text, f"{c.slug}/", c.scheme or "") for c in checklists)
    return Folder(f"{city_name}医保参保清单", "按您的情况选一份清单：办理时要带的材料，可以打印出来逐项打勾。",
                  entries, (Entry(city_name, "../"),))


def articles_folder(articles) -> Folder:
    entries = tuple(Entry(a.title, f"{a.slug}/", a.summary) for a in articles)
    return Folder("文章", "不分城市的说明，各城市都适用。", entries)
