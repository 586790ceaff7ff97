"""The flat list of facts that diff, open data and report share: every fact placed in
words taken from the schema's titles, with its sources, their newest date and the check
date."""
from __future__ import annotations

import copy
import datetime as dt
import re

import pytest

from conftest import TEST_PROJECT
from generator import calculators
from generator.views.calculators import views as calculator_views
from generator.output.facts import UNKNOWN_DATE, SourceInfo, city_facts, site_facts
from generator.source.labels import Labels, labels
from generator.model.site import load_site
from generator.core.today import build_date
from generator.core.topics import TOPICS
from generator.views.city import CityViews


@pytest.fixture(scope="module")
def site():
    return load_site(TEST_PROJECT)


@pytest.fixture(scope="module")
def facts(site):
    return site_facts(site.cities)


def test_every_city_has_facts_and_each_place_is_unique(site, facts):
    assert {f.pinyin for f in facts} == {c.pinyin for c in site.cities}
    keys = [(f.pinyin, *f.key) for f in facts]
    assert len(keys) == len(set(keys))
    assert all(f.value not in (None, "", ()) for f in facts)


def test_places_are_words_not_yaml_keys(facts):
    for f in facts:
        for part in (f.section, f.field):
            assert part and not re.search(r"[a-z_]{3,}", part), f.place
    assert not any(re.fullmatch(r"[a-z-]+", str(f.value)) and f.field in ("事项类型", "渠道类型", "类型", "待遇开始于")
                   for f in facts)


def test_an_office_phone_reads_as_office_name_and_field(site, facts):
    phone = next(f for f in facts if f.pinyin == "qingchuan" and f.key[:1] == ("offices/items",)
                 and f.field == "电话" and f.item == "青川市医疗保险管理中心")
    assert phone.section == "经办机构"
    assert phone.place == "经办机构 · 青川市医疗保险管理中心 · 电话"
    assert phone.value == ("0409-62310001",)
    assert phone.topic == "offices"
    qingchuan = next(c for c in site.cities if c.pinyin == "qingchuan")
    assert phone.sources and phone.verified == qingchuan.offices.provenance.verified


def test_calculator_rates_become_percent_and_money_keeps_its_unit(facts):
    rate = next(f for f in facts if f.pinyin == "qingchuan" and f.field == "单位缴费比例")
    assert rate.section == "计算器参数 · 职工医保缴费"
    assert (rate.value, rate.unit, rate.shown()) == (8, "%", "8%")
    premium = next(f for f in facts if f.pinyin == "qingchuan" and f.field == "个人缴费" and "成年居民" in f.item)
    assert (premium.value, premium.unit, premium.shown()) == (385, "元/年", "385 元/年")


def test_field_labels_come_from_the_schema_titles():
    schema = copy.deepcopy(labels().schema)
    schema["properties"]["offices"]["properties"]["items"]["items"]["properties"]["hours"]["title"] = "开门时间"
    assert Labels(schema).title("offices", "items", "hours") == "开门时间"
    assert labels().title("offices", "items", "hours") == "办公时间"
    # a title's format hint is dropped: the value carries its unit
    assert labels().title("calculators", "resident_premium", "versions", "tiers", "personal") == "个人缴费"


def test_every_coded_value_has_a_chinese_name_in_the_schema():
    for path in (("procedures", "items", "kind"), ("channels", "items", "kind"), ("tips", "items", "kind"),
                 ("calculators", "cover_start", "versions", "cases", "starts"),
                 ("calculators", "cover_start", "versions", "cases", "ends")):
        node = labels().node(path)
        names = labels().choices(*path)
        assert set(names) == set(node["enum"]), path
        assert all(name and not re.search(r"[a-z]", name) for name in names.values()), names


def test_a_facts_source_date_is_its_newest_sources_date(site):
    from generator.output.facts import Fact
    from generator.model.city import Source

    old = SourceInfo.of(Source("a", "旧", "论坛帖子", estimated="2012"))
    new = SourceInfo.of(Source("b", "新", "政府网站", published="2024-10"))
    undated = SourceInfo.of(Source("c", "无日期", "内容聚合网站"))
    assert (old.date_text, old.estimated, new.date_text, undated.date_text) == ("约2012年", True, "2024年10月", UNKNOWN_DATE)

    def fact(*sources):
        return Fact("青川", "qingchuan", "经办机构", "某中心", "电话", ("0409-1",), None, sources,
                    dt.date(2026, 11, 23), "offices", ("offices/items", "x", "phones"))

    assert fact(old, undated, new).source_date == "2024-10"
    assert fact(old, undated, new).source_date_text == "2024年10月"
    assert fact(undated, old).source_date_text == "约2012年"
    assert fact(undated).source_date is None and fact(undated).source_date_text == UNKNOWN_DATE


def test_uncertain_figures_carry_the_sites_caveat(facts):
    doubtful = [f for f in facts if f.uncertain]
    assert doubtful, "the test project marks some figures as uncertain"
    bonus = next(f for f in doubtful if f.field == "连续参保每年增加的支付比例")
    assert bonus.pinyin == "baihe" and bonus.shown() == "1%"
    assert "字迹残缺" in bonus.uncertain and "editor" not in bonus.uncertain
    assert all(not f.uncertain for f in facts if f.field == "起付标准" and f.pinyin == "baihe")


def test_topics_with_facts_are_the_topic_pages_the_site_fills(site):
    today = build_date()
    for city in site.cities:
        calcs = tuple(calculator_views(city, today))
        links = CityViews(city, today, "", calcs).topic_links()
        filled = {t.slug for t in links if t.available}
        with_facts = {f.topic for f in city_facts(city)} - {None}
        assert with_facts <= filled, city.pinyin
        # a page may show only links to calculators, whose facts are counted under 计算器
        assert all(slug in with_facts or calcs for slug in filled - with_facts), city.pinyin
    assert {t.slug for t in TOPICS} >= {f.topic for c in site.cities for f in city_facts(c)} - {None}
