"""The driver: reads a report sentence by sentence, runs each fact type's rules, keeps the state
that crosses sentences, and removes duplicates.
"""
from __future__ import annotations

import re

from .campaigns import find_campaigns
from .goals import find_goals
from .indicators import find_indicators
from .investments import find_investments
from .projects import find_projects
from .tables import find_tables


def extract_relations(ctx, facts) -> None:
    ctx.section_years = section_years(ctx.text, ctx.year)
    used_money = set()
    sentences = ctx.marks["sentence"]
    for k, sent in enumerate(sentences):
        ctx.sentence_plan = plan_sentence(ctx, sent)
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
            received = ctx.carried_year[1] if ctx.carried_year and ctx.carried_year[0] == sent.start else None
            year = years[0].attrs["year"] if years else received  # "2021年，A；B；C。": C is about 2021 too
            ctx.carried_year = (nxt, year) if year and nxt is not None else None
            if campaigns:
                ctx.paragraph_campaign = campaigns[-1].name
        else:
            ctx.carried_year = None
            ctx.paragraph_campaign = None
    facts.indicators = _same_figure_once(facts.indicators + find_tables(ctx, ctx.main_region))
    campaign_names = {re.sub(r"\W", "", c.name) for c in facts.campaigns}

    def part_of_a_campaign(name):  # “数字经济一号工程”, 科技红娘助企工程 ⊃ 助企工程: campaigns, not projects
        key = re.sub(r"\W", "", name)
        return any(key == c or (len(key) >= 4 and (c.endswith(key) or key.endswith(c) or c.startswith(key)))
                   for c in campaign_names)

    facts.projects = [p for p in _drop_contained(_dedupe(facts.projects, lambda p: p.name))
                      if not part_of_a_campaign(p.name)]
    facts.campaigns = _dedupe(facts.campaigns, lambda c: c.name)
    facts.goals = _near_dedupe(_dedupe(facts.goals, lambda g: g.text))


# a sentence that announces what will be done, or reports a plan (深圳还将…, 报告提出，…, 根据计划，…): its
# figures are targets, and so are those of the rest of its paragraph (and of a paragraph that goes on "同时，…")
_PLAN_SENTENCE = re.compile(r"^[\u4e00-\u9fff]{0,8}?(?:还|也|仍|今年|明年|下一步)将(?!近)|(?:报告|规划|计划|方案|纲要)(?:中)?提出|"
                            r"根据(?:计划|规划)|^计划")
_DONE = re.compile(r"已经|已|完成了|比上年|同比|较上年|去年|上年")


def _paragraph_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    nxt = re.match(r"\s*同时[，,]", text[end:end + 8])
    return _paragraph_end(text, end + nxt.end()) if nxt else end


def plan_sentence(ctx, sent) -> bool:
    """Whether a sentence states a plan: it announces what will be done or reports a plan, or it lies in the
    rest of such a sentence's paragraph and says nothing of what is done already."""
    stext = ctx.text[sent.start:sent.end]
    if _PLAN_SENTENCE.search(stext):
        ctx.plan_until = _paragraph_end(ctx.text, sent.end)
        return True
    return ctx.plan_until > sent.start and not _DONE.search(stext)


def _sentence_region(ctx, sent):
    """The sub-region a sentence opens with ("在内乡县，…", "西峡县积极…"), when it lies inside the
    report's main region: the sentence's facts are that place's."""
    from ..gazetteer import gazetteer

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


def _same_figure_once(indicators):
    """A figure stated twice (in the text and again in a table, or in a summary and its section) is one
    fact: the same value, unit, measure, year and region under names of which one holds the other."""
    out = []
    for i in indicators:
        key = re.sub(r"\W", "", i.name)
        if any(o.value == i.value and o.unit == i.unit and o.measure == i.measure and o.year == i.year and
               o.region == i.region and o.target == i.target and (key in re.sub(r"\W", "", o.name) or
                                                                 re.sub(r"\W", "", o.name) in key) for o in out):
            continue
        out.append(i)
    return out


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
                      r"主要目标任务|主要工作|重点任务|工作任务|工作部署|工作的?总体要求|工作思路|重点工作)", re.M)

# a paragraph that opens on the past year ("过去一年，…", "过去五年", "2022年工作回顾") speaks of the year before the
# report's, until one opens on the present ("今年，…", "新的一年，…")
_REVIEW = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]\s*)?(?:过去的?(?:一|三|五|几)年|((?:19|20)\d{2})年(?:工作)?回顾|"
                     r"关于((?:19|20)\d{2})年(?:的)?工作)|(?:^|[:：])\s*((?:19|20)\d{2})年(?:工作)?回顾", re.M)

# a paragraph that opens on a year ("2022年，全县实现…") speaks of that year until another one does
_YEAR_LINE = re.compile(r"^\s*((?:19|20)\d{2})年(?:[，,]|以来|上半年|前三季度|全年)", re.M)
_PRESENT = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]\s*)?(?:今年|新的一年)", re.M)


def section_years(text: str, year) -> list:
    """(offset, year, is a plan) where a part of the report about another year, or about its own again,
    begins. A plan ("2024年工作安排", "2020年展望") states targets."""
    out = [(m.start(), int(m.group(1)), True) for m in _SECTION.finditer(text)]
    out += [(m.start(), int(m.group(1)), False) for m in _YEAR_LINE.finditer(text)]
    if year:
        out += [(m.start(), int(next(filter(None, m.groups()), year - 1)), False) for m in _REVIEW.finditer(text)]
        if any(y != year for _, y, _ in out):
            out += [(m.start(), year, False) for m in _PRESENT.finditer(text)]
    return sorted(out)
