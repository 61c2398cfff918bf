"""The NLP stage: a spaCy `zh` pipeline (jieba segmenter) with small registered components.

Each component marks one kind of thing in the text and writes it twice: as spaCy spans in
`doc.spans[<kind>]` (token-aligned, for anyone using spaCy) and as exact character-level `Mark`s in
`doc._.marks[<kind>]` (what extraction reads; jieba's tokens do not always fall on a number's edge).

    govkg_sentences   sentence and clause boundaries (。！？； and line breaks)
    govkg_regions     names of administrative divisions, with their candidate region keys
    govkg_money       amounts of money, as a number in the currency's unit
    govkg_dates       years, year ranges and relative years, resolved against the document's year
    govkg_quantities  numbers with units (个, 人, 吨, %, 平方米 …), with level/growth and hedge
    govkg_quotes      quoted names (“…”, 「…」, 《…》)

Components are configured through `nlp.add_pipe(name, config=...)`, never edited.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from .gazetteer import gazetteer


@dataclass
class Mark:
    kind: str
    start: int
    end: int
    text: str
    attrs: dict = field(default_factory=dict)


if not Doc.has_extension("marks"):
    Doc.set_extension("marks", default=None)
if not Doc.has_extension("doc_year"):
    Doc.set_extension("doc_year", default=None)


def _marks(doc: Doc) -> dict:
    if doc._.marks is None:
        doc._.marks = {}
    return doc._.marks


def doc_text(doc: Doc) -> str:
    """doc.text, built once (spaCy rebuilds it from every token on each access)."""
    text = doc.user_data.get("govkg_text")
    if text is None:
        text = doc.user_data["govkg_text"] = doc.text
    return text


def token_bounds(doc: Doc) -> tuple:
    """(sorted token start offsets, set of start offsets, set of end offsets), computed once per Doc."""
    cached = doc.user_data.get("govkg_bounds")
    if cached is None:
        from spacy.attrs import IDX, LENGTH

        arr = doc.to_array([IDX, LENGTH])
        starts = arr[:, 0].tolist() if len(doc) else []
        ends = (arr[:, 0] + arr[:, 1]).tolist() if len(doc) else []
        cached = (starts, set(starts), set(ends))
        doc.user_data["govkg_bounds"] = cached
    return cached


def _emit(doc: Doc, kind: str, marks: list):
    """Store marks, and the token-aligned spaCy spans that cover them."""
    import bisect

    from spacy.tokens import Span

    _marks(doc)[kind] = marks
    starts = token_bounds(doc)[0]
    spans = []
    for m in marks:
        a = max(0, bisect.bisect_right(starts, m.start) - 1)
        b = bisect.bisect_left(starts, m.end)
        if b > a:
            spans.append(Span(doc, a, b, label=kind))
    doc.spans[kind] = spans


# ------------------------------------------------------------------------------------- numbers

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
MULTIPLIERS = {"万亿": 1e12, "亿": 1e8, "千万": 1e7, "百万": 1e6, "十万": 1e5, "万": 1e4, "千": 1e3, "百": 1e2}
NUM = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
MULT = r"(?:万亿|亿|千万|百万|十万|万|千)?"


def cn_number(s: str) -> Optional[float]:
    """'12.5' → 12.5; '三' → 3; '二十一' → 21; '两' → 2."""
    s = s.replace(",", "")
    try:
        return float(s)
    except ValueError:
        pass
    total, cur = 0, 0
    for ch in s:
        if ch in CN_DIGITS:
            cur = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            total += (cur or 1) * CN_UNITS[ch]
            cur = 0
        else:
            return None
    return float(total + cur)


# --------------------------------------------------------------------------------- sentences

_SENT_END = re.compile(r"[。！？!?；;]+[”’」』]?|\n+")


@Language.component("govkg_sentences")
def sentences(doc: Doc) -> Doc:
    marks, start = [], 0
    text = doc_text(doc)
    for m in _SENT_END.finditer(text):
        end = m.end()
        seg = text[start:end]
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            marks.append(Mark("sentence", start + lead, end, text[start + lead:end].rstrip("\n")))
        start = end
    if text[start:].strip():
        lead = len(text[start:]) - len(text[start:].lstrip())
        marks.append(Mark("sentence", start + lead, len(text), text[start + lead:]))
    for m in marks:
        m.end = m.start + len(m.text)
    _marks(doc)["sentence"] = marks
    # token-level sentence starts for spaCy users (doc.sents)
    if len(doc):
        import numpy

        from spacy.attrs import SENT_START

        tok_starts = numpy.asarray(token_bounds(doc)[0])
        flags = numpy.where(numpy.isin(tok_starts, [m.start for m in marks]), 1, -1).astype("int64")
        flags[0] = 1
        flags = flags.reshape(-1, 1).astype("uint64")
        doc.from_array([SENT_START], flags)
    return doc


# ----------------------------------------------------------------------------------- regions

# A name followed by one of these is an outlet, company or institution, not a region acting.
NOT_REGION_AFTER = re.compile(
    r"^([\u4e00-\u9fff]{0,6}?(新闻网|日报|晚报|电视台|广播电视台|融媒体中心|网站|客户端|有限公司|有限责任公司|"
    r"股份|集团|公司|银行|大学|学院|职业技术|医院|中学|小学|研究院|研究所|实验室)|(河|江|湖|路|大道|大街|街|桥|茶|山|湾|坝|寺|站|机场|火车))")
# …and one written right after an institution is part of its name (浙江大学湖州研究院)
NOT_REGION_BEFORE = re.compile(r"(大学|学院|公司|集团|银行)$")
# A name may end inside a jieba token only when an admin suffix or a government word follows it.
SUFFIX_AFTER = re.compile(r"^(省|市|县|区|州|盟|旗|镇|乡|街道|委|政府)")


@Language.factory("govkg_regions", default_config={"min_short_len": 2})
def make_regions(nlp: Language, name: str, min_short_len: int):
    gaz = gazetteer()

    def regions(doc: Doc) -> Doc:
        marks = []
        text = doc_text(doc)
        _, starts, ends = token_bounds(doc)

        def on_token_edges(s, e, surface):
            return s in starts and (e in ends or SUFFIX_AFTER.match(text[e:e + 2]) is not None)

        for s, e, surface in gaz.find_all(text, on_token_edges, doc.user_data.get("govkg_region_hits")):
            names = gaz.names[surface]
            if all(n.kind == "short" for n in names) and len(surface) < min_short_len:
                continue
            after = text[e:e + 12]
            if NOT_REGION_AFTER.match(after) or NOT_REGION_BEFORE.search(text[max(0, s - 2):s]):
                continue
            marks.append(Mark("region", s, e, surface, {"candidates": names}))
        _emit(doc, "region", marks)
        return doc

    return regions


# ------------------------------------------------------------------------------------- money

CURRENCIES = {"元": "CNY", "人民币": "CNY", "美元": "USD", "欧元": "EUR", "港元": "HKD", "港币": "HKD", "日元": "JPY"}
_MONEY = re.compile(rf"({NUM})\s*(余|多)?\s*({MULT})\s*(余|多)?\s*(元|美元|欧元|港元|港币|日元)")
_MONEY_BARE = re.compile(r"(百|千|万)亿(?=[大元]|大关)")


@Language.component("govkg_money")
def money(doc: Doc) -> Doc:
    marks = []
    for m in _MONEY.finditer(doc_text(doc)):
        num = cn_number(m.group(1))
        if num is None:
            continue
        value = num * MULTIPLIERS.get(m.group(3), 1)
        hedge = (m.group(2) or m.group(4) or "") or None
        marks.append(Mark("money", m.start(), m.end(), m.group(),
                          {"value": round(value, 2), "currency": CURRENCIES[m.group(5)], "hedge": hedge}))
    for m in _MONEY_BARE.finditer(doc_text(doc)):
        if any(x.start <= m.start() < x.end for x in marks):
            continue
        value = {"百": 1e10, "千": 1e11, "万": 1e12}[m.group(1)]
        marks.append(Mark("money", m.start(), m.end(), m.group(), {"value": value, "currency": "CNY", "hedge": None}))
    marks.sort(key=lambda x: x.start)
    _emit(doc, "money", marks)
    return doc


# ------------------------------------------------------------------------------------- dates

RELATIVE_YEARS = {"今年": 0, "本年": 0, "当年": 0, "全年": 0, "上半年": 0, "下半年": 0, "年内": 0,
                  "去年": -1, "上年": -1, "过去一年": -1, "过去的一年": -1, "前年": -2, "明年": 1, "来年": 1,
                  "后年": 2}
# words for the year a passage is about (全年: the whole of it), not for the year of writing (今年): in a
# report's review of the past year they mean that year; the rules resolve them against the section
OF_THE_YEAR_DISCUSSED = {"全年", "当年", "上半年", "下半年", "年内"}
FIVE_YEAR_PLANS = {"十一五": (2006, 2010), "十二五": (2011, 2015), "十三五": (2016, 2020),
                   "十四五": (2021, 2025), "十五五": (2026, 2030)}
_RANGE = re.compile(r"((?:19|20)\d{2})\s*(?:年)?\s*[-—–~～至到]\s*((?:19|20)\d{2})\s*年?")
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*年(?!\d)")
_COMPARED = re.compile(r"(?:比|较|同比)$")
_REL = re.compile("|".join(sorted(RELATIVE_YEARS, key=len, reverse=True)))
_PLAN = re.compile("|".join(FIVE_YEAR_PLANS))


@Language.component("govkg_dates")
def dates(doc: Doc) -> Doc:
    base = doc._.doc_year
    marks = []
    taken = set()
    for m in _RANGE.finditer(doc_text(doc)):
        a, b = int(m.group(1)), int(m.group(2))
        if a <= b <= a + 30:
            marks.append(Mark("date", m.start(), m.end(), m.group(), {"year": a, "year_end": b, "relative": False}))
            taken.update(range(m.start(), m.end()))
    for m in _YEAR.finditer(doc_text(doc)):
        if m.start() not in taken:
            marks.append(Mark("date", m.start(), m.end(), m.group(), {"year": int(m.group(1)), "year_end": None,
                                                                       "relative": False}))
    _, starts, ends = token_bounds(doc)
    for m in _REL.finditer(doc_text(doc)):
        if m.start() in taken or m.start() not in starts:
            continue  # 原来年吞吐量 holds 来年 but means no year
        if _COMPARED.search(doc_text(doc), max(0, m.start() - 2), m.start()):
            continue  # 比上年增长6.8%: the year compared with, not the year spoken of
        year = base + RELATIVE_YEARS[m.group()] if base else None
        attrs = {"year": year, "year_end": None, "relative": True}
        if m.group() in OF_THE_YEAR_DISCUSSED:
            attrs["anchor"] = "section"
        marks.append(Mark("date", m.start(), m.end(), m.group(), attrs))
    for m in _PLAN.finditer(doc_text(doc)):
        a, b = FIVE_YEAR_PLANS[m.group()]
        marks.append(Mark("date", m.start(), m.end(), m.group(), {"year": a, "year_end": b, "relative": False,
                                                                   "plan": True}))
    marks.sort(key=lambda x: x.start)
    _emit(doc, "date", marks)
    return doc


# -------------------------------------------------------------------------------- quantities

# unit as written → (canonical unit, factor)
UNITS = {
    "%": ("%", 1), "％": ("%", 1), "个百分点": ("个百分点", 1), "倍": ("倍", 1),
    "平方公里": ("平方公里", 1), "平方千米": ("平方公里", 1), "km²": ("平方公里", 1), "km2": ("平方公里", 1),
    "平方米": ("平方米", 1), "㎡": ("平方米", 1), "m²": ("平方米", 1), "亩": ("亩", 1), "公顷": ("公顷", 1),
    "公里": ("公里", 1), "千米": ("公里", 1), "km": ("公里", 1), "米": ("米", 1),
    "吨": ("吨", 1), "千瓦时": ("千瓦时", 1), "千瓦": ("千瓦", 1), "兆瓦": ("兆瓦", 1), "GW": ("GW", 1), "MW": ("MW", 1),
    "人次": ("人次", 1), "人": ("人", 1), "名": ("人", 1), "位": ("人", 1),
    "户": ("户", 1), "家": ("家", 1), "个": ("个", 1), "项": ("项", 1), "座": ("座", 1), "条": ("条", 1),
    "所": ("所", 1), "台": ("台", 1), "套": ("套", 1), "辆": ("辆", 1), "次": ("次", 1), "期": ("期", 1),
    "批": ("批", 1), "处": ("处", 1), "件": ("件", 1), "张": ("张", 1), "间": ("间", 1), "场": ("场", 1),
    "支": ("支", 1), "篇": ("篇", 1), "部": ("部", 1), "株": ("株", 1), "头": ("头", 1), "只": ("只", 1),
    "床": ("张", 1), "栋": ("栋", 1), "公斤": ("公斤", 1), "千克": ("公斤", 1), "立方米": ("立方米", 1),
    "标箱": ("标箱", 1), "TEU": ("标箱", 1), "孔": ("孔", 1), "册": ("册", 1), "课时": ("课时", 1),
    "起": ("起", 1), "宗": ("宗", 1), "例": ("例", 1), "块": ("块", 1), "种": ("种", 1), "棵": ("棵", 1),
    "艘": ("艘", 1), "架": ("架", 1), "盏": ("盏", 1), "份": ("份", 1), "枚": ("枚", 1), "剂次": ("剂次", 1),
    "天": ("天", 1), "斤": ("斤", 1), "吨标准煤": ("吨标准煤", 1), "微克/立方米": ("微克/立方米", 1),
    "毫克/立方米": ("毫克/立方米", 1), "万千瓦": ("千瓦", 10000),
}
HEDGES = ("左右", "以上", "以内", "以下", "余", "多", "近", "超", "约")
_UNIT_RX = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
_QTY = re.compile(rf"(近|超|约)?({NUM})\s*(余|多)?\s*(万亿|亿|千万|百万|十万|万|千)?\s*(余|多)?\s*({_UNIT_RX})(左右|以上|以内|以下)?")
# shares written as fractions (SCHEMA: 三分之一 → 33.3, 七成 → 70): N成 after a share word or before 以上/左右,
# 三分之一, 1/3 after 占/约
_FRACTION = re.compile(r"(?:^|(?<=[占近超约逾的达有了国市省区县，,。；;\n])|(?<=超过)|(?<=接近))(?:(?P<tenths>[一二三四五六七八九])成(?P<h1>以上|左右)?(?![员功为立本果长绩熟交品型不])|"
                       r"(?P<den>[二三四五六七八九十]|\d{1,2})分之(?P<num>[一二三四五六七八九]|\d{1,2})|"
                       r"(?P<num2>\d)/(?P<den2>\d{1,2})(?!\d|月|日))(?P<hedge>强|弱|以上|左右)?")
_ALT_UNIT = re.compile(r"[（(]([\u4e00-\u9fff]{1,2})[)）]")
_GROWTH_BEFORE = re.compile(r"(同比|比上年|较上年|年均)?(增长|增加|提高|提升|上升|增速为?|增幅为?|下降|减少|降低|回落)(了)?(达到?|为)?$")


@Language.component("govkg_quantities")
def quantities(doc: Doc) -> Doc:
    marks = []
    text = doc_text(doc)
    money_spans = [(m.start, m.end) for m in _marks(doc).get("money", [])]
    ends = token_bounds(doc)[2]
    for m in _QTY.finditer(text):
        if m.end() not in ends and re.match(r"[\u4e00-\u9fff]", text[m.end():m.end() + 1]) and m.group(7) is None \
                and not re.match(r"\d", m.group(2)):
            continue  # 三位一体, 一座美丽城市: the "unit" is part of a word
        if any(s <= m.start(2) < e for s, e in money_spans):
            continue
        if m.group(6) in ("个", "人", "名", "户", "家") and m.group(4) is None and "." in m.group(2):
            continue
        # "2019年" is a date, not a quantity; "5G" is not 5 of anything
        num = cn_number(m.group(2))
        if num is None:
            continue
        if m.group(2) == "一" and not m.group(4):
            continue  # 一个, 一座 … are articles ("一个具体体现"), not statistics
        after = text[m.end():m.end() + 1]
        if not re.match(r"[\d.]", m.group(2)) and not m.group(7) and re.match(r"[\u4e00-\u9fff]", after):
            continue  # 八项规定, 十次开展, 二期项目: a numeral inside a phrase
        if m.group(6) == "期" and not re.match(r"\d", m.group(2)):
            continue  # 二期 is a phase
        if re.match(r"级", after) or re.search(r"(第|届)$", text[max(0, m.start() - 1):m.start()]):
            continue  # 3000吨级船舶, 第5批, 十一届
        unit, factor = UNITS[m.group(6)]
        value = num * MULTIPLIERS.get(m.group(4) or "", 1) * factor
        start = m.start()
        lead = m.group(1)
        if lead and re.match(r"[\u4e00-\u9fff]", text[start - 1:start] or " ") and text[start - 1:start] not in "达为有共计是":
            lead, start = None, m.start(2)  # 新签约186个: 约 belongs to 签约
        hedge = lead or m.group(3) or m.group(5) or m.group(7)
        before = text[max(0, m.start() - 8):m.start()]
        measure = "growth" if (unit in ("%", "个百分点", "倍") and _GROWTH_BEFORE.search(before)) else "level"
        if measure == "growth" and re.search(r"(下降|减少|降低|回落)", before[-4:]):
            value = -value
        end = m.end()
        alt = _ALT_UNIT.match(text, end)
        if alt and alt.group(1) in UNITS and not m.group(7):  # 747套（间）, 950栋(处): a unit with its alternative
            unit, end = f"{unit}（{alt.group(1)}）", alt.end()
        marks.append(Mark("quantity", start, end, text[start:end],
                          {"value": round(value, 4), "unit": unit, "measure": measure, "hedge": hedge,
                           "num_start": m.start(2)}))
    taken = [(m.start, m.end) for m in marks] + money_spans
    for m in _FRACTION.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        if m.group("tenths"):  # 七成, 八成以上: tenths
            value = cn_number(m.group("tenths")) * 10
        else:  # 三分之一, 1/3强
            den, num = cn_number(m.group("den") or m.group("den2")), cn_number(m.group("num") or m.group("num2"))
            if not den or num is None or num >= den:
                continue
            value = round(num / den * 100, 1)
        hedge = m.group("hedge")
        marks.append(Mark("quantity", m.start(), m.end(), m.group(), {"value": value, "unit": "%", "measure": "level",
                                                                     "hedge": hedge, "num_start": m.start()}))
    marks.sort(key=lambda k: k.start)
    _emit(doc, "quantity", marks)
    return doc


# ------------------------------------------------------------------------------------ quotes

_QUOTE = re.compile(r"“([^“”\n]{1,40})”|「([^「」\n]{1,40})」|《([^《》\n]{1,60})》|\"([^\"\n]{1,40})\"")


@Language.component("govkg_quotes")
def quotes(doc: Doc) -> Doc:
    marks = []
    for m in _QUOTE.finditer(doc_text(doc)):
        inner = next(g for g in m.groups() if g is not None)
        kind = "book" if m.group(3) is not None else "quote"
        marks.append(Mark("quote", m.start(), m.end(), inner, {"kind": kind}))
    _emit(doc, "quote", marks)
    return doc


# --------------------------------------------------------------------------------- segmenter

# the clauses the rules read: split at sentence ends, commas (not a thousands separator), semicolons, colons
_CLAUSE_END = re.compile(r"[。！？!?；;\n，：:]|,(?!(?<=\d,)\d{3}(?!\d))")


class SelectiveSegmenter:
    """spaCy's jieba segmenter, run only on the clauses where something reads token edges.

    jieba cuts a text block by block (runs of Han characters, letters and digits), and no block crosses
    punctuation, so cutting one clause gives the same words as cutting the whole text. The components
    and the rules read token edges only around region names, relative years, numbers with units and
    the rules' own `TOKEN_TRIGGERS` (a project's head noun, a list's tail). Clauses with none of these
    keep each block whole, as one token: jieba's work on them is skipped, and every other token, every
    mark and every fact is the same as with the whole text segmented (a test checks this on every
    seed). `everywhere=True` segments everything, as spaCy's own tokenizer does."""

    def __init__(self, tokenizer, everywhere: bool = False):
        import jieba

        self.tokenizer = tokenizer  # spaCy's ChineseTokenizer with the jieba segmenter
        self.vocab = tokenizer.vocab
        self.jieba = tokenizer.jieba_seg
        self.re_han, self.re_skip = jieba.re_han_default, jieba.re_skip_default
        self.everywhere = everywhere
        self._triggers = None

    @property
    def triggers(self) -> list:
        if self._triggers is None:
            from . import rules

            self._triggers = [_REL, _QTY, *rules.TOKEN_TRIGGERS]
        return self._triggers

    def needed(self, text: str, region_hits: list) -> list:
        """(start, end) of the clauses to segment, in order."""
        import bisect

        bounds = [0] + [x for m in _CLAUSE_END.finditer(text) for x in (m.start(), m.end())] + [len(text)]
        starts = bounds[0::2]
        hits = set()
        for rx in self.triggers:
            for m in rx.finditer(text):
                hits.add(bisect.bisect_right(starts, m.start()) - 1)
                hits.add(bisect.bisect_right(starts, max(m.start(), m.end() - 1)) - 1)
        for start, _, _ in region_hits:
            hits.add(bisect.bisect_right(starts, start) - 1)
        return [(bounds[2 * i], bounds[2 * i + 1]) for i in sorted(hits) if 0 <= i < len(starts)]

    def words(self, text: str, region_hits: list):
        import bisect

        spans = [(0, len(text))] if self.everywhere else self.needed(text, region_hits)
        starts = [s for s, _ in spans]
        pos = 0
        for blk in self.re_han.split(text):
            if not blk:
                continue
            if self.re_han.match(blk):
                i = bisect.bisect_right(starts, pos) - 1
                if i >= 0 and spans[i][0] <= pos < spans[i][1]:
                    yield from self.jieba.cut(blk)
                else:
                    yield blk
            else:  # punctuation and spaces, as jieba gives them
                for x in self.re_skip.split(blk):
                    if self.re_skip.match(x):
                        yield x
                    else:
                        yield from x
            pos += len(blk)

    def __call__(self, text: str) -> Doc:
        from spacy.util import get_words_and_spaces

        region_hits = gazetteer().hits(text)  # found once, for this and for govkg_regions
        words, spaces = get_words_and_spaces([w for w in self.words(text, region_hits) if w], text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data["govkg_region_hits"] = region_hits
        return doc


# ---------------------------------------------------------------------------------- pipeline

PIPELINE = ["govkg_sentences", "govkg_regions", "govkg_money", "govkg_dates", "govkg_quantities", "govkg_quotes"]


def _teach_jieba():
    """Division names become jieba words, so that 构建水富港 splits as 构建/水富/港."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    for surface in gazetteer().surfaces():
        if jieba.dt.FREQ.get(surface, 0) < 50:
            jieba.add_word(surface, 50)


@lru_cache(maxsize=2)
def pipeline(everywhere: bool = False) -> Language:
    """The spaCy `zh` pipeline: jieba's segmenter (on the clauses that need it, or `everywhere`) and
    govkg's components."""
    import spacy

    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.tokenizer = SelectiveSegmenter(nlp.tokenizer, everywhere)
    _teach_jieba()
    for name in PIPELINE:
        nlp.add_pipe(name)
    return nlp


def analyse(text: str, doc_year: Optional[int], everywhere: bool = False) -> Doc:
    nlp = pipeline(everywhere)
    doc = nlp.make_doc(text)
    doc.user_data["govkg_text"] = text  # the tokens cover the text exactly; spaCy would rebuild it
    doc._.doc_year = doc_year
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
