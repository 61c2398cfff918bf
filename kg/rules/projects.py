"""Projects: names that end in a head noun (项目, 产业园, 作业区…), enumerations ("A、B等5条道路"),
"以A、B为代表" lists; each with its company, capacity, status and year.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..records import Project
from .common import clauses, clean_name, place_named_first, status_of, _year_near


# What a project's name ends with (longest first when matching).
PROJECT_HEADS = [
    "项目", "工程", "产业园", "物流园", "工业园区", "产业园区", "园区", "开发区", "经开区", "高新区", "新区",
    "作业区", "集聚区", "港", "码头", "泊位", "公园", "大道", "快速路", "通道", "廊道", "小镇", "博物馆",
    "纪念馆", "档案馆", "图书馆", "体育馆", "体育城", "世界城", "电站", "水电站", "生产线", "高铁",
    "服务区", "填埋场", "卫生院", "病房楼", "医院", "学校", "厂房", "街区", "安置房", "大峡谷",
    "商业综合体", "综合体", "机场", "铁路", "高速公路", "大桥", "隧道", "水库", "污水处理厂", "工作站",
    "服务中心", "处置中心", "会展中心", "物流中心", "数据中心", "研发中心", "检测中心", "交易中心", "茶中心",
    "科创中心", "创新中心", "孵化中心",
    "活动中心", "文化中心", "体育中心", "医疗中心", "运营中心", "督查平台", "服务平台", "信息平台",
    "一期", "二期", "三期", "扩能改造", "改造", "北延", "南延", "东延", "西延", "度假区", "旅游区", "风景区",
]

# a head noun followed by one of these names a meeting or an event, not a project (重点项目推进会)
NOT_A_PROJECT_AFTER = re.compile(r"^(推进会|推介会|签约会|观摩会|工作会|调度会|座谈会|现场会|会议|大会|论坛|建设年|攻坚年|攻坚|"
                                 r"举行|召开|举办)")

# a count right after a head noun, unless it counts the projects just listed ("…项目4个项目")
_COUNTED_AFTER = re.compile(r"[\d一二三四五六七八九十两]+(?:个|座|所|处|条|家|间|栋|批)(?![\u4e00-\u9fff]{0,4}(?:项目|工程|泊位|车间|站点|生产线|厂房))")

# a place where something is held, named up to its end: 在宜宾临港经开区举行 (临港 is no project either)
_VENUE_AFTER = re.compile(r"(?:[\u4e00-\u9fff]{0,4}(?:区|园|城|镇|中心))?(?:举行|召开|举办)")

# heads that are also verbs: only a head when nothing but punctuation or a verb follows
VERB_HEADS = {"改造", "扩能改造"}

# zones that a park can lie in: 曲靖经开区南海子工业园区 is two projects
ZONE_HEADS = re.compile(r"(经开区|开发区|高新区|新区|自贸区)(?=.{2,}(园区|产业园|工业园|物流园))")

# words that make a name generic when nothing else is in it
GENERIC_WORDS = set("""重点 重大 优质 主体 大 新 中小 小 改扩建 扩建 改建 乡镇 镇 乡 村 社区 能源 新能源 工业 农业
文旅 旅游 交通 水利 城建 环保 生态 教育 医疗 卫生 文化 体育 商贸 科技 数字 服务业 制造业 外资 内资 开展 投资 招商 招商引资 工作 产业 亿元 以上 级 年 签约 储备 民生 基础设施 城乡
物流 技术 新技术 在建 续建 省 市 区 县 省市 旧城 老城 各类 一批 相关 上述 这些 该 此 其他 示范 标准化 楼宇 载体 合作 联系 国有 城市
支撑 建设 不少 新开工 开工 竣工 新竣工 亿元以上 万元以上 的 等 和 及 农村 社会 公共 乡村 配套 产业化 龙头 骨干 企业 一
个 项 座 条 家 所 处 批 第一 唯一 重要 绿色 国家级 省级 市级 区级 县级 全市 全区 全县 全省 上 下 片区""".split())

# Words a name may not start with after trimming.
NAME_BAD_START = re.compile(r"^(的|和|及|与|等|了|是|在|将|对|为|把|以|由|这|该|其|各|每|个|项|全|本|我|一批|一系列)")

GENERIC_PROJECTS = re.compile(
    r"^(重点|重大|各类|一批|省市|省|市|区|县|国家|省级|市级|该|此|这些|上述|相关|新建|在建|续建|储备|签约|招商|"
    r"产业|基础设施|民生|城建|城市|农村|社会|亿元以上|\d+亿元以上|[\d一二三四五六七八九十]+[多余]?个|[\d一二三四五六七八九十]+大)?"
    r"(项目|工程|园区|平台|中心|基地|片区|市场)$")

CAPACITY = re.compile(r"(年产(?:能)?\d+(?:\.\d+)?[万亿千]?(?:吨|台|套|件|支|平方米|辆|千瓦时|片|只)|"
                      r"年吞吐量\d+(?:\.\d+)?万?吨|\d+(?:\.\d+)?(?:GW|MW|万千瓦|兆瓦)|\d+(?:\.\d+)?万吨(?=[\u4e00-\u9fff])|"
                      r"\d+(?:\.\d+)?[万千]?(?:吨|台|套|件|辆)/年)")

COMPANY_BEFORE = re.compile(r"^([\u4e00-\u9fffA-Za-z]{2,6}?)(?=[一二三四五]期|年产|\d+(?:\.\d+)?(?:GW|MW|万吨|G)|[A-Z]{2,})")

COMPANY_NAME = re.compile(r"([\u4e00-\u9fff]{2,12}(?:有限公司|有限责任公司|股份有限公司|集团))")

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
        if w in ")）":  # 中沙（天津）石化项目: a place in brackets inside the name
            open_at = ctx.text.rfind("（" if w == "）" else "(", max(lo, doc[k - 1].idx - 8), doc[k - 1].idx)
            if open_at >= lo:
                while k - 1 >= 0 and doc[k - 1].idx > open_at:
                    k -= 1
                if k - 1 >= 0 and doc[k - 1].idx == open_at:
                    k -= 1
                    continue
            break
        if w == "/" and re.search(r"\d[万千]?(?:吨|台|套|件|辆)$", ctx.text[:doc[k - 1].idx]) \
                and ctx.text[doc[k - 1].idx + 1:doc[k - 1].idx + 2] == "年":
            k -= 1  # 120万吨/年精细化学品项目: a capacity per year inside the name
            continue
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
    r"总投资|投资|召开|举办|举行|宣布|了解|考察|视察|调研|听取|汇报|介绍|情况|亲自")

NAME_INNER_VERBS = {"建设", "新建", "改建", "投资"}

_LEADING_POS = ("v", "vd", "vn", "d", "ad", "p", "c", "r", "t", "u", "ud", "uj", "ul", "m", "q", "a", "l", "i")

GENERIC_HEADS = ("项目", "工程", "园区", "产业园", "开发区", "厂房", "改造", "片区", "学校", "医院", "卫生院", "公园", "安置房")

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
        from ..gazetteer import gazetteer

        core = "".join(ch for i, ch in enumerate(core)
                       if not any(s <= i < e for s, e, _ in gazetteer().find_all(core)))
    core = re.sub(r"[\d.]+(亿|万)?元?", "", core)
    from ..gazetteer import gazetteer

    names = gazetteer().names
    toks = [t for t in jieba.lcut(core) if t.strip()]
    return all(t in GENERIC_WORDS or t in names for t in toks)


def _gazetteer_names():
    from ..gazetteer import gazetteer

    return gazetteer().names


_NO_COMPANY = {"集团", "公司", "企业", "工厂", "项目", "产业"}

# what a company's name ends with, when a place name comes first
_COMPANY_WORD = re.compile(r"(化工|集团|能源|科技|股份|实业|电子|材料|制药|药业|电力|钢铁|控股|汽车|动力|光伏|硅业|纳米|化学|食品|纺织)$")


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
    if name in _gazetteer_names():
        return None  # 滨海新区: a division, not a project
    if re.match(r"^[\d一二两三四五六七八九十]+(个|条|家|座|所|处|大)", name) or is_generic(name):
        return None
    if re.search(r"第一|唯一|之一|目标|精神|要求|组合拳|新技术", name) or ("发展" in name and len(name) <= 12):
        return None
    if re.search(r"(产业|重点|重大|优质|招商|储备|在建|新建|续建)项目$", name) and not CAPACITY.search(name):
        return None  # 新能源电池产业项目, 领导挂钩联系重点项目: a category, not one project
    if re.match(r"^(非法|违法|违规|违章|闲置|废弃|低效)", name):
        return None  # what is cleared away is not a project
    if re.search(r"(集团|公司)$", name):
        return None  # 中煤集团: a company, the project's owner, not the project
    if not _HEAD_RX.search(name) and not FACILITY_HEADS.search(name) and _verb_only(name):
        return None  # 亲自部署: what someone did, not a thing built
    head = _HEAD_RX.search(name)
    if head and head.end() == len(name) and re.fullmatch(r"[小大新老旧]", name[:head.start()]):
        return None  # 小码头: a size, not a name
    if capacity and head and head.group() in VERB_HEADS:
        return None  # 48户农村贫困户危房改造: a count of work done
    cap = CAPACITY.search(name)
    capacity = capacity or (cap.group(1) if cap else None)
    m = COMPANY_BEFORE.match(name)
    if m is None:  # 内蒙古伊泰化工120万吨…: a company named after a place
        m = COMPANY_BEFORE.match(_without_region(name))
        m = m if m and _COMPANY_WORD.search(m.group(1)) else None
    if m and (_HEAD_RX.search(m.group(1)) or m.group(1) in _gazetteer_names() or m.group(1) in _NO_COMPANY):
        m = None  # 沭阳港二期: a place's second phase, not a company's
    if company is None and m and not re.match(r"^(年产|新建|扩建|改建|一期|二期)", name):
        company = _without_region(m.group(1))
        full = COMPANY_NAME.search(ctx.text[max(0, sent.start - 300):sent.end])
        if full and full.group(1).startswith(company):
            company = full.group(1)
    if year is None:
        year, _ = _year_near(ctx, start, sent)
    region = place_named_first(ctx, name, region)
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
            if NOT_A_PROJECT_AFTER.match(nxt + text[head_end + 2:head_end + 4]) or \
                    _VENUE_AFTER.match(text[head_end:head_end + 10]):
                continue
            if hm.group() in VERB_HEADS and re.match(r"[\u4e00-\u9fff]", nxt[:1]) and not NAME_STOP_TOKEN.match(nxt):
                continue
            if head_end not in ctx.token_ends and HEAD_WORDS_IN_WORD.match(text[head_end:head_end + 1]):
                continue
            if head_end not in ctx.token_ends and re.match(r"[\u4e00-\u9fff]", text[head_end:head_end + 1]) \
                    and not NAME_STOP_TOKEN.match(text[head_end:head_end + 2]):
                continue
            if _COUNTED_AFTER.match(text[head_end:head_end + 12]):
                continue  # 新建口袋公园15个, 完成老旧小区改造42个: a kind of thing counted, not one project
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
        # 4. a facility named as what a status verb is about: 坝光夜市顺利试运营, 建成投用坝光水厂
        for s, e in _status_anchored(text, cs, ce):
            add(_project(ctx, sent, region, text[s:e], s, e, "project.status", 0.6, clause), s, e)
    return [found[k] for k in sorted(found)]


# what a facility's name ends with, when a status verb says it is being built, opened or run
FACILITY_HEADS = re.compile(
    r"(大学|中学|小学|学校|幼儿园|医院|养老院|颐养院|研究院|研究所|实验室|中心|基地|水厂|电厂|净化厂|污水厂|泵站|工厂|厂|"
    r"车站|站|枢纽|支线|号线|线|大道|路|街|夜市|广场|大厦|综合体|楼|馆|剧场|剧院|乐园|公园|园|城|港|码头|大桥|桥|隧道|段|"
    r"片区|小镇|场|总部|交易所|合作区|街区|工场|加速器|口岸|水库|小区|研究中心)$")
_STATUS_VERB_AFTER = re.compile(r"(?:顺利|全面|全线|如期|正式|成功|基本|已经|已|加快|主体|率先)*"
                                r"(?:开工建设|开工|建成投用|建成运营|建成|竣工|通车|开业|开学|投用|投入使用|投入运营|试运营|运营|"
                                r"封顶|揭牌|复工|贯通|投产|开园|启用|对外开放|落户|入驻|迁驻|运作|并网发电|并网|全面启动|启动)")
_BUILD_VERB_BEFORE = re.compile(r"(?:建成投用|建成运营|开工建设|启动建设|升级改造|新建|建成|改造提升|设立|成立|引进|打造(?![成为]))"
                                r"((?:[\u4e00-\u9fffA-Za-z\d（）()·•\-]{2,24}、)*[\u4e00-\u9fffA-Za-z\d（）()·•\-]{3,24})$")
_NAME_CHARS = re.compile(r"^[\u4e00-\u9fffA-Za-z\d（）()·•\-]{3,24}$")


def _status_anchored(text: str, cs: int, ce: int) -> list:
    """(start, end) of each facility a clause's status verb is about: its subject ("A、B如期开学") or its
    object ("建成投用A"), where each name ends in a facility's head noun."""
    clause = text[cs:ce].rstrip("。！？…")
    spans = []
    m = _STATUS_VERB_AFTER.search(clause)
    if m and m.start() >= 3:
        lead = clause[:m.start()]
        lead = lead[:lead.rindex("等")] if "等" in lead else lead  # A、B等优质企业总部: the kind after 等 is no name
        trimmed = _trim_leading(lead)
        base = cs + len(lead) - len(trimmed)
        spans += _facility_items(trimmed, base)
    m = _BUILD_VERB_BEFORE.search(clause)
    if m:
        spans += _facility_items(m.group(1), cs + m.start(1))
    m = _PUSH_BUILDING.search(clause)
    if m:  # 加快推进深港科技创新合作区和香蜜湖新金融中心建设
        spans += _facility_items(m.group(1), cs + m.start(1))
    return spans


_PUSH_BUILDING = re.compile(r"(?:加快|全面|扎实|大力|有序|稳步)?(?:推进|推动|启动|完成|加快)([\u4e00-\u9fffA-Za-z\d（）()·•\-、和]{3,60}?)(?:的)?建设(?:工作)?$")


def _facility_items(seg: str, base: int) -> list:
    """The items of a list (A、B和C以及D) that are facilities' names."""
    out, pos = [], base
    for part in re.split(r"(、|以及|和|及(?!其))", seg):
        if part in ("、", "以及", "和", "及"):
            pos += len(part)
            continue
        if _NAME_CHARS.match(part) and FACILITY_HEADS.search(part) and not _has_verb(part) and \
                not re.search(r"\d+[名个人家]", part):
            out.append((pos, pos + len(part)))
        pos += len(part)
    return out


@lru_cache(maxsize=65536)
def _verb_only(name: str) -> bool:
    import jieba.posseg as pseg

    words = [w for w in pseg.lcut(name) if w.word.strip()]
    return bool(words) and all(w.flag in ("v", "vd", "d", "ad", "vn", "p", "c") for w in words)


@lru_cache(maxsize=65536)
def _has_verb(name: str) -> bool:
    """A clause fragment, not a name: it opens on a verb, or a verb of acting stands inside (推动…提速,
    完成…改造). Verbs that names are made of (创新, 合作, 发展) do not count."""
    import jieba.posseg as pseg

    words = [w for w in pseg.lcut(name) if w.word.strip()]
    if words and words[0].flag in ("v", "vd") and len(words[0].word) >= 2:
        return True
    return any(w.flag in ("v", "vd") and _ACTING.fullmatch(w.word) for w in words)


_ACTING = re.compile(r"推动|推进|加快|完成|实现|开展|提升|成为|获得|纳入|创造|提供|带动|吸引|引进|落实|举办|召开|考察|了解|"
                     r"建立|打造|参加|实施|评为|入选")
