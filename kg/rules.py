"""Extraction rules: projects, investments, campaigns, goals and indicators, clause by clause.

The rules read the NLP marks (money, quantities, dates, quotes) and the tables below. The tables hold
the language of the genre — head nouns, status verbs, filler words — never the names of particular
projects or campaigns: the same rules have to work on reports they have never seen.

Each rule has a name (the `rule` of the Evidence it writes) and a confidence that says how often a
rule of that shape is right in this genre.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from .records import Campaign, Goal, Indicator, Investment, Project

# ------------------------------------------------------------------------------------- tables

# What a project's name ends with (longest first when matching).
PROJECT_HEADS = [
    "项目", "工程", "产业园", "物流园", "工业园区", "产业园区", "园区", "开发区", "经开区", "高新区", "新区",
    "作业区", "港", "码头", "泊位", "公园", "大道", "快速路", "通道", "廊道", "小镇", "博物馆",
    "纪念馆", "档案馆", "图书馆", "体育馆", "体育城", "世界城", "电站", "水电站", "生产线",
    "服务区", "填埋场", "卫生院", "病房楼", "医院", "学校", "厂房", "街区", "安置房", "大峡谷",
    "商业综合体", "综合体", "机场", "铁路", "高速公路", "大桥", "隧道", "水库", "污水处理厂", "工作站",
    "服务中心", "处置中心", "会展中心", "物流中心", "数据中心", "研发中心", "检测中心", "交易中心", "茶中心",
    "活动中心", "文化中心", "体育中心", "医疗中心", "运营中心", "督查平台", "服务平台", "信息平台",
    "一期", "二期", "三期", "扩能改造", "改造", "北延", "南延", "东延", "西延", "度假区", "旅游区", "风景区",
]
# a head noun followed by one of these names a meeting or an event, not a project (重点项目推进会)
NOT_A_PROJECT_AFTER = re.compile(r"^(推进会|推介会|签约会|观摩会|工作会|调度会|座谈会|现场会|会议|大会|论坛|建设年|攻坚年|攻坚)")
# heads that are also verbs: only a head when nothing but punctuation or a verb follows
VERB_HEADS = {"改造", "扩能改造"}
# zones that a park can lie in: 曲靖经开区南海子工业园区 is two projects
ZONE_HEADS = re.compile(r"(经开区|开发区|高新区|新区|自贸区)(?=.{2,}(园区|产业园|工业园|物流园))")
# words that make a name generic when nothing else is in it
GENERIC_WORDS = set("""重点 重大 优质 主体 大 新 中小 小 投资 招商 招商引资 工作 产业 亿元 以上 级 年 签约 储备 民生 基础设施 城乡
物流 技术 新技术 在建 续建 省 市 区 县 省市 旧城 老城 各类 一批 相关 上述 这些 该 此 其他 示范 标准化 楼宇 载体 合作 联系 国有 城市
支撑 建设 不少 新开工 开工 竣工 新竣工 亿元以上 万元以上 的 等 和 及 农村 社会 公共 乡村 配套 产业化 龙头 骨干 企业 一
个 项 座 条 家 所 处 批 第一 唯一 重要 绿色 国家级 省级 市级 区级 县级 全市 全区 全县 全省 上 下 片区""".split())
# Words a name may not start with after trimming.
NAME_BAD_START = re.compile(r"^(的|和|及|与|等|了|是|在|将|对|为|把|以|由|这|该|其|各|每|个|项|全|本|我|一批|一系列)")
GENERIC_PROJECTS = re.compile(
    r"^(重点|重大|各类|一批|省市|省|市|区|县|国家|省级|市级|该|此|这些|上述|相关|新建|在建|续建|储备|签约|招商|"
    r"产业|基础设施|民生|城建|城市|农村|社会|亿元以上|\d+亿元以上|[\d一二三四五六七八九十]+个|[\d一二三四五六七八九十]+大)?"
    r"(项目|工程|园区|平台|中心|基地|片区|市场)$")

# status verbs → status (SCHEMA's conventions)
STATUS = [
    ("operating", r"投产|投用|投入使用|投入运营|运营|运行|开业|营业|满产|试生产|点火|试投产"),
    ("completed", r"建成|竣工|完工|基本建成|完成建设|清理完毕|回迁|交付"),
    ("under_construction", r"开工|在建|加快建设|启动建设|正在推进建设|加快推进|推进建设|建设现场|施工|调试|进展顺利|顺利推进|"
                           r"加快实施|正在实施|稳步实施|加快|开发进度|布局建设|有序推进"),
    ("signed", r"签约|签订|完成协议磋商|协议"),
    ("planned", r"规划|拟|将建|谋划|计划|筹建|申报|储备|将启动|年内将"),
]
_STATUS = [(s, re.compile(p)) for s, p in STATUS]

CAPACITY = re.compile(r"(年产(?:能)?\d+(?:\.\d+)?[万亿千]?(?:吨|台|套|件|支|平方米|辆|千瓦时|片|只)|"
                      r"年吞吐量\d+(?:\.\d+)?万?吨|\d+(?:\.\d+)?(?:GW|MW|万千瓦|兆瓦)|\d+(?:\.\d+)?万吨(?=[\u4e00-\u9fff]))")
COMPANY_BEFORE = re.compile(r"^([\u4e00-\u9fffA-Za-z]{2,6}?)(?=[一二三四五]期|年产|\d+(?:\.\d+)?(?:GW|MW|万吨|G)|[A-Z]{2,})")
COMPANY_NAME = re.compile(r"([\u4e00-\u9fff]{2,12}(?:有限公司|有限责任公司|股份有限公司|集团))")

# money: what makes an amount an investment, and of which kind (first match wins)
INVESTMENT_KINDS = [
    ("raised", r"到位资金|利用外资|实际利用|融资|引进资金|招商引资到位|争取.{0,6}资金|引资"),
    ("planned", r"计划投资|规划投资|拟投资|预计投资|储备.{0,4}总投资|估算投资|确保.{0,8}完成投资|力争.{0,8}完成投资|"
                r"计划完成投资|将完成投资|再完成投资"),
    ("completed", r"完成投资|累计完成|完成.{0,12}投资|累计投资|已投资|完成固定资产投资"),
    ("total", r"总投资|投资总额|计划总投资|投资"),
    ("spent", r"投入资金|投入|支出|拨付|安排资金|筹集资金|整合资金"),
]
_INV_KINDS = [(k, re.compile(p)) for k, p in INVESTMENT_KINDS]
NOT_INVESTMENT = re.compile(r"固定资产投资|投资增长|投资额增长|投资同比")
# an amount that only qualifies a noun: 5亿元以上项目, 20万元以上村
QUALIFIER_AFTER = re.compile(r"^(以上|以下)?(的)?(项目|重大项目|企业|村|工业|产业|级)")

# campaigns: what a campaign's name ends with
CAMPAIGN_HEADS = [
    "专项行动", "三年行动", "系列行动", "行动计划", "行动", "攻坚战", "大会战", "会战", "保卫战", "工程",
    "主题教育", "专项整治", "综合整治", "专项斗争", "改革", "试点", "机制", "模式", "体系", "制度", "清单",
    "计划", "战略", "工作法", "品牌创建", "示范创建", "创建", "工作思路", "思路", "发展路径", "路径", "路子",
    "三大变革", "变革", "运动", "年", "方式", "载体", "建设", "革命", "示范镇村创建", "大排查大整治", "会战",
    "工作模式", "管理模式", "服务模式", "治理模式", "攻坚", "责任清单", "激励机制", "专项活动", "活动",
]
CAMPAIGN_HEAD_RX = "|".join(sorted(map(re.escape, CAMPAIGN_HEADS), key=len, reverse=True))
# verbs that launch or carry out a campaign
CAMPAIGN_VERBS = (r"(深入实施|大力实施|全面实施|启动实施|实施|深入开展|全面开展|扎实开展|认真开展|开展|持续推进|"
                  r"深入推进|扎实推进|加快推进|推进|深化|打好|打赢|坚决打好|抓实|抓好|落实|严格落实|围绕|聚焦|"
                  r"构建|推行|建立|创新|探索|搭建|践行|强化|以|把|定为|推出|制定|完善|贯彻|深入贯彻|打造|实行|启动)")
UNQUOTED_CAMPAIGN = re.compile(
    CAMPAIGN_VERBS + r"([\u4e00-\u9fff“”]{2,18}?(?:专项行动|三年行动|行动计划|两年行动计划|行动|攻坚战|主题教育|"
    r"专项整治|综合整治|大排查大整治|试点|百日攻坚战|工程|计划|改革|攻坚))(?=[，,。；;、和及并]|$)")
NOT_CAMPAIGN_QUOTE = re.compile(r"^[^\w]*$|^.$|^[A-Z+]+$|新闻|日报|(?:网|报)$")

# goals
GOAL_QUOTED_AFTER = re.compile(r"^(的)?(目标|要求|定位|标准|目标任务|发展目标|总目标|愿景)")
GOAL_FRAME = re.compile(r"(?:按照|围绕|紧盯|朝着|瞄准|以)([^。；;]{4,80}?)(?:的|为)(?:目标定位|发展目标|总目标|目标|定位|要求|标准)")
GOAL_START = re.compile(r"^(?:明年|今年|年内|全年|下半年|上半年|到(?:19|20)\d{2}年底?)?"
                        r"(?:[\u4e00-\u9fff]{2,4}(?:区|市|县|州)(?=致力|着力|著力|努力))?"
                        r"(?:努力|着力|著力|致力|全力|奋力|加快|持续|全面|力争|确保|争取|真正做到|(?:明确)?提出要|要)?"
                        r"(确保|力争|打造|争当|争创|创建|建设成为|建成|推动[\u4e00-\u9fff]{1,6}成为|努力推动|实现|锻造|构建|"
                        r"把[\u4e00-\u9fff“”]{2,30}打造(?:为|成)|理论学习|以[\u4e00-\u9fff]{2,16}促进)")
# an aim clause that only says when: 力争到2025年, 确保在2022年底前
_AIM_TIME_ONLY = re.compile(r"(?:确保|力争|争取|努力)?(?:到|在|至|于)?(?:19|20)\d{2}年(?:底|末)?(?:前|以前)?")
_GOAL_LEAD = re.compile(r"^(?:明年|今年|年内|全年|下半年|上半年)?(?:[\u4e00-\u9fff]{2,4}(?:区|市|县|州)(?=致力|着力|著力|努力))?"
                        r"(真正做到|致力于?|着力|著力|(?:明确)?提出要|要)?")
GOAL_LABEL = re.compile(r"(?:主要)?(?:预期)?目标(?:是|为)?[:：]")

TARGET_WORDS = re.compile(r"预计|力争|目标|确保|计划|将|争取|预期|规划|拟")  # investments
FILLER_LEFT = re.compile(r"^(?:[，,、；;：:。]|完成(?=固定资产投资|[\u4e00-\u9fff]{1,6}投资|[\u4e00-\u9fff]{2,8}(?:收入|产值|总值|总额))|建成后|围绕|按照|对应|通过|全年|今年|去年|明年|上半年|下半年|年内|累计|共|共计|先后|预计|力争|确保|计划|将(?=力争|确保|争取|新增|完成|实现)|目前|"
                         r"已|其中|同时|同比|比上年|较上年|截至\S{0,8}|\d{4}年|全区|全市|全县|全省|全州|全盟|全旗|全镇|全乡|实现|完成(?=[\u4e00-\u9fff]{2,}收入)|"
                         r"并|且|还|又|再|共有|拥有|仅有|有|达|为|从原来)+")
FILLER_RIGHT = re.compile(r"(?:达到|达|为|突破|实现|完成|超过|超|提高到|提升到|提升|增加到|增至|累计|共计|合计|共|分别|"
                          r"总计|总数|总量|已|新|有|逾|将|可达|可|首次|均)+$")
HEDGE_AFTER = re.compile(r"^(左右|以上|以内|以下|余|多)")

# a comma splits clauses unless it is a thousands separator (1,000)
_CLAUSE_SPLIT = re.compile(r"[，；;：:]|,(?!(?<=\d,)\d{3}(?!\d))")


# -------------------------------------------------------------------------------------- helpers


def clauses(text: str, start: int, end: int) -> list:
    """(start, end) of each clause of text[start:end], split at commas, semicolons and colons."""
    out, s = [], start
    for m in _CLAUSE_SPLIT.finditer(text, start, end):
        if m.start() > s:
            out.append((s, m.start()))
        s = m.end()
    if s < end:
        out.append((s, end))
    return out


_FUTURE = re.compile(r"将(?:要)?(?:启动|开工|建设|实施)|年内将|拟|计划(?:开工|建设|实施)")


def status_of(text: str) -> Optional[str]:
    if _FUTURE.search(text):
        return "planned"  # 年内将启动建设: not yet under construction
    for status, rx in _STATUS:
        if rx.search(text):
            return status
    return None


def clean_name(name: str) -> str:
    name = name.strip(" “”\"'「」《》、，,。；;：:（(")
    name = re.sub(r"[“”\"「」《》]", "", name)
    return name.strip()


def _year_near(ctx, start: int, sent, clause_start: int = None) -> tuple:
    """(year, year_end) for a statement at `start`: the nearest date mark before it in its sentence
    (in its clause, for a statistic), else the section's year, else the document's year."""
    best = None
    for m in ctx.marks.get("date", []):
        if sent.start <= m.start < start + 1 and not m.attrs.get("plan"):
            if clause_start is not None and m.attrs.get("year_end") and m.start < clause_start:
                continue  # a range in an earlier clause belongs to that clause's statement
            best = m
    if best is None:
        for m in ctx.marks.get("date", []):
            if start < m.start < sent.end and m.attrs.get("year_end") and not m.attrs.get("plan"):
                best = m
                break
    if best is not None and best.attrs.get("year"):
        return best.attrs["year"], best.attrs.get("year_end")
    carried = ctx.carried_year
    if carried and carried[0] == sent.start:  # "到2025年，A；B。": B is about 2025 too
        return carried[1], None
    return ctx.section_year(start), None


# --------------------------------------------------------------------------------------- driver


def extract_relations(ctx, facts) -> None:
    ctx.section_years = section_years(ctx.text, ctx.year)
    used_money = set()
    sentences = ctx.marks["sentence"]
    for k, sent in enumerate(sentences):
        region = _sentence_region(ctx, sent) or ctx.main_region
        projects = find_projects(ctx, sent, region)
        facts.projects.extend(projects)
        facts.investments.extend(find_investments(ctx, sent, region, projects, used_money))
        campaigns = find_campaigns(ctx, sent, region)
        facts.campaigns.extend(campaigns)
        facts.goals.extend(find_goals(ctx, sent, region, campaigns))
        facts.indicators.extend(find_indicators(ctx, sent, region, used_money, projects))
        # a sentence that ends in ； leaves its explicit year and its campaign to the next one
        if ctx.text[sent.end - 1:sent.end] in "；;":
            years = [m for m in ctx.marks.get("date", []) if sent.start <= m.start < sent.end
                     and not m.attrs.get("relative") and not m.attrs.get("plan") and m.attrs.get("year")]
            nxt = sentences[k + 1].start if k + 1 < len(sentences) else None
            ctx.carried_year = (nxt, years[0].attrs["year"]) if years and nxt is not None else None
            if campaigns:
                ctx.paragraph_campaign = campaigns[-1].name
        else:
            ctx.carried_year = None
            ctx.paragraph_campaign = None
    campaign_names = {re.sub(r"\W", "", c.name) for c in facts.campaigns}

    def part_of_a_campaign(name):  # “数字经济一号工程”, 科技红娘助企工程 ⊃ 助企工程: campaigns, not projects
        key = re.sub(r"\W", "", name)
        return any(key == c or (len(key) >= 4 and (c.endswith(key) or key.endswith(c))) for c in campaign_names)

    facts.projects = [p for p in _drop_contained(_dedupe(facts.projects, lambda p: p.name))
                      if not part_of_a_campaign(p.name)]
    facts.campaigns = _dedupe(facts.campaigns, lambda c: c.name)
    facts.goals = _near_dedupe(_dedupe(facts.goals, lambda g: g.text))


def _sentence_region(ctx, sent):
    """The sub-region a sentence opens with ("在内乡县，…", "西峡县积极…"), when it lies inside the
    report's main region: the sentence's facts are that place's."""
    from .gazetteer import gazetteer

    main = ctx.main_region
    if not main:
        return None
    gaz = gazetteer()
    text = ctx.text[sent.start:sent.start + 16]
    for m in ctx.mentions:
        r = gaz.regions.get(m.region)
        if r is None or m.region == main or main not in gaz.ancestors(m.region):
            continue
        for surface in {r.name, m.surface}:
            if re.match(r"^(?:在|据)?" + re.escape(surface) + r"(?![的、和与及])", text):
                return m.region
    return None


def _drop_contained(projects):
    """临港经济开发区 and 水富临港经济开发区 in one report are one project: keep the longer name."""
    names = [p.name for p in projects]
    return [p for p in projects if not any(o != p.name and o.endswith(p.name) and len(p.name) >= 4 for o in names)]


def _bigram_dice(a: str, b: str) -> float:
    A = [a[i:i + 2] for i in range(len(a) - 1)]
    B = [b[i:i + 2] for i in range(len(b) - 1)]
    if not A or not B:
        return 0.0
    pool = list(B)
    hit = 0
    for g in A:
        if g in pool:
            pool.remove(g)
            hit += 1
    return 2 * hit / (len(A) + len(B))


def _near_dedupe(goals):
    """One goal stated twice in a report (quoted once, paraphrased later) is one goal: keep the first."""
    out = []
    for g in goals:
        t = re.sub(r"\W", "", g.text)
        if any(t in re.sub(r"\W", "", o.text) or _bigram_dice(t, re.sub(r"\W", "", o.text)) >= 0.7 for o in out):
            continue
        out.append(g)
    return out


def _dedupe(records, key):
    seen, out = set(), []
    for r in records:
        k = re.sub(r"\W", "", key(r))
        if k in seen:
            continue
        seen.add(k)
        out.append(r)
    return out


_SECTION = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]\s*)?((?:19|20)\d{2})年(展望|工作安排|工作计划|主要预期目标|"
                      r"主要目标任务|工作的?总体要求|工作思路|重点工作)", re.M)
# a paragraph that opens on the past year ("过去一年，…", "过去五年", "2022年工作回顾") speaks of the year before the
# report's, until one opens on the present ("今年，…", "新的一年，…")
_REVIEW = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]\s*)?(?:过去的?(?:一|三|五|几)年|((?:19|20)\d{2})年(?:工作)?回顾)",
                     re.M)
_PRESENT = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]\s*)?(?:今年|新的一年)", re.M)


def section_years(text: str, year) -> list:
    """(offset, year) where a part of the report about another year, or about its own again, begins."""
    out = [(m.start(), int(m.group(1))) for m in _SECTION.finditer(text)]
    if year:
        out += [(m.start(), int(m.group(1)) if m.group(1) else year - 1) for m in _REVIEW.finditer(text)]
        if any(y != year for _, y in out):
            out += [(m.start(), year) for m in _PRESENT.finditer(text)]
    return sorted(out)


# -------------------------------------------------------------------------------------- projects

_HEAD_RX = re.compile("(" + "|".join(sorted(map(re.escape, PROJECT_HEADS), key=len, reverse=True)) + ")")
# the tail of an enumeration of projects: "等5条道路", "4个项目", "等项目", "三大片区", "等建设"
_TAIL_HEADS = r"(项目|道路|公路|场馆|安置区|工程|建设|片区|园区|生产线)"
_LIST_TAILS = [
    re.compile(r"(等)?([\d一二两三四五六七八九十]+(?:个|条|家|座|所|处|大))(等)?(省、市|省市|市|重点|重大|[\u4e00-\u9fff]{0,4}?)"
               + _TAIL_HEADS),
    re.compile(r"(等)()()(省、市|省市|市|重点|重大|[\u4e00-\u9fff]{0,6}?)" + _TAIL_HEADS),
]
# where the rules read jieba's tokens (a project's head noun, a list's tail): the NLP stage segments
# only the clauses that hold one of these, a region name, a relative year or a number with a unit
TOKEN_TRIGGERS = [_HEAD_RX, *_LIST_TAILS]
_REPRESENTED = re.compile(r"以(.{2,80}?)为(?:代表|龙头|重点)")
# inside a name, a descriptor before the real name: 国家4A级温泉景区西部大峡谷 → 西部大峡谷
_DESCRIPTOR = re.compile(r"^.*?(?:景区|示范工程|示范区|示范基地|称号|的)(?=[\u4e00-\u9fff\w]{2,})")
HEAD_WORDS_IN_WORD = re.compile(r"^(口|城|区|心|台|场|地)")


def _token_at(ctx, pos: int) -> int:
    import bisect

    return max(0, bisect.bisect_right(ctx.token_starts, pos) - 1)


def _left_name(ctx, lo: int, head_start: int, head_end: int) -> int:
    """Walk left over jieba tokens from a head noun to where its name starts."""
    doc = ctx.doc
    t = _token_at(ctx, head_start)
    k = t
    steps = 0
    while k - 1 >= 0 and doc[k - 1].idx >= lo and steps < 14:
        w = doc[k - 1].text
        if not re.search(r"[\u4e00-\u9fff\w]", w) or w in "“”「」《》":
            break
        if NAME_STOP_TOKEN.fullmatch(w) and not (k == t and w in NAME_INNER_VERBS):
            break
        k -= 1
        steps += 1
    return max(lo, doc[k].idx)


NAME_STOP_TOKEN = re.compile(
    r"加快|建设|推进|实施|打造|引进|布局|依托|支持|协助|协助好|围绕|包括|申报|规划|谋划|签约|落地|完成|开工|建成|投产|投用|"
    r"启动|着力|全面|深入|积极|重点|主要|成功|顺利|目前|今年|去年|明年|年内|已|累计|其中|同时|来到|记者|位于|作为|成为|拥有|"
    r"有|它|还有|整体|出新|服务|主动|扎实|大力|全力|稳步|有序|持续|加速|加大|新建|改建|新增|实现|推动|以|在|把|将|对|为|由|"
    r"向|从|与|和|或|的|了|是|等|并|及其|共|这|该|其|各|即|由于|通过|借助|依靠|结合|一批|一个|系列|等等|聚焦|紧盯|"
    r"创新|设立|成立|创成|创建|命名|被|获|获得|荣获|获批|获评|入选|评为|列入|争取|确保|力争|致力|努力|先后|陆续|相继|分别|"
    r"总投资|投资|召开|举办|举行")
NAME_INNER_VERBS = {"建设", "新建", "改建", "投资"}


_LEADING_POS = ("v", "vd", "vn", "d", "ad", "p", "c", "r", "t", "u", "ud", "uj", "ul", "m", "q", "a", "l", "i")
GENERIC_HEADS = ("项目", "工程", "园区", "产业园", "开发区", "厂房", "改造", "片区")
_LEADING_DATE = re.compile(r"^((?:19|20)\d{2}年)?(\d{1,2}月)?(\d{1,2}日)?(底|初|中旬|以来)?")
_COMPANY_SUFFIX = re.compile(r"(科技|股份|实业|集团|控股)?(股份有限公司|有限责任公司|有限公司)")


# verbs of acting on something, never the first word of a project's own name (新建/改建 can be: 新建沪苏湖铁路)
_ACTION_LEAD = re.compile(r"^(?:整治|盘活|拆除|清理|引进|培育|招聘|选派|整顿|查处|排查|化解|清退|接待|带动|吸纳|实施|完成|"
                          r"开办|举办|组织|提档升级|整体出新|推进|加快|支持|协助)(?=[\u4e00-\u9fff\d]{3,})")


@lru_cache(maxsize=65536)
def _trim_leading(name: str) -> str:
    """Drop leading verbs, adverbs, prepositions and times that the left walk let through."""
    import jieba.posseg as pseg

    name = _ACTION_LEAD.sub("", name)
    words = pseg.lcut(name)
    i = 0
    while i < len(words) - 1:
        w, flag = words[i].word, words[i].flag
        if flag in _LEADING_POS and not re.match(r"^\d", w) and not (flag in ("a", "l", "i", "vn") and i + 1 < len(words) and words[i + 1].flag.startswith("n")):
            i += 1
            continue
        break
    return "".join(w.word for w in words[i:])


@lru_cache(maxsize=65536)
def is_generic(name: str) -> bool:
    import jieba

    head = _HEAD_RX.search(name)
    if head and head.end() == len(name) and head.group() not in GENERIC_HEADS:
        return False
    core = name[:head.start()] if head and head.end() == len(name) else name
    if name.endswith("片区"):  # 宣威会泽片区: divisions grouped, not a project
        from .gazetteer import gazetteer

        core = "".join(ch for i, ch in enumerate(core)
                       if not any(s <= i < e for s, e, _ in gazetteer().find_all(core)))
    core = re.sub(r"[\d.]+(亿|万)?元?", "", core)
    from .gazetteer import gazetteer

    names = gazetteer().names
    toks = [t for t in jieba.lcut(core) if t.strip()]
    return all(t in GENERIC_WORDS or t in names for t in toks)


def _gazetteer_names():
    from .gazetteer import gazetteer

    return gazetteer().names


def _without_region(name: str) -> str:
    """寿光鲁清石化 → 鲁清石化: a company's name without the place written before it."""
    names = _gazetteer_names()
    for k in range(len(name) - 2, 1, -1):
        if name[:k] in names:
            return name[k:]
    return name


def _project(ctx, sent, region, name, start, end, rule, conf, clause_text, year=None, company=None):
    name = clean_name(name)
    if re.search(r"\s", name):
        return None
    d = _DESCRIPTOR.match(name)
    if d and _HEAD_RX.search(name[d.end():]):
        name = name[d.end():]
    name = _LEADING_DATE.sub("", name) or name
    if rule == "project.head_noun":
        name = _trim_leading(name)
    capacity = None
    lead = re.match(r"^(\d+(?:\.\d+)?[万]?(?:套|户|间|座|栋))(?=[\u4e00-\u9fff\d])", name)
    if lead:  # 1600套棚改安置房…项目: the count is the project's capacity
        capacity, name = lead.group(1), name[lead.end():]
    cm = re.search(r"([\d一二两三四五六七八九十]+个(?:泊位|车间|站点))$", name)
    if cm and _HEAD_RX.search(name[:cm.start()]):
        capacity, name = cm.group(1), name[:cm.start()]
    full = COMPANY_NAME.match(name)
    if full:
        company = full.group(1)
        name = _COMPANY_SUFFIX.sub("", name, count=1)
    if len(name) < 3 or len(name) > 40 or GENERIC_PROJECTS.match(name) or NAME_BAD_START.match(name):
        return None
    if re.match(r"^[\d一二两三四五六七八九十]+(个|条|家|座|所|处|大)", name) or is_generic(name):
        return None
    if re.search(r"第一|唯一|之一|发展|目标|精神|要求|组合拳|新技术", name):
        return None
    if re.search(r"(产业|重点|重大|优质|招商|储备|在建|新建|续建)项目$", name) and not CAPACITY.search(name):
        return None  # 新能源电池产业项目, 领导挂钩联系重点项目: a category, not one project
    if re.match(r"^(非法|违法|违规|违章|闲置|废弃|低效)", name):
        return None  # what is cleared away is not a project
    head = _HEAD_RX.search(name)
    if head and head.end() == len(name) and re.fullmatch(r"[小大新老旧]", name[:head.start()]):
        return None  # 小码头: a size, not a name
    if capacity and head and head.group() in VERB_HEADS:
        return None  # 48户农村贫困户危房改造: a count of work done
    cap = CAPACITY.search(name)
    capacity = capacity or (cap.group(1) if cap else None)
    m = COMPANY_BEFORE.match(name)
    if m and (_HEAD_RX.search(m.group(1)) or m.group(1) in _gazetteer_names()):
        m = None  # 沭阳港二期: a place's second phase, not a company's
    if company is None and m and not re.match(r"^(年产|新建|扩建|改建|一期|二期)", name):
        company = _without_region(m.group(1))
        full = COMPANY_NAME.search(ctx.text[max(0, sent.start - 300):sent.end])
        if full and full.group(1).startswith(company):
            company = full.group(1)
    if year is None:
        year, _ = _year_near(ctx, start, sent)
    return Project(doc=ctx.name, name=name, region=region, company=company, capacity=capacity,
                   status=status_of(clause_text), year=year,
                   evidence=ctx.evidence(sent.start, sent.end, rule, conf))


def find_projects(ctx, sent, region) -> list:
    text = ctx.text
    found = {}  # (start, end) -> Project

    quotes = [(q.start, q.end, q.text) for q in ctx.marks.get("quote", []) if sent.start <= q.start < sent.end]

    def add(p, s, e):
        if p is None or any(s >= a and e <= b for a, b in found):
            return
        if any(a < s < b or a < e < b for a, b, inner in quotes) and not any(inner == p.name for _, _, inner in quotes):
            return  # 以城育港 inside “以港聚产、以园兴城、以城育港”: a slogan's words
        for k in [k for k in found if k[0] >= s and k[1] <= e]:
            del found[k]
        found[(s, e)] = p

    for cs, ce in clauses(text, sent.start, sent.end):
        clause = text[cs:ce]
        # 1. "以A、B、C为代表的…"
        m = _REPRESENTED.search(clause)
        if m:
            base = cs + m.start(1)
            for item in re.finditer(r"[^、]+", m.group(1)):
                s, e = base + item.start(), base + item.end()
                add(_project(ctx, sent, region, item.group(), s, e, "project.represented", 0.6, clause), s, e)
        # 2. enumerations ending in a tail: "A、B、C等5条道路", "A等项目", "A、B、C三大片区"
        tails = [m for rx in _LIST_TAILS for m in rx.finditer(clause)]
        for tm in sorted(tails, key=lambda m: m.start())[:1]:
            seg_end = cs + tm.start()
            items_text = text[cs:seg_end]
            if not items_text.strip():
                continue
            parts = items_text.split("、")
            if len(parts) == 1 and not tm.group(1):
                continue  # a lone name needs "等": "凤凰山影视小镇等项目"
            offs = cs
            bounds = []
            for part in parts:
                bounds.append((offs, offs + len(part)))
                offs += len(part) + 1
            first_s, first_e = bounds[0]
            first_s = _left_name(ctx, cs, first_e - 1, first_e)
            bounds[0] = (first_s, first_e)
            modifier, head = tm.group(4) or "", tm.group(5)
            distribute = None
            if (tm.group(2) or "").endswith("大"):
                distribute = head  # 巫家坝、滇池会展、金马-凉亭三大片区 → 巫家坝片区 …
            elif head == "生产线" or (head in ("工程", "项目") and len(modifier) >= 2
                                       and modifier not in ("重点", "重大", "省市", "省、市", "市")):
                distribute = modifier + head  # 青年北路、江州南路等污水管网工程 → 青年北路污水管网工程 …
            for s, e in bounds:
                name = text[s:e]
                if distribute and not _HEAD_RX.search(name[-3:]):
                    name += distribute
                add(_project(ctx, sent, region, name, s, e, "project.enumeration", 0.7, clause), s, e)
        # 3. names ending in a head noun
        for hm in _HEAD_RX.finditer(clause):
            head_start, head_end = cs + hm.start(), cs + hm.end()
            nxt = text[head_end:head_end + 2]
            if re.search(r"[\d一二两三四五六七八九十]+(个|条|家|座|所|处|大|批)$", text[cs:head_start]):
                continue  # "4个项目", "三大片区": a count, not a name
            if NOT_A_PROJECT_AFTER.match(nxt + text[head_end + 2:head_end + 4]):
                continue
            if hm.group() in VERB_HEADS and re.match(r"[\u4e00-\u9fff]", nxt[:1]) and not NAME_STOP_TOKEN.match(nxt):
                continue
            if head_end not in ctx.token_ends and HEAD_WORDS_IN_WORD.match(text[head_end:head_end + 1]):
                continue
            if head_end not in ctx.token_ends and re.match(r"[\u4e00-\u9fff]", text[head_end:head_end + 1]) \
                    and not NAME_STOP_TOKEN.match(text[head_end:head_end + 2]):
                continue
            s = _left_name(ctx, cs, head_start, head_end)
            name = text[s:head_end]
            if len(name) <= len(hm.group()):
                continue
            zm = ZONE_HEADS.search(name)
            if zm:  # 曲靖经开区南海子工业园区 → 曲靖经开区, 南海子工业园区
                zone_end = s + zm.end()
                add(_project(ctx, sent, region, text[s:zone_end], s, zone_end, "project.head_noun", 0.65, clause), s, zone_end)
                s = zone_end
                name = text[s:head_end]
            add(_project(ctx, sent, region, name, s, head_end, "project.head_noun", 0.65, clause), s, head_end)
    return [found[k] for k in sorted(found)]


# ----------------------------------------------------------------------------------- investments


def find_investments(ctx, sent, region, projects, used_money) -> list:
    text = ctx.text
    out = []
    money = [m for m in ctx.marks.get("money", []) if sent.start <= m.start < sent.end]
    for cs, ce in clauses(text, sent.start, sent.end):
        ms = [m for m in money if cs <= m.start < ce]
        if not ms:
            continue
        before = text[max(sent.start, cs - 0):ms[0].start]
        clause = text[cs:ce]
        if NOT_INVESTMENT.search(before) or not re.search(r"投资|投入|到位资金|利用外资|融资|资金", before):
            continue
        kind = next((k for k, rx in _INV_KINDS if rx.search(before)), "total")
        # projects this clause names, in order; "分别" pairs amounts and projects one to one
        after = text[ms[-1].end:ce]
        linked = []
        names_here = [p.name for p in projects if p.name in clause]
        if not names_here:
            # "加快建设X项目,总投资13亿元": the amount's project is in the clause just before
            prev = text[max(sent.start, cs - 80):cs].rstrip("，,；; ")
            prev = prev[max(prev.rfind("，"), prev.rfind(","), prev.rfind("。")) + 1:] if cs > sent.start else ""
            before_prev = [p.name for p in projects if p.name in prev or (p.company and p.company in prev)]
            if len(before_prev) == 1 and re.match(r"^(总投资|计划总投资|投资)", before.strip()):
                names_here = before_prev
        if len(names_here) == len(ms) and len(ms) > 1:
            linked = names_here
        elif len(names_here) >= 1:
            # the project right after "的" or right before the amount's verb
            after_names = [p.name for p in projects if p.name in after]
            before_names = [p.name for p in projects if p.name in before]
            pick = (after_names or before_names or names_here)[:1]
            linked = pick * len(ms)
        else:
            linked = [None] * len(ms)
        if kind == "raised":
            linked = []  # funds raised or attracted belong to the region, not to a project listed nearby
        for m, proj in zip(ms, linked + [None] * (len(ms) - len(linked))):
            if QUALIFIER_AFTER.match(text[m.end:m.end + 6]):
                continue
            year, year_end = _year_near(ctx, m.start, sent, clause_start=cs)
            if re.search(r"储备|\d{4}\s*[-—–]\s*\d{4}", clause):
                rm = re.search(r"((?:19|20)\d{2})\s*[-—–~至]\s*((?:19|20)\d{2})", clause)
                if rm:
                    year, year_end = int(rm.group(1)), int(rm.group(2))
            k = kind
            if TARGET_WORDS.search(before) and k in ("completed", "total"):
                k = "planned"
            used_money.add(m.start)
            out.append(Investment(doc=ctx.name, amount=m.attrs["value"], currency=m.attrs["currency"], region=region,
                                  project=proj, year=year, year_end=year_end, kind=k, hedge=m.attrs.get("hedge"),
                                  evidence=ctx.evidence(sent.start, sent.end, "investment.keyword", 0.8)))
    return out


# ------------------------------------------------------------------------------------- campaigns

# the words between a quoted name and its head noun: short, and no verb of their own
_TAIL_VERBS = re.compile(r"推动|推进|作为|形成|实现|扩大|打造|提升|进行|带动|促进|整合|的|是|在|对|为|和|及|与|取得|成为")
_QUOTED_TAIL = re.compile(r"^(?:的(?=(?:工作思路|发展路径|路径|路子|思路|工作机制|建设模式|模式|机制)))?([\u4e00-\u9fff]{0,10}?)(" + CAMPAIGN_HEAD_RX + r")")
# a quoted name is a campaign by its own shape: “六大提升工程”, “两张清单”, “一县一业”, “党建+物业”
_SELF_HEAD = re.compile(r"(" + CAMPAIGN_HEAD_RX + r")$")
_NUMBERED_SLOGAN = re.compile(r"^([一二三四五六七八九十两\d]+[\u4e00-\u9fff]{1,3}){2,}$")
_PLUS = re.compile(r"^[\u4e00-\u9fff\d]+\+[\u4e00-\u9fff\dN][\u4e00-\u9fff\d+N]*$|^[\dN]+(\+[\dN]+)+\+?$")
_NOT_CAMPAIGN_AFTER = re.compile(r"^(先进|典型|称号|荣誉|示范[县市区]|[一二三四五六七八九十两\d]+(大|个|项)(?!" + CAMPAIGN_HEAD_RX + r"))")
_OK_AFTER = re.compile(r"^($|[^\u4e00-\u9fff]|作为|为|的(?!标准|要求|目标|定位)|等|和|及|与|相关|工作)")
_VERB_BEFORE = re.compile(CAMPAIGN_VERBS + r"([\u4e00-\u9fff]{0,8})$")
_ITEM = r"(?:(?!等)[\u4e00-\u9fff]){2,10}"
_CAMPAIGN_LIST = re.compile(CAMPAIGN_VERBS + r"((?:" + _ITEM + r"、)+" + _ITEM + r"?)(系列|等)?(行动|工程|计划|改革)(?=[，,。；;]|$)")


def find_campaigns(ctx, sent, region) -> list:
    text = ctx.text
    out = []
    quotes = [q for q in ctx.marks.get("quote", []) if sent.start <= q.start < sent.end and q.attrs["kind"] == "quote"]
    # group quotes written side by side: “四化”“四治”综合整治行动
    groups, cur = [], []
    for q in quotes:
        if cur and q.start == cur[-1].end:
            cur.append(q)
        else:
            if cur:
                groups.append(cur)
            cur = [q]
    if cur:
        groups.append(cur)
    for grp in groups:
        end = grp[-1].end
        after = text[end:min(end + 24, sent.end)]
        tail = _QUOTED_TAIL.match(after)
        if tail and _TAIL_VERBS.search(tail.group(1)):
            tail = None
        if tail:  # 综合整治 + 行动: take the longer head when one follows at once
            more = re.match(r"(专项行动|行动计划|行动|工程|计划|活动)", after[tail.end():])
            if more:
                tail = re.match("^(" + re.escape(tail.group(1) + tail.group(2)) + ")(" + more.group(1) + ")", after)
        if _NOT_CAMPAIGN_AFTER.match(after) and not tail:
            continue
        if tail and len(grp) > 1:
            name = "".join(q.text for q in grp) + tail.group(1) + tail.group(2)
            out.append(_campaign(ctx, sent, region, name, grp[0].start, end + tail.end(), "campaign.quoted_head", 0.85))
            continue
        for k, q in enumerate(grp):
            last = k == len(grp) - 1
            inner = q.text
            q_after = after if last else ""
            if not _quote_can_be_campaign(inner) or (last and GOAL_QUOTED_AFTER.match(q_after)):
                continue
            before = text[max(sent.start, grp[0].start - 14):grp[0].start]
            if re.search(r"国家$|中央$|党中央$", before):
                continue  # national strategies the region only cites
            vb = _VERB_BEFORE.search(before) if k == 0 else None
            prefix = vb.group(2) if vb and 2 <= len(vb.group(2)) <= 8 and not _TAIL_VERBS.search(vb.group(2)) else ""
            if prefix and _starts_with_verb(prefix):
                prefix = ""
            if last and tail:
                name = prefix + inner + tail.group(1) + tail.group(2)
                out.append(_campaign(ctx, sent, region, name, q.start, end + tail.end(), "campaign.quoted_head", 0.85))
                continue
            fm = re.match(r"^([\u4e00-\u9fff]{2,8}?)(融合发展|一体化发展|协同发展)", q_after)
            if last and fm and not _TAIL_VERBS.search(fm.group(1)):
                out.append(_campaign(ctx, sent, region, inner + fm.group(), q.start, end + fm.end(),
                                     "campaign.quoted_development", 0.6))
                continue
            self_named = (_SELF_HEAD.search(inner) and len(inner) >= 4) or _NUMBERED_SLOGAN.match(inner) or _PLUS.match(inner)
            if self_named:
                out.append(_campaign(ctx, sent, region, prefix + inner, q.start, q.end, "campaign.quoted_shape", 0.75))
                continue
            if vb and (not last or _OK_AFTER.match(q_after)) and not re.search(r"打造$|建设$", before):
                out.append(_campaign(ctx, sent, region, prefix + inner, q.start, q.end, "campaign.quoted_verb", 0.6))
    # unquoted lists: 大力实施项目攻坚、产业转型、园区跨越系列行动
    for m in _CAMPAIGN_LIST.finditer(text, sent.start, sent.end):
        head = m.group(4)
        items = m.group(2).split("、")
        base = m.start(2)
        for item in items:
            name = item if item.endswith(head) else item + head
            out.append(_campaign(ctx, sent, region, name, base, base + len(item), "campaign.list", 0.6))
            base += len(item) + 1
    # unquoted: 深入实施智能制造两年行动计划
    for m in UNQUOTED_CAMPAIGN.finditer(text, sent.start, sent.end):
        name = m.group(2)
        if "“" in name or "”" in name:
            continue
        if any(c is not None and (c.name in name or name in c.name) for c in out):
            continue
        if "的" in name:
            name = name[name.rindex("的") + 1:]  # 符合产业发展方向的重点人才培养计划 → 重点人才培养计划
        if re.match(r"^(各项|相关|专项|重点|一批|这场|该|系列)", name) and len(name) <= 6:
            continue
        out.append(_campaign(ctx, sent, region, name, m.start(2), m.end(2), "campaign.unquoted_head", 0.55))
    for m in _NUMBERED_CAMPAIGN.finditer(text, sent.start, sent.end):
        if any(c is not None and m.group(1) in c.name for c in out) or "“" in m.group():
            continue
        out.append(_campaign(ctx, sent, region, m.group(1), m.start(1), m.end(1), "campaign.numbered", 0.6))
    return [c for c in out if c is not None]


_NUMBERED_CAMPAIGN = re.compile(r"(?<![一二三四五六七八九十两”])([一二三四五六七八九十两]+大(?:攻坚战|会战|工程|行动|变革|战役))")


@lru_cache(maxsize=65536)
def _starts_with_verb(text: str) -> bool:
    import jieba.posseg as pseg

    words = pseg.lcut(text)
    return bool(words) and words[0].flag in ("v", "vd", "p", "d", "ad")


def _quote_can_be_campaign(inner: str) -> bool:
    if NOT_CAMPAIGN_QUOTE.search(inner) or len(inner) > 30 or re.search(r"[。！？]", inner):
        return False
    if len(re.findall(r"[,，]", inner)) >= 2:
        return False
    if re.search("(" + _HEAD_RX.pattern + ")$", inner) and not _SELF_HEAD.search(inner):
        return False  # a quoted project or facility name: “杨同华专家团队工作站”
    return True


def _campaign(ctx, sent, region, name, start, end, rule, conf):
    name = clean_name(name)
    if len(name) < 2:
        return None
    year, _ = _year_near(ctx, start, sent)
    return Campaign(doc=ctx.name, name=name, region=region, year=year,
                    evidence=ctx.evidence(sent.start, sent.end, rule, conf))


# ----------------------------------------------------------------------------------------- goals


# a numeric pledge: 力争新开工…20个, 明年确保…
_PLEDGE = re.compile(r"^(?:明年|今年|年内|全年|下半年|上半年|到(?:19|20)\d{2}年底?)?(确保|力争|争取)")
_AIM_VERB = re.compile(r"^(?:更|全面|加快|持续|尽快|有效|着力|全力|大力|努力|进一步|切实|不断|积极)?[\u4e00-\u9fff]{0,4}?"
                       r"(优化|提升|推动|推进|实现|补齐|展现|打造|构建|建设|加速|加快|深化|探索|强化|确保|力争|形成|促进|解决|"
                       r"坚守|发展|提高|争当|创建|锻造|营造|建成|突破|引领)")
_FRAME_START = re.compile(r"^(聚焦|围绕|紧扣|紧盯|立足|坚持)")
_PARALLEL = re.compile(r"^(强化|大力|着力|全力|加快|提升|推动|突出|突破|全面)")
_NUMERIC = re.compile(r"\d")


def find_goals(ctx, sent, region, campaigns) -> list:
    text = ctx.text
    out = []
    stext = text[sent.start:sent.end].rstrip("。！？；;")
    cl = clauses(text, sent.start, sent.start + len(stext))

    def add(goal, start, end, rule, conf, campaign=None):
        goal = clean_name(re.sub(r"[“”\"「」]", "", goal)).rstrip("。.")
        goal = re.sub(r"(的)?(目标定位|发展定位|目标|要求|定位)$", "", goal)
        if len(goal) < 4 or len(goal) > 120:
            return
        for g in out:
            if goal in g.text or g.text in goal:
                return
        year, _ = _year_near(ctx, start, sent)
        inside = [m for m in ctx.marks.get("date", []) if start <= m.start < end and not m.attrs.get("relative")
                  and not m.attrs.get("plan") and m.attrs.get("year")]
        if inside:  # 确保到2025年森林覆盖率稳定在68%以上: the year the aim is for
            year = inside[0].attrs.get("year_end") or inside[0].attrs["year"]
        out.append(Goal(doc=ctx.name, text=goal, region=region, campaign=campaign, year=year,
                        evidence=ctx.evidence(sent.start, sent.end, rule, conf)))

    def campaign_in(a, b):
        """The campaign of this sentence named in text[a:b], if one is."""
        seg = re.sub(r"[“”]", "", text[a:b])
        for c in campaigns:
            key = re.sub(r"[“”]", "", c.name)
            if key and (key in seg or key[:4] in seg):
                return c.name
        return None

    for q in ctx.marks.get("quote", []):
        if sent.start <= q.start < sent.end and GOAL_QUOTED_AFTER.match(text[q.end:q.end + 6]):
            add(q.text, q.start, q.end, "goal.quoted_target", 0.85)
        elif sent.start <= q.start < sent.end and re.search(r"[，,]", q.text) and \
                re.search(r"(紧扣|紧盯|围绕|朝着|按照)$", text[max(sent.start, q.start - 4):q.start]):
            add(q.text, q.start, q.end, "goal.quoted_aim", 0.75)
    for m in GOAL_FRAME.finditer(stext):
        inner = m.group(1)
        if inner.count("“") and len(inner) < 6:
            continue
        add(inner, sent.start + m.start(1), sent.start + m.end(1), "goal.frame", 0.75)
    lm = GOAL_LABEL.search(stext)
    if lm:
        add(stext[lm.end():], sent.start + lm.end(), sent.end, "goal.label", 0.8)

    # a campaign or a frame ("聚焦…三大变革"), then what it is for: 深化“放管服”改革,全面优化营商环境
    for k, (cs, ce) in enumerate(cl[:-1]):
        camp = campaign_in(cs, ce)
        frame = _FRAME_START.match(text[cs:ce]) and k == 0
        if not (camp or frame):
            continue
        rest = cl[k + 1:k + 3]
        first = text[rest[0][0]:rest[0][1]]
        if not _AIM_VERB.match(first) or _NUMERIC.search(first) or campaign_in(*rest[0]):
            continue
        parts = [rest[0]]
        if len(rest) > 1:
            second = text[rest[1][0]:rest[1][1]]
            if _AIM_VERB.match(second) and not _NUMERIC.search(second) and not campaign_in(*rest[1]):
                parts.append(rest[1])
        add(text[parts[0][0]:parts[-1][1]], parts[0][0], parts[-1][1], "goal.after_campaign" if camp else "goal.after_frame",
            0.6, camp)
        break

    # a plan's parallel imperatives: 强化资源要素承载力,强化招商队伍战斗力,强化项目建设保障力
    if ctx.section_year(sent.start) and ctx.year and ctx.section_year(sent.start) > ctx.year and len(cl) >= 2:
        heads = [text[a:b] for a, b in cl]
        if all(_PARALLEL.match(h) for h in heads[:3]) and not any(_NUMERIC.search(h) for h in heads):
            add(stext, sent.start, sent.end, "goal.plan_parallel", 0.55)
        elif heads[0].startswith("要") and len(heads) >= 2:
            add(heads[0][1:] + "," + heads[1], cl[0][0], cl[1][1], "goal.plan_must", 0.5)

    # a report's closing promise: "…将坚持…，推动…迈上新台阶，把…变为美好现实，谱写…新篇章"
    will = re.search(r"(?<![即])将(?:坚持|继续|持续|进一步|全力|奋力)", stext)
    if will:
        for k, (cs, ce) in enumerate(cl):
            if cs > sent.start + will.start() and re.match(r"^(推动|谱写|奋力|努力实现)", text[cs:ce]):
                end = k
                while end + 1 < len(cl) and re.match(r"^(把|谱写|推动|实现|奋力)", text[cl[end + 1][0]:cl[end + 1][1]]):
                    end += 1
                add(text[cs:cl[end][1]], cs, cl[end][1], "goal.closing_promise", 0.5)
                break

    # clauses that state an aim: 确保…, 力争…, 打造…
    for k, (cs, ce) in enumerate(cl):
        clause = text[cs:ce]
        m = GOAL_START.match(clause)
        if not m:
            continue
        if re.match(r"^(实现|构建)", clause) and not re.search(r"目标|确保|力争", stext):
            continue
        if _NUMERIC.search(clause) and not _PLEDGE.match(clause):
            continue  # "建成农村易腐垃圾处置中心4处" is a statistic
        if campaign_in(cs, ce):
            continue
        link = None
        for j in range(k - 1, -1, -1):
            link = campaign_in(*cl[j])
            if link:
                break
        end = ce
        if _PLEDGE.match(clause) and k + 1 < len(cl) and re.match(r"^其中", text[cl[k + 1][0]:cl[k + 1][1]]):
            end = cl[k + 1][1]
        lead = _GOAL_LEAD.match(clause)
        start, at = cs + (lead.end() if lead else 0), cs
        if _AIM_TIME_ONLY.fullmatch(text[start:end]) and k + 1 < len(cl):
            start, end = cl[k + 1]  # "力争到2025年，把…建设成为…": the aim is in the next clause, for that year
            at = start
        add(text[start:end], at, end, "goal.aim_clause", 0.5, link or ctx.paragraph_campaign)
    return out


# ------------------------------------------------------------------------------------ indicators


_RIGHT_STOP = re.compile(r"[在的于和及与，,、。；;（(]|(?<!达)到|等|全部|参加|参与|举办|顺利|完成|实现|累计")
# counts of a government's own work items are not statistics of the region
ORGANISATIONAL = re.compile(r"^(个|项|张|支)?(方面|工作组|专项工作组|专班|子方案|配套子方案|方案|清单|定位|发展目标定位|片区|阶段|环节|步骤|"
                            r"领域|维度|招商工作组|小组|组)|^[\u4e00-\u9fff]{0,3}(工作清单|任务清单|工作要点|重点事项|工作任务)")
# a difference from a larger region's average is no statistic of its own (高于全省7.7个百分点)
COMPARISON_BEFORE = re.compile(r"(高于|低于|快于|慢于|超过|领先)(全省|全市|全国|全州)(平均)?(水平)?(增速)?$")
TARGET_AFTER = re.compile(r"的目标|为目标|目标任务|的任务")
_VERBISH = ("v", "vd", "vn")
TARGET_RX = re.compile(r"预计|力争|目标|确保|争取|预期|(?<!年度)计划(?!入选|的)|拟|将(?=[\u4e00-\u9fff]{0,4}(达|实现|完成|覆盖|建成|突破))")
PER_PERSON = re.compile(r"每人每(月|年)$")
# between a statistic's starting point and where it got to
_CHANGE_TO = re.compile(r"(?:增加|增长|提高|提升|上升|扩大|下降|减少|降低)(?:到|至)")


# verbs that make a statistic of what they act on (新开工52个, 引进27名, 招聘121名)
STAT_VERBS = ("开工|竣工|签约|投产|建成|完成|引进|新增|培育|改造|整治|拆除|新建|改建|实施|招聘|选派|整顿|查处|清理|"
              "选拔|培训|组织|举办|开办|建立|打造|申报|化解|清退|排查|接待|带动|吸纳|新签约|新开工|新竣工|提档升级|盘活")
_STAT_VERB_ONLY = re.compile(r"^(?:[\u4e00-\u9fff]{0,3}?(?:化|精准|联动|差别化|累计|共|再|新|全年))?(?:" + STAT_VERBS + r")$")
_STAT_VERB_EDGE = re.compile(r"(?:新|再)?(?:" + STAT_VERBS + r")$")


@lru_cache(maxsize=65536)
def _is_verb_only(text: str) -> bool:
    import jieba.posseg as pseg

    if _STAT_VERB_ONLY.match(text):
        return True
    if re.search(r"(率|比|量|额|数|值|面积|总额|收入|产值)$", text):
        return False
    words = [w for w in pseg.lcut(text) if w.word.strip()]
    return bool(words) and any(w.flag in _VERBISH for w in words) and \
        all(w.flag in _VERBISH or w.flag in ("d", "a", "ad") for w in words)


@lru_cache(maxsize=65536)
def _ends_with_verb(text: str) -> bool:
    import jieba.posseg as pseg

    if _STAT_VERB_EDGE.search(text):
        return True
    words = [w for w in pseg.lcut(text) if w.word.strip()]
    return bool(words) and words[-1].flag in ("v", "vd") and len(words[-1].word) >= 2


@lru_cache(maxsize=65536)
def _object_of(name: str) -> str:
    """亿元以上项目新签约 → 亿元以上项目: a name without its verbs, to lend to a sibling (新开工52个)."""
    import jieba.posseg as pseg

    name = _STAT_VERB_EDGE.sub("", name)
    words = pseg.lcut(name)
    while words and words[-1].flag in _VERBISH:
        words.pop()
    while words and words[0].flag in _VERBISH:
        words.pop(0)
    return "".join(w.word for w in words)


def _strip_region(ctx, text: str) -> str:
    """海陵区全年新增各类企业 → 全年新增各类企业: the region is the fact's region, not its name."""
    from .gazetteer import gazetteer

    names = gazetteer().names
    for n in range(min(8, len(text)), 1, -1):
        if text[:n] in names and any(k.key in ctx.regions for k in names[text[:n]]):
            return text[n:]
    return text


def _indicator_name(ctx, lo: int, start: int) -> str:
    left = _strip_region(ctx, FILLER_LEFT.sub("", ctx.text[lo:start]))
    left = _LEADING_DATE.sub("", FILLER_LEFT.sub("", left))
    left = FILLER_LEFT.sub("", left)
    left = FILLER_RIGHT.sub("", left)
    left = re.sub(r"^(的|和|及|与|、)", "", left)
    left = re.sub(r"[（(][A-Za-z]{2,8}[)）]$", "", left)  # 地区生产总值（GDP）
    return clean_name(left)


def find_indicators(ctx, sent, region, used_money, projects=()) -> list:
    text = ctx.text
    out = []
    # where this sentence names a project: numbers inside or just before a name are its capacity
    project_spans = []
    for p in projects:
        for pm in re.finditer(re.escape(p.name[:6]), text[sent.start:sent.end]):
            project_spans.append((sent.start + pm.start(), sent.start + pm.start() + len(p.name)))
    quotes = [(q.start, q.end) for q in ctx.marks.get("quote", []) if sent.start <= q.start < sent.end]
    sentence_target = bool(re.match(r"^(?:全年|今年|明年|年内|下半年)?(预计|力争|确保|争取|计划)", text[sent.start:sent.end])) or \
        bool(GOAL_LABEL.search(text[sent.start:sent.end]))
    prev_name = carried = None
    for cs, ce in clauses(text, sent.start, sent.end):
        items = [("money", m) for m in ctx.marks.get("money", []) if cs <= m.start < ce and m.start not in used_money]
        items += [("investment", m) for m in ctx.marks.get("money", []) if cs <= m.start < ce and m.start in used_money]
        items += [("qty", q) for q in ctx.marks.get("quantity", []) if cs <= q.start < ce]
        items = [(k, m) for k, m in items if not any(a <= m.start < b for a, b in quotes)]
        items.sort(key=lambda x: x[1].start)
        lo = cs
        for n, (kind, m) in enumerate(items):
            nxt_start = items[n + 1][1].start if n + 1 < len(items) else ce
            if kind == "investment":  # an investment, not a statistic; but a growth after it is its growth
                prev_name = _indicator_name(ctx, lo, m.start) or prev_name
                lo = m.end
                continue
            if kind == "money" and QUALIFIER_AFTER.match(text[m.end:m.end + 6]):
                continue  # 5亿元以上项目: part of the next statistic's name
            if any(a <= m.start < b for a, b in project_spans) or \
                    any(a == m.end or (a == m.end + 1 and text[m.end] == "的") for a, _ in project_spans) or \
                    re.search(r"年产能?$", text[max(cs, m.start - 3):m.start]):
                lo = m.end
                continue  # 年产4万吨, 5GW组件, 1600套棚改安置房: a project's capacity
            if kind == "qty" and ORGANISATIONAL.match(text[m.end:m.end + 8]) or \
                    COMPARISON_BEFORE.search(text[max(cs, m.start - 10):m.start]):
                lo = m.end
                continue
            if re.search(r"(第|前|排名|位列|列|居|为期)$", text[max(cs, m.start - 2):m.start]):
                lo = m.end
                continue
            if text[m.start - 1:m.start] in ("由", "从") and _CHANGE_TO.match(text[m.end:nxt_start]):
                carried = _indicator_name(ctx, lo, m.start - 1)  # 由690亿元增加到1050亿元: a starting point
                lo = m.end
                continue
            unit_hedge_end = m.end
            name = _indicator_name(ctx, lo, m.start)
            if carried and _CHANGE_TO.fullmatch(text[lo:m.start]):
                name = carried
            carried = None
            name_end = m.start
            if kind == "qty" and m.attrs["measure"] == "growth":
                grown = re.sub(r"(同比|比上年|较上年|年均)?(增长|增加|提高|提升|上升|增速|增幅|下降|减少|降低|回落)(了)?(达到?|为)?$", "", name)
                name = clean_name(FILLER_RIGHT.sub("", grown)) or prev_name or ""
            right = text[unit_hedge_end:nxt_start]
            right = re.sub(r"^(左右|以上|以内|以下|余|多)", "", right)
            rstop = _RIGHT_STOP.search(right)
            right_np = clean_name(right[:rstop.start()] if rstop else right)[:20]
            if (len(name) < 2 or name.endswith("的")) and len(right_np) >= 2:
                name = right_np  # number first: "5名高考生进入全省前50名"
                name_end = unit_hedge_end + len(right_np)
            elif _is_verb_only(name) and len(name) <= 4:
                if len(right_np) >= 2:
                    name = name + right_np  # 引进27名高层次专家人才 → 引进高层次专家人才
                    name_end = unit_hedge_end + len(right_np)
                elif prev_name and _STAT_VERB_ONLY.match(name):
                    name = name + _object_of(prev_name)  # 新签约186个, 新开工52个 → 新开工亿元以上项目
            elif len(right_np) >= 2 and _ends_with_verb(name) and kind == "qty" and m.attrs["unit"] in ("人", "个", "家", "户"):
                name = name + right_np  # 差别化招聘121名社区工作者 → 差别化招聘社区工作者
                name_end = unit_hedge_end + len(right_np)
            if "、" in name and kind == "qty" and m.attrs["unit"] in ("个", "条", "项", "家") and name.count("、") >= 2:
                lo = m.end
                continue  # 会展会议、金融服务、现代商贸、新型房地产4个: a count of the items just listed
            if len(name) < 2 or len(name) > 40 or re.search(r"(19|20)\d{2}|[“”]", name):
                lo = m.end
                continue
            if kind == "money":
                value, unit, measure, hedge = m.attrs["value"], m.attrs["currency"], "level", m.attrs.get("hedge")
                pm = PER_PERSON.search(name)
                if pm and unit == "CNY":
                    unit = "元/人/" + pm.group(1)
                    name = clean_name(re.sub(r"(提高到|提高至|达到)?每人每(月|年)$", "", name))
            else:
                value, unit, measure, hedge = m.attrs["value"], m.attrs["unit"], m.attrs["measure"], m.attrs.get("hedge")
            if unit == "个百分点":
                unit = "百分点"
            hm = HEDGE_AFTER.match(text[m.end:m.end + 2])
            hedge = hedge or (hm.group(1) if hm else None)
            year, _ = _year_near(ctx, m.start, sent, clause_start=cs)
            target = sentence_target or bool(TARGET_RX.search(text[cs:m.start])) or \
                bool(TARGET_AFTER.search(text[m.end:sent.end])) or \
                bool(year and ctx.year and year > ctx.year)  # a figure for a later year is a target
            out.append(Indicator(doc=ctx.name, name=name, value=value, unit=unit, region=region, measure=measure,
                                 year=year, target=target, hedge=hedge,
                                 evidence=ctx.evidence(sent.start, sent.end, f"indicator.{kind}", 0.6)))
            prev_name = name
            lo = max(m.end, name_end)
    return out
