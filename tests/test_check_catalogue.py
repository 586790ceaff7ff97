"""`yibao check` as a volunteer meets it: a project, one thing broken.

Every row of CATALOGUE copies the test project (tests/project/: invented cities, so that
correcting a real city never breaks this catalogue) into a temporary folder, applies one
mutation to its city file and runs `yibao check`. The check must fail with
exit code 1, name the exact file, line (and column) of the mistake, say it in plain
Chinese, print no traceback and write nothing.

Mutations find their place by text, never by line number, and return the position
of the change they made; `HERE` in the table means "where the mutation says".
"""
from __future__ import annotations

import re
import tracemalloc
from pathlib import Path
from typing import Callable

import pytest

from helpers import CITY, TEST_PROJECT, TextFile, copy_project, run_check, run_cli, snapshot

HERE = "here"
Where = tuple[int, int | None]  # (line, column); column None: not worth pinning down
ARTICLE = "content/avoid-scams.md"


def line_in_city(text: str) -> int:
    """The line of the test project's CITY holding `text`: counted, not written down, so
    editing the city file does not break the catalogue."""
    lines = (TEST_PROJECT / CITY).read_text("utf-8").splitlines()
    return lines.index(text) + 1


def city_edit(change: Callable[[TextFile], Where]) -> Callable[[Path], Where]:
    """A mutation of CITY written as an edit of its lines."""
    def mutate(root: Path) -> Where:
        city = TextFile(root, CITY)
        where = change(city)
        city.save()
        return where
    mutate.__name__ = change.__name__
    return mutate


def write_city(text: str, where: Where = (1, 1)) -> Callable[[Path], Where]:
    def mutate(root: Path) -> Where:
        (root / CITY).write_text(text, encoding="utf-8")
        return where
    return mutate


def office(city: TextFile, office_id: str) -> tuple[int, int]:
    """The line of `- id: <office_id>` under offices:, and the office's index there."""
    line = city.find_in("offices", rf"^    - id: {re.escape(office_id)}$")
    start = city.find(r"^  items:", after=city.find(r"^offices:"))
    index = sum(1 for n in range(start + 1, line) if city.line(n).startswith("    - "))
    return line, index


def in_office(city: TextFile, office_id: str, pattern: str) -> int:
    line, _ = office(city, office_id)
    return city.find(pattern, after=line, before=city.find(r"^    - |^\S", after=line))


def set_value(city: TextFile, line: int, value: str) -> Where:
    """Replace the value of the `key: value` on `line`; returns where the value starts."""
    column = city.value_column(line)
    city.set(line, city.line(line)[: column - 1] + value)
    return line, column


# --- mutations: YAML syntax and encoding ------------------------------------------------

@city_edit
def unclosed_double_quote(city):
    # the quote runs on to the next `"` three lines down, where YAML finally gives up
    line = in_office(city, "liuwan", r"^      name: ")
    return set_value(city, line, '"' + city.line(line).split(": ", 1)[1])


@city_edit
def unclosed_single_quote_to_end(city):
    line = city.find(r"^  province: ")
    return set_value(city, line, "'" + city.line(line).split(": ", 1)[1])


@city_edit
def key_indented_one_space_too_far(city):
    line = city.find(r"^  pinyin: qingchuan$")
    city.set(line, " " + city.line(line))
    return line, None


@city_edit
def key_indented_one_space_too_little(city):
    line = in_office(city, "liuwan", r"^      address: ")
    city.set(line, city.line(line)[1:])
    return line, city.key_column(line)


@city_edit
def colon_inside_unquoted_value(city):
    line = city.find(r"^  summary: ")
    city.replace(line, "summary: ", "summary: 注意: ")
    return line, city.column(line, "注意: ") + 2


@city_edit
def missing_colon_after_key(city):
    line = city.find(r"^  summary: ")
    city.replace(line, "summary: ", "summary ")
    return line, 3


@city_edit
def unclosed_square_bracket(city):
    line = city.find(r"^  sources: \[s000, s001, s002, s003\]$")
    city.replace(line, "]", "")
    return line, city.column(line, "[")


@city_edit
def second_document_marker(city):
    line = city.find(r"^sources:")
    city.insert_after(line - 1, "---")
    return line, 1


@city_edit
def value_starting_with_at_sign(city):
    line = city.find(r"^  summary: ")
    city.replace(line, "summary: ", "summary: @")
    return line, city.value_column(line)


@city_edit
def note_starting_with_asterisk(city):
    line = in_office(city, "linjiang", r"^      note: ")
    city.replace(line, "note: ", "note: *")
    return line, city.value_column(line) + 1


@city_edit
def tab_indentation(city):
    line = city.find(r"^  pinyin: qingchuan$")
    city.set(line, "\t" + city.line(line).lstrip(" "))
    return line, 1


def saved_as_gbk(root: Path) -> Where:
    path = root / CITY
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("gbk"))
    first_chinese = next(n for n, l in enumerate(text.split("\n"), 1) if not l.isascii())
    return first_chinese, 1


def saved_as_utf16(root: Path) -> Where:
    path = root / CITY
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    return 1, 1


def nul_byte_in_text(root: Path) -> Where:
    city = TextFile(root, CITY)
    line = city.find(r"^  summary: ")
    city.replace(line, "summary: ", "summary: \x00")
    city.save()
    return line, 1


def fifty_megabytes(root: Path) -> Where:
    filler = ("# " + "填充内容" * 20 + "\n").encode("utf-8")
    size = (root / CITY).stat().st_size
    with open(root / CITY, "ab") as out:
        out.write(filler * ((50 * 1024 * 1024 - size) // len(filler) + 1))
    return 1, 1


BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{b}: &{b} [" + ",".join([f"*{a}"] * 9) + "]" for a, b in zip("abcdefgh", "bcdefghi")]
) + "\n"


# --- mutations: typed with a Chinese input method ---------------------------------------
# What the input method gives when it is left in Chinese mode: full-width punctuation
# where YAML needs ASCII. Each is named, with its column and the fix, in one message.

@city_edit
def full_width_colon(city):
    line = city.find(r"^  name: 青川$")
    city.replace(line, "name: ", "name：")
    return line, 7


@city_edit
def full_width_colon_parses_as_text(city):
    # the whole section is one line: `enrolment:` then `  verified：…` reads as a text
    start = city.find(r"^enrolment:")
    end = city.find(r"^money:")
    city.lines[start:end - 2] = ["  verified：2026-11-23"]
    return start + 1, 11


@city_edit
def colon_then_full_width_space(city):
    line = city.find(r"^  province: ")
    city.replace(line, "province: ", "province:\u3000")
    return line, 12


@city_edit
def colon_without_space(city):
    line = city.find(r"^  province: ")
    city.replace(line, "province: ", "province:")
    return line, 11


@city_edit
def full_width_space_indent(city):
    line = city.find(r"^  pinyin: qingchuan$")
    city.set(line, "\u3000pinyin: qingchuan")
    return line, 1


@city_edit
def full_width_comma_in_list(city):
    line = city.find(r"^  sources: \[s000, s001, s002, s003\]$")
    city.replace(line, "s000, ", "s000，")
    return line, city.column(line, "，")


@city_edit
def enumeration_comma_in_list(city):
    line = city.find(r"^  sources: \[s000, s001, s002, s003\]$")
    city.set(line, "  sources: [s000、s001、s002、s003]")
    return line, city.column(line, "、")


@city_edit
def full_width_brackets(city):
    line = city.find(r"^  sources: \[s000, s001, s002, s003\]$")
    city.set(line, "  sources: 【s000, s001, s002, s003】")
    return line, city.column(line, "【")


@city_edit
def full_width_square_brackets(city):
    line = in_office(city, "linjiang", r"^      phones: ")
    city.set(line, '      phones: ［"0409-62710022"］')
    return line, city.column(line, "［")


@city_edit
def full_width_quotes(city):
    line = city.find(r'^  area_code: "0409"$')
    city.set(line, "  area_code: “0409”")
    return line, city.column(line, "“")


@city_edit
def full_width_quotes_in_a_list(city):
    line = in_office(city, "linjiang", r"^      phones: ")
    city.set(line, "      phones: [“0409-62710022”]")
    return line, city.column(line, "“")


@city_edit
def full_width_quotes_around_a_colon(city):
    line = city.find(r"^  summary: ")
    city.replace(line, "summary: ", "summary: ‘注意: ")
    city.set(line, city.line(line) + "’")
    return line, city.column(line, "‘")


@city_edit
def full_width_dash(city):
    line = city.find(r"^    - 柳湾区$")
    city.set(line, "    － 柳湾区")
    return line, 5


@city_edit
def em_dash_list(city):
    first = city.find(r"^    - 临江区$")
    for line in range(first, city.find(r"^  summary: ")):
        city.replace(line, "- ", "—")
    return first, 5


@city_edit
def full_width_hash_comment(city):
    line = city.insert_after(city.find(r"^  province: "), "  ＃ 区号要加引号")
    return line, 3


@city_edit
def full_width_hash_after_value(city):
    line = city.find(r"^  province: ")
    city.set(line, city.line(line) + " ＃ 省份")
    return line, city.column(line, "＃")


# --- mutations: shape of the data --------------------------------------------------------

@city_edit
def whole_file_a_list(city):
    city.lines = ["# 青川", "- city: 青川", "- sources: [s000]", ""]
    return 2, 1


@city_edit
def offices_written_as_a_list(city):
    start, end = city.find(r"^offices:"), city.find(r"^channels:")
    city.lines[start:end - 2] = ["  - id: city-centre", "    name: 青川市医疗保险管理中心"]
    return start + 1, 3


@city_edit
def duplicate_key(city):
    line = city.insert_after(city.find(r"^  pinyin: qingchuan$"), "  name: 石湾")
    return line, 3


@city_edit
def duplicate_section(city):
    city.lines[-1:] = ["offices:", "  sources: [s000]", ""]
    return len(city.lines) - 2, 1


@city_edit
def phone_instead_of_phones(city):
    line = in_office(city, "city-centre", r"^      phones: ")
    city.replace(line, "phones:", "phone:")
    return line, city.key_column(line)


@city_edit
def adress_instead_of_address(city):
    line = in_office(city, "city-centre", r"^      address: ")
    city.replace(line, "address:", "adress:")
    return line, city.key_column(line)


@city_edit
def ofices_instead_of_offices(city):
    line = city.find(r"^offices:")
    city.replace(line, "offices:", "ofices:")
    return line, 1


@city_edit
def office_without_name(city):
    start, _ = office(city, "city-centre")
    city.delete(in_office(city, "city-centre", r"^      name: "))
    return start, city.column(start, "id:")


@city_edit
def area_code_as_number(city):
    line = city.find(r'^  area_code: "0409"$')
    return set_value(city, line, "409")


@city_edit
def hotline_as_number(city):
    line = city.find_in("channels", r'^      phone: "12333"$')
    return set_value(city, line, "12333")


@city_edit
def province_left_empty(city):
    line = city.find(r"^  province: ")
    city.set(line, "  province:")
    return line, None


@city_edit
def office_name_as_a_list(city):
    line = in_office(city, "city-centre", r"^      name: ")
    return set_value(city, line, "[青川市医疗保险管理中心, 医保中心]")


@city_edit
def empty_phone_list(city):
    line = in_office(city, "city-centre", r"^      phones: ")
    return set_value(city, line, "[]")


@city_edit
def unknown_channel_kind(city):
    line = city.find_in("channels", r"^    - kind: hotline$")
    city.replace(line, "hotline", "phone-line")
    return line, city.column(line, "phone-line")


@city_edit
def office_id_not_a_slug(city):
    line, _ = office(city, "city-centre")
    city.replace(line, "city-centre", "City_Centre")
    return line, city.column(line, "City_Centre")


@city_edit
def python_tag(city):
    line = city.find(r"^  summary: ")
    city.replace(line, "summary: ", "summary: !!python/object/apply:os.system ")
    return line, city.value_column(line)


@city_edit
def nested_too_deep(city):
    line = city.find(r"^  summary: ")
    city.set(line, "  summary: " + "[" * 60 + "1" + "]" * 60)
    return line, None


@city_edit
def tier_id_as_a_list(city):
    line = city.find_in("calculators", r"^          - id: adult$")
    return set_value(city, line, "[adult]")


@city_edit
def cover_cases_as_a_number(city):
    line = city.find_in("calculators", r"^        cases:$")
    start = line
    while city.line(line + 1).startswith("          "):
        city.delete(line + 1)
    city.set(start, "        cases: 1")
    return start, city.value_column(start)


# --- mutations: phone numbers and addresses ----------------------------------------------

def phone_of(city: TextFile, office_id: str, number: str) -> tuple[int, int]:
    line = in_office(city, office_id, rf'^      phones: \["{re.escape(number)}"\]$')
    return line, city.column(line, f'"{number}"')


@city_edit
def landline_without_area_code(city):
    line, column = phone_of(city, "linjiang", "0409-62710022")
    city.replace(line, "0409-62710022", "62710022")
    return line, column


@city_edit
def phone_with_letters(city):
    line, column = phone_of(city, "city-centre", "0409-62310001")
    city.replace(line, "0409-62310001", "0409-6231000一")
    return line, column


@city_edit
def phone_with_spaces(city):
    line, column = phone_of(city, "city-centre", "0409-62310001")
    city.replace(line, "0409-62310001", "0409 6231 0001")
    return line, column


@city_edit
def two_numbers_in_one_field(city):
    line, column = phone_of(city, "city-centre", "0409-62310001")
    city.replace(line, "0409-62310001", "0409-62310001、0409-62310002")
    return line, column


@city_edit
def sms_number_in_phones(city):
    line, column = phone_of(city, "city-centre", "0409-62310001")
    city.replace(line, "0409-62310001", "1062665533")
    return line, column


@city_edit
def landline_as_sms_target(city):
    line = city.insert_after(city.find_in("channels", r'^      phone: "12333"$'),
                             '      sms_to: "0409-62310001"')
    return line, city.value_column(line)


@city_edit
def ftp_url(city):
    line = city.find_in("sources", r"^    url: https://")
    city.replace(line, "https://", "ftp://")
    return line, city.value_column(line)


@city_edit
def javascript_url(city):
    line = city.find_in("channels", r"^      url: ")
    return set_value(city, line, "javascript:alert(1)")


# --- mutations: dates and numbers -------------------------------------------------------

@city_edit
def impossible_date(city):
    line = city.find_in("money", r"^      from: \d{4}-\d{2}-\d{2}$")
    return set_value(city, line, "2024-02-30")


@city_edit
def impossible_published_date(city):
    line = city.find_in("sources", r"^    published: ")
    return set_value(city, line, "2024-02-30")


@city_edit
def verified_in_the_future(city):
    line = city.find(r"^  verified: ")
    return set_value(city, line, "2099-01-01")


@city_edit
def date_with_slashes(city):
    line = city.find(r"^  verified: ")
    return set_value(city, line, "2026/11/23")


@city_edit
def date_with_dots(city):
    line = city.find(r"^  verified: ")
    return set_value(city, line, "2025.12.01")


@city_edit
def date_in_chinese(city):
    line = city.find(r"^  verified: ")
    return set_value(city, line, "2025年12月1日")


@city_edit
def published_month_as_a_number(city):
    line = city.find_in("sources", r"^    published: ")
    return set_value(city, line, "2024.12")


@city_edit
def published_month_13(city):
    line = city.find_in("sources", r"^    published: ")
    return set_value(city, line, "2024-13")


def add_window(city: TextFile, start: str, end: str) -> int:
    """Add an enrolment window; returns the line of its `start:`."""
    after = city.find(r"^  verified: ", after=city.find(r"^enrolment:"))
    city.insert_after(after, "  windows:", "    - scheme: resident", "      name: 集中参保期",
                      f'      start: "{start}"', f'      end: "{end}"', "      sources: [s002]")
    return after + 4


# --- mutations: every item cites its own sources -----------------------------------

def drop_item_sources(city: TextFile, item_line: int) -> Where:
    """Delete the `sources:` line of the item starting on `item_line`; returns where the
    item starts (its first key)."""
    text = city.line(item_line)
    indent = text[: len(text) - len(text.lstrip(" "))]
    key_column = len(text) - len(text.lstrip(" -")) + 1
    end = next((n for n in range(item_line + 1, len(city.lines) + 1)
                if city.line(n).startswith(indent + "- ") or re.match(r"\S", city.line(n))), len(city.lines) + 1)
    city.delete(city.find(rf"^{indent}  sources: \[", after=item_line, before=end))
    return item_line, key_column


@city_edit
def office_without_its_sources(city):
    line, _ = office(city, "linjiang")
    return drop_item_sources(city, line)


@city_edit
def material_without_its_sources(city):
    return drop_item_sources(city, city.find_in("materials", r"^    - title: 未成年人参保$"))


@city_edit
def tip_without_its_sources(city):
    return drop_item_sources(city, city.find_in("tips", r"^    - kind: "))


@city_edit
def enrolment_rule_without_its_sources(city):
    return drop_item_sources(city, city.find_in("enrolment", r"^    - case: "))


@city_edit
def scheme_without_its_sources(city):
    line = city.find_in("schemes", r"^    - id: employee$")
    # the scheme's own `sources:` comes after its categories, at the scheme's indentation
    target = city.find(r"^      sources: \[", after=line)
    city.delete(target)
    return line, 7


@city_edit
def calculator_version_without_its_sources(city):
    block = city.find(r"^  backpay:$", after=city.find(r"^calculators:"))
    version = city.find(r"^      - from: ", after=block)
    target = city.find(r"^        sources: \[", after=version)
    city.delete(target)
    return version, 9


@city_edit
def voice_line_as_the_hotline(city):
    line = city.find_in("channels", r'^      phone: "12333"$')
    kind = line - 2
    assert city.line(kind) == "    - kind: hotline"
    city.replace(kind, "hotline", "voice")
    hotline = city.find(r"^      hotline: true$", after=kind)
    return hotline, 16


@city_edit
def window_ends_before_it_starts(city):
    start = add_window(city, "12-31", "09-01")
    return start + 1, city.value_column(start + 1)


@city_edit
def window_on_february_30(city):
    start = add_window(city, "02-30", "11-30")
    return start, city.value_column(start)


@city_edit
def benefit_year_starts_february_30(city):
    line = city.find_in("calculators", r'^        benefit_year_start: "01-01"$')
    city.replace(line, "01-01", "02-30")
    return line, city.value_column(line)


@city_edit
def rate_as_percent(city):
    line = city.find_in("calculators", r"^        employer_rate: 0\.08$")
    return set_value(city, line, "8")


@city_edit
def negative_premium(city):
    line = city.find_in("calculators", r"^            personal: \d+$")
    return set_value(city, line, "-" + city.line(line).split(": ")[1])


@city_edit
def infinite_premium(city):
    line = city.find_in("calculators", r"^            personal: \d+$")
    return set_value(city, line, ".inf")


@city_edit
def versions_out_of_order(city):
    block = city.find_in("calculators", r"^  backpay:$")
    last = city.find(r"^        sources: ", after=block)
    first_new = city.insert_after(last, "      - from: 2010-01-01", "        rate: 0.1",
                                  "        base_ratio: 0.6", "        sources: [s001]")
    return first_new, city.column(first_new, "2010")


@city_edit
def last_band_with_max_age(city):
    line = city.find_in("calculators", r"^          - rate: 0\.033$")
    city.set(line, "          - max_age: 120")
    city.insert_after(line, "            rate: 0.033")
    return line, city.column(line, "120")


# --- mutations: duplicates and references -----------------------------------------------

@city_edit
def duplicate_office_id(city):
    line, _ = office(city, "linjiang")
    city.replace(line, "linjiang", "city-centre")
    return line, city.column(line, "city-centre")


@city_edit
def duplicate_office(city):
    first = {key: city.line(in_office(city, "city-centre", rf"^      {key}: ")).split(": ", 1)[1]
             for key in ("name", "address")}
    name = in_office(city, "linjiang", r"^      name: ")
    set_value(city, in_office(city, "linjiang", r"^      address: "), first["address"])
    return set_value(city, name, first["name"])


@city_edit
def second_primary_office(city):
    line = city.insert_after(office(city, "linjiang")[0], "      primary: true")
    return line, city.value_column(line)


@city_edit
def unknown_source_reference(city):
    line = in_office(city, "linjiang", r"^      sources: \[s000, s001\]$")
    city.replace(line, "s001", "s01")
    return line, city.column(line, "s01")


@city_edit
def unknown_material_category(city):
    line = city.find_in("materials", r"^      category: minor$")
    city.replace(line, "minor", "minors")
    return line, city.value_column(line)


@city_edit
def unknown_material_procedure(city):
    line = city.find_in("materials", r"^      procedure: enrol-window$")
    city.replace(line, "enrol-window", "enrol-windows")
    return line, city.value_column(line)


@city_edit
def pinyin_not_the_file_name(city):
    line = city.find(r"^  pinyin: qingchuan$")
    city.replace(line, "qingchuan", "qingchaun")
    return line, city.value_column(line)


@city_edit
def duplicate_office_name(city):
    # a second office under the first one's name, at another address: a copy-paste slip
    first = city.line(in_office(city, "city-centre", r"^      name: ")).split(": ", 1)[1]
    return set_value(city, in_office(city, "linjiang", r"^      name: "), first)


@city_edit
def duplicate_channel_name(city):
    first = city.find_in("channels", r"^      name: ")
    second = city.find(r"^      name: ", after=first)
    return set_value(city, second, city.line(first).split(": ", 1)[1])


@city_edit
def document_listed_twice(city):
    line = city.find_in("materials", r"^        - 本人身份证原件$")
    return city.insert_after(line + 1, "        - 本人身份证原件"), 11


@city_edit
def category_without_id(city):
    # the category `staff` is used by three lists of materials: one problem, not four
    line = city.find(r"^        - id: staff$")
    city.delete(line)
    city.set(line, "        - " + city.line(line).lstrip())
    return line, 11


@city_edit
def source_without_id(city):
    line = city.find(r"^  - id: s002$")
    city.delete(line)
    city.set(line, "  - " + city.line(line).lstrip())
    return line, 5


@city_edit
def sources_section_missing(city):
    start, end = city.find(r"^sources:"), city.find(r"^schemes:")
    del city.lines[start - 1:end - 2]
    return city.find(r"^city:"), 1


@city_edit
def typo_in_a_required_key(city):
    line = city.find(r"^  name: 青川$")
    city.replace(line, "name:", "nmae:")
    return line, 3


# --- mutations: other files ---------------------------------------------------------------

def renamed_to_yml(root: Path) -> Where:
    (root / CITY).rename(root / "cities/qingchuan.yml")
    return 1, 1


def no_city_files(root: Path) -> Where:
    for path in (root / "cities").glob("*.yaml"):
        path.unlink()
    return 0, 0


FOLDER = (0, 0)  # a problem about a folder as a whole: printed without line and column


def article_without_front_matter(root: Path) -> Where:
    path = root / ARTICLE
    head, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    assert head == "" and "title:" in front
    path.write_text(body, encoding="utf-8")
    return 1, 1


def article_with_impossible_date(root: Path) -> Where:
    article = TextFile(root, ARTICLE)
    line = article.find(r"^updated: ", before=article.find(r"^---$", after=1))
    where = set_value(article, line, "2026-02-30")
    article.save()
    return where


CATALOGUE = [
    # name, mutation, file, line, column, words the message must contain
    ("unclosed double quote", unclosed_double_quote, CITY, HERE, HERE, ["引号没有配对"]),
    ("unclosed quote runs to end of file", unclosed_single_quote_to_end, CITY, HERE, HERE, ["引号没有配对"]),
    ("key indented too far", key_indented_one_space_too_far, CITY, HERE, None, ["缩进", "上一行"]),
    ("key indented too little", key_indented_one_space_too_little, CITY, HERE, HERE, ["缩进不对齐"]),
    ("colon inside a value", colon_inside_unquoted_value, CITY, HERE, HERE, ["不能出现冒号", "引号"]),
    ("missing colon", missing_colon_after_key, CITY, HERE, HERE, ["缺少冒号"]),
    ("unclosed [", unclosed_square_bracket, CITY, HERE, HERE, ["方括号", "没有配对"]),
    ("second --- line", second_document_marker, CITY, HERE, HERE, ["多了一行 ---"]),
    ("value starts with @", value_starting_with_at_sign, CITY, HERE, HERE, ["@", "加上引号"]),
    ("note starting with *", note_starting_with_asterisk, CITY, HERE, HERE, ["不能以 * 或 & 开头", "引号"]),
    ("tab indentation", tab_indentation, CITY, HERE, HERE, ["Tab", "空格"]),
    ("saved as GBK", saved_as_gbk, CITY, HERE, HERE, ["不是 UTF-8", "GBK", "另存为 UTF-8"]),
    ("saved as UTF-16", saved_as_utf16, CITY, 1, 1, ["UTF-16", "另存为 UTF-8"]),
    ("NUL byte", nul_byte_in_text, CITY, HERE, HERE, ["空字符"]),
    ("empty file", write_city(""), CITY, 1, 1, ["文件是空的"]),
    ("blank lines only", write_city("\n   \n\n"), CITY, 1, 1, ["文件是空的"]),
    ("only comments", write_city("# 青川\n# 以后再填\n"), CITY, 1, 1, ["只有注释"]),
    ("50 MB file", fifty_megabytes, CITY, 1, 1, ["文件太大", "50.0 MB"]),
    ("alias bomb", write_city(BILLION_LAUGHS, (2, 8)), CITY, HERE, HERE, ["别名", "直接写出来"]),
    ("full-width colon", full_width_colon, CITY, HERE, HERE,
     ["第 7 列是中文冒号“：”", "英文冒号“:”", "空格"]),
    ("full-width colon read as text", full_width_colon_parses_as_text, CITY, HERE, HERE,
     ["第 11 列是中文冒号“：”", "英文冒号“:”"]),
    ("colon then full-width space", colon_then_full_width_space, CITY, HERE, HERE, ["第 12 列是全角空格", "英文空格"]),
    ("colon without a space", colon_without_space, CITY, HERE, HERE, ["冒号", "少了一个空格", "province: 岚江省"]),
    ("full-width space indent", full_width_space_indent, CITY, HERE, HERE, ["第 1 列是全角空格", "英文空格"]),
    ("full-width comma in a list", full_width_comma_in_list, CITY, HERE, HERE,
     ["中文逗号“，”", "英文逗号“,”", "[s000, s001]"]),
    ("enumeration comma in a list", enumeration_comma_in_list, CITY, HERE, HERE, ["中文顿号“、”", "英文逗号“,”"]),
    ("full-width 【】", full_width_brackets, CITY, HERE, HERE, ["中文方括号“【”", "英文方括号“[”"]),
    ("full-width ［］", full_width_square_brackets, CITY, HERE, HERE, ["中文方括号“［”", "英文方括号“[”"]),
    ("full-width quotes", full_width_quotes, CITY, HERE, HERE, ["中文引号", "“0409”", '"0409"']),
    ("full-width quotes in a list", full_width_quotes_in_a_list, CITY, HERE, HERE, ["中文引号", '"0409-62710022"']),
    ("full-width quotes around a colon", full_width_quotes_around_a_colon, CITY, HERE, HERE, ["中文引号", "英文引号"]),
    ("full-width dash", full_width_dash, CITY, HERE, HERE, ["中文的“－”", "英文减号“-”", "空格"]),
    ("em dash list", em_dash_list, CITY, HERE, HERE, ["中文的“—”", "英文减号“-”"]),
    ("full-width # comment", full_width_hash_comment, CITY, HERE, HERE, ["全角井号“＃”", "英文井号“#”"]),
    ("full-width # after a value", full_width_hash_after_value, CITY, HERE, HERE, ["全角井号“＃”", "英文井号“#”"]),
    ("whole file a list", whole_file_a_list, CITY, HERE, HERE, ["应为一组“键: 值”", "这里是一个列表"]),
    ("offices a list", offices_written_as_a_list, CITY, HERE, HERE,
     ["offices：", "应为一组“键: 值”", "这里是一个列表"]),
    ("duplicate key", duplicate_key, CITY, HERE, HERE, ["city.name：", "“name”重复出现了"]),
    ("duplicate section", duplicate_section, CITY, HERE, HERE, ["“offices”重复出现了"]),
    ("phone: typo", phone_instead_of_phones, CITY, HERE, HERE,
     ["经办机构“青川市医疗保险管理中心”的 phone：", "不认识的键“phone”", "你是不是想写“phones”"]),
    ("adress: typo", adress_instead_of_address, CITY, HERE, HERE, ["不认识的键“adress”", "你是不是想写“address”"]),
    ("ofices: typo", ofices_instead_of_offices, CITY, HERE, HERE, ["你是不是想写“offices”"]),
    ("missing required name", office_without_name, CITY, HERE, HERE,
     ["经办机构“city-centre”：", "缺少必填项“name”", "机构名称"]),
    ("area code as number", area_code_as_number, CITY, HERE, HERE, ["应为文字", "数字 409", "加上引号"]),
    ("hotline as number", hotline_as_number, CITY, HERE, HERE, ["数字 12333", "加上引号"]),
    ("empty value", province_left_empty, CITY, HERE, None, ["city.province：", "不能空着"]),
    ("list where text belongs", office_name_as_a_list, CITY, HERE, HERE, ["应为文字", "一个列表"]),
    ("empty phone list", empty_phone_list, CITY, HERE, HERE, ["列表不能是空的"]),
    ("unknown channel kind", unknown_channel_kind, CITY, HERE, HERE, ["“phone-line”不是可选的值", "hotline"]),
    ("office id not a slug", office_id_not_a_slug, CITY, HERE, HERE, ["“City_Centre”格式不对", "小写英文字母"]),
    ("python tag", python_tag, CITY, HERE, HERE, ["不支持的 YAML 标记"]),
    ("nested too deep", nested_too_deep, CITY, HERE, None, ["嵌套层次太深"]),
    ("tier id a list", tier_id_as_a_list, CITY, HERE, HERE, ["应为文字", "一个列表"]),
    ("cases a number", cover_cases_as_a_number, CITY, HERE, HERE, ["应为列表", "数字 1"]),
    ("landline without area code", landline_without_area_code, CITY, HERE, HERE,
     ["经办机构“临江区医保管理中心”的 phones 第 1 个：", "缺少区号", "0409-62710022"]),
    ("phone with letters", phone_with_letters, CITY, HERE, HERE, ["不像电话号码"]),
    ("phone with spaces", phone_with_spaces, CITY, HERE, HERE, ["写法不对", "0409-62310001"]),
    ("two numbers in one field", two_numbers_in_one_field, CITY, HERE, HERE, ["一个格子只写一个号码"]),
    ("SMS number in phones", sms_number_in_phones, CITY, HERE, HERE, ["短信服务号", "sms_to"]),
    ("landline as sms_to", landline_as_sms_target, CITY, HERE, HERE, ["短信号码", "106"]),
    ("ftp:// URL", ftp_url, CITY, HERE, HERE, ["来源“s003”的 url：", "http:// 或 https://"]),
    ("javascript: URL", javascript_url, CITY, HERE, HERE, ["javascript:alert(1)", "http:// 或 https://"]),
    ("2024-02-30", impossible_date, CITY, HERE, HERE, ["“2024-02-30”不是真实存在的日期"]),
    ("published 2024-02-30", impossible_published_date, CITY, HERE, HERE, ["不是真实存在的日期"]),
    ("verified in the future", verified_in_the_future, CITY, HERE, HERE, ["2099-01-01", "在今天之后"]),
    ("date with slashes", date_with_slashes, CITY, HERE, HERE, ["格式不对", "年-月-日", "请写成 2026-11-23"]),
    ("date with dots", date_with_dots, CITY, HERE, HERE, ["“2025.12.01”格式不对", "请写成 2025-12-01"]),
    ("date in Chinese", date_in_chinese, CITY, HERE, HERE, ["“2025年12月1日”格式不对", "请写成 2025-12-01"]),
    ("published 2024.12, a number", published_month_as_a_number, CITY, HERE, HERE, ["数字 2024.12", "请写成 2024-12"]),
    ("published month 13", published_month_13, CITY, HERE, HERE, ["“2024-13”不是真实的月份"]),
    ("window ends before start", window_ends_before_it_starts, CITY, HERE, HERE,
     ["“集中参保期”的 end：", "不在开始日期 12-31 之后", "分成两段"]),
    ("window on 02-30", window_on_february_30, CITY, HERE, HERE, ["“02-30”不是真实的日子"]),
    ("benefit year on 02-30", benefit_year_starts_february_30, CITY, HERE, HERE, ["“02-30”不是真实的日子"]),
    ("office without its own sources", office_without_its_sources, CITY, HERE, HERE,
     ["经办机构“临江区医保管理中心”：", "没有写自己的来源", "在这一项下面加 sources: [s000]", "写明是哪份资料说的"]),
    ("material list without its own sources", material_without_its_sources, CITY, HERE, HERE,
     ["“未成年人参保”", "没有写自己的来源", "sources: [s000]"]),
    ("tip without its own sources", tip_without_its_sources, CITY, HERE, HERE,
     ["提醒“", "没有写自己的来源", "sources: [s000]"]),
    ("enrolment rule without its own sources", enrolment_rule_without_its_sources, CITY, HERE, HERE,
     ["规则“", "没有写自己的来源", "sources: [s001]"]),
    ("scheme without its own sources", scheme_without_its_sources, CITY, HERE, HERE,
     ["险种“城镇职工基本医疗保险”", "没有写自己的来源"]),
    ("calculator version without its own sources", calculator_version_without_its_sources, CITY, HERE, HERE,
     ["calculators.backpay.versions 第 1 个", "这个版本没有写自己的来源", "sources: [s001]"]),
    ("voice line marked as the hotline", voice_line_as_the_hotline, CITY, HERE, HERE,
     ["hotline：", "有人接听的咨询电话", "自助语音电话", "删掉 hotline: true"]),
    ("rate 8 for 8%", rate_as_percent, CITY, HERE, HERE, ["8 太大", "不能大于 1", "0.08"]),
    ("negative premium", negative_premium, CITY, HERE, HERE, ["太小", "不能小于 0"]),
    ("infinite premium", infinite_premium, CITY, HERE, HERE, ["无穷大"]),
    ("versions out of order", versions_out_of_order, CITY, HERE, HERE, ["calculators.backpay.versions 第 2 个的 from：", "从早到晚"]),
    ("last band with max_age", last_band_with_max_age, CITY, HERE, HERE, ["bands 第 2 个的 max_age：", "最后一档不写 max_age"]),
    ("duplicate office id", duplicate_office_id, CITY, HERE, HERE, ["机构编号“city-centre”重复了"]),
    ("duplicate office", duplicate_office, CITY, HERE, HERE, ["经办机构“青川市医疗保险管理中心”重复了", "第 1 个"]),
    ("duplicate office name", duplicate_office_name, CITY, HERE, HERE,
     ["经办机构“青川市医疗保险管理中心”重复了", "第 1 个和第 2 个",
      f"第 {line_in_city('      name: 青川市医疗保险管理中心')} 行"]),
    ("duplicate channel name", duplicate_channel_name, CITY, HERE, HERE,
     ["渠道“青川市医疗保险咨询电话”重复了", "第 1 个和第 2 个"]),
    ("document listed twice", document_listed_twice, CITY, HERE, HERE,
     ["“本人身份证原件”在同一个列表里写了两次",
      f"第 1 个在第 {line_in_city('        - 本人身份证原件')} 行", "第 3 个在这里", "删掉"]),
    ("category without id", category_without_id, CITY, HERE, HERE, ["缺少必填项“id”", "类别编号"]),
    ("source without id", source_without_id, CITY, HERE, HERE, ["缺少必填项“id”", "来源编号"]),
    ("sources section missing", sources_section_missing, CITY, HERE, HERE, ["缺少必填项“sources”"]),
    ("typo in a required key", typo_in_a_required_key, CITY, HERE, HERE,
     ["不认识的键“nmae”", "你是不是想写“name”"]),
    ("second primary office", second_primary_office, CITY, HERE, HERE, ["只能有一个机构标为 primary"]),
    ("unknown source", unknown_source_reference, CITY, HERE, HERE, ["来源“s01”不存在", "你是不是想写“s001”"]),
    ("unknown material category", unknown_material_category, CITY, HERE, HERE,
     ["申请人类别“minors”不存在", "minor"]),
    ("unknown material procedure", unknown_material_procedure, CITY, HERE, HERE,
     ["办理事项“enrol-windows”不存在", "enrol-window"]),
    ("pinyin not the file name", pinyin_not_the_file_name, CITY, HERE, HERE,
     ["“qingchaun”与文件名 qingchuan.yaml 不一致"]),
    (".yml file", renamed_to_yml, "cities/qingchuan.yml", 1, 1, ["扩展名要用 .yaml", "qingchuan.yaml"]),
    ("empty cities folder", no_city_files, "cities/", 0, 0,
     ["cities 文件夹里还没有城市文件", "复制", "yibao new"]),
    ("article without front matter", article_without_front_matter, ARTICLE, 1, 1, ["缺少信息块", "---"]),
    ("article with a bad date", article_with_impossible_date, ARTICLE, HERE, HERE,
     ["updated：", "不是真实存在的日期"]),
]

PASSING = [
    # name, mutation: changes a volunteer may make that must NOT be reported
    ("UTF-8 BOM", lambda root: (root / CITY).write_bytes(b"\xef\xbb\xbf" + (root / CITY).read_bytes())),
    ("Windows line endings", lambda root: (root / CITY).write_bytes(
        (root / CITY).read_bytes().replace(b"\n", b"\r\n"))),
    ("<script> in a text", city_edit(lambda city: city.replace(
        city.find(r"^  summary: "), "summary: ", "summary: <script>alert(1)</script>"))),
    ("mobile number", city_edit(lambda city: city.replace(
        phone_of(city, "city-centre", "0409-62310001")[0], "0409-62310001", "13812345678"))),
    ("400 number", city_edit(lambda city: city.replace(
        phone_of(city, "city-centre", "0409-62310001")[0], "0409-62310001", "400-123-4567"))),
    ("area code 0409 without quotes", city_edit(lambda city: city.replace(
        city.find(r'^  area_code: "0409"$'), '"0409"', "0409"))),
    ("office hours 8:30 without quotes", city_edit(lambda city: city.insert_after(
        office(city, "linjiang")[0], "      hours: 8:30"))),
    ("a real enrolment window", city_edit(lambda city: add_window(city, "09-01", "12-31"))),
]


def assert_nothing_written(root: Path, before: dict[str, str]) -> None:
    assert not (root / "dist").exists(), "check must not build the site"
    assert snapshot(root) == before, "check must not change any file"


@pytest.mark.parametrize("name, mutate, file, line, column, words", CATALOGUE,
                         ids=[row[0] for row in CATALOGUE])
def test_broken_variant_is_reported(tmp_path, capsys, name, mutate, file, line, column, words):
    root = copy_project(tmp_path)
    where = mutate(root)
    line = where[0] if line == HERE else line
    column = where[1] if column == HERE else column
    before = snapshot(root)

    result = run_check(root, capsys)

    assert result.code == 1, result.text
    assert "Traceback" not in result.text
    assert result.out == ""
    assert len(result.problem_lines) == 1, f"expected one problem:\n{result.err}"
    reported = result.problem_lines[0]
    prefix = f"{file}: " if (line, column) == FOLDER else f"{file}:{line}:" + (f"{column}:" if column else "")
    assert reported.startswith(prefix), f"expected {prefix}…, got:\n{reported}"
    for word in words:
        assert word in reported, f"{word!r} missing from:\n{reported}"
    assert re.search(r"[\u4e00-\u9fff]", reported.split(": ", 1)[1]), "message must be in Chinese"
    assert result.err.splitlines()[-1].startswith("共 1 个问题")
    assert_nothing_written(root, before)


@pytest.mark.parametrize("name, mutate", PASSING, ids=[row[0] for row in PASSING])
def test_harmless_variant_passes(tmp_path, capsys, name, mutate):
    root = copy_project(tmp_path)
    original = (root / CITY).read_bytes()
    mutate(root)
    assert (root / CITY).read_bytes() != original, "the mutation changed nothing"
    before = snapshot(root)
    result = run_check(root, capsys)
    assert result.code == 0, result.text
    assert result.out.startswith("检查通过：3 个城市"), result.text
    assert result.err == ""
    assert_nothing_written(root, before)


def test_every_problem_in_one_run_sorted_with_a_count(tmp_path, capsys):
    root = copy_project(tmp_path)
    city = TextFile(root, CITY)
    # Written bottom-up on purpose, and mixing the schema's problems with the other
    # checks' (found in separate passes): the output must still run top to bottom.
    phone_line, phone_column = phone_of(city, "linjiang", "0409-62710022")
    city.replace(phone_line, "0409-62710022", "62710022")
    expected = [
        (CITY, *set_value(city, city.find_in("calculators", r"^        employer_rate: "), "8"), "0.08"),
        (CITY, phone_line, phone_column, "缺少区号"),
        (CITY, *set_value(city, city.find(r'^  area_code: "0409"$'), "409"), "加上引号"),
        (CITY, *set_value(city, city.find(r"^  pinyin: qingchuan$"), "qingchaun"), "不一致"),
    ][::-1]
    city.save()
    article = TextFile(root, ARTICLE)
    expected.append((ARTICLE, *set_value(article, article.find(r"^updated: "), "2026-13-01"),
                     "不是真实存在的日期"))
    article.save()
    before = snapshot(root)

    result = run_check(root, capsys)

    assert result.code == 1 and "Traceback" not in result.text
    assert len(result.problem_lines) == len(expected), result.err
    for reported, (file, line, column, words) in zip(result.problem_lines, expected):
        assert reported.startswith(f"{file}:{line}:{column}: "), result.err
        assert words in reported
    assert result.err.splitlines()[-1] == "共 5 个问题。请按上面的提示修改，再运行 yibao check。"
    assert_nothing_written(root, before)


def test_problems_in_several_cities_are_all_reported(tmp_path, capsys):
    root = copy_project(tmp_path)
    for name in ("baihe", "qingchuan", "yunxi"):
        path = root / "cities" / f"{name}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(f"pinyin: {name}", "pinyin: x"),
                        encoding="utf-8")
    result = run_check(root, capsys)
    files = [line.split(":")[0] for line in result.problem_lines]
    assert files == ["cities/baihe.yaml", "cities/qingchuan.yaml", "cities/yunxi.yaml"]
    assert result.err.splitlines()[-1].startswith("共 3 个问题")


def test_alias_bomb_costs_neither_time_nor_memory(tmp_path, capsys):
    root = copy_project(tmp_path)
    write_city(BILLION_LAUGHS)(root)
    tracemalloc.start()
    try:
        result = run_check(root, capsys)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.code == 1 and "别名" in result.err
    assert peak < 30 * 1024 * 1024
    # expanding the aliases would take minutes: a child process that does not finish in
    # a minute fails the test (a guard against hanging, not a benchmark)
    child = run_cli(root, "check", child=True, timeout=60)
    assert child.code == 1 and "别名" in child.err


def test_huge_file_is_not_read(tmp_path, capsys):
    root = copy_project(tmp_path)
    fifty_megabytes(root)
    tracemalloc.start()
    try:
        result = run_check(root, capsys)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "文件太大" in result.err
    assert peak < 10 * 1024 * 1024


def test_catalogue_is_large_enough():
    assert len(CATALOGUE) >= 35
    assert len({row[0] for row in CATALOGUE}) == len(CATALOGUE)
