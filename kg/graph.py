"""Graph: fact records → an rdflib Graph in the govkg vocabulary.

IRIs are deterministic: regions by admin key, documents by file name, projects and campaigns by
(region, normalised name) so that the same thing named in two reports is one node with two
evidences, and every other node by a hash of what makes it that fact. The same input therefore gives
the same triples, and the Turtle serialiser writes them in the same order.

A statement's own circumstances (a project's status, capacity and year as one report states them; a
campaign's year) live on its Evidence node, since two reports may say different things of one project.
"""
from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from urllib.parse import quote

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV, XSD

from .gazetteer import gazetteer
from .records import DocumentFacts, Evidence
from .resolve import merge_key
from .vocab import GOV, ID

PREFIXES = {"gov": GOV._NS, "id": ID, "prov": PROV, "xsd": XSD, "rdfs": RDFS}


def _hash(*parts) -> str:
    return hashlib.sha1("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def doc_iri(name: str) -> URIRef:
    return ID["doc/" + quote(name)]


def region_iri(key: str) -> URIRef:
    return ID["region/" + quote(key, safe="")]


def project_iri(region, name) -> URIRef:
    return ID["project/" + _hash(region, merge_key(name))]


def campaign_iri(region, name) -> URIRef:
    return ID["campaign/" + _hash(region, merge_key(name))]


def org_iri(name) -> URIRef:
    return ID["org/" + _hash(merge_key(name))]


def _year(y) -> Literal:
    return Literal(f"{int(y):04d}", datatype=XSD.gYear)


def _dec(x) -> Literal:
    d = Decimal(str(x)).normalize()
    if d == d.to_integral():
        d = d.quantize(Decimal(1))
    return Literal(d, datatype=XSD.decimal)


class GraphBuilder:
    def __init__(self):
        self.g = Graph()
        for p, ns in PREFIXES.items():
            self.g.bind(p, ns)
        self.gaz = gazetteer()
        self._regions_done = set()

    # ----------------------------------------------------------------------------- helpers
    def add(self, s, p, o):
        if o is not None:
            self.g.add((s, p, o))

    def lit(self, s, p, value, datatype=None):
        if value is not None and value != "":
            self.g.add((s, p, Literal(value, datatype=datatype) if datatype else Literal(value)))

    def region(self, key):
        if key is None:
            return None
        iri = region_iri(key)
        if key in self._regions_done:
            return iri
        self._regions_done.add(key)
        r = self.gaz.regions[key]
        self.add(iri, RDF.type, GOV.Region)
        self.lit(iri, GOV.name, r.name)
        self.add(iri, RDFS.label, Literal(r.name, lang="zh"))
        self.lit(iri, GOV.adminLevel, r.level)
        self.lit(iri, GOV.adminCode, r.code)
        if r.parent:
            self.add(iri, GOV.partOf, self.region(r.parent))
        return iri

    def evidence(self, fact_iri, ev: Evidence, **attrs):
        iri = ID["evidence/" + _hash(fact_iri, ev.doc, ev.start, ev.end, ev.rule)]
        self.add(fact_iri, GOV.evidence, iri)
        self.add(iri, RDF.type, GOV.Evidence)
        self.add(iri, PROV.wasQuotedFrom, doc_iri(ev.doc))
        self.lit(iri, GOV.sentence, ev.text)
        self.lit(iri, GOV.startOffset, ev.start, XSD.integer)
        self.lit(iri, GOV.endOffset, ev.end, XSD.integer)
        self.lit(iri, GOV.extractedBy, ev.rule or "unknown")
        self.add(iri, GOV.confidence, _dec(ev.confidence))
        for p, v in attrs.items():
            if v is None:
                continue
            if p == "year":
                self.add(iri, GOV.year, _year(v))
            else:
                self.lit(iri, GOV[p], v)
        return iri

    def named(self, iri, cls, name, region):
        self.add(iri, RDF.type, cls)
        existing = self.g.value(iri, GOV.name)
        if existing is None:
            self.lit(iri, GOV.name, name)
            self.add(iri, RDFS.label, Literal(name, lang="zh"))
        elif str(existing) != name:
            self.lit(iri, GOV.alias, name)
        self.add(iri, GOV.region, self.region(region))

    # ------------------------------------------------------------------------------- facts
    def add_document(self, facts: DocumentFacts):
        d = facts.document
        di = doc_iri(d.name)
        self.add(di, RDF.type, GOV.Document)
        self.lit(di, GOV.fileName, d.name)
        self.lit(di, GOV.title, d.title)
        if d.title:
            self.add(di, RDFS.label, Literal(d.title, lang="zh"))
        self.lit(di, GOV.publicationDate, d.date, XSD.date)
        if d.year:
            self.add(di, GOV.year, _year(d.year))
        self.lit(di, GOV.source, d.source)
        self.lit(di, GOV.encoding, d.encoding)
        self.lit(di, GOV.script, d.script)
        self.lit(di, GOV.contentHash, d.sha256)
        self.add(di, GOV.mainRegion, self.region(d.main_region))
        for m in facts.mentions:
            self.add(di, GOV.mentions, self.region(m.region))

        for p in facts.projects:
            pi = project_iri(p.region, p.name)
            self.named(pi, GOV.Project, p.name, p.region)
            if p.company:
                oi = org_iri(p.company)
                self.add(oi, RDF.type, GOV.Organization)
                if self.g.value(oi, GOV.name) is None:
                    self.lit(oi, GOV.name, p.company)
                    self.add(oi, RDFS.label, Literal(p.company, lang="zh"))
                self.add(pi, GOV.company, oi)
            self.evidence(pi, p.evidence, status=p.status, capacity=p.capacity, year=p.year)

        for c in facts.campaigns:
            ci = campaign_iri(c.region, c.name)
            self.named(ci, GOV.Campaign, c.name, c.region)
            self.evidence(ci, c.evidence, year=c.year)

        for inv in facts.investments:
            ii = ID["investment/" + _hash(inv.doc, inv.evidence.start, inv.amount, inv.currency, inv.project, inv.kind)]
            self.add(ii, RDF.type, GOV.Investment)
            self.add(ii, GOV.amount, _dec(inv.amount))
            self.lit(ii, GOV.currency, inv.currency)
            self.lit(ii, GOV.investmentKind, inv.kind)
            self.lit(ii, GOV.hedge, inv.hedge)
            self.add(ii, GOV.region, self.region(inv.region))
            if inv.project:
                self.add(ii, GOV.project, project_iri(inv.region, inv.project))
            if inv.year:
                self.add(ii, GOV.year, _year(inv.year))
            if inv.year_end:
                self.add(ii, GOV.yearEnd, _year(inv.year_end))
            self.evidence(ii, inv.evidence)

        for goal in facts.goals:
            gi = ID["goal/" + _hash(goal.doc, goal.region, goal.text, goal.campaign)]
            self.add(gi, RDF.type, GOV.Goal)
            self.lit(gi, GOV.goalText, goal.text)
            self.add(gi, GOV.region, self.region(goal.region))
            if goal.campaign:
                self.add(gi, GOV.campaign, campaign_iri(goal.region, goal.campaign))
            if goal.year:
                self.add(gi, GOV.year, _year(goal.year))
            self.evidence(gi, goal.evidence)

        for ind in facts.indicators:
            ni = ID["indicator/" + _hash(ind.doc, ind.evidence.start, ind.name, ind.value, ind.unit, ind.measure,
                                         ind.year, ind.target)]
            self.add(ni, RDF.type, GOV.Indicator)
            self.lit(ni, GOV.name, ind.name)
            self.add(ni, GOV.value, _dec(ind.value))
            self.lit(ni, GOV.unit, ind.unit)
            self.lit(ni, GOV.measure, ind.measure)
            self.add(ni, GOV.isTarget, Literal(bool(ind.target)))
            self.lit(ni, GOV.hedge, ind.hedge)
            self.add(ni, GOV.region, self.region(ind.region))
            if ind.year:
                self.add(ni, GOV.year, _year(ind.year))
            self.evidence(ni, ind.evidence)


def build_graph(all_facts) -> Graph:
    b = GraphBuilder()
    for facts in all_facts:
        b.add_document(facts)
    return b.g


def index(g: Graph) -> dict:
    """subject → [(predicate, object)]: one pass over the graph, shared by the writers."""
    idx: dict = {}
    for s_, p, o in g:
        idx.setdefault(s_, []).append((p, o))
    return idx


_PN_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")


def _term(t, prefixes) -> str:
    """A term in Turtle, with a prefix where the local name allows one."""
    if isinstance(t, URIRef):
        for ns, prefix in prefixes:
            if t.startswith(ns):
                local = t[len(ns):]
                if _PN_LOCAL.match(local):
                    return f"{prefix}:{local}"
        return t.n3()
    if isinstance(t, Literal) and t.datatype is not None:
        return Literal(str(t)).n3() + "^^" + _term(t.datatype, prefixes)
    return t.n3()


def serialize(g: Graph, idx: dict = None) -> str:
    """Turtle, written by govkg: subjects sorted, predicates and objects sorted, so that the same graph
    is the same file (rdflib's own pretty serializer is correct but slow on large graphs)."""
    prefixes = sorted(((str(ns), p) for p, ns in PREFIXES.items()), key=lambda x: -len(x[0]))
    prefixes.append((str(RDF), "rdf"))
    lines = [f"@prefix {p}: <{ns}> ." for ns, p in sorted(prefixes, key=lambda x: x[1])]
    lines.append("")
    idx = idx if idx is not None else index(g)
    for subject in sorted(idx, key=str):
        pos = sorted(idx[subject], key=lambda po: (str(po[0]) != str(RDF.type), str(po[0]), _sort_key(po[1])))
        out = [f"{_term(subject, prefixes)}"]
        current = None
        parts = []
        for p, o in pos:
            if p != current:
                if parts:
                    out.append(parts)
                current = p
                parts = ["a" if p == RDF.type else _term(p, prefixes), [_term(o, prefixes)]]
            else:
                parts[1].append(_term(o, prefixes))
        out.append(parts)
        body = " ;\n    ".join(f"{pred} {', '.join(objs)}" for pred, objs in out[1:])
        lines.append(f"{out[0]} {body} .\n")
    return "\n".join(lines)


def _sort_key(o) -> tuple:
    return (type(o).__name__, str(o), str(getattr(o, "datatype", "") or ""), str(getattr(o, "language", "") or ""))


def graph_iri(doc_name: str) -> URIRef:
    """The named graph that holds what one report says."""
    return ID["graph/" + quote(doc_name)]


def partition(g: Graph) -> dict:
    """The triples each report supports: {document file name: Graph}.

    A report's graph holds its Document node, its Evidence nodes, every fact those evidences support
    (without the evidence links of other reports), and the regions, organisations, projects and
    campaigns those facts point to, with the regions' chains. A node that two reports share appears in
    both graphs, so that dropping one report's graph from a store leaves the other report whole."""
    out = {}
    for name, triples in _partition_triples(g):
        sub = Graph()
        for t in triples:
            sub.add(t)
        out[name] = sub
    return out


def _partition_triples(g: Graph, idx: dict = None):
    """(document file name, [triples]) for each report, from one index of the graph."""
    idx = idx if idx is not None else index(g)
    evidence_of, quoted = {}, {}
    for s_, pos in idx.items():
        for p, o in pos:
            if p == PROV.wasQuotedFrom:
                quoted.setdefault(o, set()).add(s_)
            elif p == GOV.evidence:
                evidence_of.setdefault(o, []).append(s_)
    docs = sorted(s_ for s_, pos in idx.items() if (RDF.type, GOV.Document) in pos)
    for d in docs:
        name = next(str(o) for p, o in idx[d] if p == GOV.fileName)
        evidence = quoted.get(d, set())
        todo = [d]
        for e in evidence:
            todo.append(e)
            todo.extend(evidence_of.get(e, ()))
        seen, triples = set(), []
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for p, o in idx.get(node, ()):
                if p == GOV.evidence and o not in evidence:
                    continue
                triples.append((node, p, o))
                if isinstance(o, URIRef) and p != RDF.type and p != PROV.wasQuotedFrom:
                    todo.append(o)
        yield name, triples


def serialize_nquads(g: Graph, idx: dict = None) -> str:
    """One named graph per report, in N-Quads, lines sorted so that the same graph gives the same file."""
    lines = []
    for name, triples in _partition_triples(g, idx):
        gi = graph_iri(name).n3()
        lines.extend(f"{s_.n3()} {p.n3()} {o.n3()} {gi} ." for s_, p, o in triples)
    return "\n".join(sorted(lines)) + "\n"
