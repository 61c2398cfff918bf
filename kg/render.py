"""Render: the built graph → one self-contained HTML page (pyvis network, no CDN, no innerHTML).

pyvis assembles the nodes and edges. The layout is computed here, once: regions along their admin
hierarchy (networkx walks the `partOf` tree; provinces on top, towns at the bottom), and each region's
facts in sectors around it, one per class. Physics stays off, so a page of 10,000 nodes opens still.

The page is our own template, not pyvis's. vis-network's script and style are copied inside the file, and
every string from a report reaches the page only as JSON data (`<`, `>`, `&` escaped) and the DOM only
through `textContent`. A report containing `<script>` or `<img onerror=…>` shows that text and runs
nothing.
"""
from __future__ import annotations

import html
import json
import math
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rdflib import RDF, Graph
from rdflib.namespace import PROV

from .vocab import GOV

# class → (colour, shape, label in the legend)
STYLE = {
    "Region": ("#2b7bb9", "dot", "行政区 Region"),
    "Document": ("#9e9e9e", "square", "报告 Document"),
    "Project": ("#e67e22", "dot", "项目 Project"),
    "Organization": ("#8e5a2b", "triangle", "企业 Organization"),
    "Investment": ("#27ae60", "diamond", "投资 Investment"),
    "Campaign": ("#c0392b", "star", "行动 Campaign"),
    "Goal": ("#8e44ad", "triangleDown", "目标 Goal"),
    "Indicator": ("#16a085", "hexagon", "指标 Indicator"),
}
EDGES = {GOV.partOf: "隶属", GOV.mentions: "提及", GOV.region: "地区", GOV.project: "项目",
         GOV.campaign: "行动", GOV.company: "企业", GOV.mainRegion: "主要地区"}
FIELDS = [GOV.name, GOV.title, GOV.adminCode, GOV.adminLevel, GOV.amount, GOV.currency, GOV.investmentKind,
          GOV.year, GOV.yearEnd, GOV.value, GOV.unit, GOV.measure, GOV.isTarget, GOV.hedge, GOV.goalText,
          GOV.publicationDate, GOV.source, GOV.alias]
LEVEL_Y = {"country": -900, "province": -600, "prefecture": -300, "county": 0, "town": 300}
SECTORS = ["Project", "Investment", "Campaign", "Goal", "Indicator", "Organization", "Document"]


def _safe_json(obj) -> str:
    s = json.dumps(obj, ensure_ascii=False, sort_keys=True)
    return (s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _local(term) -> str:
    return str(term).split("#")[-1].split("/")[-1]


def _fmt(v) -> str:
    """A literal as a person reads it: 789 rather than 789.0, 120600000000 rather than 1.206E+11."""
    from decimal import Decimal

    text = str(v)
    if getattr(v, "datatype", None) is not None and str(v.datatype).endswith(("#decimal", "#double", "#float")):
        d = Decimal(text)
        text = format(d.quantize(Decimal(1)) if d == d.to_integral() else d.normalize(), "f")
    return text


def _text(g: Graph, s) -> str:
    for p in (GOV.name, GOV.title, GOV.goalText, GOV.fileName):
        v = g.value(s, p)
        if v is not None:
            return str(v)
    return _local(s)


def _label(g: Graph, s, cls: str) -> str:
    text = _text(g, s)
    if cls == "Investment":
        amount = g.value(s, GOV.amount)
        cur = g.value(s, GOV.currency)
        if amount is not None:
            a = float(amount)
            text = f"{a / 1e8:g}亿 {cur}" if a >= 1e8 else f"{a / 1e4:g}万 {cur}"
    if cls == "Indicator":
        text = f"{text} {_fmt(g.value(s, GOV.value))}{g.value(s, GOV.unit) or ''}"
    return text if len(text) <= 18 else text[:17] + "…"


def _full_label(g: Graph, s, cls: str, label: str) -> str:
    """An investment or indicator named by what it is about: 16.56亿 CNY · 水富港扩能改造."""
    if cls == "Investment":
        p = g.value(s, GOV.project)
        about = g.value(p, GOV.name) if p is not None else g.value(g.value(s, GOV.region), GOV.name)
        return f"{label} · {about}" if about is not None else label
    return f"{_text(g, s)} {_fmt(g.value(s, GOV.value))}{g.value(s, GOV.unit) or ''}"


def _highlight(sentence: str, needles) -> list:
    """[start, end] of the first needle found in the sentence (matched in simplified script, which has
    the same length as the original), or []."""
    from .ingest import to_simplified

    simp = to_simplified(sentence)
    for n in needles:
        if n and len(n) >= 2:
            i = simp.find(n)
            if i >= 0:
                return [i, i + len(n)]
    return []


def _needles(g: Graph, s, cls: str) -> list:
    out = [_text(g, s)]
    if cls == "Investment" and g.value(s, GOV.amount) is not None:
        a = float(g.value(s, GOV.amount))
        for unit, div in (("亿", 1e8), ("万", 1e4)):
            out.append(f"{a / div:g}{unit}")
    if cls == "Indicator" and g.value(s, GOV.value) is not None:
        out.append(f"{float(g.value(s, GOV.value)):g}")
    return out


class _Indexed:
    """The few read operations the view needs, answered from one pass over the graph (rdflib's
    per-call lookups dominate the page's build time on large graphs)."""

    def __init__(self, g):
        """`g`: an rdflib Graph, or any iterable of triples of rdflib terms."""
        self.po: dict = {}
        self.rev: dict = {}
        for s_, p, o in g:
            self.po.setdefault(s_, {}).setdefault(p, []).append(o)
            self.rev.setdefault((p, o), []).append(s_)

    def value(self, s_, p):
        vals = self.po.get(s_, {}).get(p)
        return vals[0] if vals else None

    def objects(self, s_, p):
        return self.po.get(s_, {}).get(p, [])

    def subjects(self, p, o):
        return self.rev.get((p, o), [])


MAX_NODES = 20_000
DROP_ORDER = ("Indicator", "Goal", "Campaign", "Organization")  # left out first when a page would be too big


def view_data(g, exclude=(), max_evidence: int = None) -> dict:
    """Nodes, edges and the facts behind each node, as plain data (pyvis holds the network). With
    `max_evidence`, a node's panel holds at most that many evidence sentences and counts the others
    (as does a node whose other evidence was not read)."""
    from pyvis.network import Network

    g = _Indexed(g) if isinstance(g, Graph) else g
    net = Network(directed=True)
    nodes = {}
    for cls in STYLE:
        if cls in exclude:
            continue
        for s in sorted(g.subjects(RDF.type, GOV[cls])):
            nodes[s] = cls
    ids = {s: i for i, s in enumerate(sorted(nodes, key=str))}
    degree = defaultdict(int)
    edges = []
    for s in sorted(nodes, key=str):
        for p, label in EDGES.items():
            for o in sorted(g.objects(s, p)):
                if o in ids:
                    edges.append((ids[s], ids[o], label))
                    degree[ids[s]] += 1
                    degree[ids[o]] += 1
    # each node's region (a fact's region, a document's main region, a region itself) and its chain
    chain = {}

    def region_chain(r):
        if r not in chain:
            up = g.value(r, GOV.partOf)
            chain[r] = [ids[r]] + (region_chain(up) if up is not None and up in ids else [])
        return chain[r]

    details, attrs = {}, {}
    for s, cls in nodes.items():
        i = ids[s]
        label = _label(g, s, cls)
        if cls in ("Region", "Document", "Organization"):
            size = 10 + min(18, 2.5 * degree[i] ** 0.5)
        else:
            size = 8 + min(8, 1.2 * degree[i] ** 0.5)
        if cls == "Investment" and g.value(s, GOV.amount) is not None:
            size = 8 + 2.5 * max(0.0, math.log10(max(float(g.value(s, GOV.amount)), 1)) - 6)
        if cls == "Region":
            home = s
        elif cls == "Document":
            home = g.value(s, GOV.mainRegion)
        elif cls == "Organization":
            home = next((g.value(p, GOV.region) for p in g.subjects(GOV.company, s)), None)
        else:
            home = g.value(s, GOV.region)
        full = _text(g, s) if cls not in ("Investment", "Indicator") else _full_label(g, s, cls, label)
        net.add_node(i, label=label, title=f"{STYLE[cls][2]}: {full}", shape=STYLE[cls][1], size=size, group=cls)
        facts = []
        for p in FIELDS:
            for v in sorted(g.objects(s, p)):
                facts.append([_local(p), _fmt(v)])
        for p, label_ in EDGES.items():
            for o in sorted(g.objects(s, p)):
                if o in ids:
                    facts.append([label_, _label(g, o, nodes[o]), ids[o]])
        evidence, years, confs = [], [], []
        needles = _needles(g, s, cls)
        stated = sorted(g.objects(s, GOV.evidence))
        read = [e for e in stated if g.value(e, GOV.sentence) is not None][:max_evidence]
        for e in read:
            d = g.value(e, PROV.wasQuotedFrom)
            sentence = str(g.value(e, GOV.sentence) or "")
            ev = {"sentence": sentence, "mark": _highlight(sentence, needles),
                  "doc": str(g.value(d, GOV.fileName) or ""), "title": str(g.value(d, GOV.title) or ""),
                  "date": str(g.value(d, GOV.publicationDate) or ""), "docId": ids.get(d),
                  "start": int(g.value(e, GOV.startOffset) or 0), "rule": str(g.value(e, GOV.extractedBy) or ""),
                  "confidence": float(g.value(e, GOV.confidence) or 0)}
            confs.append(ev["confidence"])
            for p in (GOV.status, GOV.capacity, GOV.year):
                v = g.value(e, p)
                if v is not None:
                    ev[_local(p)] = str(v)
            if "year" in ev:
                years.append(int(ev["year"]))
            evidence.append(ev)
        for p in (GOV.year, GOV.yearEnd):
            v = g.value(s, p)
            if v is not None:
                years.append(int(str(v)[:4]))
        details[i] = {"cls": cls, "facts": facts, "evidence": evidence}
        if len(read) < len(stated):
            details[i]["more"] = len(stated) - len(read)
        attrs[i] = {"home": ids.get(home) if home is not None else None,
                    "regions": region_chain(home) if home is not None and home in ids else [],
                    "years": [min(years), max(years)] if years else None,
                    "conf": max(confs) if confs else None, "size": size, "label": label}
    for a, b, label in edges:
        net.add_edge(a, b, label=label)
    levels = {ids[s]: str(g.value(s, GOV.adminLevel)) for s, c in nodes.items() if c == "Region"}
    parents = {ids[s]: ids.get(g.value(s, GOV.partOf)) for s, c in nodes.items() if c == "Region"}
    return {"net": net, "details": details, "attrs": attrs, "levels": levels, "parents": parents}


def layout(data: dict) -> dict:
    """Positions: regions as a tree by admin level; each region's facts in class sectors around it."""
    import networkx as nx

    attrs, levels, parents = data["attrs"], data["levels"], data["parents"]
    tree = nx.DiGraph()
    tree.add_nodes_from(levels)
    tree.add_edges_from((p, c) for c, p in parents.items() if p is not None)
    # the facts around each region decide how much room it needs
    around = defaultdict(lambda: defaultdict(list))
    for i, a in attrs.items():
        if i not in levels:
            around[a["home"]][data["details"][i]["cls"]].append(i)
    radius = {r: 110 + 52 * math.sqrt(sum(len(v) for v in around[r].values()) / math.pi) for r in levels}
    pos = {}
    x = 0.0

    def place(node):
        nonlocal x
        kids = sorted(tree.successors(node), key=lambda k: attrs[k]["label"])
        if not kids:
            w = 2 * radius[node] + 60
            pos[node] = (x + w / 2, LEVEL_Y.get(levels[node], 0) * 2.2)
            x += w
            return
        for k in kids:
            place(k)
        xs = [pos[k][0] for k in kids]
        pos[node] = ((min(xs) + max(xs)) / 2, LEVEL_Y.get(levels[node], 0) * 2.2)

    for root in sorted((n for n in tree.nodes if tree.in_degree(n) == 0), key=lambda n: attrs[n]["label"]):
        place(root)
    # facts: sectors by class around their region; rings grow outwards
    homeless = []
    for r, by_cls in around.items():
        if r is None or r not in pos:
            homeless.extend(i for ids_ in by_cls.values() for i in ids_)
            continue
        cx, cy = pos[r]
        classes = [c for c in SECTORS if by_cls.get(c)]
        total = sum(len(by_cls[c]) for c in classes)
        start = -math.pi / 2
        for c in classes:
            members = sorted(by_cls[c], key=lambda i: attrs[i]["label"])
            span = 2 * math.pi * len(members) / total
            rad, k = 90.0, 0
            while k < len(members):  # rings outwards; a ring holds as many as its arc has room for
                slots = max(1, int(span * rad / 58))
                ring = members[k:k + slots]
                for j, i in enumerate(ring):
                    angle = start + span * (j + 0.5) / len(ring)
                    pos[i] = (cx + rad * math.cos(angle), cy + rad * math.sin(angle))
                k += len(ring)
                rad += 44
            start += span
    for k, i in enumerate(sorted(homeless)):
        pos[i] = (x + 200 + (k % 20) * 60, (k // 20) * 60)
    return {i: (round(p[0], 1), round(p[1], 1)) for i, p in pos.items()}


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def traditional_fold(text: str) -> dict:
    """Traditional form → simplified, for every character of the labels, so that search finds 雲南 as 云南."""
    s2t = _s2t()
    out = {}
    for ch in sorted(set(text)):
        t = s2t.convert(ch)
        if t != ch and len(t) == 1:
            out[t] = ch
    return out


VIS_FILES = ("vis-network.min.js", "vis-network.css")


def vis_file(name: str):
    """One of vis-network's files as pyvis bundles it."""
    return resources.files("pyvis").joinpath("lib", "vis-9.1.2", name)


def render_html(g, title: str = "govkg", max_nodes: int = MAX_NODES, note: str = "", atlas: dict = None,
                shared_assets: bool = False, max_evidence: int = None) -> str:
    """The page of `g` (an rdflib Graph or any iterable of triples). Above `max_nodes`, the most numerous
    kinds of fact are left out of this page (and the page says so); `kg view --region` shows them for one region. `note` is shown above the graph.

    `atlas` (a region page's links: its place in the hierarchy, its sub-regions' totals, its indicators
    over the years) is shown in the side panel. With `shared_assets`, the page loads vis-network's script
    and style from the files beside it (VIS_FILES) instead of holding them."""
    g = _Indexed(g)
    counts = {c: len(g.subjects(RDF.type, GOV[c])) for c in STYLE}
    exclude = []
    for c in DROP_ORDER:
        if sum(n for k, n in counts.items() if k not in exclude) <= max_nodes:
            break
        exclude.append(c)
    data = view_data(g, exclude, max_evidence)
    net, attrs = data["net"], data["attrs"]
    pos = layout(data)
    nodes = []
    for n in net.nodes:
        i = n["id"]
        colour, shape, _ = STYLE[n["group"]]
        x, y = pos.get(i, (0.0, 0.0))
        a = attrs[i]
        nodes.append({"id": i, "label": n["label"], "title": n["title"], "color": colour, "shape": shape,
                      "size": round(n["size"], 1), "group": n["group"], "x": float(x), "y": float(y),
                      "regions": a["regions"], "years": a["years"], "conf": a["conf"]})
    links = [{"from": e["from"], "to": e["to"], "label": e.get("label", "")} for e in net.edges]
    regions = sorted(({"id": i, "name": attrs[i]["label"], "level": lv} for i, lv in data["levels"].items()),
                     key=lambda r: (["country", "province", "prefecture", "county", "town"].index(r["level"])
                                    if r["level"] in LEVEL_Y else 9, r["name"]))
    vis = resources.files("pyvis").joinpath("lib", "vis-9.1.2")
    template = resources.files("kg").joinpath("templates", "graph.html").read_text(encoding="utf-8")
    legend = [{"cls": c, "color": s[0], "label": s[2]} for c, s in STYLE.items()]
    fold = traditional_fold("".join(n["label"] + n["title"] for n in nodes))
    notice = (f"{sum(counts[c] for c in exclude):,} nodes ({', '.join(exclude)}) are left out of this page; "
              "`kg view --region NAME` shows them for one region.") if exclude else ""
    notice = " ".join(x for x in (note, notice) if x)
    payload = {"NODES": nodes, "EDGES": links, "DETAILS": data["details"], "LEGEND": legend, "FOLD": fold,
               "REGIONS": regions, "NOTICE": notice, "ATLAS": atlas}
    script = "\n".join(f"const {k} = {_safe_json(v)};" for k, v in payload.items())
    if shared_assets:
        js, css = VIS_FILES
        template = (template.replace("<style>/*VIS_CSS*/</style>", f'<link rel="stylesheet" href="{css}">')
                    .replace("<script>/*VIS_JS*/</script>", f'<script src="{js}"></script>')
                    .replace("script-src 'unsafe-inline'", "script-src 'self' 'unsafe-inline'")
                    .replace("style-src 'unsafe-inline'", "style-src 'self' 'unsafe-inline'"))
        return template.replace("{{TITLE}}", html.escape(title)).replace("/*DATA*/", script)
    return (template.replace("{{TITLE}}", html.escape(title))
            .replace("/*VIS_CSS*/", vis.joinpath("vis-network.css").read_text(encoding="utf-8"))
            .replace("/*VIS_JS*/", vis.joinpath("vis-network.min.js").read_text(encoding="utf-8").replace("</script", "<\\/script"))
            .replace("/*DATA*/", script))


def write_html(g, path: Path, title: str = "govkg", note: str = "") -> None:
    Path(path).write_text(render_html(g, title, note=note), encoding="utf-8")


_ADMIN_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "新区", "地区", "街道", "省", "市", "区", "县", "旗",
                   "盟", "镇", "乡")


def _by_short_name(g, name: str) -> list:
    """The region that `name` is the short form of (泰州 → 泰州市, by its name or an alias), if only one is;
    a QueryError naming them if several are."""
    from .errors import QueryError

    found = {}
    for r in g.subjects(RDF.type, GOV.Region):
        full = str(g.value(r, GOV.name))
        for n in [full] + [str(a) for a in g.objects(r, GOV.alias)]:
            if n.startswith(name) and n[len(name):] in _ADMIN_SUFFIXES:
                found[r] = full
    if len(found) > 1:
        raise QueryError(f"'{name}' could be any of {', '.join(sorted(found.values()))}: give the full name")
    return list(found)


def focus(g, region_name: str) -> list:
    """The triples of a graph about one region: the region, its ancestors and sub-regions, their facts
    and the documents and evidence of those facts, and what the facts point to. `g` is an rdflib Graph
    or anything that answers the same lookups (`kg.query.StoreGraph`)."""
    from rdflib import Literal

    from .errors import QueryError

    roots = [r for r in g.subjects(GOV.name, Literal(region_name)) if (r, RDF.type, GOV.Region) in g]
    if not roots:
        from .ingest import to_simplified

        roots = [r for r in g.subjects(GOV.name, Literal(to_simplified(region_name)))
                 if (r, RDF.type, GOV.Region) in g]
    if not roots:
        roots = _by_short_name(g, to_simplified(region_name))
    if not roots:
        names = sorted(str(g.value(r, GOV.name)) for r in g.subjects(RDF.type, GOV.Region))
        near = sorted(names, key=lambda n: (-len(set(n) & set(to_simplified(region_name))), n))[:8]
        near = [n for n in near if set(n) & set(to_simplified(region_name))]
        raise QueryError(f"no region named '{region_name}' in the graph"
                         + (f"; the nearest: {', '.join(near)}" if near else "")
                         + f" ({len(names)} regions in all; `kg query regions` lists them)")
    below = set()
    todo = list(roots)
    while todo:  # the region and its sub-regions
        r = todo.pop()
        if r not in below:
            below.add(r)
            todo.extend(g.subjects(GOV.partOf, r))
    return region_triples(g, roots, below)


def region_triples(g, roots, below, also=(), facts=None, docs=None, max_evidence: int = None) -> list:
    """The triples about the regions `below` (their facts, the documents that name them, the documents
    and evidence of those facts, and what the facts point to), with the ancestors of `roots` and the
    regions `also` as nodes for context. `facts` and `docs`, if given, are the facts and documents to
    take instead of all; with `max_evidence`, only that many of a fact's evidence nodes are read (the
    links to the others stay, so that the page can count them)."""
    keep_regions = set(below) | set(also)
    for r in roots:  # and its ancestors, for context
        keep_regions.update(_ancestors(g, r))
    if facts is None:
        facts = {s for r in below for s in g.subjects(GOV.region, r)}
    if docs is None:
        docs = {d for r in below for d in g.subjects(GOV.mentions, r)}
    facts, docs = set(facts), set(docs)
    keep = keep_regions | facts | docs
    for s in list(facts):
        for p in (GOV.company, GOV.project, GOV.campaign):
            keep.update(g.objects(s, p))
    sub = {}  # as a dict, to keep each triple once and in one order
    for s in sorted(keep):
        pos = sorted(g.predicate_objects(s)) if max_evidence is not None else g.predicate_objects(s)
        read = 0
        for p, o in pos:
            if p in (GOV.mentions, GOV.mainRegion, GOV.partOf, GOV.region) and o not in keep_regions:
                continue
            if p == GOV.evidence and (max_evidence is None or read < max_evidence):
                sub.update(((o, p2, o2), None) for p2, o2 in g.predicate_objects(o))
                read += 1
            sub[(s, p, o)] = None
    return list(sub)


def _ancestors(g: Graph, r) -> list:
    out = []
    up = g.value(r, GOV.partOf)
    while up is not None:
        out.append(up)
        up = g.value(up, GOV.partOf)
    return out
