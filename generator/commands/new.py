"""`yibao new <拼音>`: a new city file that passes `yibao check` as it is — its identity
filled in, every section present but empty (the site shows 暂无资料), and above each
section a Chinese note on what goes there with an example to copy.

The examples are commented out at the depth they belong, so deleting the `# ` at the
start of a line gives valid YAML (tests/test_newcity.py uncomments them all and checks
the result).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import unicodedata
from pathlib import Path

from generator.core.errors import Problem, UserError
from generator.source.load import parse_yaml
from generator.core.addresses import RESERVED_NAMES, reserved_name
from generator.check.city import check_document
from generator.source.schemas import schema
from generator.core.project import CITIES

SCHEMA_LINE = "# yaml-language-server: $schema=../generator/schema/city.schema.json"

TEMPLATE = """\
{schema_line}
# {name}的医保资料。每一节都要写明来源（sources）和最后核实日期（verified），
# 节里的每一项也要写自己的 sources：是哪份资料说的这一项（页面按它显示这一项的资料时间）；
# 来源没有说的就不写，网站会显示“暂无资料”。一节的名字后面什么都不写，也表示暂无资料。
# 要填写某一节时：把它下面示例行开头的“# ”删掉，再换成来源里的内容。改完运行 yibao check。

# ── 城市基本信息 ──
# 名称、拼音、省份已经填好。电话区号、辖区和一句话简介要有来源，写了它们就要写 sources 和 verified。
city:
  name: {name_yaml}
  pinyin: {pinyin}
  province: {province_yaml}
  # area_code: "0411"          # 电话区号，以 0 开头，要加引号
  # districts: [甲区, 乙区]      # 区、县
  # summary: 一句话说明这个城市的医保怎么办。
  # sources: [s001]
  # verified: "{today}"

# ── 来源列表（sources）──
# 本文件用到的每一份资料各写一条：编号（id）、标题、类型（kind：政府网站、官方转载、新闻报道、
# 内容聚合网站、论坛帖子），有的话写发布者、网址、发布日期。各节用编号引用它们，例如 sources: [s001]。
sources:
  # - id: s001
  #   title: 某某市医疗保障局：城乡居民医保参保缴费指南
  #   kind: 政府网站
  #   publisher: 某某市医疗保障局
  #   url: https://example.gov.cn/zhinan.html
  #   published: "2025-09-01"

# ── 险种与参保对象（schemes）──  显示在“参保条件与材料”页
# 城乡居民医保、职工医保各写一项；每项下面写哪些人可以参保（申请人类别）。
schemes:
  # sources: [s001]
  # verified: "{today}"
  # items:
  #   - id: resident
  #     name: 城乡居民基本医疗保险
  #     categories:
  #       - id: adult
  #         name: 成年居民
  #         who: 具有本市户籍、未参加职工医保的成年人。
  #     sources: [s001]

# ── 所需材料（materials）──  显示在“参保条件与材料”页，可以打印
# 每份清单写标题、对应的办理事项编号（procedures 里的 id），和要带的材料。
materials:
  # sources: [s001]
  # verified: "{today}"
  # items:
  #   - title: 成年居民参保要带的材料
  #     procedure: enrol-resident
  #     category: adult
  #     documents: [居民身份证原件, 户口簿原件]
  #     sources: [s001]

# ── 办理流程（procedures）──  参保、缴费、查询、报销、补缴、医保卡、家庭共济各页的“怎么办理”
# kind 写事项类型：enrol 参保、pay 缴费、query 查询、reimburse 报销、backpay 补缴、
# card 医保卡、mutual-aid 家庭共济、transfer 转移接续、other 其他。steps 按顺序写步骤。
procedures:
  # sources: [s001]
  # verified: "{today}"
  # items:
  #   - id: enrol-resident
  #     kind: enrol
  #     title: 城乡居民医保参保登记
  #     scheme: resident
  #     handled_by: [户籍所在地社区服务中心]
  #     steps:
  #       - 带上材料到社区服务中心填写参保登记表。
  #       - 登记后按通知缴费。
  #     sources: [s001]

# ── 经办机构（offices）──  显示在“经办机构”页
# 医保中心、分中心、服务窗口：名称，来源里有的再写地址、电话、办公时间、办理什么。
# 座机写成 0411-83709176 这样（区号-号码），一个格子只写一个号码。
offices:
  # sources: [s001]
  # verified: "{today}"
  # items:
  #   - id: centre
  #     name: 某某市医疗保障事务服务中心
  #     address: 某某区某某路1号
  #     phones: ["12393"]
  #     hours: 周一至周五 8:30—17:00
  #     primary: true
  #     sources: [s001]

# ── 查询和缴费渠道（channels）──  显示在“查询”页；标了 hotline: true 的电话也显示在城市首页
# kind 写渠道类型：hotline 有人接听的电话、voice 自助语音电话（按键查询，不算咨询电话）、
# website 网站、wechat-miniprogram 微信小程序、wechat-account 公众号、sms 短信、window 窗口、
# app 手机应用、agency 代办机构。每一项都写 sources，写明是哪份资料说的。
channels:
  # sources: [s001]
  # verified: "{today}"
  # items:
  #   - kind: hotline
  #     name: 医保服务热线
  #     phone: "12393"
  #     can: [政策咨询, 查询缴费记录]
  #     hotline: true
  #     sources: [s001]

# ── 参保时间与待遇生效（enrolment）──  显示在“参保条件与材料”和“待遇与报销”页
# 集中参保期写月-日（加引号）；各种情况下待遇从哪天开始，用文字写在 rules 里。
enrolment:
  # sources: [s001]
  # verified: "{today}"
  # windows:
  #   - scheme: resident
  #     name: 集中参保缴费期
  #     start: "09-01"
  #     end: "12-31"
  #     sources: [s001]
  # rules:
  #   - case: 在集中参保期内缴费
  #     text: 次年1月1日起享受待遇。
  #     sources: [s001]

# ── 费用与待遇数字（money）──  缴费、补缴、待遇各页的“金额与比例”
# 每条写名称、数值和单位（元、元/年、元/月、元/人/年、%、年、个月），有生效日期的写 from。
# topic 写显示在哪一页：premium、contribution（缴费），account、benefit（待遇），backpay（补缴）。
money:
  # sources: [s001]
  # verified: "{today}"
  # items:
  #   - label: 居民医保个人缴费（成年居民）
  #     value: 400
  #     unit: 元/年
  #     topic: premium
  #     from: "2025-01-01"
  #     sources: [s001]

# ── 待遇与报销（benefits）──  显示在“待遇与报销”页：报销比例、起付线等的文字说明
benefits:
  # sources: [s001]
  # verified: "{today}"
  # items:
  #   - title: 住院报销
  #     text: 在本市定点医院住院，起付线以上的费用按比例报销。
  #     sources: [s001]

# ── 提醒与注意事项（tips）──  topic 写显示在哪一页（general 是城市首页）；防骗提醒写 kind: warning
tips:
  # sources: [s001]
  # verified: "{today}"
  # items:
  #   - kind: warning
  #     topic: general
  #     text: 医保部门不会打电话要求转账，接到这类电话请挂断。
  #     sources: [s001]

# ── 计算器参数（calculators）──  保费、报销、补缴等计算器用的数字，按生效日期分版本。
# 写法较复杂，请照着 cities/dalian.yaml 的 calculators 一节写，再运行 yibao check 核对。
calculators:

# ── 本市较新的规定（rules）──  每条写明回答哪个问题（question，可选的问题见
# generator/core/questions.py），有自己的来源和核实日期。全国和省里的规定不用抄到这里：
# 它们在 national.yaml 和 provinces/<省拼音>.yaml，会自动显示在本市的页面上；本市的规定
# 比它们新时，网站先显示本市的。
rules:
  # - question: newborn-deadline
  #   text: 新生儿在出生后 90 天内参保缴费的，从出生当天起享受待遇。[s001]
  #   from: "2025-01-01"
  #   sources: [s001]
  #   verified: "{today}"
"""


def city_file(pinyin: str, name: str, province: str, today: dt.date) -> str:
    """The text of a new city file."""
    return TEMPLATE.format(schema_line=SCHEMA_LINE, name=name, pinyin=pinyin, today=today.isoformat(),
                           name_yaml=_scalar(name), province_yaml=_scalar(province))


def create(root: Path, pinyin: str, name: str, province: str, today: dt.date) -> Path:
    """Write `cities/<pinyin>.yaml`; refuses a bad or reserved pinyin and an existing file."""
    name, province = name.strip(), province.strip()
    display = f"cities/{pinyin}.yaml"
    _refuse_bad(root, pinyin, name, province, display)
    text = city_file(pinyin, name, province, today)
    # the file must be what `check` accepts; anything else is a bug in the template
    problems = check_document(parse_yaml(text, display), today)
    if problems:
        raise UserError(problems)
    path = root / CITIES / f"{pinyin}.yaml"
    path.parent.mkdir(exist_ok=True)
    try:
        # O_EXCL: never overwrite a file, even one written a moment ago; O_NOFOLLOW: never
        # write through a symlink
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except FileExistsError:
        raise UserError([_exists(display)]) from None
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)
    return path


def _refuse_bad(root: Path, pinyin: str, name: str, province: str, display: str) -> None:
    pattern = schema("city")["properties"]["city"]["properties"]["pinyin"]["pattern"]
    if not re.fullmatch(pattern, pinyin):
        hint = ""
        plain = re.sub(r"[^a-z]", "", pinyin.lower())
        if plain and plain != pinyin:
            hint = f"是不是想写“{plain}”？"
        raise UserError([Problem(display, 1, 1, "",
                                 f"拼音“{pinyin}”不对：只能用小写英文字母，不带声调、空格、数字和连字符，"
                                 f"例如 dalian、shijiazhuang。{hint}")])
    if pinyin in RESERVED_NAMES:
        raise UserError([Problem(display, 1, 1, "", reserved_name(pinyin))])
    problems = []
    for option, value in (("--name", name), ("--province", province)):
        if any(unicodedata.category(c).startswith("C") for c in value):
            problems.append(Problem(display, 1, 1, "", f"{option} 里有换行或控制字符，请只写文字。"))
    if not name:
        problems.append(Problem(display, 1, 1, "", "城市名称不能是空的：请用 --name 写上中文名，例如 --name 大连。"))
    if not province:
        problems.append(Problem(display, 1, 1, "", "省份不能是空的：请用 --province 写上，例如 --province 辽宁省。"))
    if problems:
        raise UserError(problems)
    for existing in (root / CITIES / f"{pinyin}.yaml", root / CITIES / f"{pinyin}.yml"):
        if existing.exists() or existing.is_symlink():
            raise UserError([_exists(existing.relative_to(root).as_posix())])


def _exists(display: str) -> Problem:
    return Problem(display, 1, 1, "", "这个城市的文件已经存在，没有改动它。要修改这个城市，请直接编辑这个文件；"
                                      "要新建别的城市，请换一个拼音。")


def _scalar(text: str) -> str:
    """A value as YAML: plain when it is only Chinese characters, otherwise double-quoted
    (a JSON string is a valid YAML double-quoted scalar)."""
    if re.fullmatch(r"[\u4e00-\u9fff·]+", text):
        return text
    return json.dumps(text, ensure_ascii=False)
