"""Atlas: the graph as pages, one per region, with an entry page of the admin hierarchy.

`regions/index.html` is the entry: the admin hierarchy from the country down, each region with its
totals (facts, investment summed per currency, reports; its sub-regions included) and a link to its page,
and a search over every region, project, campaign, organisation and report name (simplified or
traditional) that opens the page holding it. `regions/<key>.html` is a region's page: the view of the
region's own facts, the reports that name it, its ancestors and its sub-regions as nodes, and in the side
panel its sub-regions' totals (linked to their pages) and its indicators over the years.

A page is bounded: it holds at most PAGE_NODES nodes (reports up to a third of them, then the facts,
leaving out whole kinds in the view's order, indicators first, and saying so), a node's panel at most
MAX_EVIDENCE evidence sentences (the others are counted), and no page holds vis-network: the pages share
`vis-network.min.js` and `.css` beside them.

Pages are written only when their bytes change, so a rebuild rewrites the pages of the regions whose facts
changed, and a page of a region that is gone is removed.
"""
from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from decimal import Decimal
from importlib import resources
from pathlib import Path

from rdflib import RDF, Graph, URIRef

from .query import GRAPH_FILE
from .render import VIS_FILES, _safe_json, region_triples, render_html, traditional_fold, vis_file
from .vocab import GOV

FOLDER = "regions"
ENTRY = "index.html"
STAMP = ".graph-stamp"
PAGE_NODES = 3000
MAX_EVIDENCE = 10  # evidence sentences in a node's panel; the others are counted
LEFT_OUT = {"Project": "projects", "Investment": "investments", "Campaign": "campaigns", "Goal": "goals",
            "Indicator": "indicators"}
FACTS = ("Project", "Investment", "Campaign", "Goal", "Indicator")
LEVELS = ("country", "province", "prefecture", "county", "town")
NAMED = ("Project", "Campaign", "Organization")  # searchable besides regions and reports
SHARED = 30  # campaigns and projects in common with other regions, listed in a region's side panel


def _select(g, text: str) -> list:
    """The rows of a SELECT query over an rdflib Graph or the query store (`kg.query.StoreGraph`), as
    tuples of strings (None where unbound), in a fixed order."""
    if isinstance(g, Graph):
        rows = [tuple(None if t is None else str(t) for t in row) for row in g.query(text)]
    else:
        res = g.store.query(text)
        names = [v.value for v in res.variables]
        rows = [tuple(None if sol[v] is None else sol[v].value for v in names) for sol in res]
    return sorted(rows, key=lambda row: tuple("" if x is None else x for x in row))


def page_key(region) -> str:
    """A region's page name: its admin code (or the key of its IRI), in characters safe in a file name
    and a link."""
    key = str(region).rstrip("/").rsplit("/", 1)[-1]
    return re.sub(r"[^A-Za-z0-9_-]", "_", key)


def _amounts(money: dict) -> str:
    """Sums per currency as a person reads them: 1593.03亿 CNY; 3.61亿 USD."""
    def read(v):
        for unit, size in (("亿", 10 ** 8), ("万", 10 ** 4)):
            if v >= size:
                return _plain((v / size).quantize(Decimal("0.01"))) + unit
        return _plain(v)

    return "; ".join(f"{read(v)} {c}" for c, v in sorted(money.items(), key=lambda cv: (-cv[1], cv[0])))


def _plain(d: Decimal) -> str:
    return format(d.quantize(Decimal(1)) if d == d.to_integral() else d.normalize(), "f")


class Survey:
    """What the entry page and the side panels need, from one pass over the regions and facts."""

    def __init__(self, g):
        self.g = g
        self.regions = {}
        for r in g.subjects(RDF.type, GOV.Region):
            self.regions[r] = {"name": str(g.value(r, GOV.name) or page_key(r)),
                               "level": str(g.value(r, GOV.adminLevel) or ""),
                               "code": str(g.value(r, GOV.adminCode) or ""), "parent": g.value(r, GOV.partOf),
                               "key": page_key(r)}
        self.children = defaultdict(list)
        for r, info in self.regions.items():
            if info["parent"] in self.regions:
                self.children[info["parent"]].append(r)
        self.own = defaultdict(Counter)
        self.within = defaultdict(Counter)
        self.money = defaultdict(lambda: defaultdict(Decimal))
        self.reports = defaultdict(set)
        self.home = {}  # a named node → the region whose page holds it
        self.facts = defaultdict(lambda: defaultdict(list))  # region → class → its own facts
        for cls in FACTS:
            for s in g.subjects(RDF.type, GOV[cls]):
                for r in g.objects(s, GOV.region):
                    if r not in self.regions:
                        continue
                    self.home.setdefault(s, r)
                    self.facts[r][cls].append(s)
                    self.own[r][cls] += 1
                    amount = g.value(s, GOV.amount) if cls == "Investment" else None
                    for up in self.up(r):
                        self.within[up][cls] += 1
                        if amount is not None:
                            self.money[up][str(g.value(s, GOV.currency) or "")] += Decimal(str(amount))
        for d, r in g.subject_objects(GOV.mentions):
            if r in self.regions:
                for up in self.up(r):
                    self.reports[up].add(d)
        self.statistics = defaultdict(list)  # region → (name, unit, measure, year, value, target)
        for r, *row in _select(g, f"""SELECT ?r ?name ?unit ?measure ?year ?value ?target WHERE {{
                ?s a <{GOV.Indicator}> ; <{GOV.region}> ?r ; <{GOV.year}> ?year ; <{GOV.value}> ?value .
                OPTIONAL {{ ?s <{GOV.name}> ?name }} OPTIONAL {{ ?s <{GOV.unit}> ?unit }}
                OPTIONAL {{ ?s <{GOV.measure}> ?measure }} OPTIONAL {{ ?s <{GOV.isTarget}> ?target }} }}"""):
            self.statistics[URIRef(r)].append(row)
        self.shared = self._shared()

    def _shared(self) -> dict:
        """Region → the campaigns and projects it has in common with other regions (one name, quotes,
        script and punctuation aside): [(class, name, [other regions])]."""
        from .resolve import merge_key

        shared = defaultdict(list)
        for cls in ("Campaign", "Project"):
            groups, names = defaultdict(set), {}
            for r, name in _select(self.g, f"""SELECT ?r ?name WHERE {{
                    ?s a <{GOV[cls]}> ; <{GOV.region}> ?r ; <{GOV.name}> ?name }}"""):
                key = merge_key(name)
                names.setdefault(key, name)
                if URIRef(r) in self.regions:
                    groups[key].add(URIRef(r))
            for key, regions in groups.items():
                for r in regions if len(regions) > 1 else ():
                    shared[r].append((cls, names[key], sorted(regions - {r}, key=self._order)))
        return shared

    def up(self, r):
        """The region and the regions that contain it, nearest first."""
        out, seen = [], set()
        while r in self.regions and r not in seen:
            out.append(r)
            seen.add(r)
            r = self.regions[r]["parent"]
        return out

    def has_page(self, r) -> bool:
        return bool(sum(self.within[r].values()) or self.reports[r])

    def totals(self, r) -> dict:
        return {"facts": sum(self.within[r].values()), "investment": _amounts(self.money[r]),
                "reports": len(self.reports[r])}

    def indicators(self, r) -> list:
        """The region's statistics stated for several years: name, unit, [[year, value, target?]…]."""
        series = defaultdict(dict)
        for name, unit, measure, year, value, target in self.statistics[r]:
            key = (name or "", unit or "", measure or "")
            target = target == "true"
            y = int(year[:4])
            if y not in series[key] or series[key][y][2] and not target:  # a reported figure over a target
                series[key][y] = [y, _plain(Decimal(str(value))), target]
        rows = [{"name": name, "unit": unit, "measure": measure, "values": [v for _, v in sorted(by.items())]}
                for (name, unit, measure), by in series.items() if len(by) > 1]
        return sorted(rows, key=lambda row: (-len(row["values"]), row["name"], row["unit"]))

    def names(self) -> list:
        """[name, class, page key] for every region, named fact, organisation and report, once each."""
        g, out = self.g, {}
        for r, info in self.regions.items():
            if self.has_page(r):
                out[(info["name"], "Region", info["key"])] = None
        for cls in NAMED:
            for s in g.subjects(RDF.type, GOV[cls]):
                home = self.home.get(s)
                if home is None and cls == "Organization":
                    home = next((self.home.get(p) for p in g.subjects(GOV.company, s) if p in self.home), None)
                name = g.value(s, GOV.name)
                if home is not None and name is not None:
                    out[(str(name), cls, self.regions[home]["key"])] = None
        for d in g.subjects(RDF.type, GOV.Document):
            home = g.value(d, GOV.mainRegion)
            name = g.value(d, GOV.title) or g.value(d, GOV.fileName)
            if home in self.regions and name is not None:
                out[(str(name), "Document", self.regions[home]["key"])] = None
        return sorted(out)

    def tree(self) -> list:
        """The regions with pages, parents before children: key, name, level, parent key, totals."""
        out = []

        def walk(r, depth):
            if not self.has_page(r):
                return
            info = self.regions[r]
            parent = info["parent"]
            out.append({"key": info["key"], "name": info["name"], "level": info["level"], "depth": depth,
                        "parent": self.regions[parent]["key"] if parent in self.regions else None,
                        **self.totals(r)})
            for c in sorted(self.children[r], key=self._order):
                walk(c, depth + 1)

        for root in sorted((r for r, i in self.regions.items() if i["parent"] not in self.regions), key=self._order):
            walk(root, 0)
        return out

    def _order(self, r):
        info = self.regions[r]
        return (LEVELS.index(info["level"]) if info["level"] in LEVELS else 9, info["code"], info["name"])

    def panel(self, r) -> dict:
        """A region page's side panel: its ancestors, totals, sub-regions and indicators."""
        t = self.totals(r)
        own = sum(self.own[r].values())
        return {"up": [{"name": self.regions[a]["name"], "key": self.regions[a]["key"], "page": self.has_page(a)}
                       for a in reversed(self.up(r))],
                "totals": f"{own} 事实 facts here, {t['facts']} with sub-regions · {t['reports']} 报告 reports"
                          + (f" · 投资 investment {t['investment']}" if t["investment"] else ""),
                "children": [{"name": self.regions[c]["name"], "key": self.regions[c]["key"], **self.totals(c)}
                             for c in sorted(self.children[r], key=self._order) if self.has_page(c)],
                "indicators": self.indicators(r),
                "shared": [{"cls": cls, "name": name,
                            "with": [{"name": self.regions[o]["name"], "key": self.regions[o]["key"],
                                      "page": self.has_page(o)} for o in others]}
                           for cls, name, others in sorted(self.shared[r], key=lambda x: (-len(x[2]), x[0], x[1]))
                           ][:SHARED]}


def render_entry(survey: Survey, title: str) -> str:
    tree, names = survey.tree(), survey.names()
    fold = traditional_fold("".join(n[0] for n in names))
    template = resources.files("kg").joinpath("templates", "atlas.html").read_text(encoding="utf-8")
    data = "\n".join(f"const {k} = {_safe_json(v)};" for k, v in (("TREE", tree), ("NAMES", names), ("FOLD", fold)))
    return template.replace("{{TITLE}}", html.escape(title)).replace("/*DATA*/", data)


def select(survey: Survey, r, docs: list) -> tuple:
    """What of a region's own facts and reports its page holds within PAGE_NODES: the reports (at most a
    third of the budget), then the facts, leaving out whole kinds in the view's order (indicators, goals,
    campaigns) and then the last of the rest, until they fit. Returns (facts, docs, what was left out)."""
    from .render import DROP_ORDER

    budget = PAGE_NODES - 1 - len(survey.up(r)) - len(survey.children[r])
    docs = sorted(docs, key=str)
    left = Counter()
    if len(docs) > budget // 3:
        left["reports"] = len(docs) - budget // 3
        docs = docs[:budget // 3]
    by_cls = {c: sorted(survey.facts[r][c], key=str) for c in FACTS}
    room = budget - len(docs)
    for c in DROP_ORDER:
        if sum(len(v) for v in by_cls.values()) <= room:
            break
        if by_cls.get(c):
            left[c] += len(by_cls[c])
            by_cls[c] = []
    facts = []
    for c in FACTS:
        take = by_cls[c][:max(0, room - len(facts))]
        left[c] += len(by_cls[c]) - len(take)
        facts.extend(take)
    return facts, docs, +left


def render_region(g, survey: Survey, r) -> str:
    info = survey.regions[r]
    also = [c for c in survey.children[r] if survey.has_page(c)]
    facts, docs, left = select(survey, r, list(g.subjects(GOV.mentions, r)))
    note = ("This page holds at most {:,} nodes and leaves out {}; `kg query` has them all.".format(
        PAGE_NODES, ", ".join(f"{n:,} {LEFT_OUT.get(c, c)}" for c, n in sorted(left.items()))) if left else "")
    triples = region_triples(g, [r], {r}, also=also, facts=facts, docs=docs, max_evidence=MAX_EVIDENCE)
    return render_html(triples, f"govkg · {info['name']}", max_nodes=PAGE_NODES, note=note, atlas=survey.panel(r),
                       shared_assets=True, max_evidence=MAX_EVIDENCE)


def _write(path: Path, text: str, counts: Counter) -> None:
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        counts["unchanged"] += 1
        return
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    counts["written"] += 1


def write_atlas(g, folder: Path, title: str = "govkg") -> Counter:
    """Write the entry page and every region's page into `folder` (made if missing). `g` is an rdflib
    Graph or anything that answers its lookups (`kg.query.StoreGraph`). Returns the counts of pages
    written, unchanged and removed."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    counts = Counter()
    for name in VIS_FILES:
        _write(folder / name, vis_file(name).read_text(encoding="utf-8"), Counter())
    survey = Survey(g)
    keep = {ENTRY}
    for r in sorted(survey.regions, key=survey._order):
        if survey.has_page(r):
            name = survey.regions[r]["key"] + ".html"
            keep.add(name)
            _write(folder / name, render_region(g, survey, r), counts)
    _write(folder / ENTRY, render_entry(survey, title), counts)
    for old in folder.glob("*.html"):
        if old.name not in keep:
            old.unlink()
            counts["removed"] += 1
    counts["pages"] = len(keep)
    return counts


def region_page(folder: Path, name: str, graph: Path = None):
    """The prebuilt page of the region called `name` (simplified or traditional), or None; None too when
    `graph` is given and the pages were not made from it as it is now."""
    from .ingest import to_simplified

    folder = Path(folder)
    entry = folder / ENTRY
    if not entry.is_file():
        return None
    if graph is not None:
        stamp = folder / STAMP
        if not stamp.is_file() or stamp.read_text() != _graph_stamp(Path(graph)):
            return None
    text = entry.read_text(encoding="utf-8")
    m = re.search(r"^const NAMES = (.*);$", text, re.M)
    if not m:
        return None
    import json

    wanted = {name, to_simplified(name)}
    for n, cls, key in json.loads(m.group(1)):
        if cls == "Region" and n in wanted and (folder / f"{key}.html").is_file():
            return folder / f"{key}.html"
    return None


def build_atlas(new: Path, old: Path) -> Counter:
    """The atlas of the build being made in `new`, which is to replace the output `old`. The old pages
    are linked in first, so that the pages whose bytes do not change stay the files they were (a
    rebuild after one report changed rewrites the pages of its regions, their ancestors and the entry).
    The graph is read through the query store, which the build thus leaves ready for `kg query`."""
    import os
    import shutil

    from .query import oxigraph_store

    folder, previous = Path(new) / FOLDER, Path(old) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    if previous.is_dir():
        for p in previous.iterdir():
            if p.is_file() and not p.name.startswith("."):
                try:
                    os.link(p, folder / p.name)
                except OSError:
                    shutil.copy2(p, folder / p.name)
    counts = write_atlas(cached_store(oxigraph_store(new)), folder, title=f"govkg · {Path(old).name}")
    _stamp(folder, Path(new) / GRAPH_FILE)
    return counts


def cached_store(store):
    """The output's query store read as `kg.query.StoreGraph` reads it, with each IRI it returns made
    once (of the last 200,000): the pages read the same regions, documents and predicates many times, and
    making rdflib terms is most of their cost."""
    from functools import lru_cache

    import pyoxigraph as ox

    from .query import StoreGraph, _from_ox, _to_ox

    iri = lru_cache(maxsize=200_000)(_from_ox)

    class Cached(StoreGraph):
        def triples(self, pattern):
            s, p, o = (_to_ox(t) for t in pattern)
            for q in self.store.quads_for_pattern(s, p, o, ox.DefaultGraph()):
                o = q.object
                yield iri(q.subject), iri(q.predicate), iri(o) if isinstance(o, ox.NamedNode) else _from_ox(o)

    return Cached(store)


def atlas(data="output") -> tuple:
    """Write the atlas of a built output into its `regions/` folder; returns (entry page, counts)."""
    from .query import graph_path, oxigraph_store

    path = graph_path(data)
    folder = path.parent / FOLDER
    counts = write_atlas(cached_store(oxigraph_store(data)), folder, title=f"govkg · {path.parent.name}")
    _stamp(folder, path)
    return folder / ENTRY, counts


def _graph_stamp(graph: Path) -> str:
    st = graph.stat()
    return f"{st.st_size}:{st.st_mtime_ns}"


def _stamp(folder: Path, graph: Path) -> None:
    """Which graph the pages were made from (its size and modification time, which a build's move of
    the folder keeps)."""
    (folder / STAMP).write_text(_graph_stamp(graph))
