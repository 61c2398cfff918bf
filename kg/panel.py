"""The target–outcome panel: each region's statistic by year, the target set for the year beside the
outcome reported afterwards.

A work report delivered early in year Y sets the targets of Y and reviews Y−1, so the target of Y stands in
one report and its outcome in the next year's (or in a bulletin or a later review). The panel pairs them:

- Statistics go under canonical names. The headline statistics and the names reports use for them are data:
  SKOS concepts with skos:prefLabel and skos:altLabel in `ontology/indicators.ttl`. Every other statistic
  keeps its own name, cleaned of the words around it (全省, 控制在, 达到 …).
- The target of (region, statistic, measure, year) is a target figure for that year from the year's own
  report, or else from a plan that names the year; within a report, the headline paragraph's (…目标…)
  first. Its modifier is the word the text attaches (左右, 以上, 以内, 以下, 不低于, 力争, 确保, 突破); a range
  (6.5%－7%) has a low and a high end.
- The outcome is a reported figure for that year from a report written afterwards. When several state it,
  a final figure beats an estimate (预计, a past year's figure stated as expected), and a later report
  beats an earlier one.
- `gap` is outcome − target for rates; `met` is whether the outcome reaches the target's low end, or stays
  at or below it where the target is an upper bound (以内, 以下, a price rise, an unemployment rate).

The build computes the panel from every report's facts and writes it into the graph: one
gov:TargetOutcome node per row (gov:target and gov:outcome to the two Indicators), and gov:outcome from the
target's Indicator to the outcome's. The bundled query `target_outcome` reads those rows back; `panel()`
runs it, and `kg panel` prints it or draws it.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional

COLUMNS = ["region", "region_code", "level", "year", "indicator", "measure", "unit", "target", "target_low",
           "target_high", "modifier", "target_doc", "target_start", "target_end", "outcome", "outcome_doc",
           "outcome_start", "outcome_end", "gap", "met", "outcome_modifier"]
FORMATS = ("csv", "tsv", "json")
MODIFIERS = ("左右", "以上", "以内", "以下", "不低于", "力争", "确保", "突破")
UPPER_BOUNDS = ("以内", "以下")  # a target that is met at or below
LOWER_BOUNDS = ("以上", "不低于", "突破")  # met at or above, whatever the statistic
GROWTH_WORDS = ("增长", "增速", "增幅", "涨幅", "上涨")
SKOS = "http://www.w3.org/2004/02/skos/core#"
ONTOLOGY = "indicators.ttl"

# the words around a statistic's name that are no part of it
_LEAD = re.compile(r"^(?:全国|全省|全市|全区|全县|本省|本市|本区|本县|我省|我市|我区|我县|全年|年末|年底|今年|去年|当年|"
                   r"上年|初步核算|初步预计|预计|其中|实现|完成|带动|拉动|推动|促进|全社会(?=固定资产投资))+")
_TAIL = re.compile(r"(?:控制在|保持在|稳定在|降至|降到|降低到|下降到|提高到|提高至|上升到|达到|超过|突破|达|为|要|"
                   r"实现|完成|预期目标|目标|同比|比上年|平均|总量)+$")
_GROWTH_TAIL = re.compile(rf"(?:{'|'.join(GROWTH_WORDS)})$")
_AVERAGE = re.compile(r"年均|平均每年|每年平均|累计")
_PART_OF_YEAR = re.compile(r"季度|上半年|下半年|\d+\s*(?:[-—～~至到]\s*\d+\s*)?月")
# words that qualify a figure rather than name a statistic: the figure is the previous statistic's in the sentence
_QUALIFIER = re.compile(r"^(?:同口径|可比口径|按可比口径|按可比价格计算|剔除不可比因素|剔出不可比因素|扣除不可比因素|同比|比上年|"
                        r"其中|分别)?$")
LIST_SPAN = 400  # how far after a headline target the year's list of targets may run (characters)
_RANGE_AFTER = re.compile(r"^\s*[%％]?\s*(?:[－—–\-~～]|至|到)\s*(\d+(?:\.\d+)?)\s*[%％]")
_LEAD_MODIFIER = re.compile(r"(不低于|力争|确保|突破)\s*$")


# ------------------------------------------------------------------------------------- statistics

@dataclass(frozen=True)
class Statistic:
    iri: str
    name: str  # the canonical name (skos:prefLabel in Chinese)
    ceiling: bool = False  # the target is an upper bound
    labels: tuple = ()  # every Chinese label


def _ontology_file(name: str) -> Path:
    here = Path(__file__).resolve().parent
    for p in (here / "ontology" / name, here.parent / "ontology" / name):  # installed, or in the source tree
        if p.is_file():
            return p
    from .errors import KGError

    raise KGError(f"the statistics' names ({name}) are missing from the installation: reinstall govkg")


@lru_cache(maxsize=1)
def statistics() -> dict:
    """label (simplified Chinese) → Statistic, from the SKOS concepts of ontology/indicators.ttl."""
    from rdflib import RDF, Graph, URIRef

    from .vocab import GOV

    g = Graph().parse(_ontology_file(ONTOLOGY), format="turtle")
    pref, alt = URIRef(SKOS + "prefLabel"), URIRef(SKOS + "altLabel")
    out = {}
    for c in sorted(g.subjects(RDF.type, URIRef(SKOS + "Concept"))):
        name = next(str(v) for v in g.objects(c, pref) if v.language == "zh")
        labels = (name,) + tuple(sorted(str(v) for v in g.objects(c, alt) if v.language == "zh"))
        ceiling = str(g.value(c, GOV.ceiling)).lower() == "true"
        st = Statistic(str(c), name, ceiling, labels)
        for label in labels:
            out[label] = st
    return out


def clean_name(name: str) -> str:
    """A statistic's name without the words around it: 全省地区生产总值 → 地区生产总值, 城镇登记失业率控制在 → 城镇登记失业率."""
    prev = None
    name = name.strip()
    while prev != name:
        prev = name
        name = _LEAD.sub("", name)
        name = _TAIL.sub("", name) or name
    return name


def canonical(name: str, measure: str, unit: str):
    """(canonical name, measure, Statistic or None) of an extracted statistic's name."""
    table = statistics()
    cleaned = clean_name(name)
    growth = unit == "%" and bool(_GROWTH_TAIL.search(cleaned))
    for label in (cleaned, _GROWTH_TAIL.sub("", cleaned)):
        st = table.get(label)
        if st is not None:
            if growth or (unit == "%" and _GROWTH_TAIL.search(label)):
                measure = "growth"
            return st.name, measure, st
    base = _GROWTH_TAIL.sub("", cleaned) if growth else cleaned
    return clean_name(base) or cleaned, ("growth" if growth else measure), None


# ------------------------------------------------------------------------------------------ facts

@dataclass(frozen=True)
class Fact:
    """One Indicator as the panel reads it."""

    indicator: str  # the Indicator's IRI
    doc: str
    region: str  # region key
    statistic: str  # canonical name
    measure: str
    unit: str
    value: float
    year: int
    target: bool
    start: int
    end: int
    doc_year: Optional[int] = None
    doc_date: str = ""  # YYYY-MM-DD
    high: Optional[float] = None
    modifier: str = ""
    concept: str = ""  # the Statistic's IRI, for a headline statistic
    ceiling: bool = False
    headline: bool = False  # stated in a sentence of targets (…目标…)
    estimate: bool = False  # an expected figure (预计, 左右) rather than a final one
    approx: bool = False  # a rounded figure (6600万人以上, 13亿多)
    hedge: str = ""  # the hedge on the record, where it is a modifier (控制在3%以内)
    region_name: str = ""
    region_code: str = ""
    level: str = ""

    @property
    def key(self):
        return self.region, self.statistic, self.measure, self.year


def _value_texts(value: float, unit: str) -> list:
    """How a value in base units may be written: 6.5, 1000万, 67.7万亿, 2150亿."""
    value = abs(value)  # a fall is written as 下降7.4%
    out = [f"{value:g}"]
    for word, div in (("万亿", 1e12), ("亿", 1e8), ("万", 1e4)):
        if value >= div:
            out.insert(0, f"{value / div:g}{word}")
    return out


def _around(sentence: str, name: str, value: float, unit: str, width: int = 8):
    """(text before, text after) the value's first occurrence after the statistic's name, or None."""
    at = max(sentence.find(name[:4]) if name else -1, 0)
    for t in _value_texts(value, unit):
        for m in re.finditer(re.escape(t), sentence[at:]):
            i = at + m.start()
            if i > 0 and (sentence[i - 1].isdigit() or sentence[i - 1] == "."):
                continue  # inside a longer number
            j = i + len(t)
            if j < len(sentence) and (sentence[j].isdigit() or (sentence[j] == "." and sentence[j + 1:j + 2].isdigit())):
                continue
            return sentence[max(0, i - width):i], sentence[j:j + 16]
    return None


def fact_of(ind, document, region: dict, iri: str) -> Optional[Fact]:
    """The panel's Fact of an Indicator record, or None when it cannot be placed (no year, no region).
    `region` maps region keys to Region records."""
    region_key = ind.region or document.main_region
    if ind.year is None or region_key is None or ind.evidence is None or region_key not in region:
        return None
    from .ingest import to_simplified

    statistic, measure, st = canonical(ind.name, ind.measure, ind.unit)
    if not statistic:
        return None  # a figure with no name left (实现…) is no statistic
    sentence = to_simplified(ind.evidence.text)
    near = _around(sentence, ind.name, ind.value, ind.unit, width=24)
    clause, after = near if near else ("", "")
    before = clause[-8:]
    if _AVERAGE.search(before) or _AVERAGE.search(ind.name):
        return None  # a several-year average or a cumulative figure is no year's figure
    if _PART_OF_YEAR.search(clause) or _PART_OF_YEAR.search(ind.name):
        return None  # a quarter's or some months' figure is not the year's
    high = getattr(ind, "high", None)
    if high is None and ind.unit == "%":
        m = _RANGE_AFTER.match(after)
        if m and float(m.group(1)) > ind.value:
            high = float(m.group(1))
    modifier = ind.hedge if ind.hedge in MODIFIERS else ""
    if not modifier:
        m = _LEAD_MODIFIER.search(before.replace("增长", "").replace("达到", ""))
        modifier = m.group(1) if m else ""
    if not modifier and high is not None:
        m = re.match(r"^\s*[%％]?\s*(?:[－—–\-~～]|至|到)\s*\d+(?:\.\d+)?\s*[%％]\s*(左右|以上|以内|以下)", after)
        modifier = m.group(1) if m else ""
    r = region[region_key]
    return Fact(indicator=iri, doc=ind.doc, region=region_key, statistic=statistic, measure=measure, unit=ind.unit,
                value=float(ind.value), year=int(ind.year), target=bool(ind.target), start=ind.evidence.start,
                end=ind.evidence.end, doc_year=document.year, doc_date=document.date or "", high=high,
                modifier=modifier or "", concept=st.iri if st else "", ceiling=bool(st and st.ceiling),
                headline="目标" in sentence, approx=bool(ind.hedge or modifier),
                hedge=ind.hedge if ind.hedge in MODIFIERS else "",
                estimate=bool(re.search(r"预计", clause) or re.search(r"左右", after[:4])),
                region_name=r.name, region_code=r.code or "", level=r.level)


def facts_of(doc_facts) -> list:
    """The panel's Facts of one report (a DocumentFacts)."""
    from dataclasses import replace

    from .gazetteer import gazetteer
    from .graph import indicator_iri

    regions = _Regions(gazetteer().regions, getattr(doc_facts, "new_regions", None) or {})
    out = []
    named = {}  # evidence start → the last statistic named in that sentence
    for ind in doc_facts.indicators:
        iri = str(indicator_iri(ind))
        at = ind.evidence.start if ind.evidence is not None else None
        if _QUALIFIER.match(clean_name(ind.name)) and at in named:
            ind = replace(ind, name=named[at])  # 一般公共预算收入137亿元，同口径增长9.4%: the revenue's growth
        elif at is not None:
            named[at] = ind.name
        f = fact_of(ind, doc_facts.document, regions, iri)
        if f is not None:
            out.append(f)
    return with_listed_targets(out)


def with_listed_targets(facts: list) -> list:
    """A report's list of the year's targets states them clause by clause (主要预期目标是：A增长6.5%左右；B3%左右；
    C1100万人以上): a figure for the report's own year that follows a headline target of that year closely is
    one of the list's targets too."""
    from dataclasses import replace

    heads = sorted(f.start for f in facts if f.target and f.headline and f.year == f.doc_year)
    out = []
    for f in facts:
        if not f.target and f.year == f.doc_year and any(0 <= f.start - h <= LIST_SPAN for h in heads):
            f = replace(f, target=True, headline=True)
        out.append(f)
    return out


class _Regions:
    def __init__(self, known, new):
        self.known, self.new = known, new

    def __contains__(self, key):
        return key in self.new or key in self.known

    def __getitem__(self, key):
        return self.new[key] if key in self.new else self.known[key]


# ---------------------------------------------------------------------------------------- pairing

@dataclass
class Row:
    region: str
    region_code: str
    level: str
    year: int
    indicator: str
    measure: str
    unit: str
    target: Optional[float] = None
    target_low: Optional[float] = None
    target_high: Optional[float] = None
    modifier: str = ""
    target_doc: str = ""
    target_start: Optional[int] = None
    target_end: Optional[int] = None
    outcome: Optional[float] = None
    outcome_doc: str = ""
    outcome_start: Optional[int] = None
    outcome_end: Optional[int] = None
    gap: Optional[float] = None
    met: Optional[bool] = None
    outcome_modifier: str = ""  # an outcome stated as a bound or an estimate (3%以内, 8.7%左右)
    # not columns: what the graph links
    region_key: str = field(default="", repr=False)
    concept: str = field(default="", repr=False)
    target_indicator: str = field(default="", repr=False)
    outcome_indicator: str = field(default="", repr=False)

    def as_dict(self) -> dict:
        d = asdict(self)
        return {c: d[c] for c in COLUMNS}


def _latest_first(facts: list) -> list:
    """Later reports first (by year, publication date, file name), keeping the order within a report."""
    return sorted(facts, key=lambda f: (f.doc_year or 0, f.doc_date, f.doc), reverse=True)


def is_target(f: Fact) -> bool:
    """A target for its year: set in the year's own report or in an earlier plan (a figure expected for a
    year the report looks back on is an estimate of the outcome)."""
    return f.target and (f.doc_year is None or f.year >= f.doc_year)


def is_outcome(f: Fact) -> bool:
    """A figure for its year reported afterwards: in a report of a later year or published after the year."""
    later = (f.doc_year is not None and f.doc_year > f.year) or (f.doc_date[:4].isdigit() and int(f.doc_date[:4]) > f.year)
    return later and (not f.target or (f.doc_year is not None and f.year < f.doc_year))


COUNTS = {"人", "个"}  # jobs are counted in people or in posts (新增就业岗位3万个)


def same_unit(a: str, b: str) -> bool:
    return a == b or {a, b} <= COUNTS


def choose_target(facts) -> Optional[Fact]:
    """The year's target as first set: from the year's own report (the earliest of them, by publication
    date, then file name: a later revision stays in the graph), or else from the latest plan that names
    the year; within a report, the headline paragraph's first, then the first stated (a range before its
    parts)."""
    cands = [f for f in facts if is_target(f)]
    own = [f for f in cands if f.doc_year == f.year]
    cands = sorted(own or cands, key=lambda f: (not f.headline, f.start, f.high is None, f.value))
    if own:
        return min(cands, key=lambda f: (f.doc_date or "9999", f.doc)) if cands else None
    return _latest_first(cands)[0] if cands else None


def choose_outcome(facts, unit: Optional[str] = None) -> Optional[Fact]:
    """The year's outcome: a final figure before an estimate, a later report before an earlier one; within a
    report, the first stated."""
    cands = [f for f in facts if is_outcome(f) and (unit is None or same_unit(f.unit, unit))]
    cands = _latest_first(sorted(cands, key=lambda f: (f.start, f.value)))
    cands.sort(key=lambda f: (f.target or f.estimate, f.approx))  # 6600万人以上 is no final figure
    return cands[0] if cands else None


def met_and_gap(target: Optional[float], high: Optional[float], modifier: str, ceiling: bool,
                outcome: Optional[float], unit: str):
    """(met, gap): met at or above the target's low end, or at or below its bound for an upper bound."""
    if target is None or outcome is None:
        return None, None
    gap = round(outcome - target, 6) if unit == "%" else None
    upper = modifier in UPPER_BOUNDS or (ceiling and modifier not in LOWER_BOUNDS)
    met = outcome <= (high if high is not None else target) if upper else outcome >= target
    return met, gap


def pair(facts: Iterable[Fact]) -> Optional[Row]:
    """The row of one (region, statistic, measure, year) from its facts, or None if it has neither a target
    nor an outcome."""
    facts = list(facts)
    t = choose_target(facts)
    o = choose_outcome(facts, t.unit if t else None)
    if t is None and o is None:
        return None
    f = t or o
    row = Row(region=f.region_name, region_code=f.region_code, level=f.level, year=f.year, indicator=f.statistic,
              measure=f.measure, unit=f.unit, region_key=f.region, concept=f.concept)
    if t is not None:
        row.target, row.modifier = t.value, t.modifier
        if t.high is not None:
            row.target_low, row.target_high = t.value, t.high
        row.target_doc, row.target_start, row.target_end, row.target_indicator = t.doc, t.start, t.end, t.indicator
    if o is not None:
        row.outcome, row.outcome_doc, row.outcome_start, row.outcome_end = o.value, o.doc, o.start, o.end
        row.outcome_indicator, row.outcome_modifier = o.indicator, o.hedge
    row.met, row.gap = met_and_gap(row.target, row.target_high, row.modifier, f.ceiling, row.outcome, row.unit)
    return row


def row_order(r: Row):
    return (r.region, r.region_code, r.indicator, r.measure, r.year, r.unit)


def rows_of_facts(facts: Iterable[Fact]) -> list:
    """The panel of some Facts, sorted by region, indicator, measure and year."""
    groups = {}
    for f in facts:
        groups.setdefault(f.key, []).append(f)
    rows = [r for r in (pair(g) for g in groups.values()) if r is not None]
    return sorted(rows, key=row_order)


def panel_of(all_facts) -> list:
    """The panel of some reports' DocumentFacts (the same rows the build writes into the graph)."""
    return rows_of_facts(f for df in all_facts for f in facts_of(df))


# -------------------------------------------------------------------------------------- the graph

def row_iri(r: Row) -> str:
    from .graph import ID, _hash

    return str(ID["panel/" + _hash(r.region_key, r.indicator, r.measure, r.year, r.unit)])


def row_triples(r: Row) -> list:
    """A row's triples in the form kg.graph writes (IRIs as str, literals as Lit)."""
    from .graph import _TYPE, _XSD_BOOLEAN, Lit, V, _dec, _year, region_iri

    s = row_iri(r)
    out = [(s, _TYPE, V.TargetOutcome), (s, V.region, str(region_iri(r.region_key))), (s, V.year, _year(r.year)),
           (s, V.name, Lit(r.indicator)), (s, V.measure, Lit(r.measure)), (s, V.unit, Lit(r.unit))]
    if r.concept:
        out.append((s, V.statistic, r.concept))
    if r.target_indicator:
        out.append((s, V.target, r.target_indicator))
        if r.modifier:
            out.append((s, V.modifier, Lit(r.modifier)))
        if r.target_high is not None:
            out.append((s, V.valueHigh, _dec(r.target_high)))
    if r.outcome_indicator:
        out.append((s, V.outcome, r.outcome_indicator))
        if r.target_indicator:
            out.append((r.target_indicator, V.outcome, r.outcome_indicator))
    if r.gap is not None:
        out.append((s, V.gap, _dec(r.gap)))
    if r.met is not None:
        out.append((s, V.met, Lit("true" if r.met else "false", _XSD_BOOLEAN)))
    return out


def concept_triples(iris) -> list:
    """The SKOS concepts the rows name, with their labels, so that the graph says what they are."""
    from .graph import _TYPE, Lit

    by_iri = {st.iri: st for st in statistics().values()}
    out = []
    for iri in sorted(set(iris)):
        st = by_iri.get(iri)
        if st is None:
            continue
        out.append((iri, _TYPE, SKOS + "Concept"))
        out.append((iri, SKOS + "prefLabel", Lit(st.name, None, "zh")))
        out.extend((iri, SKOS + "altLabel", Lit(label, None, "zh")) for label in st.labels[1:])
    return out


def panel_triples(rows) -> list:
    """Every triple the panel adds to the graph."""
    out = [t for r in rows for t in row_triples(r)]
    return out + concept_triples(r.concept for r in rows if r.concept)


class PanelWriter:
    """The panel of a build, gathered report by report in an on-disk SQLite table (memory stays flat) and
    paired at the end, one (region, statistic, measure, year) at a time."""

    def __init__(self, path):
        import sqlite3

        self.db = sqlite3.connect(str(path))
        self.db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=FILE;"
                              "CREATE TABLE f (k TEXT, j TEXT);")

    def add(self, doc_facts) -> None:
        rows = []
        for f in facts_of(doc_facts):
            rows.append((json.dumps(f.key, ensure_ascii=False), json.dumps(asdict(f), ensure_ascii=False)))
        self.db.executemany("INSERT INTO f VALUES (?, ?)", rows)

    def rows(self):
        from itertools import groupby

        self.db.commit()
        cur = self.db.execute("SELECT k, j FROM f ORDER BY k, j")
        out = []
        for _, group in groupby(cur, key=lambda r: r[0]):
            row = pair(Fact(**json.loads(j)) for _, j in group)
            if row is not None:
                out.append(row)
        return sorted(out, key=row_order)

    def close(self):
        self.db.close()


# ---------------------------------------------------------------------------------------- reading

def panel(data="output", engine: str = "oxigraph", graph=None) -> list:
    """The panel of a built output folder (or of an rdflib `graph`), as Rows, read with the bundled query
    `target_outcome`."""
    from .query import run

    res = run("target_outcome", data, graph=graph, engine=engine)
    return sorted((_row_of(b) for b in res.rows), key=row_order)


_TEXT = ("region", "region_code", "level", "indicator", "measure", "unit", "modifier", "target_doc", "outcome_doc",
         "outcome_modifier")
_NUMBER = ("target", "target_low", "target_high", "outcome", "gap")
_OFFSET = ("target_start", "target_end", "outcome_start", "outcome_end")


def _row_of(b: dict) -> Row:
    """A Row from one solution of `target_outcome` (variable → rdflib term or None)."""
    values = {k: "" if b.get(k) is None else str(b[k]) for k in _TEXT}
    values.update({k: None if b.get(k) is None else float(str(b[k])) for k in _NUMBER})
    values.update({k: None if b.get(k) is None else int(str(b[k])) for k in _OFFSET})
    met = b.get("met")
    return Row(year=int(str(b["year"])[:4]), met=None if met is None else str(met).lower() == "true", **values)


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return str(int(v)) if v == int(v) and abs(v) < 1e18 else f"{v:.10g}"
    return str(v)


def format_rows(rows, fmt: str = "csv") -> str:
    """The rows as CSV, TSV or JSON (a list of objects with the columns as keys)."""
    if fmt not in FORMATS:
        from .errors import QueryError

        raise QueryError(f"unknown format '{fmt}': use one of {', '.join(FORMATS)}")
    if fmt == "json":
        return json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=1) + "\n"
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
    w.writerow(COLUMNS)
    for r in rows:
        d = r.as_dict()
        w.writerow([_cell(d[c]) for c in COLUMNS])
    return buf.getvalue()


# --------------------------------------------------------------------------------------- the plot

PLOT_FORMATS = ("png", "svg", "html")
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
             "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC", "AR PL UMing CN")
MARKERS = {"以上": "^", "不低于": "^", "突破": "^", "力争": "^", "确保": "^", "以内": "v", "以下": "v", "左右": "D", "": "s"}
DISPLAY = {"人": ("万人", 1e4), "CNY": ("亿元", 1e8), "%": ("%", 1)}


def _cjk_font():
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return next((n for n in CJK_FONTS if n in names), None)


def plot(rows, path) -> Path:
    """Draw, per headline statistic, each region's target (a band for a range, a marker shaped by its
    modifier: ▲ 以上, ▼ 以内, ◆ 左右, ■ none) against its outcome (a line) by year, into a .png, .svg or
    .html file (the html page holds the drawing as inline SVG and the rows as a table: it needs nothing else)."""
    path = Path(path)
    kind = path.suffix.lower().lstrip(".")
    if kind not in PLOT_FORMATS:
        from .errors import QueryError

        raise QueryError(f"cannot draw a .{kind} file: use one of {', '.join('.' + k for k in PLOT_FORMATS)}")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    font = _cjk_font()
    headline = {st.name for st in statistics().values()}
    series = {}
    for r in rows:
        if r.indicator in headline or not headline:
            series.setdefault((r.indicator, r.measure, r.unit), []).append(r)
    # the statistics that have targets first, then the most rows
    keys = sorted(series, key=lambda k: (-sum(r.target is not None for r in series[k]), -len(series[k]), k))
    keys = [k for k in keys if any(r.target is not None for r in series[k])][:8] or keys[:8]
    regions = sorted({r.region for k in keys for r in series[k]})
    colours = {reg: plt.get_cmap("tab10")(i % 10) for i, reg in enumerate(regions)}
    cols = 2 if len(keys) > 1 else 1
    nrows = max(1, (len(keys) + cols - 1) // cols)
    with plt.rc_context({"font.sans-serif": [font, "DejaVu Sans"] if font else ["DejaVu Sans"],
                         "font.family": "sans-serif", "axes.unicode_minus": False, "svg.hashsalt": "govkg"}):
        fig, axes = plt.subplots(nrows, cols, figsize=(6.2 * cols, 3.4 * nrows), squeeze=False)
        for ax, key in zip(axes.flat, keys):
            name, measure, unit = key
            shown, div = DISPLAY.get(unit, (unit, 1))
            for reg in regions:
                rs = sorted((r for r in series[key] if r.region == reg), key=lambda r: r.year)
                if not rs:
                    continue
                c = colours[reg]
                out = [(r.year, r.outcome / div) for r in rs if r.outcome is not None]
                runs = []  # consecutive years joined, a gap left open
                for x, y in out:
                    if runs and x == runs[-1][-1][0] + 1:
                        runs[-1].append((x, y))
                    else:
                        runs.append([(x, y)])
                for run in runs:
                    ax.plot([x for x, _ in run], [y for _, y in run], "-o", color=c, lw=1.6, ms=4)
                for r in rs:
                    if r.target is None:
                        continue
                    if r.target_high is not None:
                        ax.bar(r.year, (r.target_high - r.target) / div, bottom=r.target / div, width=0.55,
                               color=c, alpha=0.28, edgecolor=c, linewidth=0.8)
                    else:
                        ax.plot([r.year], [r.target / div], MARKERS.get(r.modifier, "s"), color=c, ms=7,
                                mfc="none", mew=1.5)
            label = "增长" if measure == "growth" else ""
            ax.set_title(f"{name}{label}（{shown}）", fontsize=10)
            ax.grid(alpha=0.3)
            ax.xaxis.get_major_locator().set_params(integer=True)
        for ax in list(axes.flat)[len(keys):]:
            ax.axis("off")
        handles = [Line2D([], [], color=colours[reg], marker="o", lw=1.6, label=reg) for reg in regions]
        handles += [Line2D([], [], color="grey", marker=m, ls="none", mfc="none", label=f"目标 {w}")
                    for w, m in (("以上", "^"), ("以内/以下", "v"), ("左右", "D"), ("（无修饰）", "s"))]
        handles.append(matplotlib.patches.Patch(color="grey", alpha=0.28, label="目标区间"))
        fig.legend(handles=handles, loc="lower center", ncol=min(6, len(handles)), fontsize=8, frameon=False)
        fig.suptitle("目标与完成 · target (markers, bands) and outcome (lines) by year", fontsize=11)
        fig.tight_layout(rect=(0, 0.06 + 0.02 * (len(handles) > 6), 1, 0.96))
        if kind == "png":
            fig.savefig(path, dpi=110, metadata={"Software": None})
        else:
            buf = io.StringIO()
            fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
            svg = buf.getvalue()
            path.write_text(svg if kind == "svg" else _html_page(svg, rows), encoding="utf-8")
        plt.close(fig)
    return path


def _html_page(svg: str, rows) -> str:
    import html

    svg = svg[svg.index("<svg"):]
    head = "".join(f"<th>{html.escape(c)}</th>" for c in COLUMNS)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in r.as_dict().values()) + "</tr>\n"
                   for r in rows)
    return ("<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>目标与完成 · govkg panel</title>"
            "<style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse;font-size:12px}"
            "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}svg{max-width:100%;height:auto}</style>"
            f"</head><body>\n{svg}\n<table><thead><tr>{head}</tr></thead><tbody>\n{body}</tbody></table>\n"
            "</body></html>\n")
