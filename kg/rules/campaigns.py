"""Campaigns: quoted or unquoted names of initiatives that end in a campaign head (专项行动, 攻坚战,
工程, 机制…) after a verb that launches or carries them out.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..records import Campaign
from .common import GOAL_QUOTED_AFTER, clean_name, _year_near
from .projects import _HEAD_RX


# campaigns: what a campaign's name ends with
CAMPAIGN_HEADS = [
    "专项行动", "三年行动", "系列行动", "行动计划", "行动", "攻坚战", "大会战", "会战", "保卫战", "工程",
    "主题教育", "专项整治", "综合整治", "专项斗争", "改革", "试点", "机制", "模式", "体系", "制度", "清单",
    "计划", "战略", "工作法", "品牌创建", "示范创建", "创建", "工作思路", "思路", "发展路径", "路径", "路子",
    "三大变革", "变革", "运动", "年", "方式", "载体", "建设", "革命", "示范镇村创建", "大排查大整治", "会战",
    "工作模式", "管理模式", "服务模式", "治理模式", "攻坚", "责任清单", "激励机制", "专项活动", "活动",
    "总策略", "策略", "总方针", "方针", "具体部署", "工作部署", "部署", "工作方法", "规划方案", "规划", "政策包",
    "专项政策", "措施", "多策并举",
]

CAMPAIGN_HEAD_RX = "|".join(sorted(map(re.escape, CAMPAIGN_HEADS), key=len, reverse=True))

# verbs that launch or carry out a campaign
CAMPAIGN_VERBS = (r"(深入实施|大力实施|全面实施|启动实施|实施|深入开展|全面开展|扎实开展|认真开展|开展|持续推进|全面完成|加快|打赢|"
                  r"出台|推出|全面落实|"
                  r"深入推进|扎实推进|加快推进|推进|深化|打好|打赢|坚决打好|抓实|抓好|落实|严格落实|围绕|聚焦|"
                  r"构建|推行|建立|创新|探索|搭建|践行|强化|以|把|定为|推出|制定|完善|贯彻|深入贯彻|打造|实行|启动)")

UNQUOTED_CAMPAIGN = re.compile(
    CAMPAIGN_VERBS + r"([\u4e00-\u9fff“”]{2,18}?(?:专项行动|三年行动|行动计划|两年行动计划|行动|攻坚战|阻击战|主题教育|"
    r"专项整治|综合整治|专项排查|大排查大整治|试点|百日攻坚战|工程|计划|改革|攻坚|战略|政策措施|改革措施))(?=[，,。；;、和及并]|$)")

NOT_CAMPAIGN_QUOTE = re.compile(r"^[^\w]*$|^.$|^[A-Z+]+$|新闻|日报|(?:网|报)$")

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
        if tail and len(grp) > 1 and all(_SELF_HEAD.search(q.text) and len(q.text) >= 4 for q in grp):
            for q in grp:  # “项目攻坚年”“作风建设年”活动: one campaign each, the head shared
                out.append(_campaign(ctx, sent, region, q.text + tail.group(1) + tail.group(2), q.start, end + tail.end(),
                                     "campaign.quoted_head", 0.85))
            continue
        if len(grp) > 1 and all(len(q.text) >= 4 and _quote_can_be_campaign(q.text) for q in grp) and \
                (tail or re.match(r"等", after)):
            for q in grp:  # “福田游购欢乐月”“华强北旺购季”等促销活动, “粤贸全球”“粤贸全国”经贸活动: one each
                out.append(_campaign(ctx, sent, region, q.text, q.start, q.end, "campaign.quoted_parallel", 0.7))
            continue
        if tail and len(grp) > 1:  # “四化”“四治”综合整治行动: one campaign
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
        inner = [v for v in re.finditer(CAMPAIGN_VERBS, name) if len(name) - v.end() >= 4]
        if inner:
            name = name[inner[-1].end():]  # 以快制快打赢多轮疫情防控阻击战: the verb nearest the name governs it
        if re.match(r"^(各项|相关|专项|重点|一批|这场|该|系列)", name) and len(name) <= 6:
            continue
        out.append(_campaign(ctx, sent, region, name, m.start(2), m.end(2), "campaign.unquoted_head", 0.55))
        pos = m.end(2)
        while True:  # 实施A行动、B行动、C行动: the others in the list
            more = _MORE_IN_LIST.match(text, pos, sent.end)
            if not more:
                break
            out.append(_campaign(ctx, sent, region, more.group(1), more.start(1), more.end(1), "campaign.unquoted_list", 0.55))
            pos = more.end(1)
    for m in _NUMBERED_CAMPAIGN.finditer(text, sent.start, sent.end):
        if any(c is not None and m.group(1) in c.name for c in out) or "“" in m.group():
            continue
        out.append(_campaign(ctx, sent, region, m.group(1), m.start(1), m.end(1), "campaign.numbered", 0.6))
    for m in _UNQUOTED_PACKAGE.finditer(text, sent.start, sent.end):
        if not any(c is not None and (m.group(2) in c.name or c.name in m.group(2)) for c in out):
            out.append(_campaign(ctx, sent, region, m.group(2), m.start(2), m.end(2), "campaign.package", 0.6))
    for m in _PACKAGE.finditer(text, sent.start, sent.end):
        lead = re.sub(r"^.*?(?:出台实施|出台|制定|落实|对标|实施|印发|推出|贯彻)", "", m.group(1))
        name = lead + m.group(2)
        if len(lead) >= 2 and not any(c is not None and m.group(2) in c.name for c in out):
            out.append(_campaign(ctx, sent, region, name, m.start(1) + len(m.group(1)) - len(lead), m.end(),
                                 "campaign.package", 0.6))
    for m in _SHARED_HEAD_LIST.finditer(text, sent.start, sent.end):
        base = m.start(2)
        for item in m.group(2).split("、"):
            if not any(c is not None and c.name == item for c in out):
                out.append(_campaign(ctx, sent, region, item, base, base + len(item), "campaign.list_shared", 0.55))
            base += len(item) + 1
    return [c for c in out if c is not None]


_MORE_IN_LIST = re.compile(r"、([\u4e00-\u9fff]{2,12}?(?:专项行动|三年行动|行动计划|行动|攻坚战|工程|计划|改革|试点))"
                           r"(?=[、“”，,。；;和及]|$)")
_NUMBERED_CAMPAIGN = re.compile(r"(?<![一二三四五六七八九十两”\d])([一二三四五六七八九十两]+大(?:[\u4e00-\u9fff]{0,4}?)"
                                r"(?:攻坚战|会战|工程|行动|变革|战役|实事|任务|举措|战略))(?=[，,。；;、和及等“]|$)")

# a numbered package of measures named by what it promotes: 促进生物产业高质量发展“22条”, 营商环境改革“20条”
_PACKAGE = re.compile(r"([\u4e00-\u9fff]{2,14})“(\d{1,3}条)”")

# unquoted packages after a verb that issues them: 推出人才新政73条, 制定我省减轻企业负担十项措施
_UNQUOTED_PACKAGE = re.compile(r"(出台|推出|制定|印发|实施)(?:了)?(?:我省|我市|我区|我县)?([\u4e00-\u9fff]{2,14}?(?:\d{1,3}|[一二三四五六七八九十]{1,3})"
                               r"(?:条|项(?:改革)?(?:措施|举措|政策)))(?=[，,。；;、和及“]|$)")

# a list of campaigns sharing a head, with a qualifier before it: 开展龙舟消费季、海洋文化节等促消费活动
_SHARED_HEAD_LIST = re.compile(CAMPAIGN_VERBS + r"((?:" + _ITEM + r"、)+" + _ITEM + r")等[\u4e00-\u9fff]{1,4}?(?:系列)?(活动|行动)")


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


# the government that runs a campaign, named just before it: 省委“1310”具体部署, 全市营商环境改革“20条”
_OWNER_BEFORE = re.compile(r"(省委|省政府|全省|市委|市政府|全市|州委|州政府|全州|县委|县政府|全县)(?:、[省市州县](?:委|政府))?"
                           r"(?:出台的?|部署的?|提出的?|的)?[“《]?$")
_OWNER_OPENS = re.compile(r"^(全省|全市|全州|全县|省委|市委|州委|县委|省政府|市政府|州政府|县政府)")
_LEVEL_OF = {"省": "province", "市": "prefecture", "州": "prefecture", "县": "county"}


def _owner(ctx, start: int, region, name: str = ""):
    """A campaign belongs to the government the text names as running it (SCHEMA): a higher level's
    committee or government just before its name (or opening it: 全市营商环境改革20条), or a division named
    there; otherwise `region`."""
    from ..gazetteer import gazetteer

    before = ctx.text[max(0, start - 12):start]
    m = _OWNER_BEFORE.search(before) or _OWNER_OPENS.match(name)
    if m and region:
        word = m.group(1)
        level = _LEVEL_OF[word[1] if word.startswith("全") else word[0]]
        gaz = gazetteer()
        new = ctx.new_regions.get(region)
        for k in [region] + gaz.chain(new.parent) if new else gaz.chain(region):
            r = new if k == region and new else gaz.regions.get(k)
            if r and (r.level == level or (level == "prefecture" and r.level == "county" and r.name.endswith("市")
                                            and k == region)):
                return k
        return region
    for s, e, key in reversed(ctx.region_spans):
        if e <= start and start - e <= 1 and s >= start - 12:
            return key  # 落实福州市“三个年”行动
    return region


def _campaign(ctx, sent, region, name, start, end, rule, conf):
    name = clean_name(name)
    region = _owner(ctx, start, region, name)
    name = _OWNER_OPENS.sub("", name) if len(name) - len(_OWNER_OPENS.sub("", name)) and \
        len(_OWNER_OPENS.sub("", name)) >= 3 else name
    if len(name) < 2:
        return None
    year, _ = _year_near(ctx, start, sent)
    return Campaign(doc=ctx.name, name=name, region=region, year=year,
                    evidence=ctx.evidence(sent.start, sent.end, rule, conf))
