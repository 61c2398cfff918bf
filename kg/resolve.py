"""Resolve: candidate region names → canonical regions; facts from many reports → one node per thing.

A region name is taken at face value when it is a full, unambiguous name (昆明市官渡区). A short or
ambiguous name (水富, 海陵, 朝阳区, 麒麟) counts only where the document supports it: another division
of the same branch of the hierarchy is named (昭通 for 水富, 泰州 for 海陵), or a government word
follows it (水富市委, 官渡区政府). This keeps 麒麟大道 in a Jiangsu report from becoming 曲靖's
麒麟区, and decides between the two 朝阳区 by which of 北京 or 长春 the report speaks of.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Optional

from .gazetteer import COUNTRY, Gazetteer

# what follows a short name that makes it a division: a government word, or its own figure in brackets
# (广东（59518亿元）、江苏（56909亿元）)
GOVERNMENT_AFTER = re.compile(r"^(市委|县委|区委|州委|省委|旗委|市政府|县政府|区政府|州政府|省政府|人民政府|全市|全县|全区|全省|市|县|区|"
                              r"[（(]\d)")
COUNTRY_ACTS = re.compile(r"国家(第[一二三四五六七八九十\d]+批|[^，。；,]{0,12}示范)")


def resolve_regions(marks: list, text: str, gaz: Gazetteer, title: str = "") -> tuple:
    """Return ([(mark, key)], main_key) for one document's region marks.

    1. anchors: unique full names (云南省, 昭通市, 官渡区), province short names (云南), a short name with a
       government word after it (水富市委), names written side by side with a parent, child or sibling
       (泰州海陵, 麒麟沾益马龙), and an unambiguous short name in the title that the text names again;
    2. the main region: the most often named division among the anchors and the short names that an
       anchor of the same branch supports;
    3. the rest: a county-level or smaller division counts only inside the main region's province or
       where one of its ancestors is named; a short name also needs a second mention or a neighbour.
    """
    regions = gaz.regions
    cands = [sorted({n.key for n in m.attrs["candidates"]}) for m in marks]
    n_by_surface = Counter(m.text for m in marks)

    def level(k):
        return regions[k].level

    def gov_after(m):
        return GOVERNMENT_AFTER.match(text[m.end:m.end + 4]) is not None

    def related(a, b):
        return a in gaz.ancestors(b) or b in gaz.ancestors(a) or (regions[a].parent == regions[b].parent)

    # neighbours: names written side by side (泰州海陵, 麒麟沾益) or joined by 、
    neighbour = {}
    for i in range(len(marks) - 1):
        a, b = marks[i], marks[i + 1]
        if b.start - a.end <= 1 and text[a.end:b.start] in ("", "、"):
            for ka in cands[i]:
                for kb in cands[i + 1]:
                    if related(ka, kb):
                        neighbour.setdefault(i, set()).add(ka)
                        neighbour.setdefault(i + 1, set()).add(kb)

    anchors = {}
    for i, m in enumerate(marks):
        kinds = {n.kind for n in m.attrs["candidates"]}
        if len(cands[i]) == 1 and kinds & {"full", "former"} and len(m.text) >= 3:
            anchors[i] = cands[i][0]
        elif len(cands[i]) == 1 and level(cands[i][0]) == "province":
            anchors[i] = cands[i][0]
        elif len(neighbour.get(i, ())) == 1:
            anchors[i] = next(iter(neighbour[i]))
        elif len(cands[i]) == 1 and gov_after(m):
            anchors[i] = cands[i][0]
        elif len(cands[i]) == 1 and title and m.text in title and n_by_surface[m.text] >= 2:
            anchors[i] = cands[i][0]  # "昆山开发区：…": a short name in the title, and named again

    def supported(k, known):
        branch = set(gaz.ancestors(k)) - {"CN"}
        return bool(branch & known) or any(k in gaz.ancestors(o) for o in known)

    # 2. the main region
    known = set(anchors.values())
    counts = Counter()
    for i, m in enumerate(marks):
        if i in anchors:
            counts[anchors[i]] += 1 + (2 if title and m.start < len(title) + 2 else 0)
        else:
            ok = [k for k in cands[i] if supported(k, known)]
            if len(ok) == 1:
                counts[ok[0]] += 1
    main = None
    if counts:
        rank = {"town": 0, "county": 1, "prefecture": 2, "province": 3, "country": 4}
        main = max(counts, key=lambda k: (counts[k], -rank[level(k)], k))
    home = set(gaz.chain(main)) if main else set()
    province = next((k for k in gaz.chain(main) if level(k) == "province"), None) if main else None

    # 3. everything else
    accepted = {}
    named = set(anchors.values())
    for i, m in enumerate(marks):
        options = [anchors[i]] if i in anchors else cands[i]
        good = []
        for k in options:
            lv = level(k)
            if lv in ("province", "country"):
                # a province outside the report's own needs its full name or a second mention
                if k in home or len(m.text) >= 3 or n_by_surface[m.text] >= 2 or gov_after(m):
                    good.append(k)
                continue
            in_home = province is not None and province in gaz.ancestors(k) or k in home
            ancestor_named = bool({a for a in gaz.ancestors(k) if level(a) in ("prefecture", "county")} & named)
            if not (in_home or ancestor_named):
                continue
            if i in anchors or n_by_surface[m.text] >= 2 or i in neighbour or gov_after(m) or k in home:
                good.append(k)
        if len(good) == 1:
            accepted[i] = good[0]
        elif len(good) > 1:
            near = [k for k in good if k in home or supported(k, home)]
            if len(near) == 1:
                accepted[i] = near[0]
    resolved = [(marks[i], k) for i, k in sorted(accepted.items())]
    return resolved, main


# who speaks: "我代表罗湖区人民政府", "我代表省人民政府", "我代表大鹏新区管理委员会", "我代表国务院"
SPEAKER = re.compile(r"我代表([\u4e00-\u9fff]{0,14}?)(?:人民政府|管理委员会|管委会|政府|国务院)")
# the report's own level, as its authors refer to their place: 全县上下, 我市, 本区, 全镇
# (not a ranking or a share against the larger place: 居全省第一, 全省首个, 占全市的, 高于全省平均)
LEVEL_WORD = re.compile(r"(?<![居占列于在排位比较出超高低为成领先])(?:全|我|本)(省|自治区|市|州|盟|县|旗|区|镇|乡|街道)"
                        r"(?![长委第首前唯最排平领率同各范])")
LEADERSHIP = re.compile(r"在([^。；]{0,30}(?:省|自治区|市|州|盟|县|旗|区|镇|乡)(?:委|政府))的(?:坚强|正确|有力)?领导下")
# a division the gazetteer lacks, named by its government: 大鹏新区管理委员会, 某某特区
UNLISTED_DIVISION = re.compile(r"([\u4e00-\u9fff]{2,6}(?:新区|特区|林区|矿区))$")


def report_region(text: str, counts: Counter, gaz: Gazetteer, main: Optional[str]) -> tuple:
    """The region a report speaks for, from how it speaks: the government it speaks for ("我代表…人民政府")
    and the level its authors call their own (全县, 我市, 本镇). Returns (key, unlisted name or None):
    the most often named division of that level, preferring one on the branch of `main` (the most
    often named division of any level); the speaker's own division when the gazetteer lacks it.

    `counts` holds how often each division is named."""
    level_suffix = None
    speaker = SPEAKER.search(text[:3000])
    if speaker:
        who = speaker.group(1)
        if "国务院" in speaker.group(0) and not who:
            return COUNTRY.key, None
        listed = [n.key for _, _, surface in gaz.find_all(who) for n in gaz.names[surface] if n.kind == "full"]
        if who and listed and who.endswith(gaz.regions[listed[-1]].name):
            return listed[-1], None
        unlisted = UNLISTED_DIVISION.search(who)
        if unlisted:
            return None, unlisted.group(1)
        if who in ("省", "自治区", "市", "州", "盟", "县", "旗", "区", "镇", "乡"):
            level_suffix = who
    if level_suffix is None:
        words = Counter(m.group(1) for m in LEVEL_WORD.finditer(text))
        lead = LEADERSHIP.search(text)
        if lead:  # "在市委、市政府和县委的坚强领导下": the last committee named is the report's own
            words[re.findall(r"(省|自治区|市|州|盟|县|旗|区|镇|乡)(?:委|政府)", lead.group(1))[-1]] += 2
        if not words:
            return main, None
        (level_suffix, n), *rest = words.most_common(2) + [(None, 0)]
        if n < 2 or n < 2 * rest[0][1]:
            return main, None  # no level clearly the report's own
    if main and gaz.regions[main].name.endswith(level_suffix):
        return main, None
    branch = set(gaz.chain(main)) if main else set()

    def on_branch(k):
        return not branch or k in branch or main in gaz.ancestors(k)

    cands = [k for k in counts if k in gaz.regions and gaz.regions[k].name.endswith(level_suffix)]
    if not cands:
        return main, None
    def first(k):  # where the text first names it: the report's own place is named before the others
        r = gaz.regions[k]
        return min((i for i in (text.find(n) for n in (r.name,) + tuple(r.aliases) if n and len(n) >= 2) if i >= 0),
                   default=len(text))

    earliest = min(cands, key=first)
    best = max(cands, key=lambda k: (on_branch(k), counts[k] + 3 * (k == earliest), k))
    return best, None


def towns_in(text: str, county_keys, gaz: Gazetteer) -> list:
    """Full town/subdistrict names under the counties a document names: [(start, end, key)]."""
    out = []
    for ck in sorted(county_keys):
        for name, key in gaz.towns.get(ck, {}).items():
            start = text.find(name)
            while start >= 0:
                out.append((start, start + len(name), key))
                start = text.find(name, start + 1)
    return out


def country_acts(text: str) -> Optional[re.Match]:
    """Where the report makes the country an actor (国家…示范, 国家第四批…)."""
    return COUNTRY_ACTS.search(text)


COUNTRY_KEY = COUNTRY.key


_NOT_IN_KEY = re.compile(r"[\s“”\"'‘’「」『』《》〈〉()（）【】\[\]、，,。.:：;；!！?？·—\-–~～]+")


@lru_cache(maxsize=65536)
def merge_key(name: str) -> str:
    """What two names of the same thing have in common: simplified, no quotes, punctuation or spaces.
    (Memoised: OpenCC takes about 0.1 ms a call, and a report names each project several times.)"""
    from .ingest import to_simplified

    return _NOT_IN_KEY.sub("", to_simplified(name or "")).lower()
