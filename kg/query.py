"""Query: SPARQL over a built output folder, with bundled queries for the common questions.

A QUERY is the name of a bundled query (`kg query --list`), a path to a `.rq` file, or SPARQL text.
Results print as a table, CSV, TSV or W3C SPARQL 1.1 Query Results JSON.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef

from .errors import QueryError

GRAPH_FILE = "graph.ttl"
FORMATS = ("table", "csv", "tsv", "json")


@dataclass
class Bundled:
    name: str
    purpose: str
    text: str


def bundled() -> dict:
    out = {}
    for f in sorted(resources.files("kg").joinpath("queries").iterdir(), key=lambda p: p.name):
        if f.name.endswith(".rq"):
            text = f.read_text(encoding="utf-8")
            first = text.splitlines()[0] if text else ""
            out[f.name[:-3]] = Bundled(f.name[:-3], first.lstrip("# ").strip(), text)
    return out


def query_text(query: str) -> str:
    """SPARQL text for a bundled name, a .rq path, or SPARQL itself."""
    queries = bundled()
    if query in queries:
        return queries[query].text
    p = Path(query)
    if query.endswith(".rq"):
        if not p.is_file():
            raise QueryError(f"{query}: no such query file")
        return p.read_text(encoding="utf-8")
    words = query.upper()
    if any(k in words for k in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")):
        return query
    raise QueryError(f"unknown query '{query}': not a bundled query (see `kg query --list`), a .rq file or SPARQL")


ENGINES = ("oxigraph", "rdflib")
STORE_DIR = ".oxigraph"  # the cached on-disk store inside an output folder
STAMP = "graph.stamp"


def graph_path(data) -> Path:
    data = Path(data)
    if not data.exists():
        raise QueryError(f"{data}: no such data folder (run `kg build` first, or pass --data)")
    path = data / GRAPH_FILE if data.is_dir() else data
    if not path.is_file():
        raise QueryError(f"{data}: no {GRAPH_FILE} in the data folder (run `kg build` first)")
    return path


def load(data) -> Graph:
    """The graph of a built output folder, parsed by rdflib."""
    path = graph_path(data)
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as e:  # a corrupt graph file is the user's to fix, with its name
        raise QueryError(f"{path}: cannot read the graph ({type(e).__name__}: {str(e).splitlines()[0][:200]})") from None
    return g


def oxigraph_store(data):
    """A pyoxigraph Store of the output folder's graph.

    The store lives in `<data>/.oxigraph/` and is rebuilt only when graph.ttl changes (its size and
    modification time are kept beside it), so a second query on an unchanged output neither parses nor
    reads the Turtle again. Where the folder cannot be written, the graph is loaded into memory instead."""
    import pyoxigraph as ox

    path = graph_path(data)
    st = path.stat()
    digest = f"{st.st_size}:{st.st_mtime_ns}"
    folder = path.parent / STORE_DIR
    stamp = folder / STAMP
    try:
        if stamp.is_file() and stamp.read_text() == digest:
            return ox.Store.read_only(str(folder / "store"))
        import shutil
        import tempfile

        tmp = Path(tempfile.mkdtemp(prefix=".oxigraph-", dir=path.parent))
        store = ox.Store(str(tmp / "store"))
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
        store.flush()
        del store
        (tmp / STAMP).write_text(digest)
        if folder.exists():
            shutil.rmtree(folder)
        tmp.rename(folder)
        return ox.Store.read_only(str(folder / "store"))
    except OSError:
        store = ox.Store()
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
        return store
    except SyntaxError as e:
        raise QueryError(f"{path}: cannot read the graph ({e})") from None


def _to_ox(term):
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"cannot look up {term!r} in the store")


class StoreGraph:
    """The read operations of an rdflib Graph that the view needs (`subjects`, `objects`, `value`, …),
    answered from the output's Oxigraph store, so that a page about one region reads that region's
    triples instead of parsing the whole graph."""

    def __init__(self, store):
        self.store = store

    def triples(self, pattern):
        s, p, o = (_to_ox(t) for t in pattern)
        for q in self.store.quads_for_pattern(s, p, o):
            yield _from_ox(q.subject), _from_ox(q.predicate), _from_ox(q.object)

    def __iter__(self):
        return self.triples((None, None, None))

    def __contains__(self, triple):
        return next(self.triples(triple), None) is not None

    def subjects(self, predicate=None, object=None):
        return (s for s, _, _ in self.triples((None, predicate, object)))

    def objects(self, subject=None, predicate=None):
        return (o for _, _, o in self.triples((subject, predicate, None)))

    def predicate_objects(self, subject=None):
        return ((p, o) for _, p, o in self.triples((subject, None, None)))

    def subject_objects(self, predicate=None):
        return ((s, o) for s, _, o in self.triples((None, predicate, None)))

    def value(self, subject=None, predicate=None):
        return next(self.objects(subject, predicate), None)


@dataclass
class Results:
    vars: list
    rows: list  # list of dicts var -> rdflib term (or None)
    boolean: bool = None


def _from_ox(term):
    """pyoxigraph term → rdflib term, so that both engines print alike."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:  # a simple literal, as rdflib writes it
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def run(query: str, data="output", graph: Graph = None, engine: str = "oxigraph") -> Results:
    """Run a bundled query, a .rq file or SPARQL text over a built output folder."""
    text = query_text(query)
    if engine not in ENGINES:
        raise QueryError(f"unknown engine '{engine}': use one of {', '.join(ENGINES)}")
    if graph is not None or engine == "rdflib":
        return _run_rdflib(text, graph if graph is not None else load(data))
    return _run_oxigraph(text, oxigraph_store(data))


def _run_oxigraph(text: str, store) -> Results:
    import pyoxigraph as ox

    try:
        res = store.query(text)
    except SyntaxError as e:
        raise QueryError(f"SPARQL error: {str(e).splitlines()[0][:300]}") from None
    except OSError as e:
        raise QueryError(f"SPARQL error: {e}") from None
    if isinstance(res, ox.QueryBoolean):
        return Results([], [], bool(res))
    if not isinstance(res, ox.QuerySolutions):
        raise QueryError("only SELECT and ASK queries print results; use CONSTRUCT through the library")
    vars_ = [v.value for v in res.variables]
    rows = [{v: _from_ox(sol[v]) for v in vars_} for sol in res]
    return Results(vars_, rows)


def _run_rdflib(text: str, g: Graph) -> Results:
    try:
        res = g.query(text)
    except Exception as e:
        msg = str(e).replace("\n", " ")
        raise QueryError(f"SPARQL error: {type(e).__name__}: {msg[:300]}") from None
    if res.type == "ASK":
        return Results([], [], bool(res.askAnswer))
    if res.type != "SELECT":
        raise QueryError("only SELECT and ASK queries print results; use CONSTRUCT through the library")
    vars_ = [str(v) for v in res.vars]
    rows = [{v: row[i] for i, v in enumerate(vars_)} for row in res]
    return Results(vars_, rows)


def _plain(term) -> str:
    if term is None:
        return ""
    return str(term)


def _json_term(term) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal):
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype:
            out["datatype"] = str(term.datatype)
    return out


def format_results(r: Results, fmt: str) -> str:
    if fmt not in FORMATS:
        raise QueryError(f"unknown format '{fmt}': use one of {', '.join(FORMATS)}")
    if r.boolean is not None:
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": r.boolean})
        return "true" if r.boolean else "false"
    if fmt == "json":
        return json.dumps({"head": {"vars": r.vars},
                           "results": {"bindings": [{v: _json_term(t) for v, t in row.items() if t is not None}
                                                    for row in r.rows]}}, ensure_ascii=False, indent=1)
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(r.vars)
        for row in r.rows:
            w.writerow([_plain(row[v]).replace("\t", " ").replace("\n", " ") if fmt == "tsv" else _plain(row[v])
                        for v in r.vars])
        return buf.getvalue()
    from rich.console import Console
    from rich.table import Table

    t = Table(*r.vars, show_lines=False)
    for row in r.rows:
        t.add_row(*(_plain(row[v]) for v in r.vars))
    buf = io.StringIO()
    Console(file=buf, width=200, force_terminal=False).print(t)
    return buf.getvalue() + f"{len(r.rows)} rows\n"
