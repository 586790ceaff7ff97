"""The questions the public asks that a rule answers — defined here once.

A rule in national.yaml, provinces/<拼音>.yaml or a city file's `rules:` names the question
it answers (`question: newborn-cover`); where rules of several levels or years answer the
same question, the page shows the newest first and the others as earlier rules. The topic
says on which of a city's pages the answer is shown. The schemas' `question` choices are
filled from this list.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    slug: str
    ask: str  # the question as a reader would ask it: the heading of its answer
    topic: str  # the topic page that answers it (core/topics.py)
    short: str  # what the answer is about, for “上海暂无新生儿参保的资料”


QUESTIONS: tuple[Question, ...] = (
    Question("newborn-enrol", "新生儿怎么参保、要带什么？", "newborn", "新生儿怎么参保"),
    Question("newborn-deadline", "新生儿最晚什么时候参保？", "newborn", "新生儿参保的期限"),
    Question("newborn-cover", "新生儿从哪天起能报销？", "newborn", "新生儿从哪天起能报销"),
    Question("enrol-window", "居民医保每年什么时候参保缴费？", "enrol", "集中参保缴费的时间"),
    Question("enrol-who", "谁可以在本地参加居民医保？", "enrol", "谁可以参加居民医保"),
    Question("enrol-channels", "在哪里、用什么办理参保缴费？", "enrol", "参保缴费的渠道"),
    Question("resident-premium", "居民医保个人一年交多少钱？", "pay", "居民医保个人缴费标准"),
    Question("resident-subsidy", "政府对居民医保每人补助多少？", "pay", "居民医保的财政补助"),
    Question("unemployed", "领失业金期间，医保费谁来交？", "pay", "失业期间的医保缴费"),
    Question("cover-start", "按时参保的人从哪天起能报销？", "benefits", "待遇从哪天开始"),
    Question("account-staff", "在职职工的个人账户每月划入多少？", "benefits", "在职职工个人账户划入"),
    Question("account-retiree", "退休人员的个人账户每月划入多少？", "benefits", "退休人员个人账户划入"),
    Question("outpatient-pooling", "职工看门诊的费用能报销吗？", "benefits", "职工门诊费用报销"),
    Question("waiting-period", "没按时参保或断保后，要等多久才能报销？", "backpay", "断保后的待遇等待期"),
    Question("continuity-reward", "连续参保、没有报销，有什么奖励？", "backpay", "连续参保的奖励"),
    Question("hotline", "打哪个电话问医保？", "query", "医保咨询电话"),
    Question("evoucher", "医保电子凭证是什么、怎么开通？", "card", "医保电子凭证"),
    Question("card-lost", "医保卡丢了怎么办？", "card", "医保卡挂失补办"),
    Question("family-who", "职工医保个人账户可以给哪些家人用？", "mutual-aid", "个人账户可以给哪些家人用"),
    Question("family-what", "个人账户可以替家人付哪些钱？", "mutual-aid", "个人账户可以替家人付什么"),
    Question("family-cross-province", "能给外省的家人用个人账户吗？", "mutual-aid", "跨省家庭共济"),
    Question("remote-filing", "去外地看病要不要备案、怎么备案？", "remote", "异地就医备案"),
    Question("remote-filing-validity", "异地就医备案多久有效？", "remote", "异地就医备案的有效期"),
)
BY_SLUG = {q.slug: q for q in QUESTIONS}


def of_topic(topic: str) -> tuple[Question, ...]:
    return tuple(q for q in QUESTIONS if q.topic == topic)
