"""What the fact rules share: clauses, a clause's status, clean names, the year a statement is for,
and the tables more than one fact type reads.
"""
from __future__ import annotations

import re
from typing import Optional


# status verbs → status (SCHEMA's conventions)
STATUS = [
    ("operating", r"投产|投用|投入使用|投入运营|运营|运行|开业|营业|满产|试生产|点火|试投产"),
    ("completed", r"建成|竣工|完工|基本建成|完成建设|清理完毕|回迁|交付"),
    ("under_construction", r"开工|在建|加快建设|启动建设|正在推进建设|加快推进|推进建设|建设现场|施工|调试|进展顺利|顺利推进|"
                           r"加快实施|正在实施|稳步实施|加快|开发进度|布局建设|有序推进|推进[^，,。；;]{2,20}建设"),
    ("signed", r"签约|签订|完成协议磋商|协议"),
    ("planned", r"规划|拟|将建|谋划|计划|筹建|申报|储备|将启动|年内将"),
]

_STATUS = [(s, re.compile(p)) for s, p in STATUS]

# an amount that only qualifies a noun: 5亿元以上项目, 20万元以上村
QUALIFIER_AFTER = re.compile(r"^(以上|以下)?(的)?(项目|重大项目|企业|村|工业|产业|级)")

# goals
GOAL_QUOTED_AFTER = re.compile(r"^(的|为)?(目标|要求|定位|标准|目标任务|发展目标|发展定位|目标定位|总目标|愿景)")

GOAL_LABEL = re.compile(r"(?:主要)?(?:预期)?目标(?:是|为)?[:：]")

# a comma splits clauses unless it is a thousands separator (1,000)
_CLAUSE_SPLIT = re.compile(r"[，；;：:]|,(?!(?<=\d,)\d{3}(?!\d))")


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


_FUTURE = re.compile(r"将(?:要)?(?:启动|开工|建设|实施)|年内将|拟|计划(?:开工|建设|实施)|计划[\u4e00-\u9fff]{0,4}(?:建成|投用|投产|竣工)")


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
    if best is not None and best.attrs.get("anchor") == "section":
        return ctx.section_year(best.start), None  # 全年 in a review of the past year: that year
    if best is not None and best.attrs.get("year"):
        return best.attrs["year"], best.attrs.get("year_end")
    carried = ctx.carried_year
    if carried and carried[0] == sent.start:  # "到2025年，A；B。": B is about 2025 too
        return carried[1], None
    return ctx.section_year(start), None


def place_named_first(ctx, name: str, region):
    """The division a name starts with, when it lies inside the fact's region: 肇庆宁德时代锂电池制造基地 in
    a provincial report is 肇庆市's, 乌兰浩特市工业园区 in a league's is 乌兰浩特市's. Otherwise `region`."""
    from ..gazetteer import gazetteer

    if not region:
        return region
    gaz = gazetteer()
    for n in range(min(8, len(name) - 2), 1, -1):
        for cand in gaz.names.get(name[:n], ()):
            if cand.key != region and region in gaz.ancestors(cand.key) and \
                    (cand.kind == "full" or cand.key in ctx.regions or gaz.regions[cand.key].parent == region):
                return cand.key
    return region


# a place named as the one a figure is about: at the clause's start (after a time), or just before the
# figure's bracket ("江苏（56909亿元）"); not a place compared with or shared of (占全市, 高于全省, 比上海)
_NOT_SUBJECT_BEFORE = re.compile(r"(?:占|比|于|较|超过|领先|反超|赶超|低于|高于|仅次于|与|和|及|对|向|从|在|到|赴|至)$")
_TIME_LEAD = re.compile(r"^(?:(?:19|20)\d{2}年)?(?:上半年|下半年|前三季度|一季度|二季度|三季度|全年|今年|去年|同期)?[，,]?$")


def clause_region(ctx, cs: int, at: int, region):
    """The region a figure at `at` belongs to: a place the clause names as its subject, before the figure
    (山东上半年GDP增长3.6%, 江苏（56909亿元）, 上海上半年仅完成3795亿元); otherwise `region`."""
    best = None
    for s, e, key in ctx.region_spans:
        if s < cs:
            continue
        if s >= at:
            break
        lead = ctx.text[cs:s]
        if _NOT_SUBJECT_BEFORE.search(lead) or ctx.text[s - 1:s] == "全" and key != "CN":
            continue
        if _TIME_LEAD.match(lead) or re.search(r"[、]$", lead) or ctx.text[e:e + 1] in "（(" and at - e <= 2:
            best = key
    return best or region
