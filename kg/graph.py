"""Graph: fact records → triples in the govkg vocabulary, written as Turtle and N-Quads, or as an rdflib Graph.

`doc_triples` turns one report's facts into the triples that report states. IRIs are deterministic:
regions by admin key, documents by file name, projects and campaigns by (region, normalised name) so
that the same thing named in two reports is one node with two evidences, and every other node by a hash
of what makes it that fact. A statement's own circumstances (a project's status, capacity and year as
one report states them; a campaign's year) live on its Evidence node, since two reports may say
different things of one project.

Writing is done report by report, so that a corpus of any size is written with memory bounded by its
largest report:

- `render_doc` renders one report where it is processed: its named graph as sorted N-Quads, and the
  Turtle of the nodes that only it describes (its Document, Evidence, Investment, Goal and Indicator
  nodes, which carry the report in their IRIs).
- The nodes that reports share (regions, projects, campaigns, organisations) are merged at the end by
  `SharedNodes`, a table in an on-disk SQLite file that SQLite sorts and groups. A node that two
  reports name differently keeps the first report's name and label; its other names become gov:alias.

The same input therefore gives the same bytes, whatever the order in which reports were processed.
`build_graph` makes the same merged graph as an rdflib Graph, for the page, the tests and notebooks.
"""
from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import groupby
from typing import NamedTuple, Optional
from urllib.parse import quote

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV, XSD

from .gazetteer import gazetteer
from .records import DocumentFacts, Evidence
from .resolve import merge_key
from .vocab import GOV, ID

PREFIXES = {"gov": GOV._NS, "id": ID, "prov": PROV, "xsd": XSD, "rdfs": RDFS}


# ------------------------------------------------------------------------------------------ terms

class Lit(NamedTuple):
    """A literal as written: its lexical form, and a datatype IRI or a language tag."""

    lex: str
    dt: Optional[str] = None
    lang: Optional[str] = None


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


def graph_iri(doc_name: str) -> URIRef:
    """The named graph that holds what one report says."""
    return ID["graph/" + quote(doc_name)]


def indicator_iri(ind) -> URIRef:
    return ID["indicator/" + _hash(ind.doc, ind.evidence.start, ind.name, ind.value, ind.unit, ind.measure, ind.year,
                                   ind.target)]


# the nodes that several reports can describe; every other node belongs to one report
SHARED = tuple(str(ID[k]) for k in ("region/", "project/", "campaign/", "org/"))


def _year(y) -> Lit:
    return Lit(f"{int(y):04d}", str(XSD.gYear))


def _dec(x) -> Lit:
    d = Decimal(str(x)).normalize()
    if d == d.to_integral():
        d = d.quantize(Decimal(1))
    return Lit(format(d, "f"), str(XSD.decimal))


def _esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def _literal(t: Lit, datatype: str) -> str:
    """A literal as N-Triples and Turtle both write it, given its datatype IRI as written."""
    if t.dt:
        return f'"{_esc(t.lex)}"^^{datatype}'
    if t.lang:
        return f'"{_esc(t.lex)}"@{t.lang}'
    return f'"{_esc(t.lex)}"'


def nt(t) -> str:
    """A term in N-Triples."""
    if isinstance(t, Lit):
        return _literal(t, f"<{t.dt}>")
    return f"<{t}>"


_PN_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*$")
_TTL_PREFIXES = sorted([(str(ns), p) for p, ns in PREFIXES.items()] + [(str(RDF), "rdf")], key=lambda x: -len(x[0]))


@lru_cache(maxsize=4096)
def _ttl_iri(iri: str) -> str:
    for ns, prefix in _TTL_PREFIXES:
        if iri.startswith(ns) and _PN_LOCAL.match(iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


_INSTANCES = str(ID)


def ttl(t) -> str:
    """A term in Turtle, with a prefix where the local name allows one."""
    if isinstance(t, Lit):
        return _literal(t, _ttl_iri(t.dt) if t.dt else "")
    if t.startswith(_INSTANCES):
        return _ttl_iri.__wrapped__(t)  # one of many nodes: not worth a cache entry
    return _ttl_iri(t)  # a vocabulary term: few, cached


def _object_key(t) -> str:
    """Objects in a subject's Turtle block: literals before IRIs, then by text, datatype and language."""
    if isinstance(t, Lit):
        return f"0\x00{t.lex}\x00{t.dt or ''}\x00{t.lang or ''}"
    return f"1\x00{t}"


def to_rdflib(t):
    if isinstance(t, Lit):
        if t.dt:
            return Literal(t.lex, datatype=URIRef(t.dt))
        return Literal(t.lex, lang=t.lang)
    return URIRef(t)


# ---------------------------------------------------------------------------------- one report

class _Terms:
    """A namespace's terms as plain str: faster to hash, compare and sort than rdflib terms, in the
    hot path of writing every report's triples."""

    def __init__(self, ns):
        self._ns = ns

    def __getattr__(self, name):
        value = str(self._ns[name])
        setattr(self, name, value)
        return value

    __getitem__ = __getattr__


V = _Terms(GOV)
_TYPE, _LABEL, _QUOTED = str(RDF.type), str(RDFS.label), str(PROV.wasQuotedFrom)
_XSD_INTEGER, _XSD_DATE, _XSD_BOOLEAN = str(XSD.integer), str(XSD.date), str(XSD.boolean)


def doc_triples(facts: DocumentFacts) -> set:
    """The triples one report states, as (subject, predicate, object) with IRIs as str and literals as Lit."""
    out = set()
    add = out.add
    gaz = gazetteer()
    regions_done = set()
    names = {}

    def lit(s, p, value, dt=None):
        if value is not None and value != "":
            add((s, p, Lit(str(value), dt)))

    def region(key):
        if key is None:
            return None
        iri = str(region_iri(key))
        if key in regions_done:
            return iri
        regions_done.add(key)
        r = facts.new_regions.get(key) or gaz.regions[key]
        add((iri, _TYPE, V.Region))
        lit(iri, V.name, r.name)
        add((iri, _LABEL, Lit(r.name, None, "zh")))
        lit(iri, V.adminLevel, r.level)
        lit(iri, V.adminCode, r.code)
        if r.parent:
            add((iri, V.partOf, region(r.parent)))
        return iri

    def named(iri, cls, name, alias=True):
        add((iri, _TYPE, cls))
        first = names.setdefault(iri, name)
        if first == name:
            lit(iri, V.name, name)
            add((iri, _LABEL, Lit(name, None, "zh")))
        elif alias:
            lit(iri, V.alias, name)

    def evidence(fact, ev: Evidence, **attrs):
        iri = str(ID["evidence/" + _hash(fact, ev.doc, ev.start, ev.end, ev.rule)])
        add((fact, V.evidence, iri))
        add((iri, _TYPE, V.Evidence))
        add((iri, _QUOTED, str(doc_iri(ev.doc))))
        lit(iri, V.sentence, ev.text)
        lit(iri, V.startOffset, ev.start, _XSD_INTEGER)
        lit(iri, V.endOffset, ev.end, _XSD_INTEGER)
        lit(iri, V.extractedBy, ev.rule or "unknown")
        add((iri, V.confidence, _dec(ev.confidence)))
        for p, v in attrs.items():
            if v is not None:
                add((iri, V.year, _year(v))) if p == "year" else lit(iri, V[p], v)

    def located(s, key):
        r = region(key)
        if r is not None:
            add((s, V.region, r))

    def dated(s, year, p=V.year):
        if year:
            add((s, p, _year(year)))

    d = facts.document
    di = str(doc_iri(d.name))
    add((di, _TYPE, V.Document))
    lit(di, V.fileName, d.name)
    lit(di, V.title, d.title)
    if d.title:
        add((di, _LABEL, Lit(d.title, None, "zh")))
    lit(di, V.publicationDate, d.date, _XSD_DATE)
    dated(di, d.year)
    lit(di, V.source, d.source)
    lit(di, V.encoding, d.encoding)
    lit(di, V.script, d.script)
    lit(di, V.contentHash, d.sha256)
    if d.main_region:
        add((di, V.mainRegion, region(d.main_region)))
    for m in facts.mentions:
        add((di, V.mentions, region(m.region)))

    for p in facts.projects:
        pi = str(project_iri(p.region, p.name))
        named(pi, V.Project, p.name)
        located(pi, p.region)
        if p.company:
            oi = str(org_iri(p.company))
            named(oi, V.Organization, p.company, alias=False)
            add((pi, V.company, oi))
        evidence(pi, p.evidence, status=p.status, capacity=p.capacity, year=p.year)

    for c in facts.campaigns:
        ci = str(campaign_iri(c.region, c.name))
        named(ci, V.Campaign, c.name)
        located(ci, c.region)
        evidence(ci, c.evidence, year=c.year)

    for inv in facts.investments:
        ii = str(ID["investment/" + _hash(inv.doc, inv.evidence.start, inv.amount, inv.currency, inv.project,
                                          inv.kind)])
        add((ii, _TYPE, V.Investment))
        add((ii, V.amount, _dec(inv.amount)))
        lit(ii, V.currency, inv.currency)
        lit(ii, V.investmentKind, inv.kind)
        lit(ii, V.hedge, inv.hedge)
        located(ii, inv.region)
        if inv.project:
            add((ii, V.project, str(project_iri(inv.region, inv.project))))
        dated(ii, inv.year)
        dated(ii, inv.year_end, V.yearEnd)
        evidence(ii, inv.evidence)

    for goal in facts.goals:
        gi = str(ID["goal/" + _hash(goal.doc, goal.region, goal.text, goal.campaign)])
        add((gi, _TYPE, V.Goal))
        lit(gi, V.goalText, goal.text)
        located(gi, goal.region)
        if goal.campaign:
            add((gi, V.campaign, str(campaign_iri(goal.region, goal.campaign))))
        dated(gi, goal.year)
        evidence(gi, goal.evidence)

    for ind in facts.indicators:
        ni = str(indicator_iri(ind))
        add((ni, _TYPE, V.Indicator))
        lit(ni, V.name, ind.name)
        add((ni, V.value, _dec(ind.value)))
        lit(ni, V.unit, ind.unit)
        lit(ni, V.measure, ind.measure)
        add((ni, V.isTarget, Lit("true" if ind.target else "false", _XSD_BOOLEAN)))
        lit(ni, V.hedge, ind.hedge)
        if getattr(ind, "high", None) is not None:
            add((ni, V.valueHigh, _dec(ind.high)))
        located(ni, ind.region)
        dated(ni, ind.year)
        evidence(ni, ind.evidence)
    return out


def _block(subject: str, pos) -> str:
    """One subject's Turtle statement; `pos` is [(predicate, object in Turtle, object key)]."""
    pos = sorted(pos, key=lambda x: (x[0] != _TYPE, x[0], x[2]))
    parts = []
    for p, group in groupby(pos, key=lambda x: x[0]):
        pred = "a" if p == _TYPE else _ttl_iri(p)
        parts.append(f"{pred} {', '.join(o for _, o, _ in group)}")
    return f"{ttl(subject)} " + " ;\n    ".join(parts) + " .\n\n"


class _Memo(dict):
    """f(x), computed once per x."""

    def __init__(self, f):
        super().__init__()
        self.f = f

    def __missing__(self, key):
        value = self[key] = self.f(key)
        return value


@dataclass
class DocGraph:
    """One report, rendered: its named graph in N-Quads, the Turtle of its own nodes, and the triples of
    the shared nodes it describes, (subject, predicate, object in Turtle, object key), for the merge."""

    name: str
    nquads: str
    turtle: str
    shared: list
    local_triples: int


def render_doc(facts: DocumentFacts) -> DocGraph:
    triples = doc_triples(facts)
    g = " " + nt(graph_iri(facts.document.name)) + " .\n"
    as_nt, as_ttl = _Memo(nt), _Memo(ttl)  # a subject or a value recurs in a report's triples
    nquads = "".join(sorted(f"{as_nt[s]} {as_nt[p]} {as_nt[o]}{g}" for s, p, o in triples))
    local, shared = {}, []
    for s, p, o in triples:
        row = (p, as_ttl[o], _object_key(o))
        if s.startswith(SHARED):
            shared.append((s,) + row)
        else:
            local.setdefault(s, []).append(row)
    turtle = "".join(_block(s, local[s]) for s in sorted(local))
    return DocGraph(facts.document.name, nquads, turtle, sorted(shared), len(triples) - len(shared))


# ------------------------------------------------------------------------------ the shared nodes

_NAME, _LABEL, _ALIAS = str(GOV.name), str(RDFS.label), str(GOV.alias)


def merge_node(rows) -> list:
    """The triples of one shared node from what every report says of it, [(predicate, object, key, first
    report)]: the first report's name and label stay, the other reports' names become aliases."""
    first = lambda x: (x[0], x[2])  # noqa: E731 - by report, then by the object's text
    names = sorted(((d, o, k) for p, o, k, d in rows if p == _NAME), key=first)
    labels = sorted(((d, o, k) for p, o, k, d in rows if p == _LABEL), key=first)
    out = {(p, o, k) for p, o, k, _ in rows if p not in (_NAME, _LABEL)}
    if names:
        canonical = names[0]
        out.add((_NAME, canonical[1], canonical[2]))
        out.update((_ALIAS, o, k) for _, o, k in names[1:] if o != canonical[1])
        out.discard((_ALIAS, canonical[1], canonical[2]))
    if labels:
        out.add((_LABEL,) + labels[0][1:])
    return sorted(out, key=lambda x: (x[0], x[2]))


class SharedNodes:
    """The shared nodes' triples from every report, merged on disk: memory stays flat however many
    reports there are, since SQLite sorts and groups the rows in its own file."""

    def __init__(self, path):
        self.db = sqlite3.connect(str(path))
        self.db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=FILE;"
                              "CREATE TABLE t (s TEXT, p TEXT, o TEXT, k TEXT, d INTEGER);")

    def add(self, doc_index: int, rows) -> None:
        self.db.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", ((s, p, o, k, doc_index) for s, p, o, k in rows))

    def blocks(self):
        """(number of triples, Turtle statement) per shared node, sorted by IRI."""
        self.db.commit()
        rows = self.db.execute("SELECT s, p, o, k, MIN(d) FROM t GROUP BY s, p, o, k ORDER BY s")
        for s, group in groupby(rows, key=lambda r: r[0]):
            merged = merge_node([r[1:] for r in group])
            yield len(merged), _block(s, merged)

    def close(self):
        self.db.close()


PREAMBLE = "".join(f"@prefix {p}: <{ns}> .\n" for ns, p in sorted(_TTL_PREFIXES, key=lambda x: x[1])) + "\n"


class TurtleWriter:
    """graph.ttl, written as reports arrive: the prefixes, each report's own nodes in the order given,
    then the shared nodes, merged. `close()` returns the number of triples written.

    With `panel_nq` (a text file), the target–outcome panel of the reports' facts (`kg.panel`) is written
    too, before the shared nodes, and in N-Quads to `panel_nq` as the named graph PANEL_GRAPH."""

    def __init__(self, out, panel_nq=None):
        import tempfile

        self.out = out
        self.workdir = tempfile.TemporaryDirectory(prefix="govkg-merge-")
        self.shared = SharedNodes(f"{self.workdir.name}/shared.sqlite")
        self.panel_nq = panel_nq
        if panel_nq is not None:
            from .panel import PanelWriter

            self.panel = PanelWriter(f"{self.workdir.name}/panel.sqlite")
        self.triples = 0
        self.docs = 0
        out.write(PREAMBLE)

    def add(self, dg: DocGraph, facts: DocumentFacts = None) -> None:
        self.out.write(dg.turtle)
        self.triples += dg.local_triples
        self.shared.add(self.docs, dg.shared)
        self.docs += 1
        if self.panel_nq is not None and facts is not None:
            self.panel.add(facts)

    def close(self) -> int:
        try:
            if self.panel_nq is not None:
                from .panel import panel_triples

                triples = panel_triples(self.panel.rows())
                self.panel.close()
                self.out.write(turtle_of(triples))
                self.panel_nq.write(nquads_of(triples, PANEL_GRAPH))
                self.triples += len(set(triples))
            for count, block in self.shared.blocks():
                self.out.write(block)
                self.triples += count
        finally:
            self.shared.close()
            self.workdir.cleanup()
        return self.triples


PANEL_GRAPH = ID["panel"]  # the named graph of the panel's rows and links, which no one report states


def turtle_of(triples) -> str:
    """Turtle blocks of some triples (IRIs as str, literals as Lit), by subject."""
    by_subject = {}
    for s, p, o in set(triples):
        by_subject.setdefault(s, []).append((p, ttl(o), _object_key(o)))
    return "".join(_block(s, by_subject[s]) for s in sorted(by_subject))


def nquads_of(triples, graph) -> str:
    g = " " + nt(graph) + " .\n"
    return "".join(sorted(f"{nt(s)} {nt(p)} {nt(o)}{g}" for s, p, o in set(triples)))


def write_turtle(docs, out) -> int:
    """Turtle of rendered reports (DocGraph, in order) to the text file `out`; returns the triple count."""
    w = TurtleWriter(out)
    for dg in docs:
        w.add(dg)
    return w.close()


# ------------------------------------------------------------------------------------ in memory

def merged_triples(triple_sets) -> list:
    """The merged graph of some reports, from each one's `doc_triples`, as triples of rdflib terms (the
    same triples `write_turtle` writes)."""
    out, shared = [], {}
    for i, triples in enumerate(triple_sets):
        for s, p, o in sorted(triples, key=lambda t: (t[0], t[1], _object_key(t[2]))):  # in any process, one order
            if s.startswith(SHARED):
                shared.setdefault(s, {}).setdefault((str(p), o), i)
            else:
                out.append((URIRef(s), URIRef(p), to_rdflib(o)))
    for s, rows in shared.items():
        for p, o, _ in merge_node([(p, o, _object_key(o), d) for (p, o), d in rows.items()]):
            out.append((URIRef(s), URIRef(p), to_rdflib(o)))
    return out


def build_graph(all_facts, panel: bool = False) -> Graph:
    """The merged graph of some reports as an rdflib Graph; with `panel`, their target–outcome panel too
    (as `kg build` writes it)."""
    g = Graph()
    for p, ns in PREFIXES.items():
        g.bind(p, ns)
    all_facts = list(all_facts)
    for t in merged_triples(doc_triples(f) for f in all_facts):
        g.add(t)
    if panel:
        from .panel import panel_of, panel_triples

        for s, p, o in panel_triples(panel_of(all_facts)):
            g.add((URIRef(s), URIRef(p), to_rdflib(o)))
    return g


def serialize(g: Graph) -> str:
    """Any rdflib Graph as Turtle in govkg's layout (subjects sorted, then predicates, then objects)."""
    idx = {}
    for s, p, o in g:
        idx.setdefault(str(s), []).append((str(p), _from_rdflib(o)))
    body = "".join(_block(s, [(p, ttl(o), _object_key(o)) for p, o in idx[s]]) for s in sorted(idx))
    return PREAMBLE + body


def _from_rdflib(o):
    if isinstance(o, Literal):
        return Lit(str(o), str(o.datatype) if o.datatype else None, o.language)
    return str(o)


def named_graphs(path):
    """(graph IRI, [N-Triples lines]) for each report's named graph in a graph.nq file, one at a time."""
    with open(path, encoding="utf-8") as f:
        for gi, lines in groupby(f, key=lambda line: line[line.rstrip().rindex(" <"):].strip()):
            yield gi[1:-3], [line[:line.rstrip().rindex(" <")] + " .\n" for line in lines]
