"""Investments: amounts of money an investment word governs (总投资, 完成投资, 到位资金…), of which
kind, for which project and year, stated or targeted.
"""
from __future__ import annotations

import re

from ..records import Investment
from .common import QUALIFIER_AFTER, clauses, _year_near


# money: what makes an amount an investment, and of which kind (first match wins)
INVESTMENT_KINDS = [
    ("raised", r"到位资金|利用外资|实际利用|融资|引进资金|招商引资到位|争取.{0,8}资金|落实.{0,10}资金|专项债|一般债|债券|"
               r"债额度|引资"),
    ("planned", r"计划投资|规划投资|拟投资|预计投资|储备.{0,4}总投资|估算投资|确保.{0,8}完成投资|力争.{0,8}完成投资|"
                r"计划完成投资|将完成投资|再完成投资"),
    ("completed", r"完成投资|累计完成|完成.{0,12}投资|累计投资|已投资|完成固定资产投资"),
    ("total", r"总投资|投资总额|计划总投资|投资"),
    ("spent", r"投入资金|投入|支出|拨付|安排.{0,4}资金|筹集资金|整合资金|出资|垫付|资助|补贴|补助|经费"),
]

_INV_KINDS = [(k, re.compile(p)) for k, p in INVESTMENT_KINDS]

# a region's or a sector's investment is a statistic (SCHEMA: an indicator), not money tied to projects
NOT_INVESTMENT = re.compile(r"固定资产投资|投资增长|投资额增长|投资同比|"
                            r"(?:工业|技改|技术改造|房地产开发|房地产|制造业|基础设施|民间|全社会)投资(?:完成|达到?|为)?$")

TARGET_WORDS = re.compile(r"预计|力争|目标|确保|计划|将|争取|预期|规划|拟")  # investments


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
        if NOT_INVESTMENT.search(before) or not re.search(r"投资|投入|到位资金|利用外资|融资|资金|出资|垫付|资助|补贴|补助|"
                                                         r"专项债|一般债|债券|债额度|经费|支出", before):
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
            owner = next((p.region for p in projects if p.name == proj), region) if proj else region
            out.append(Investment(doc=ctx.name, amount=m.attrs["value"], currency=m.attrs["currency"], region=owner,
                                  project=proj, year=year, year_end=year_end, kind=k, hedge=m.attrs.get("hedge"),
                                  evidence=ctx.evidence(sent.start, sent.end, "investment.keyword", 0.8)))
    return out
