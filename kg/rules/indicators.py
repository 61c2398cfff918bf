"""Indicators: statistics and numeric targets (地区生产总值增长6%), each with its name, value, unit,
level or growth, year, and whether it is a target.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..records import Indicator
from .common import GOAL_LABEL, QUALIFIER_AFTER, clause_region, clauses, clean_name, _year_near
from .projects import _LEADING_DATE


FILLER_LEFT = re.compile(r"^(?:[，,、；;：:。）)]|按可比价格?计算|(?:第?[一二三四]|前三)季度|[1-9]\d?[-—－~至][1-9]\d?月份?|初步核算|初步预计|据初步统计|完成(?=固定资产投资|[\u4e00-\u9fff]{1,6}投资|[\u4e00-\u9fff]{2,8}(?:收入|产值|总值|总额))|建成后|围绕|按照|对应|通过|全年|今年|去年|明年|上半年|下半年|年内|累计|共|共计|先后|预计|力争|确保|计划|年末|年初|年底|\d{1,2}(?:至|-|—|~)\d{1,2}月份?|将(?=力争|确保|争取|新增|完成|实现)|推动(?=[\u4e00-\u9fff]{2,12}(?:到|达|突破|增长))|目前|"
                         r"已|其中|同时|同比|比上年|较上年|截至\S{0,8}|\d{4}年|到(?:19|20)\d{2}年(?:底|末)?|全区|全市|全县|全省|全州|全盟|全旗|全镇|全乡|实现|完成(?=[\u4e00-\u9fff]{2,}收入)|"
                         r"并|且|还|又|再|共有|拥有|仅有|仅|只|有|达|为|从原来)+")

FILLER_RIGHT = re.compile(r"(?:达到|达|为|突破|实现|完成|超过|超|提高到|提升到|提升|增加到|增至|累计|共计|合计|共|分别|"
                          r"到(?:19|20)\d{2}年(?:底|末)?|全年|今年|年内|预计|预期|有望|"
                          r"总计|总数|总量|已|新|有|逾|将|可达|可|首次|均|(?<![签合公条契节制预])约|近|超|共约)+$")

HEDGE_AFTER = re.compile(r"^(左右|以上|以内|以下|余|多)")

_RIGHT_STOP = re.compile(r"[在的于和及与，,、。；;（(]|(?<!达)到|等|全部|参加|参与|举办|顺利|完成|实现|累计")

# counts of a government's own work items are not statistics of the region
ORGANISATIONAL = re.compile(r"^(个|项|张|支)?(方面|工作组|专项工作组|专班|子方案|配套子方案|方案|清单|定位|发展目标定位|片区|阶段|环节|步骤|"
                            r"领域|维度|招商工作组|小组|组)|^[\u4e00-\u9fff]{0,3}(工作清单|任务清单|工作要点|重点事项|工作任务)")

# a difference from a larger region's average is no statistic of its own (高于全省7.7个百分点)
COMPARISON_BEFORE = re.compile(r"(高于|低于|快于|慢于|超过|领先)(全省|全市|全国|全州)(平均)?(水平)?(增速)?$|"
                               r"比(?:一季度|上季度|上月|年初|上年末|上年同期|去年同期|[1-9一二三四五六七八九]+月份?)"
                               r"(?:收窄|扩大|加快|放缓|回落|提高|提升|下降|增加|减少)$")

TARGET_AFTER = re.compile(r"的目标|为目标|目标任务|的任务")


def _until_next_figure(text: str, start: int, clause_end: int, sent_end: int) -> str:
    """The text after a figure that still speaks of it: up to the next clause with a figure of its own. A
    target word there (…3.8万亿元的目标) makes the figure a target; one after other figures does not."""
    nxt = re.search(r"\d", text[clause_end:sent_end])
    return text[start:clause_end + nxt.start() if nxt else sent_end]

_VERBISH = ("v", "vd", "vn")

TARGET_RX = re.compile(r"预计|力争|目标(?!的)|确保|争取|(?<!符合)(?<![超于])预期|(?<!年度)计划(?!入选|的)|拟|将(?=[\u4e00-\u9fff]{0,4}(达|实现|完成|覆盖|建成|突破))")

PER_PERSON = re.compile(r"每(人每月|人每年|平方公里|平方米|人|户|亩|吨)$")

# a sentence that states what will be: "今年，江山市将…", "下一步，全区将…", "预计…", "力争…"
_PLACE_LEAD = r"(?:全市|全区|全县|我市|我区|我县|[\u4e00-\u9fff]{1,6}?(?:市|区|县|州|旗|镇))"
_TARGET_SENTENCE = re.compile(rf"^(?:全年|今年|明年|年内|下半年|下一步)?[，,]?{_PLACE_LEAD}?将?(?:预计|力争|确保|争取|计划)|"
                              rf"^(?:全年|今年|明年|下半年|下一步)[，,]?{_PLACE_LEAD}?将")

# words of expectation that make every later figure of the sentence a target ("预期增长6.5%，…增长10%")
_EXPECTED = re.compile(r"(?<!符合)(?<![超于])预期|预计")  # (符合预期, 超预期: an outcome)
# growth rates given in the order of the figures before them
_RESPECTIVELY = re.compile(r"^(?:同比|比上年|较上年)?分别(?:比上年|同比|较上年)?(?:增长|下降|增加|减少|提高|上升|回落)")


def _respectively(ctx, sent, cs, items, out) -> bool:
    """"A 5亿元，B 3亿元，分别增长8%和6%": one growth for each figure stated before, in order. False when
    the counts do not match (then the clause is read as any other)."""
    rates = [m for kind, m in items if kind == "qty" and m.attrs["unit"] in ("%", "个百分点")]
    here = ctx.ing.body.span(sent.start, sent.end)[0]  # where this sentence's evidence starts
    levels = [i for i in out if i.measure == "level" and i.evidence.start == here]
    if len(rates) < 2 or len(rates) != len(items) or len(levels) < len(rates):
        return False
    sign = -1 if re.match(r"^分别\S{0,3}?(下降|减少|回落)", ctx.text[cs:cs + 8]) else 1
    for level, m in zip(levels[-len(rates):], rates):
        out.append(Indicator(doc=ctx.name, name=level.name, value=sign * abs(m.attrs["value"]),
                             unit=m.attrs["unit"].replace("个百分点", "百分点"), region=level.region, measure="growth",
                             year=level.year, target=level.target, hedge=m.attrs.get("hedge"),
                             evidence=ctx.evidence(sent.start, sent.end, "indicator.respectively", 0.6)))
    return True


_LIST_RESPECTIVELY = re.compile(r"^(?P<lead>.*?)(?P<items>(?:[\u4e00-\u9fffA-Za-z\d.（）()]{1,16}、)+[\u4e00-\u9fffA-Za-z\d.（）()]{1,16}?)"
                                r"(?:等(?P<head>[\u4e00-\u9fff]{1,8}))?(?P<how>分别|均)(?:比上年|同比|较上年)?"
                                r"(?:增长|下降|增加|减少|提高|上升|回落|为|达到?|占|超过|突破)")
_STAT_WORD = re.compile(r"(?:规模|总额|总量|收入|产值|增加值|增速|增幅|比重|面积|人数)$")
# a shared lead of the first item that the others leave out: 万元GDP建设用地、水耗、电耗
_SHARED_LEAD = re.compile(r"^(?:万元|单位)(?:GDP|地区生产总值|生产总值|工业增加值)|^人均|^规模以上")


def _listed_respectively(ctx, sent, cs, ce, items, region, out) -> bool:
    """"A、B、C分别增长x%、y%、z%": one figure for each item listed before 分别, in order; a head after 等
    (化工、汽车制造等重点行业产值) and a lead of the first item (万元GDP) are shared."""
    m = _LIST_RESPECTIVELY.match(ctx.text[cs:ce])
    if not m:
        return False
    after = cs + m.end("items")
    figures = [x for kind, x in items if x.start >= after and kind in ("qty", "money")]
    names = m.group("items").split("、")
    shared = m.group("how").endswith("均")  # 农村消费、网络消费增长均超过20%: one figure for every item
    if shared:
        if len(figures) != 1:
            return False
        names[-1] = re.sub(r"(?:同比|比上年)?(?:增长|下降|增加|减少|提高|上升|回落)$", "", names[-1])
        stat = _STAT_WORD.search(names[-1])  # 跨境电商、市场采购规模均突破3000亿元: 规模 is each item's
        if stat:
            names = [n if n.endswith(stat.group()) else n + stat.group() for n in names]
        figures = figures * len(names)
    if len(figures) != len(names) or len(figures) < 2 or any(k == "investment" for k, _ in items):
        return False
    first = _strip_region(ctx, FILLER_LEFT.sub("", names[0]))
    lead = _SHARED_LEAD.match(first)
    head = m.group("head") or ""
    head = re.sub(r"^(?:重点|主要|其他)", "", head)
    year, _ = _year_near(ctx, figures[0].start, sent, clause_start=cs)
    verb = re.search(r"(?:分别|均)(?:比上年|同比|较上年)?(增长|下降|增加|减少|提高|上升|回落)?", ctx.text[cs:ce]) \
        if not shared else re.search(r"(增长|下降|增加|减少|提高|上升|回落)(?:均|$)", m.group("items") + m.group("how"))
    grows = bool(verb and verb.group(1))
    sign = -1 if verb and verb.group(1) in ("下降", "减少", "回落") else 1
    for k, (name, x) in enumerate(zip(names, figures)):
        name = first if k == 0 else name
        name = re.sub(r"(?:同比|比上年)?(?:增长|下降|增加|减少|提高|上升|回落|增速)$", "", name)
        if k > 0 and lead and not name.startswith(lead.group()):
            name = lead.group() + name
        name = clean_name(name + head)
        a = x.attrs
        money = "currency" in a
        growth = grows and not money and a["unit"] in ("%", "个百分点", "倍")
        out.append(Indicator(doc=ctx.name, name=name, value=sign * abs(a["value"]) if growth else a["value"],
                             unit=a["currency"] if money else a["unit"].replace("个百分点", "百分点"),
                             region=clause_region(ctx, cs, x.start, region),
                             measure="growth" if growth else ("level" if money else a["measure"]), year=year,
                             target=ctx.in_plan(x.start) or bool(TARGET_RX.search(ctx.text[cs:x.start])),
                             hedge=a.get("hedge"), evidence=ctx.evidence(sent.start, sent.end, "indicator.listed", 0.6)))
    return True


# between a statistic's starting point and where it got to
_CHANGE_TO = re.compile(r"(?:增加|增长|提高|提升|上升|扩大|下降|减少|降低)(?:到|至)")

# verbs that make a statistic of what they act on (新开工52个, 引进27名, 招聘121名)
STAT_VERBS = ("开工|竣工|签约|投产|建成|完成|引进|新增|培育|改造|整治|拆除|新建|改建|实施|招聘|选派|整顿|查处|清理|"
              "选拔|培训|组织|举办|开办|建立|打造|申报|化解|清退|排查|接待|带动|吸纳|新签约|新开工|新竣工|提档升级|盘活")

_STAT_VERB_ONLY = re.compile(r"^(?:[\u4e00-\u9fff]{0,3}?(?:化|精准|联动|差别化|累计|共|再|新|全年))?(?:" + STAT_VERBS + r")$")

_LEAD_VERB = re.compile(r"^(?:累计|全年|共|新)?(?:" + STAT_VERBS + r")")

# units that count things: a name after the count is what is counted (基本完成8座集贸市场升级改造)
COUNT_UNITS = {"人", "个", "家", "户", "座", "栋", "块", "场", "项", "条", "所", "处", "套", "台", "辆", "株", "只", "头",
               "间", "批", "件", "种", "艘", "套（间）", "台（套）", "栋（处）"}
_ADVERBS_ONLY = re.compile(r"(?:基本|全面|累计|共|首批|新|再|已|先后|陆续|相继|全部|顺利|成功)+")

# a share of the larger place, named only by it (占全市43.8%)
_SHARE_OF = re.compile(r"占(全市|全省|全国|全区|全县|全州)(?:的)?(?:比重|比例)?")

# a ratio named only by its kind takes the subject of the figure before it
_BARE_RATIO = re.compile(r"^(?:个数|投资|数量|金额|面积)?(?:占比|比重|完成率|覆盖率|达标率)$")

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
    from ..gazetteer import gazetteer

    names = gazetteer().names
    for n in range(min(8, len(text)), 1, -1):
        if text[:n] in names and any(k.key in ctx.regions for k in names[text[:n]]):
            return text[n:]
    for r in ctx.new_regions.values():
        if text.startswith(r.name):
            return text[len(r.name):]
    return text


# "…前四的省份分别是", "…最高的城市为": the words that introduce a list of places with their figures
_RANKED_LIST = re.compile(r"(?:(?:排名)?前[一二三四五六七八九十\d]+(?:位|名)?)?(?:的|位居)?(?:省份|省市|城市|地区|地市|区县)?(?:分别)?(?:是|为|有)?$")


def _place_before_bracket(ctx, lo: int, at: int):
    """Where a place is named right before the bracket that holds a figure ("江苏（56909亿元）"), or None."""
    if ctx.text[at - 1:at] not in "（(":
        return None
    for s, e, _ in ctx.region_spans:
        if lo <= s and e == at - 1:
            return s
    return None


def _indicator_name(ctx, lo: int, start: int) -> str:
    left = _strip_region(ctx, FILLER_LEFT.sub("", ctx.text[lo:start]))
    left = _LEADING_DATE.sub("", FILLER_LEFT.sub("", left))
    left = FILLER_LEFT.sub("", left)
    left = FILLER_RIGHT.sub("", left)
    left = re.sub(r"^(的|和|及|与|、)", "", left)
    left = re.sub(r"[（(][A-Za-z]{2,8}[)）]$", "", left)  # 地区生产总值（GDP）
    # 现代服务业实现增加值, 文化产业预计实现增加值: the statistic is what is achieved, not the achieving
    left = re.sub(r"(?:预计|初步)?(?:实现|完成)(?=[\u4e00-\u9fff]{0,6}(?:增加值|收入|产值|总值|总额|利润|税收))", "", left)
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
    sentence_target = bool(_TARGET_SENTENCE.match(text[sent.start:sent.end])) or \
        bool(GOAL_LABEL.search(text[sent.start:sent.end]))
    sentence_target = sentence_target or ctx.sentence_plan  # a plan's sentence, or its paragraph's
    prev_name = carried = None
    for cs, ce in clauses(text, sent.start, sent.end):
        items = [("money", m) for m in ctx.marks.get("money", []) if cs <= m.start < ce and m.start not in used_money]
        items += [("investment", m) for m in ctx.marks.get("money", []) if cs <= m.start < ce and m.start in used_money]
        items += [("qty", q) for q in ctx.marks.get("quantity", []) if cs <= q.start < ce]
        items = [(k, m) for k, m in items if not any(a <= m.start < b for a, b in quotes)]
        items.sort(key=lambda x: x[1].start)
        if _RESPECTIVELY.match(text[cs:ce]) and _respectively(ctx, sent, cs, items, out):
            continue  # 接待游客312.6万人次，实现旅游总消费33.5亿元，分别下降38.2%和40.1%
        if _listed_respectively(ctx, sent, cs, ce, items, region, out):
            continue  # 年度专利申请量、授权数分别增长122.8%、105.3%
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
            place = _place_before_bracket(ctx, lo, m.start)
            if place is not None:  # GDP前四的省份分别是广东（59518亿元）、江苏（56909亿元）: the statistic listed by place
                name = _RANKED_LIST.sub("", _indicator_name(ctx, lo, place)) or prev_name or ""
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
            elif len(right_np) >= 2 and kind == "qty" and m.attrs["unit"] in COUNT_UNITS and \
                    (_ends_with_verb(name) or _is_verb_only(name) or _ADVERBS_ONLY.fullmatch(name)):
                name = name + right_np  # 差别化招聘121名社区工作者 → 差别化招聘社区工作者
                name_end = unit_hedge_end + len(right_np)
            if not name and prev_name and re.fullmatch(r"[，,、]?(?:累计|共|总量|总数|已)?(?:达到?|为|增至|突破|超过)?",
                                                         text[lo:m.start]):
                name = prev_name  # 专利代理机构增长19.7%，达91家: the clause's statistic is the one before
            share = _SHARE_OF.fullmatch(name)
            if share and prev_name:  # …达91家，占全市43.8% → 专利代理机构占全市比重
                name = _object_of(prev_name) + "占" + share.group(1) + "比重"
            if _BARE_RATIO.match(name) and prev_name:
                name = _object_of(prev_name) + name  # 现代产业类项目250个，个数占比28.3% → 现代产业类项目个数占比
            elif text[m.start - 1:m.start] == "等" and kind == "qty" and len(right_np) >= 2:
                # 建成新海大道等12个项目: what is counted follows the count, the examples precede it
                verb = _LEAD_VERB.match(text[cs:m.start])
                name = (verb.group() if verb else "") + right_np
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
                    unit = "元/" + pm.group(1).replace("每", "/")  # 元/人/月, 元/平方公里
                    name = clean_name(re.sub(r"(提高到|提高至|达到)?每(人每月|人每年|平方公里|平方米|人|户|亩|吨)$", "", name))
                elif name.startswith("每") and unit == "CNY":  # 每平方公里产出GDP28.62亿元
                    per = re.match(r"^每(平方公里|平方米|人|户|亩|吨)", name)
                    unit = "元/" + per.group(1) if per else unit
            else:
                value, unit, measure, hedge = m.attrs["value"], m.attrs["unit"], m.attrs["measure"], m.attrs.get("hedge")
            if unit == "个百分点":
                unit = "百分点"
            hm = HEDGE_AFTER.match(text[m.end:m.end + 2])
            hedge = hedge or (hm.group(1) if hm else None)
            year, _ = _year_near(ctx, m.start, sent, clause_start=cs)
            target = sentence_target or ctx.in_plan(m.start) or bool(TARGET_RX.search(text[cs:m.start])) or \
                bool(_EXPECTED.search(text[sent.start:m.start])) or \
                bool(TARGET_AFTER.search(_until_next_figure(text, m.end, ce, sent.end))) and \
                not re.search(r"(?:完成|实现|超额完成)[\u4e00-\u9fff]{0,6}目标任务", text[m.end:sent.end]) or \
                bool(year and ctx.year and year > ctx.year)  # a figure for a later year is a target
            out.append(Indicator(doc=ctx.name, name=name, value=value, unit=unit,
                                 region=clause_region(ctx, cs, m.start, region), measure=measure,
                                 year=year, target=target, hedge=hedge,
                                 evidence=ctx.evidence(sent.start, sent.end, f"indicator.{kind}", 0.6)))
            prev_name = name
            lo = max(m.end, name_end)
    return out
