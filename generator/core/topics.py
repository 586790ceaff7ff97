"""The topic pages of every city — defined here once: their names, what the card
promises and the sections each page shows, in order. Views build the pages from it
(generator/views/blocks.py has one builder per kind of section), the city schema's
`tips[].topic` choices are filled from it when validating, and the tests read it too."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Show:
    """One section of a topic page: which builder of generator/views/blocks.py makes it,
    with its heading and what it draws on (procedure kinds, money topics, calculator kinds)."""
    kind: str
    title: str = ""
    id: str = ""
    of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    slug: str
    title: str
    summary: str  # what the card promises
    shows: tuple[Show, ...] = ()  # the page's sections, in order

    def _of(self, kind: str) -> tuple[str, ...]:
        return tuple(x for s in self.shows if s.kind == kind for x in s.of)

    @property
    def procedures(self) -> tuple[str, ...]:
        """The procedure kinds listed on the page."""
        return self._of("procedures")

    @property
    def money(self) -> tuple[str, ...]:
        """The money item topics listed on the page."""
        return self._of("money")

    @property
    def calculators(self) -> tuple[str, ...]:
        """The calculator kinds linked from the page."""
        return self._of("calc-links")


def _steps(title: str, *kinds: str, id: str = "steps") -> Show:
    return Show("procedures", title, id, kinds)


# In the order the public looks for them.
TOPICS: tuple[Topic, ...] = (
    Topic("enrol", "参保条件与材料", "谁可以参保，要带哪些材料，什么时候办，怎么办理", (
        Show("iam"), Show("rules"), Show("schemes"), _steps("怎么办理", "enrol"), Show("windows"),
        _steps("转移接续和其他事项", "transfer", "other", id="other"), Show("tips"))),
    Topic("newborn", "新生儿", "宝宝出生后怎么参保、最晚什么时候办、从哪天起能报销", (
        Show("rules"), _steps("怎么办理", "newborn"), Show("tips"))),
    Topic("pay", "缴费", "交多少钱，在哪里交，怎么交", (
        Show("rules"), Show("premium"), Show("money", of=("premium", "contribution")), _steps("怎么缴费", "pay"), Show("tips"),
        Show("calc-links", of=("resident_premium", "employee_contribution", "flexible_employment")))),
    Topic("query", "查询", "查个人账户、查缴费记录的电话、网站和窗口", (
        Show("rules"), Show("channels"), _steps("怎么查询", "query"), Show("tips"))),
    Topic("benefits", "待遇与报销", "什么时候开始享受待遇，能报销多少，个人账户划入多少", (
        Show("rules"), Show("cover"), Show("benefits"), Show("money", of=("benefit", "account")), _steps("怎么报销", "reimburse"),
        Show("tips"), Show("calc-links", of=("cover_start", "inpatient", "outpatient", "account_credit")))),
    Topic("backpay", "补缴和断保", "断缴了怎么办，补缴怎么算，断保后要等多久才能报销", (
        Show("rules"), _steps("怎么补缴", "backpay"), Show("money", of=("backpay",)), Show("tips"),
        Show("calc-links", of=("backpay", "cover_start")))),
    Topic("card", "医保卡和电子凭证", "医保电子凭证怎么开通，医保卡丢了、坏了怎么挂失补办", (
        Show("rules"), _steps("挂失、补办和使用", "card"), Show("tips"))),
    Topic("mutual-aid", "家庭共济", "用职工医保个人账户给家人交费、看病", (
        Show("rules"), _steps("怎么办理", "mutual-aid"), Show("tips"))),
    Topic("remote", "异地就医", "去外地看病要不要备案、怎么备案、备案多久有效", (
        Show("rules"), _steps("怎么办理", "remote"), Show("tips"))),
    Topic("offices", "经办机构", "地址、电话、办公时间、办理什么", (Show("offices"), Show("tips"))),
    Topic("calculators", "计算器", "用本市的参数算保费、缴费、报销和生效日期", (Show("calc-links"),)),  # every one
)
BY_SLUG = {t.slug: t for t in TOPICS}
# Which topic page a thing of a city file is on — read off TOPICS, never written again.
PROCEDURE_TOPIC = {kind: t.slug for t in TOPICS for kind in t.procedures}  # procedure kind → topic
MONEY_TOPIC = {money: t.slug for t in TOPICS for money in t.money}  # money item topic → topic
CALCULATOR_TOPICS = {kind: tuple(t.slug for t in TOPICS if kind in t.calculators)  # calculator → topics
                     for t in TOPICS for kind in t.calculators}


def section_topic(show: str) -> str:
    """The topic page that shows the section a builder of that kind makes ("schemes",
    "offices", "cover"…): the first page listing it."""
    return next(t.slug for t in TOPICS if any(s.kind == show for s in t.shows))


GENERAL = "general"  # a tip for the city's hub rather than one topic page
# What a tip in a city file may name as its topic.
TIP_TOPICS: tuple[str, ...] = tuple(t.slug for t in TOPICS if t.slug != "calculators") + (GENERAL,)


@dataclass(frozen=True)
class Audience:
    slug: str
    title: str
    topic: str | None = None  # the topic whose rules (national, provincial, the city's) its checklist shows


# The common cases a city's applicant categories may be marked as (`audience:`), most
# common first: the order of the “我是……” links on the enrol page. Categories not marked
# come after these, in the order of the city file.
AUDIENCES: tuple[Audience, ...] = (
    Audience("adult", "普通成年居民"),
    Audience("elderly", "老年人"),
    Audience("child", "学生和儿童"),
    Audience("newborn", "新生儿", "newborn"),
    Audience("flexible", "灵活就业和个体"),
    Audience("staff", "单位职工"),
    Audience("retiree", "退休人员"),
    Audience("low-income", "低保和低收入"),
    Audience("disabled", "残疾人"),
)
AUDIENCE_ORDER = {a.slug: i for i, a in enumerate(AUDIENCES)}
AUDIENCE_TOPIC = {a.slug: a.topic for a in AUDIENCES if a.topic}
