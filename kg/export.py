"""Export: a built graph in the formats of network and spreadsheet tools.

- `graphml` and `gexf` (networkx writes them; Gephi, Cytoscape, yEd and networkx read them): one node per
  typed resource, with its class, name, region code, year and its other literal properties; one edge per
  relation between two nodes, keyed and labelled by the relation's name (`partOf`, `region`, `evidence`…).
  Without evidence, the Evidence nodes are left out and each fact is linked to the reports that state it
  by a `wasQuotedFrom` edge instead.
- `jsonld`: every triple, as JSON-LD 1.1 in compacted form, with a context made from the ontology
  (`ontology/govkg.ttl`): object properties take IRIs, datatype properties their range's datatype.
- `csv`: one table per class (`projects.csv`, `investments.csv`, …) with a column per property; related
  nodes are given by id (the part of the IRI after `https://w3id.org/govkg/id/`) and by name.

The graph is read from the output's Oxigraph store (the one `kg query` keeps), one node at a time: the
JSON-LD writer holds one node, the CSV writer one class's rows, and networkx the whole network.
"""
from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from itertools import groupby
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import PROV

from .errors import KGError
from .query import StoreGraph, graph_path, oxigraph_store
from .vocab import GOV, ID

FORMATS = ("graphml", "gexf", "jsonld", "csv")
# every class, in the order nodes are written; CSV tables are named by the file names here
CLASSES = {GOV.Document: "documents", GOV.Region: "regions", GOV.Organization: "organizations",
           GOV.Project: "projects", GOV.Investment: "investments", GOV.Campaign: "campaigns",
           GOV.Goal: "goals", GOV.Indicator: "indicators", GOV.Evidence: "evidence"}
NAMES = (GOV.name, GOV.title, GOV.goalText, GOV.fileName)  # what a node is called, first found
ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "govkg.ttl"
PREFIXES = {"gov": str(GOV), "id": str(ID), "prov": str(PROV), "rdfs": str(RDFS), "xsd": str(XSD)}
SEP = " | "  # between the values of a many-valued property in a CSV cell


class ExportError(KGError):
    pass


def local(iri) -> str:
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def short_id(iri) -> str:
    """A node's IRI without the instance namespace: `region/530681`."""
    s = str(iri)
    return s[len(str(ID)):] if s.startswith(str(ID)) else s


def read(data="output") -> StoreGraph:
    """The output's graph, as the store `kg query` keeps."""
    return StoreGraph(oxigraph_store(data))


def classes(g) -> list:
    """The classes of the graph's nodes: the ontology's in CLASSES order, then any other in IRI order."""
    found = set(g.objects(None, RDF.type))
    return [c for c in CLASSES if c in found] + sorted(found - set(CLASSES), key=str)


def table_name(cls) -> str:
    return CLASSES.get(cls) or re.sub(r"[^\w-]", "_", local(cls)).lower()


def nodes(g, untyped: bool = False):
    """(IRI, class, {predicate: [objects]}) for every typed node, class by class, in IRI order; with
    `untyped`, then every subject without a class (its class None)."""
    typed = set()
    for cls in classes(g):
        members = sorted(set(g.subjects(RDF.type, cls)) - typed, key=str)  # a node of two classes: the first
        typed.update(members)
        for s in members:
            yield s, cls, _props(g, s)
    if untyped:
        for s in sorted({s for s, _, _ in g.triples((None, None, None))} - typed, key=str):
            yield s, None, _props(g, s)


def _props(g, s) -> dict:
    props = defaultdict(list)
    for p, o in g.predicate_objects(s):
        if p != RDF.type:
            props[p].append(o)
    return {p: sorted(props[p], key=str) for p in sorted(props, key=_order)}


def _order(p):
    return (p not in NAMES, NAMES.index(p) if p in NAMES else 0, local(p))


def name_of(props) -> str | None:
    for p in NAMES:
        if props.get(p):
            return str(props[p][0])
    return None


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _python(o):
    """A literal as the value networkx writes: numbers as numbers, the rest as text that XML can hold."""
    if isinstance(o, Literal) and o.datatype in (XSD.decimal, XSD.double, XSD.float):
        return float(o)
    if isinstance(o, Literal) and o.datatype in (XSD.integer, XSD.gYear):
        return int(str(o))
    if isinstance(o, Literal) and o.datatype == XSD.boolean:
        return str(o) == "true"
    return _NOT_XML.sub("\ufffd", str(o))


class _Names:
    """Names and region codes of the nodes others refer to, looked up once each; evidence years."""

    def __init__(self, g):
        self.g, self.names, self.codes = g, {}, {}

    def name(self, iri):
        if iri not in self.names:
            self.names[iri] = next((str(v) for p in NAMES for v in [self.g.value(iri, p)] if v is not None), None)
        return self.names[iri]

    def year(self, evidence):
        v = self.g.value(evidence, GOV.year)
        return None if v is None else int(str(v))

    def code(self, iri):
        if iri not in self.codes:
            v = self.g.value(iri, GOV.adminCode)
            self.codes[iri] = None if v is None else str(v)
        return self.codes[iri]


def network(g, evidence: bool = True):
    """The graph as a networkx MultiDiGraph: nodes by IRI, edges keyed by their relation."""
    import networkx as nx

    G = nx.MultiDiGraph()
    names = _Names(g)
    quoted = {}  # evidence → the documents it quotes, when evidence nodes are left out
    if not evidence:
        for e, doc in g.subject_objects(PROV.wasQuotedFrom):
            quoted.setdefault(e, []).append(doc)
    edges = []
    for s, cls, props in nodes(g):
        if cls == GOV.Evidence and not evidence:
            continue
        attrs = {"class": local(cls)}
        name = name_of(props)
        if name is not None:
            attrs["name"] = attrs["label"] = _NOT_XML.sub("\ufffd", name)
        region = props.get(GOV.region) or props.get(GOV.mainRegion) or ([s] if cls == GOV.Region else [])
        code = names.code(region[0]) if region else None
        if code:
            attrs["regionCode"] = code
        years = [y for e in props.get(GOV.evidence, ()) for y in [names.year(e)] if y is not None]
        if GOV.year not in props and years:
            attrs["year"] = min(years)  # a fact without a year of its own: the first year it is stated for
        for p, values in props.items():
            if isinstance(values[0], Literal):
                key = local(p)
                attrs[key] = _python(values[0] if len(values) == 1 else Literal(SEP.join(map(str, values))))
            else:
                for o in values:
                    if p == GOV.evidence and not evidence:
                        edges.extend((s, doc, local(PROV.wasQuotedFrom)) for doc in quoted.get(o, ()))
                    else:
                        edges.append((s, o, local(p)))
        G.add_node(str(s), **attrs)
    for s, o, rel in edges:
        if str(o) in G and not G.has_edge(str(s), str(o), key=rel):
            G.add_edge(str(s), str(o), key=rel, relation=rel)
    return G


def context(ontology: Path = ONTOLOGY) -> dict:
    """The JSON-LD @context: the prefixes, and one term per class and property of the ontology. Object
    properties take IRIs; datatype properties take their range's datatype (except xsd:string, which
    plain strings are)."""
    ctx = dict(PREFIXES)
    ont = Graph()
    if ontology.is_file():
        ont.parse(ontology, format="turtle")
    for name in GOV.__annotations__:
        term = GOV[name]
        kinds = set(ont.objects(term, RDF.type))
        rng = ont.value(term, RDFS.range)
        if URIRef("http://www.w3.org/2002/07/owl#ObjectProperty") in kinds:
            ctx[name] = {"@id": f"gov:{name}", "@type": "@id"}
        elif rng is not None and str(rng).startswith(str(XSD)) and rng != XSD.string:
            ctx[name] = {"@id": f"gov:{name}", "@type": f"xsd:{local(rng)}"}
        else:
            ctx[name] = f"gov:{name}"
    ctx[local(PROV.wasQuotedFrom)] = {"@id": f"prov:{local(PROV.wasQuotedFrom)}", "@type": "@id"}
    ctx[local(RDFS.label)] = f"rdfs:{local(RDFS.label)}"
    return ctx


def _compact(iri: str, ctx: dict) -> str:
    for prefix in ("id", "gov", "prov", "rdfs", "xsd"):
        if iri.startswith(ctx[prefix]):
            return f"{prefix}:{iri[len(ctx[prefix]):]}"
    return iri


def jsonld_node(s, cls, props, ctx: dict, terms: dict, types=()) -> dict:
    node = {"@id": _compact(str(s), ctx)}
    if types:
        names = [terms.get(str(t)) or _compact(str(t), ctx) for t in types]
        node["@type"] = names[0] if len(names) == 1 else names
    for p, values in props.items():
        term = terms.get(str(p))
        definition = ctx.get(term, {}) if term else {}
        coerced = definition.get("@type") if isinstance(definition, dict) else None
        out = []
        for o in values:
            if not isinstance(o, Literal):
                out.append(_compact(str(o), ctx) if coerced == "@id" else {"@id": _compact(str(o), ctx)})
            elif o.language:
                out.append({"@value": str(o), "@language": o.language})
            elif o.datatype is not None and o.datatype != XSD.string:
                dt = _compact(str(o.datatype), ctx)
                out.append(str(o) if coerced == dt else {"@value": str(o), "@type": dt})
            else:
                out.append(str(o) if coerced is None else {"@value": str(o)})
        node[term or _compact(str(p), ctx)] = out[0] if len(out) == 1 else out
    return node


def write_jsonld(g, out: Path) -> int:
    ctx = context()
    terms = {}
    for term, definition in ctx.items():
        iri = definition["@id"] if isinstance(definition, dict) else definition
        if ":" in iri and term not in PREFIXES:
            prefix, rest = iri.split(":", 1)
            terms[PREFIXES[prefix] + rest] = term
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        f.write('{\n"@context": ' + json.dumps(ctx, ensure_ascii=False, indent=1, sort_keys=True) + ',\n"@graph": [')
        for s, cls, props in nodes(g, untyped=True):
            types = sorted(g.objects(s, RDF.type), key=str)
            f.write(("," if n else "") + "\n" + json.dumps(jsonld_node(s, cls, props, ctx, terms, types),
                                                           ensure_ascii=False))
            n += 1
        f.write("\n]\n}\n")
    return n


def write_csv(g, folder: Path) -> dict:
    """One table per class; returns {file name: rows}."""
    folder.mkdir(parents=True, exist_ok=True)
    names = _Names(g)
    counts = {}
    for cls, group in groupby(nodes(g), key=lambda node: node[1]):
        rows = [(s, props) for s, _, props in group]
        # columns: id, then each property in the order first seen; related nodes also by name
        columns, related = [], set()
        for _, props in rows:
            for p, values in props.items():
                if p not in columns:
                    columns.append(p)
                if not isinstance(values[0], Literal) and p != GOV.evidence:
                    related.add(p)
        columns.sort(key=_order)
        header = ["id"]
        for p in columns:
            header.append(local(p))
            if p in related:
                header.append(local(p) + "Name")
        path = folder / f"{table_name(cls)}.csv"
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            for s, props in rows:
                row = [short_id(s)]
                for p in columns:
                    values = props.get(p, [])
                    if values and not isinstance(values[0], Literal):
                        row.append(SEP.join(short_id(o) for o in values))
                    else:
                        row.append(SEP.join(map(str, values)))
                    if p in related:
                        row.append(SEP.join(names.name(o) or "" for o in values))
                w.writerow(row)
        counts[path.name] = len(rows)
    return counts


def default_out(data, fmt: str) -> Path:
    folder = graph_path(data).parent
    return folder / "csv" if fmt == "csv" else folder / f"graph.{fmt}"


def export(fmt: str, data="output", out=None, evidence: bool = True) -> tuple:
    """Write the output's graph in `fmt`; returns (path, a one-line summary)."""
    import networkx as nx

    if fmt not in FORMATS:
        raise ExportError(f"unknown format '{fmt}': use one of {', '.join(FORMATS)}")
    g = read(data)
    path = Path(out) if out else default_out(data, fmt)
    if fmt != "csv":
        path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        counts = write_csv(g, path)
        return path, f"{len(counts)} tables, {sum(counts.values())} rows"
    if fmt == "jsonld":
        return path, f"{write_jsonld(g, path)} nodes"
    G = network(g, evidence=evidence)
    (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(G, path)
    return path, f"{G.number_of_nodes()} nodes, {G.number_of_edges()} edges"
