"""Extract: one report → plain fact records (`kg.records`), each with its Evidence.

Regions come from the `govkg_regions` marks, resolved in `kg.resolve`; projects, investments,
campaigns, goals and indicators come from the rules in `kg.rules`, which read the marks of the NLP
stage clause by clause. Nothing here knows about RDF.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from . import rules
from .errors import ExtractionError
from .gazetteer import gazetteer
from .ingest import Ingested, ingest, statistics_year
from .nlp import Mark, analyse, doc_text, token_bounds
from .records import DocumentFacts, Evidence, Region, RegionMention
from .resolve import COUNTRY_KEY, country_acts, report_region, resolve_regions, towns_in


class Context:
    """What the rules need to know about one document while they read it."""

    def __init__(self, ing: Ingested, doc, year=None):
        self.ing = ing
        self.doc = doc
        self.name = ing.document.name
        # the year the report's statements are about: a bulletin's statistics year, else the report's
        self.year = year or statistics_year(ing.document.title) or ing.document.year
        self.text = doc_text(doc)
        self.marks = doc._.marks
        self.main_region = None
        self.mentions: list = []
        self.regions: set = set()  # every region the report names
        self.new_regions: dict = {}  # divisions the gazetteer lacks, by key
        self.region_spans: list = []  # (start, end, key) of every resolved region name in the text
        self.token_starts, _, self.token_ends = token_bounds(doc)
        # state the rules keep while they read the sentences in order
        self.section_years: list = []  # (offset, year, is a plan) of headings such as "2020年展望"
        self.paragraph_campaign = None  # the campaign of a sentence that ended in "；"
        self.carried_year = None  # (next sentence's start, year) after a sentence that ended in "；"
        self.plan_until = -1  # where a paragraph that states a plan ends
        self.sentence_plan = False  # whether the sentence being read states a plan

    def section_year(self, pos: int):
        """The year the text at `pos` speaks of: the latest section heading's, else the report's."""
        return self._section(pos)[0]

    def in_plan(self, pos: int) -> bool:
        """Whether the text at `pos` lies in a plan's section ("2024年工作安排"), where figures are targets."""
        return self._section(pos)[1]

    def _section(self, pos: int) -> tuple:
        found = (self.year, False)
        for start, y, plan in self.section_years:
            if start <= pos:
                found = (y, plan)
        return found

    def evidence(self, start: int, end: int, rule: str, confidence: float = 1.0) -> Evidence:
        """Evidence for body[start:end], as written in the original file."""
        s, e = self.ing.body.span(start, end)
        return Evidence(doc=self.name, text=self.ing.original[s:e], start=s, end=e, rule=rule,
                        confidence=round(confidence, 2))

    def sentence_of(self, pos: int) -> Mark:
        for m in self.marks["sentence"]:
            if m.start <= pos < m.end:
                return m
        return Mark("sentence", pos, pos + 1, self.text[pos:pos + 1])

    def in_range(self, kind: str, start: int, end: int) -> list:
        return [m for m in self.marks.get(kind, []) if start <= m.start and m.end <= end]


def _deepest(gaz, keys: list):
    """Of divisions named together ("合肥市包河区"), the one inside all the others, if there is one."""
    for k in keys:
        if all(o == k or o in gaz.ancestors(k) for o in keys):
            return k
    return None


def extract_regions(ctx: Context) -> None:
    gaz = gazetteer()
    resolved, main = resolve_regions(ctx.marks["region"], ctx.text, gaz, ctx.ing.document.title or "")
    counties = {k for _, k in resolved if gaz.regions[k].level == "county"}
    found = [(m.start, m.end, m.text, k) for m, k in resolved]
    found += [(s, e, ctx.text[s:e], k) for s, e, k in towns_in(ctx.text, counties, gaz)]
    cm = country_acts(ctx.text)
    if cm:
        found.append((cm.start(), cm.end(), cm.group(), COUNTRY_KEY))
    seen = set()
    for s, e, surface, key in sorted(found):
        if key in seen:
            continue  # one mention per region per document is enough to state it; keep the first
        seen.add(key)
        sent = ctx.sentence_of(s)
        ev = ctx.evidence(sent.start, sent.end, "govkg_regions", 1.0 if surface == gaz.regions[key].name else 0.9)
        ctx.mentions.append(RegionMention(doc=ctx.name, region=key, surface=surface, evidence=ev))
    ctx.regions = {k for _, _, _, k in found}
    ctx.region_spans = sorted((s, e, k) for s, e, _, k in found)
    main = _main_by_title(ctx, gaz, main)
    counts = Counter(k for _, _, _, k in found)
    unsure = {}  # a name of one division that resolution left out (泽州 with no 晋城 beside it)
    for m in ctx.marks["region"]:
        keys = {n.key for n in m.attrs["candidates"]}
        if m.text[0] in "和与及" and re.match(r"委|政府|人大|政协", ctx.text[m.end:m.end + 2]):
            continue  # 市政府和县委: "and the county committee", not 和县
        if len(keys) == 1 and not any(f[0] == m.start for f in found):
            unsure.setdefault(next(iter(keys)), m)
    if main is None:
        counts.update(k for m in ctx.marks["region"] for k in {n.key for n in m.attrs["candidates"]} if k in unsure)
    voiced, unlisted = report_region(ctx.text, counts, gaz, main)
    if unlisted:
        voiced = _unlisted_region(ctx, gaz, unlisted, main)
    elif voiced and voiced not in ctx.regions and voiced in unsure:
        m = unsure[voiced]
        sent = ctx.sentence_of(m.start)
        ctx.mentions.append(RegionMention(doc=ctx.name, region=voiced, surface=m.text,
                                          evidence=ctx.evidence(sent.start, sent.end, "govkg_regions.voice", 0.8)))
        ctx.regions.add(voiced)
    ctx.main_region = voiced


def _unlisted_region(ctx: Context, gaz, name: str, parent) -> str:
    """A division the gazetteer lacks (大鹏新区, a functional zone with its own government), named by the
    report's speaker: a region of county level under the division the report names most."""
    if parent and gaz.regions[parent].level not in ("prefecture", "province"):
        parent = gaz.regions[parent].parent
    key = f"{parent or 'CN'}/{name}"
    region = Region(key=key, name=name, level="county", code=None, parent=parent or "CN")
    ctx.new_regions[key] = region
    at = ctx.text.find(name)
    if at >= 0:
        sent = ctx.sentence_of(at)
        ctx.mentions.append(RegionMention(doc=ctx.name, region=key, surface=name,
                                          evidence=ctx.evidence(sent.start, sent.end, "govkg_regions.speaker", 0.9)))
    ctx.regions.add(key)
    return key


def _main_by_title(ctx: Context, gaz, main):
    """The report's region, as its title corrects it: a place named only in a title that is not in the
    body (front matter, <title>); the district in "铜仁市碧江区：…" rather than the city the text names
    more often; the town in "德清县乾元镇：…" when the text names it again."""
    title = ctx.ing.document.title or ""
    if not title:
        return main
    in_title = [n for _, _, surface in gaz.find_all(title) for n in gaz.names[surface]]
    if main is None and title not in ctx.text:
        main = _deepest(gaz, [n.key for n in in_title if n.kind == "full"])
        at = ctx.ing.original.find(title)
        if main and at >= 0:
            ctx.mentions.append(RegionMention(doc=ctx.name, region=main, surface=gaz.regions[main].name, evidence=Evidence(
                doc=ctx.name, text=title, start=at, end=at + len(title), rule="govkg_regions.title", confidence=0.9)))
    if main:
        deepest = _deepest(gaz, [n.key for n in in_title if n.key in ctx.regions
                                 and (n.key == main or main in gaz.ancestors(n.key))])
        if deepest and gaz.regions[deepest].level != "town":
            main = deepest
    for m in ctx.mentions:  # in the order the text names them
        r = gaz.regions[m.region]
        if r.level == "town" and r.parent == main and r.name in title and ctx.text.count(r.name) >= 3:
            return m.region
    return main


def extract(ing: Ingested) -> DocumentFacts:
    try:
        year = statistics_year(ing.document.title) or ing.document.year
        doc = analyse(ing.body.text, year)
        ctx = Context(ing, doc, year)
        extract_regions(ctx)
        ing.document.main_region = ctx.main_region
        facts = DocumentFacts(document=ing.document, mentions=ctx.mentions, new_regions=ctx.new_regions)
        rules.extract_relations(ctx, facts)
    except ExtractionError:
        raise
    except Exception as e:  # a bug on one report names the report instead of stopping the corpus
        raise ExtractionError(f"{ing.document.name}: extraction failed ({type(e).__name__}: {e})") from e
    return facts


def extract_file(path) -> DocumentFacts:
    return extract(ingest(Path(path)))
