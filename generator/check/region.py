"""national.yaml and provinces/<拼音>.yaml, checked as a city file is: the schema, then
what a schema cannot say (real dates, sources that exist and are dated, a check date
after its sources, citation markers), then the file's name."""
from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

from generator.check.rules import semantic_problems
from generator.check.schema import schema_problems
from generator.core.errors import Problem
from generator.core.project import NATIONAL_FILE
from generator.source.load import Document


def check_region(doc: Document, today: dt.date) -> list[Problem]:
    problems = schema_problems(doc, "region")
    if problems:
        return problems
    problems = semantic_problems(doc, today)
    region = doc.data["region"]
    expected = "national" if doc.file == NATIONAL_FILE else PurePosixPath(doc.file).stem
    if region["pinyin"] != expected:
        where = "全国的文件 national.yaml" if doc.file == NATIONAL_FILE else f"文件名 {expected}.yaml"
        problems.append(doc.problem(("region", "pinyin"), f"拼音“{region['pinyin']}”与{where}不一致。请把拼音改为 {expected}。"))
    if doc.file == NATIONAL_FILE and region["name"] != "全国":
        problems.append(doc.problem(("region", "name"), f"national.yaml 是全国的规定，名称请写“全国”，不是“{region['name']}”。"))
    if doc.file != NATIONAL_FILE and not region["name"].endswith(("省", "自治区", "市")):
        problems.append(doc.problem(("region", "name"), f"省的名称“{region['name']}”要和城市文件的 province 一字不差，"
                                                        "例如：辽宁省、广西壮族自治区、北京市。"))
    return problems
