"""Goals: what a region or one of its campaigns aims for: quoted targets, "以…为目标" frames,
labelled targets, clauses that state an aim (确保…, 力争…, 打造…).
"""
from __future__ import annotations

import re

from ..records import Goal
from .common import GOAL_LABEL, GOAL_QUOTED_AFTER, clauses, clean_name, _year_near


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

    # a plan's clauses that say what will be done (深圳还将全力推动重大工业项目落地), numeric ones included
    # (全年工业投资增长12%以上: a numeric target is a goal as well as an indicator)
    if ctx.sentence_plan or ctx.in_plan(sent.start):
        for cs, ce in cl:
            m = _PLAN_CLAUSE.match(text[cs:ce])
            if m and not campaign_in(cs, ce):
                add(text[cs + m.start("aim"):ce], cs + m.start("aim"), ce, "goal.plan_clause", 0.45)
            elif _NUMERIC_TARGET.match(text[cs:ce]):
                add(text[cs:ce], cs, ce, "goal.plan_figure", 0.45)

    # what the government applies itself to: 着力稳存量、引增量、扩容量、提质量, 围绕打造…品牌
    for cs, ce in cl:
        m = _APPLIED.match(text[cs:ce])
        if m and not _NUMERIC.search(m.group(1)) and not campaign_in(cs, ce):
            add(m.group(1), cs + m.start(1), ce, "goal.applied", 0.45)
    return out


_PLAN_CLAUSE = re.compile(
    r"^(?:[\u4e00-\u9fff]{1,6}?(?=还将|将|要|也要))?(?:还将|将|要|也要|力争|努力|同时)?[，,]?"
    r"(?:全力|扎实|加快|大力|着力|积极|全面|进一步|持续|深入|坚决|切实|重点)?"
    r"(?P<aim>(?:推动|推进|打造|建设|建成|实现|加大|提升|做强|做大|做优|培育|构建|完善|深化|开工建设|确保|坚持|"
    r"加强|强化|优化|促进|扩大|抓好|结束|降低|提高)[\u4e00-\u9fff“”、\d%.]{2,60})$")
_NUMERIC_TARGET = re.compile(r"^(?:全年|今年|力争|确保)?[\u4e00-\u9fff“”]{2,20}(?:增长|达到?|突破|新增)[\d.]+(?:%|％|万|亿|个|家|户)")

_APPLIED = re.compile(r"^(?:[\u4e00-\u9fff]{0,4}?(?:要|将|还将))?(?:着力|著力|致力于|围绕(?=打造|建设|实现|推动))"
                      r"((?:打造|建设|推动|实现|提升|加快|稳|引|扩|提|补|构建|培育|做强|做大|发展|推进)"
                      r"[\u4e00-\u9fff、“”]{3,40})$")
