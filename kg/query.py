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


def load(data) -> Graph:
    data = Path(data)
    path = data / GRAPH_FILE if data.is_dir() else data
    if not data.exists():
        raise QueryError(f"{data}: no such data folder (run `kg build` first, or pass --data)")
    if not path.is_file():
        raise QueryError(f"{data}: no {GRAPH_FILE} in the data folder (run `kg build` first)")
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as e:  # a corrupt graph file is the user's to fix, with its name
        raise QueryError(f"{path}: cannot read the graph ({type(e).__name__}: {str(e).splitlines()[0][:200]})") from None
    return g


@dataclass
class Results:
    vars: list
    rows: list  # list of dicts var -> rdflib term (or None)
    boolean: bool = None


def run(query: str, data="output", graph: Graph = None) -> Results:
    text = query_text(query)
    g = graph if graph is not None else load(data)
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
