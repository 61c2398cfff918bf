"""Ingest: bytes on disk → clean simplified text with a map back to the original characters.

Steps, each a filter over a `MappedText` (the text plus, for every character, its offset in the
original decoded file):

1. decode (BOM, UTF-8, else charset-normalizer among GB18030/Big5/…), refusing empty and binary files;
2. HTML → text (script/style/nav dropped, block elements become line breaks);
3. YAML front matter → metadata;
4. traditional → simplified (OpenCC `t2s` and a few Taiwan terms, one character for one);
5. pinyin annotations glued to characters (网(wǎng) → 网) removed;
6. page debris (navigation, bylines, editor/hotline/copyright lines, disclaimers, comment boxes) removed;
7. metadata: title, publication date, source outlet, and the year the report speaks of as "now".
"""
from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Optional

from .errors import IngestError
from .records import Document

SUFFIXES = (".txt", ".md", ".html", ".htm")


@dataclass
class MappedText:
    """Text plus, for every character, the offset of its source character in the original string."""

    text: str
    offsets: list  # len(text) + 1 entries; the last is the end offset

    @classmethod
    def identity(cls, text: str) -> "MappedText":
        return cls(text, list(range(len(text) + 1)))

    def keep(self, mask) -> "MappedText":
        """Keep the characters whose mask entry is true."""
        from itertools import compress

        mask = list(mask)
        offs = list(compress(self.offsets, mask))
        offs.append(offs[-1] + 1 if offs else 0)
        return MappedText("".join(compress(self.text, mask)), offs)

    def delete(self, spans) -> "MappedText":
        mask = [True] * len(self.text)
        for s, e in spans:
            for i in range(s, e):
                mask[i] = False
        return self.keep(mask)

    def span(self, start: int, end: int) -> tuple:
        """Original offsets of text[start:end]."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass
class Ingested:
    path: Path
    original: str  # the decoded original file
    body: MappedText  # cleaned, simplified body text
    document: Document


# ----------------------------------------------------------------------------------------- decoding

_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
]


def decode(data: bytes, name: str) -> tuple:
    """Return (text, encoding) or raise IngestError naming the file."""
    if not data.strip():
        raise IngestError(f"{name}: empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as e:
                raise IngestError(f"{name}: not valid {enc} despite its byte-order mark ({e.reason})") from None
    if b"\x00" in data[:4096]:
        raise IngestError(f"{name}: binary file (NUL bytes), not a text report")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    # Chinese reports come in a handful of legacy encodings: try them first, by what reads as Chinese.
    best = None
    for enc in ("gb18030", "big5", "big5hkscs"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _chinese_score(text)
        if best is None or score > best[0]:
            best = (score, text, enc)
    if best and best[0] > 0.3:
        return best[1], best[2]
    guess = from_bytes(data).best()
    if guess is None or _chinese_score(str(guess)) < 0.05 and _printable_ratio(str(guess)) < 0.9:
        raise IngestError(f"{name}: cannot detect a text encoding (binary or corrupt file)")
    return str(guess), guess.encoding


@lru_cache(maxsize=1)
def _common_chars() -> frozenset:
    # The 3,500 most common characters of modern Chinese, simplified and traditional, from jieba's dictionary.
    import jieba

    freq: dict = {}
    path = Path(jieba.__file__).parent / "dict.txt"
    with open(path, encoding="utf-8") as f:
        for line in f:
            word, n, *_ = line.split(" ")
            for ch in word:
                freq[ch] = freq.get(ch, 0) + int(n)
    top = sorted(freq, key=freq.get, reverse=True)[:6000]
    return frozenset(top)


def _chinese_score(text: str) -> float:
    han = [c for c in text if "\u4e00" <= c <= "\u9fff"]
    if not han:
        return 0.0
    common = _common_chars()
    return sum(c in common for c in han) / len(han) * (len(han) / max(len(text), 1)) ** 0.2


def _printable_ratio(text: str) -> float:
    return sum(c.isprintable() or c in "\n\r\t" for c in text) / max(len(text), 1)


# --------------------------------------------------------------------------------------------- HTML

_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
          "header", "footer", "table", "ul", "ol", "dd", "dt", "title", "blockquote"}
_SKIP = {"script", "style", "nav", "noscript", "iframe", "svg", "form", "button", "select", "template"}


class _HTMLText(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0]
        for m in re.finditer("\n", source):
            self.line_starts.append(m.end())
        self.chars: list = []
        self.offs: list = []
        self.skip = 0
        self.title: Optional[str] = None
        self._in_title = False
        self._title_buf: list = []

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        if tag == "title":
            self._in_title = True
        if tag in _BLOCK:
            self._newline()

    def handle_endtag(self, tag):
        if tag in _SKIP and self.skip:
            self.skip -= 1
        if tag == "title":
            self._in_title = False
            self.title = "".join(self._title_buf).strip() or None
        if tag in _BLOCK:
            self._newline()

    def _newline(self):
        if self.chars and self.chars[-1] != "\n":
            self.chars.append("\n")
            self.offs.append(self._pos())

    def handle_data(self, data):
        if self._in_title:
            self._title_buf.append(data)
            return
        if self.skip:
            return
        start = self._pos()
        for i, ch in enumerate(data):
            self.chars.append(ch)
            self.offs.append(start + i)

    def _ref(self, text):
        if self._in_title:
            self._title_buf.append(text)
            return
        if self.skip:
            return
        start = self._pos()
        for ch in text:
            self.chars.append(ch)
            self.offs.append(start)

    def handle_entityref(self, name):
        self._ref(html.unescape(f"&{name};"))

    def handle_charref(self, name):
        self._ref(html.unescape(f"&#{name};"))


_FRAGMENT_TAG = re.compile(r"</?(?:p|div|span|br|table|tr|td|font|img|section|article)\b")


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in head) or \
        len(_FRAGMENT_TAG.findall(head)) >= 3  # a page's body pasted into Markdown: <div>, <p cms-style=…>


def html_to_text(source: str) -> tuple:
    p = _HTMLText(source)
    p.feed(source)
    p.close()
    offs = p.offs + [len(source)]
    return MappedText("".join(p.chars), offs), p.title


# ------------------------------------------------------------------------------------ front matter

_FRONT = re.compile(r"\A\s*---[ \t]*\n(.*?)\n---[ \t]*\n", re.S)


def front_matter(mt: MappedText) -> tuple:
    m = _FRONT.match(mt.text)
    if not m:
        return mt, {}
    meta = {}
    for line in m.group(1).splitlines():
        k, sep, v = line.partition(":")
        if sep:
            meta[k.strip().lower()] = v.strip().strip("'\"") or None
    return mt.delete([(0, m.end())]), meta


# ------------------------------------------------------------------------ traditional → simplified


# Taiwan usages that OpenCC's t2s keeps but mainland reports (and their readers) write otherwise.
# Same length on both sides, so offsets survive. (OpenCC's tw2sp goes much further and rewrites
# mainland words too — 效能→性能, 通讯→通信 — so it is not used.)
TAIWAN_TERMS = {"矽": "硅", "專案": "项目"}
_TAIWAN = re.compile("|".join(sorted(TAIWAN_TERMS, key=len, reverse=True)))


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Simplified form of a string, one output character per input character."""
    conv = _converter()
    text = _TAIWAN.sub(lambda m: TAIWAN_TERMS[m.group()], text)
    out = conv.convert(text)
    if len(out) != len(text):
        out = "".join(c if len(c) == 1 else t for c, t in zip((conv.convert(ch) for ch in text), text))
    return out


def simplify(mt: MappedText) -> tuple:
    """Convert line by line, keeping one output character per input character."""
    lines = mt.text.split("\n")
    out = [to_simplified(line) for line in lines]
    converted = "\n".join(out)
    changed = sum(a != b for a, b in zip(converted, mt.text))
    return MappedText(converted, mt.offsets), changed


# ------------------------------------------------------------------------------------------ debris

_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüń]+\)")

# A line is page debris when it matches one of these (checked on simplified text, whitespace-stripped).
DEBRIS_LINES = [
    ("navigation", r"^(导航|首页|切换|新闻|.{0,4}切换|返回(顶部|首页)?|分享(到)?[:：]?.*|打印|关闭|登录|注册|搜索)$"),
    ("navigation", r"^(当前位置[:：]?\s*)?(首页|主页|网站首页)\s*[>›»/|＞]"),
    ("timestamp", r"^[\d\s:/\-.年月日]+$"),
    ("counter", r"^\S{1,6}\s+\d+\s*℃\s*\d*$"),
    ("byline", r"^(\S{1,5}/(文|图|摄)\s*)+$"),
    ("byline", r"^[(（]?(通讯员|记者|作者|文|图|摄影|撰稿)[:：\s].{0,40}[)）]?$"),
    ("byline", r"^[(（](通讯员|记者|作者)\s*\S.{0,20}[)）]$"),
    ("editor", r"^(审核|审\s*核|责任编辑|责编|编辑|校对|监制|主编|签发|初审|复审|终审)[:：]"),
    ("hotline", r"(报料|热线|举报电话|联系电话)[:：]?\s*[\d\-()（）]{7,}"),
    ("copyright", r"(未经(授权|许可)不得转载|版权所有|copyright|©|ICP备)"),
    ("disclaimer", r"^(免责声明|声明)[:：]"),
    ("disclaimer", r"^\[?不良信息举报"),
    ("comments", r"^(评论留言|我要留言|发表评论|网友评论|热心网友|暂时没有留言|暂无评论|相关阅读|相关新闻|推荐阅读|捐赠信息|扫一扫.*|.*分享到.*)$"),
    ("comments", r"^◎?欢迎参与讨论"),
    ("comments", r"所有评论需要人工(稽核|审核)"),
    ("summary", r"^(摘要|导读)[:：]"),
    ("advert", r"(中奖|现金红包|京东卡|礼包|等你拿|领取福利|(下载|打开|尽在)\S{0,12}(APP|客户端))"),
    ("source", r"^(来源|来源于|信息来源|文章来源|稿源)[:：]"),
    ("source", r"^.{0,30}(来源|稿源)[:：].{0,30}$"),
]
_DEBRIS = [(kind, re.compile(p, re.I)) for kind, p in DEBRIS_LINES]
_LEADING_STAMP = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s+\d{1,2}:\d{2}(:\d{2})?\s*")


def debris_kind(line: str) -> Optional[str]:
    s = line.strip().lstrip("•·●◎▪■□-*>").strip()
    if not s:
        return None
    for kind, rx in _DEBRIS:
        if rx.search(s):
            return kind
    return None


# ---------------------------------------------------------------------------------------- metadata

_DATE_PATTERNS = [
    re.compile(r"(20\d{2}|19\d{2})[-/.](\d{1,2})[-/.](\d{1,2})"),
    re.compile(r"(20\d{2}|19\d{2})年(\d{1,2})月(\d{1,2})日"),
]
_SOURCE = re.compile(r"(?:来源|来源于|稿源|文章来源|信息来源)[:：]\s*([^\s　|｜,，]{2,20})")
_OUTLET_IN_DISCLAIMER = re.compile(r"本文(?:为|系|来自|转载自)([\u4e00-\u9fff]{2,12}?(?:网|报|台|客户端))")
# a page title ending in the site's name: "…_四川在线", "… - 中国新闻网", "…｜澎湃新闻"
_SITE_SUFFIX = re.compile(r"\s*(?:_|\s[-–—|｜]\s|[|｜])\s*([\u4e00-\u9fff]{2,12})\s*$")
# a dateline that names the outlet after the date: "2021年4月20日　黔东南日报", "2024-03-12 南浔新闻网"
_OUTLET_AFTER_DATE = re.compile(r"^\s*(?:19|20)\d{2}(?:年\d{1,2}月\d{1,2}日|[-/.]\d{1,2}[-/.]\d{1,2})(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
                                r"[\s　]+([\u4e00-\u9fff]{2,12}(?:日报|晚报|新闻网|电视台|广播电视台|融媒体中心|网|报|客户端|发布))\s*$")
_DATELINE = re.compile(r"((?:19|20)\d{2})年(\d{1,2})月")
_PLAN_START = {"十一五": 2006, "十二五": 2011, "十三五": 2016, "十四五": 2021, "十五五": 2026}
# a title that names the year a bulletin or a review is about
_YEAR_REVIEWED = re.compile(r"^\D{0,12}?((?:19|20)\d{2})年[^，。]{0,30}(工作总结|年度报告|年报|工作报告)")
_BULLETIN = re.compile(r"^\D{0,12}?((?:19|20)\d{2})年[^，。]{0,30}统计公报")
_REVIEW_HEAD = re.compile(r"(?:^|[:：])\s*(?:[一二三四五六七八九十]+[、.．]\s*)?(?:((?:19|20)\d{2})年(?:工作)?回顾|关于((?:19|20)\d{2})年(?:的)?工作)"
                          r"|刚刚过去的((?:19|20)\d{2})年", re.M)
_OUTLOOK = re.compile(r"(20\d{2})年(展望|工作安排|主要预期目标|工作的?总体要求|工作思路)")
_PLAN_OPENING = re.compile(r"(十[一二三四五]五)[”\"’']?(发展|规划)?(的)?(第一步|开局|起步|开好局|第一年|首年)")


def _valid_date(y, mo, d) -> Optional[str]:
    import datetime

    try:
        return datetime.date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        return None


def _meta_date(value: str) -> Optional[str]:
    """A front matter's date: ISO or Chinese (2022-04-12, 2022年4月12日) or RFC 822 (Tue, 12 Apr 2022 02:27:27 GMT)."""
    m = _DATE_PATTERNS[0].search(value) or _DATE_PATTERNS[1].search(value)
    if m:
        return _valid_date(*m.groups())
    from email.utils import parsedate_tz

    parsed = parsedate_tz(value)
    return _valid_date(*parsed[:3]) if parsed else None


def find_date(lines: list) -> Optional[str]:
    """The publication date printed in the page header (first lines); only a real calendar date."""
    head = lines[:12]
    for line in head:
        for rx in _DATE_PATTERNS:
            for m in rx.finditer(line):
                date = _valid_date(*m.groups())
                if date:
                    return date
    # "2019" / "08/12" on separate lines
    for i, line in enumerate(head[:-1]):
        if re.fullmatch(r"\s*(20\d{2})\s*", line):
            m = re.fullmatch(r"\s*(\d{1,2})[/\-.](\d{1,2})\s*", head[i + 1])
            if m:
                date = _valid_date(line.strip(), m.group(1), m.group(2))
                if date:
                    return date
    return None


_YEAR_STATED = re.compile(r"(?<!\d)((?:19|20)\d{2})年(?!底前|前|以前|目标|规划|远景|展望)")
_AHEAD_BEFORE = re.compile(r"(?:到|至|力争|争取|预计|计划|确保|于|在)$")


def _review_year(text: str) -> Optional[int]:
    """The year a work report's review part is about: "一、2023年工作回顾", "关于2019年工作", "刚刚过去的2019年"."""
    m = _REVIEW_HEAD.search(text)
    return int(m.group(1) or m.group(2) or m.group(3)) if m else None


def infer_year(text: str, date: Optional[str], title: str = "") -> Optional[int]:
    """The year the report speaks of as "now": its publication year, read from what the genre prints.

    A statistical bulletin ("2022年…统计公报") is published the year after its statistics; a work report
    reviews the past year ("2023年工作回顾") and plans the present one; a page reposted years later keeps
    the year its text speaks of. Never a year a plan looks ahead to: with nothing else, the latest year a statement reports on."""
    dated = int(date[:4]) if date else None
    m = _BULLETIN.search(title or "")
    if m:  # "2022年和政县…统计公报": published in 2023, unless the page says when
        return dated or int(m.group(1)) + 1
    m = _YEAR_REVIEWED.search(title or "")
    if m:  # "2023年定边县人民政府工作报告", "2022年工作总结": the title's year is now
        return int(m.group(1))
    reviewed = _review_year(text)
    if reviewed:  # delivered early in the next year, or at the year's end (a report dated 2019-12-30)
        return dated if dated in (reviewed, reviewed + 1) else reviewed + 1
    m = _OUTLOOK.search(text)
    if m:  # a review followed by "2020年展望" speaks of 2019 as now…
        if dated == int(m.group(1)):
            return dated  # …unless it is dated in that year: a work report given in January 2024
        return int(m.group(1)) - 1
    if dated:
        return dated
    m = _DATELINE.search(text[:300])
    if m:  # "2023年6月，佛山市顺德区召开…": a dateline near the top says when "now" is
        return int(m.group(1))
    m = _PLAN_OPENING.search(text)
    if m:
        return _PLAN_START[m.group(1)]
    # the latest year a statement reports on, not one a plan looks ahead to (到2035年, 力争2025年)
    stated = [int(m.group(1)) for m in _YEAR_STATED.finditer((title or "") + "\n" + text)
              if not _AHEAD_BEFORE.search((title or "") + "\n" + text, max(0, m.start() - 4), m.start())]
    return max(stated) if stated else None


def statistics_year(title: str) -> Optional[int]:
    """The year a bulletin's statistics describe ("2022年…统计公报" → 2022), which is not the year it speaks
    as; None for other genres."""
    m = _BULLETIN.search(title or "")
    return int(m.group(1)) if m else None


def find_title(lines: list, kinds: list) -> Optional[str]:
    """The first short heading-like line before the body starts."""
    for line, kind in zip(lines, kinds):
        s = line.strip()
        if not s or kind:
            continue
        if len(s) > 80:
            return None  # the body started before any title
        if 6 <= len(s) <= 60 and not s.endswith(("。", "；", "，", "：", ":")):
            return s
        if 3 <= len(s) < 6 and re.fullmatch(r"[\u4e00-\u9fff]+(?:省|市|县|区|旗|镇|乡|街道)", s):
            return s  # a profile headed by its place's name: "孤山子镇"
        return None
    return None


# ------------------------------------------------------------------------------------------- main


def read(path) -> bytes:
    path = Path(path)
    try:
        return path.read_bytes()
    except OSError as e:
        raise IngestError(f"{path.name}: cannot read file ({e.strerror or e})") from None


def ingest(path) -> Ingested:
    path = Path(path)
    return ingest_bytes(path, read(path))


def ingest_bytes(path, data: bytes) -> Ingested:
    """Ingest a report whose bytes are already read (a worker on another machine has no file)."""
    path = Path(path)
    original, encoding = decode(data, path.name)
    return ingest_text(path, original, encoding, hashlib.sha256(data).hexdigest())


def ingest_text(path: Path, original: str, encoding: str = "utf-8", sha256: str = "") -> Ingested:
    name = path.name
    html_title = None
    if path.suffix.lower() in (".html", ".htm") or looks_like_html(original):
        mt, html_title = html_to_text(original)
    else:
        mt = MappedText.identity(original)
    mt = MappedText(mt.text.replace("\r\n", " \n").replace("\r", "\n"), mt.offsets)
    mt, meta = front_matter(mt)
    mt, changed = simplify(mt)
    script = "traditional" if changed > max(5, len(mt.text) // 200) else "simplified"
    mt = mt.delete([m.span() for m in _PINYIN.finditer(mt.text)])

    # classify lines; metadata is read from the header before debris is dropped
    lines = mt.text.split("\n")
    kinds = [debris_kind(line) for line in lines]
    date = meta.get("date")
    if date:
        date = _meta_date(str(date))
    date = date or find_date(lines)
    source = meta.get("source")
    if not source:
        for line in lines[:15] + lines[-15:]:
            m = _SOURCE.search(line)
            if m:
                source = m.group(1).strip()
                break
    site = None
    if html_title:  # "双流区：以…推动高质量发展_四川在线": the page's title, then the site's name
        html_title = to_simplified(html_title).strip()
        m = _SITE_SUFFIX.search(html_title)
        if m and len(html_title) - len(m.group()) >= 6:
            html_title, site = html_title[:m.start()].strip(), m.group(1)
    if not source:
        m = _OUTLET_IN_DISCLAIMER.search("\n".join(lines[-15:]))
        m = m or next(filter(None, (_OUTLET_AFTER_DATE.match(line) for line in lines[:15])), None)
        source = m.group(1) if m else site
    title = meta.get("title") or html_title or find_title(lines, kinds)

    spans, pos = [], 0
    for line, kind in zip(lines, kinds):
        end = pos + len(line)
        if kind:
            spans.append((pos, min(end + 1, len(mt.text))))
        else:
            m = _LEADING_STAMP.match(line)
            if m:
                spans.append((pos, pos + m.end()))
        pos = end + 1
    body = mt.delete(spans)
    if not re.search(r"[\u4e00-\u9fff]", body.text):
        raise IngestError(f"{name}: no Chinese text found")
    year = infer_year(body.text, date, title or "")
    doc = Document(name=name, title=title, date=date, year=year, source=source, encoding=encoding,
                   script=script, sha256=sha256)
    return Ingested(path=path, original=original, body=body, document=doc)


def iter_inputs(inputs) -> list:
    """The report files under the given folders (those with the suffixes govkg reads: .txt, .md, .html)
    and the files given by name, sorted."""
    files = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            files.extend(f for f in sorted(p.rglob("*")) if f.is_file() and not f.name.startswith(".")
                         and f.suffix.lower() in SUFFIXES and not any(part.startswith(".") for part in
                                                                     f.relative_to(p).parts))
        elif p.exists():
            files.append(p)
        else:
            raise IngestError(f"{p}: no such file or folder")
    return sorted(set(files), key=lambda f: (f.name, str(f)))
