"""What a page must show, read from the city file itself, and what it must never show (ids,
file names, YAML keys): shared by the page tests of the test project and the invariants of
the real cities (tests/test_real_cities.py)."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from generator.core.questions import BY_SLUG as BY_QUESTION
from generator.core.topics import CALCULATOR_TOPICS, MONEY_TOPIC, PROCEDURE_TOPIC
from generator.source.load import load_yaml
from helpers import PROJECT, TEST_PROJECT


# --- what the city file says --------------------------------------------------------------
def rule_topics(data: dict, root: Path = TEST_PROJECT) -> set[str]:
    """The topic pages that rules of the nation, the city's province or the city itself fill
    (a page with only those is not 暂无资料)."""
    files = [root / "national.yaml", *sorted((root / "provinces").glob("*.yaml"))]
    rules = list(data.get("rules") or ())
    for path in files:
        if path.exists():
            region = load_yaml(path, path.name, "region").data
            if region["region"]["name"] in ("全国", data["city"]["province"]):
                rules += region.get("rules") or ()
    return {BY_QUESTION[r["question"]].topic for r in rules}


def city_data(pinyin: str, root: Path = TEST_PROJECT) -> dict:
    return load_yaml(root / "cities" / f"{pinyin}.yaml", f"cities/{pinyin}.yaml").data


def items(data: dict, section: str) -> list[dict]:
    return list((data.get(section) or {}).get("items") or [])


def number(value: float) -> str:
    """How the guide prints amounts: 385, 1,200, 60.45, 3.6."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def month_day(text: str) -> str:
    month, day = text.split("-")
    return f"{int(month)}月{int(day)}日"


def full_date(text: str) -> str:
    year, month, day = (int(p) for p in text.split("-"))
    return f"{year}年{month}月{day}日"


def money_text(item: dict) -> str:
    if item["unit"] == "%":
        return f"{number(item['value'])}%"
    return f"{number(item['value'])} {item['unit']}"


def latest(versions: list[dict]) -> dict:
    return max(versions, key=lambda v: v["from"])


def calculators(data: dict) -> list[str]:
    from generator.calculators import RULES

    return [kind for kind in RULES if kind in (data.get("calculators") or {})]


def hotlines(data: dict) -> list[dict]:
    channels = items(data, "channels")
    lines = [c for c in channels if c.get("hotline")] or [c for c in channels if c["kind"] == "hotline"]
    return [c for c in lines if c.get("phone")][:2]


def tel(number_text: str) -> str:
    return "tel:" + number_text.replace("-", "")


class Expected:
    """Texts and phone links one page must show."""

    def __init__(self):
        self.texts: list[str] = []
        self.phones: list[str] = []

    def add(self, *texts):
        self.texts.extend(t for t in texts if t)

    def __bool__(self):
        return bool(self.texts or self.phones)


def expected_topic(data: dict, topic: str, with_calculators: bool = True) -> Expected:
    """What a topic page must show; without `with_calculators`, only what is its own (links to
    calculators alone leave a topic 暂无资料)."""
    exp = Expected()
    kinds = {p["id"]: p["kind"] for p in items(data, "procedures")}
    for group in items(data, "materials"):
        # a list for one applicant category is on that category's checklist instead
        if not group.get("category") and PROCEDURE_TOPIC.get(kinds.get(group["procedure"])) == topic:
            exp.add(group["title"], *group["documents"])
    for proc in items(data, "procedures"):
        if PROCEDURE_TOPIC.get(proc["kind"]) == topic:
            exp.add(proc["title"], *proc["steps"], proc.get("duration"))
            for conflict in proc.get("conflicts") or ():
                exp.add(*(v["value"] for v in conflict["values"]))
    for tip in items(data, "tips"):
        if tip.get("topic", "general") == topic:
            exp.add(tip["text"])
    for money in items(data, "money"):
        if MONEY_TOPIC.get(money.get("topic")) == topic:
            exp.add(money["label"], money_text(money))
            if money.get("from"):
                exp.add(full_date(money["from"]))
    for kind in calculators(data):
        if with_calculators and (topic in CALCULATOR_TOPICS.get(kind, ()) or topic == "calculators"):
            from generator.calculators import RULES

            exp.add(RULES[kind].TITLE)
    if topic == "enrol":
        for scheme in items(data, "schemes"):
            exp.add(scheme["name"], scheme.get("summary"))
            for cat in scheme.get("categories") or ():
                exp.add(cat["name"], cat["who"])
        for window in (data.get("enrolment") or {}).get("windows") or ():
            exp.add(window["name"], f"每年 {month_day(window['start'])} 至 {month_day(window['end'])}")
    elif topic == "pay":
        premium = (data.get("calculators") or {}).get("resident_premium")
        if premium:
            for tier in latest(premium["versions"])["tiers"]:
                exp.add(tier["name"], f"{number(tier['personal'])} 元/年")
    elif topic == "query":
        for channel in items(data, "channels"):
            exp.add(channel["name"], channel.get("url"), *channel["can"])
            if channel.get("phone"):
                exp.phones.append(channel["phone"])
    elif topic == "benefits":
        enrolment = data.get("enrolment") or {}
        for rule in enrolment.get("rules") or ():
            exp.add(rule["case"], rule["text"])
        for year in enrolment.get("benefit_years") or ():
            exp.add(month_day(year["start"]), month_day(year["end"]))
        for benefit in items(data, "benefits"):
            exp.add(benefit["title"], benefit["text"])
    elif topic == "offices":
        for office in items(data, "offices"):
            exp.add(office["name"], office.get("address"), office.get("hours"), *(office.get("handles") or ()))
            exp.phones.extend(office.get("phones") or ())
            for conflict in office.get("conflicts") or ():
                exp.add(*(v["value"] for v in conflict["values"]))
    return exp


def expected_hub(data: dict) -> Expected:
    exp = Expected()
    exp.add(data["city"]["name"] + "医保指南", data["city"].get("summary"))
    area = data["city"].get("area_code")
    for line in hotlines(data):
        # a five-digit line (12333) is dialled with the city's area code: from a mobile phone
        # elsewhere, 12333 alone reaches the caller's own city
        short = len(line["phone"]) == 5 and line["phone"].isdigit() and area
        exp.phones.append(f"{area}-{line['phone']}" if short else line["phone"])
    offices = items(data, "offices")
    if offices:
        main = next((o for o in offices if o.get("primary")), offices[0])
        exp.add(main["name"], main.get("address"))
    premium = (data.get("calculators") or {}).get("resident_premium")
    if premium:
        for tier in latest(premium["versions"])["tiers"][:3]:
            exp.add(f"{tier['name']} {number(tier['personal'])} 元/年")
    windows = (data.get("enrolment") or {}).get("windows") or ()
    if windows:
        exp.add(f"每年 {month_day(windows[0]['start'])} 至 {month_day(windows[0]['end'])}")
    for tip in items(data, "tips"):
        if tip.get("topic", "general") == "general":
            exp.add(tip["text"])
    return exp


MARKER = re.compile(r"\[[a-z][a-z0-9-]*(?:\s*[,，、]\s*[a-z][a-z0-9-]*)*\]")


def shown_on(text: str, main: str) -> bool:
    """`text` from the city file is on the page, its [s001] markers printed as [1]."""
    return squash(MARKER.sub("", text)).replace(" ", "") in re.sub(r"\[\d{1,2}\]", "", main).replace(" ", "")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()



class VisibleText(HTMLParser):
    """The text a reader sees: no scripts, styles, hidden elements or attributes."""

    HIDDEN = {"script", "style", "template", "noscript"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        hidden = tag in self.HIDDEN or any(name == "hidden" for name, _ in attrs)
        self.stack.append(hidden or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return re.sub(r"\s+", " ", "".join(parser.parts))


def _schema_keys() -> set[str]:
    keys: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            keys.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads((PROJECT / "generator/schema/city.schema.json").read_text(encoding="utf-8")))
    return keys


YAML_KEYS = _schema_keys()
def code_patterns(city_slugs) -> list[tuple[str, re.Pattern]]:
    return [
        ("来源编号", re.compile(r"(?<![A-Za-z0-9])s\d{3}(?:-\d+)?(?![A-Za-z0-9])")),
        ("文件名", re.compile(r"[\w-]+\.(?:txt|ya?ml|json|md)\b")),
        ("snake_case 名称", re.compile(r"(?<![\w/.-])[a-z][a-z0-9]*_[a-z0-9_]+(?![\w/])")),
        ("kebab-case 名称", re.compile(r"(?<![\w/.-])[a-z][a-z0-9]*-[a-z][a-z0-9-]*(?![\w/.])")),
        ("城市拼音", re.compile(r"(?<![\w/.-])(?:" + "|".join(city_slugs) + r")(?![\w/.-])")),
        ("YAML 键名", re.compile(r"(?<![\w/.-])(?:" + "|".join(sorted(YAML_KEYS, key=len, reverse=True)) + r")(?![\w/.-])")),
    ]


URL = re.compile(r"(?:https?:)?//\S+|www\.\S+")


def code_like(text: str, city_slugs=()) -> list[str]:
    """Ids, file names, YAML keys and city slugs in a page's visible text (web addresses aside)."""
    text = URL.sub(" ", text)
    return [f"{name}“{m.group(0)}”" for name, pattern in code_patterns(city_slugs) for m in pattern.finditer(text)]


# What looks like a phone number in Chinese text: 0411-83709176, 010-12333, (0411)12333, a
# bare 7–8-digit local number, a mobile, a 5–6-digit service line (12333, 12393, 96110,
# 962218), or 110/120 after 拨打/报警 — not a postcode, amount, date or part of a file name.
PHONE_LIKE = re.compile(
    r"(?<![\w.\-])(?<!邮编)("
    r"0\d{2,3}-\d{5,8}|[(（]0\d{2,3}[)）]\s?\d{5,8}|1[3-9]\d{9}|[2-9]\d{6,7}|1\d{4}|9\d{4,5}"
    r")(?![\w.]|-\d|\s?[元年月日号%])|(?<=拨打)\s?(11[09]|120)|(?<=报警)\s?(11[09])")


class _Text(HTMLParser):
    SKIP = {"script", "style", "title", "head"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.loose: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP or tag == "a":
            self.stack.append((tag, dict(attrs).get("href") or ""))

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_data(self, data):
        if any(t in self.SKIP or (t == "a" and h.startswith("tel:")) for t, h in self.stack):
            return
        self.loose += [m.group(0).strip() + " ← " + data.strip()[:40] for m in PHONE_LIKE.finditer(data)]


def loose_numbers(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.loose
