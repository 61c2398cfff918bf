"""Render: the built graph → one self-contained HTML page (pyvis network, no CDN, no innerHTML).

pyvis assembles the nodes and edges; networkx computes the layout once (physics off), so the page is
still and quick to open. The page is our own template, not pyvis's: vis-network's script and style are
copied inside the file, and every string that came from a report reaches the page only as JSON data
(`<`, `>`, `&` escaped) and the DOM only through `textContent` — a report containing `<script>` or
`<img onerror=…>` shows that text and runs nothing.
"""
from __future__ import annotations

import html
import json
from collections import defaultdict
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
    "Indicator": ("#16a085", "box", "指标 Indicator"),
}
EDGES = {GOV.partOf: "隶属", GOV.mentions: "提及", GOV.region: "地区", GOV.project: "项目",
         GOV.campaign: "行动", GOV.company: "企业", GOV.mainRegion: "主要地区"}
FIELDS = [GOV.name, GOV.title, GOV.adminCode, GOV.adminLevel, GOV.amount, GOV.currency, GOV.investmentKind,
          GOV.year, GOV.yearEnd, GOV.value, GOV.unit, GOV.measure, GOV.isTarget, GOV.hedge, GOV.goalText,
          GOV.publicationDate, GOV.source, GOV.alias]


def _safe_json(obj) -> str:
    s = json.dumps(obj, ensure_ascii=False, sort_keys=True)
    return (s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _local(term) -> str:
    return str(term).split("#")[-1].split("/")[-1]


def _label(g: Graph, s, cls: str) -> str:
    for p in (GOV.name, GOV.title, GOV.goalText, GOV.fileName):
        v = g.value(s, p)
        if v is not None:
            text = str(v)
            break
    else:
        text = _local(s)
    if cls == "Investment":
        amount = g.value(s, GOV.amount)
        cur = g.value(s, GOV.currency)
        if amount is not None:
            a = float(amount)
            text = f"{a / 1e8:g}亿 {cur}" if a >= 1e8 else f"{a / 1e4:g}万 {cur}"
    if cls == "Indicator":
        text = f"{text} {g.value(s, GOV.value)}{g.value(s, GOV.unit) or ''}"
    return text if len(text) <= 24 else text[:23] + "…"


def view_data(g: Graph) -> dict:
    """Nodes, edges and the facts behind each node, as plain data."""
    from pyvis.network import Network

    net = Network(directed=True)
    nodes = {}
    for cls in STYLE:
        for s in sorted(g.subjects(RDF.type, GOV[cls])):
            nodes[s] = cls
    ids = {s: i for i, s in enumerate(sorted(nodes, key=str))}
    details = {}
    degree = defaultdict(int)
    edges = []
    for s in sorted(nodes, key=str):
        for p, label in EDGES.items():
            for o in sorted(g.objects(s, p)):
                if o in ids:
                    edges.append((ids[s], ids[o], label))
                    degree[ids[s]] += 1
                    degree[ids[o]] += 1
    for s, cls in nodes.items():
        i = ids[s]
        colour, shape, _ = STYLE[cls]
        label = _label(g, s, cls)
        size = 10 + min(25, 3 * degree[i] ** 0.5)
        if cls == "Investment" and g.value(s, GOV.amount) is not None:
            size = 8 + min(30, float(g.value(s, GOV.amount)) ** 0.25 / 6)
        net.add_node(i, label=label, title=f"{STYLE[cls][2]}: {label}", color=colour, shape=shape, size=size,
                     group=cls)
        facts = []
        for p in FIELDS:
            for v in sorted(g.objects(s, p)):
                facts.append([_local(p), str(v)])
        for p, label_ in EDGES.items():
            for o in sorted(g.objects(s, p)):
                if o in ids:
                    facts.append([label_, _label(g, o, nodes[o]), ids[o]])
        evidence = []
        for e in sorted(g.objects(s, GOV.evidence)):
            d = g.value(e, PROV.wasQuotedFrom)
            ev = {"sentence": str(g.value(e, GOV.sentence) or ""),
                  "doc": str(g.value(d, GOV.fileName) or ""), "title": str(g.value(d, GOV.title) or ""),
                  "date": str(g.value(d, GOV.publicationDate) or ""),
                  "start": int(g.value(e, GOV.startOffset) or 0), "rule": str(g.value(e, GOV.extractedBy) or ""),
                  "confidence": float(g.value(e, GOV.confidence) or 0)}
            for p in (GOV.status, GOV.capacity, GOV.year):
                v = g.value(e, p)
                if v is not None:
                    ev[_local(p)] = str(v)
            evidence.append(ev)
        details[i] = {"cls": cls, "facts": facts, "evidence": evidence}
    for a, b, label in edges:
        net.add_edge(a, b, label=label, title=label)
    return {"net": net, "details": details}


def layout(n_nodes: int, edges: list) -> dict:
    import networkx as nx

    G = nx.Graph()
    G.add_nodes_from(range(n_nodes))
    G.add_edges_from((a, b) for a, b, *_ in edges)
    pos = nx.spring_layout(G, seed=7, k=1.6 / max(n_nodes, 1) ** 0.5, iterations=60) if n_nodes else {}
    scale = 120 * max(n_nodes, 1) ** 0.5
    return {i: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for i, (x, y) in pos.items()}


def traditional_fold(text: str) -> dict:
    """Traditional form → simplified, for every character of the labels, so that search finds 雲南 as 云南."""
    import opencc

    s2t = opencc.OpenCC("s2t")
    out = {}
    for ch in sorted(set(text)):
        t = s2t.convert(ch)
        if t != ch and len(t) == 1:
            out[t] = ch
    return out


def render_html(g: Graph, title: str = "govkg") -> str:
    data = view_data(g)
    net = data["net"]
    edges = [(e["from"], e["to"]) for e in net.edges]
    pos = layout(len(net.nodes), edges)
    nodes = []
    for n in net.nodes:
        x, y = pos.get(n["id"], (0, 0))
        colour, shape, _ = STYLE[n["group"]]
        nodes.append({"id": n["id"], "label": n["label"], "title": n["title"], "color": colour,
                      "shape": shape, "size": round(n["size"], 1), "group": n["group"], "x": x, "y": y})
    links = [{"from": e["from"], "to": e["to"], "label": e.get("label", ""), "arrows": "to"} for e in net.edges]
    vis = resources.files("pyvis").joinpath("lib", "vis-9.1.2")
    template = resources.files("kg").joinpath("templates", "graph.html").read_text(encoding="utf-8")
    legend = [{"cls": c, "color": s[0], "label": s[2]} for c, s in STYLE.items()]
    fold = traditional_fold("".join(n["label"] for n in nodes) + "".join(
        f[1] for d in data["details"].values() for f in d["facts"] if f[0] == "name"))
    page = (template.replace("{{TITLE}}", html.escape(title))
            .replace("/*VIS_CSS*/", vis.joinpath("vis-network.css").read_text(encoding="utf-8"))
            .replace("/*VIS_JS*/", vis.joinpath("vis-network.min.js").read_text(encoding="utf-8").replace("</script", "<\\/script"))
            .replace("/*DATA*/", "const NODES = " + _safe_json(nodes) + ";\nconst EDGES = " + _safe_json(links)
                     + ";\nconst DETAILS = " + _safe_json(data["details"]) + ";\nconst LEGEND = " + _safe_json(legend)
                     + ";\nconst FOLD = " + _safe_json(fold) + ";"))
    return page


def write_html(g: Graph, path: Path, title: str = "govkg") -> None:
    Path(path).write_text(render_html(g, title), encoding="utf-8")
