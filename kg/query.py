"""Query: SPARQL over a built output folder, with bundled queries for the common questions.

A QUERY is the name of a bundled query (`kg query --list`), a path to a `.rq` file, or SPARQL text.
Results print as a table, CSV, TSV or W3C SPARQL 1.1 Query Results JSON.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef

from .errors import KGError, QueryError

GRAPH_FILE = "graph.ttl"
NQUADS_FILE = "graph.nq"
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


class QueryRefused(QueryError):
    """A query that is not run: one that calls out to other endpoints (SERVICE), an update, or one too large
    or too deeply nested to parse safely. `status` is the HTTP status the endpoint answers with."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


MAX_QUERY_BYTES = 100_000  # a query's text; the bundled ones are under 2 KB
MAX_DEPTH = 64  # nested { ( [ ; the engine's parser recurses, and a few thousand levels overflow its stack
MAX_CHAIN = 256  # operators (/ | || && + - UNION …) side by side in one group, for the same reason

_TOKENS = re.compile(r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>"{3}(?:[^"\\]|\\.|"(?!""))*"{3}|'{3}(?:[^'\\]|\\.|'(?!''))*'{3}
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<word>[?$]?[^\W\d][\w.\-]*(?::[\w.\-%\\]*)?|:[\w.\-%\\]*|\d[\w.]*)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<op>\|\||&&|!=|<=|>=|[/|^+*!=<>\-])
  | (?P<space>\s+)
  | (?P<other>.)
""", re.X | re.S)
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


def check_query(text: str, allow_service: bool = False, max_bytes: int = MAX_QUERY_BYTES) -> str:
    """`text` if it may be run, else QueryRefused saying why. Refused: SERVICE (it makes the engine fetch any
    URL the query names) unless `allow_service`; SPARQL Update (status 403); a query longer than `max_bytes`
    or nested deeper than MAX_DEPTH, or with more than MAX_CHAIN operators in one group (the engine's parser
    would overflow its stack and crash). Comments, strings and IRIs are skipped, so a literal "SERVICE"
    is no call."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise QueryRefused(f"the query is {size:,} bytes long; the limit is {max_bytes:,}")
    depth, chains, first = 0, [0], None
    for m in _TOKENS.finditer(text):
        kind = m.lastgroup
        if kind == "word":
            word = m.group().upper()
            if first is None and word not in ("BASE", "PREFIX") and not word.endswith(":"):
                first = word
                if word in _UPDATE_WORDS:
                    raise QueryRefused("this endpoint is read-only: SPARQL updates are refused", status=403)
            if word == "SERVICE" and not allow_service:
                raise QueryRefused("SERVICE is refused: it would make govkg fetch the other URLs the query names "
                                   "(allow it explicitly with --allow-service)")
            if word == "UNION":
                kind = "op"
        if kind == "open":
            depth += 1
            chains.append(0)
            if depth > MAX_DEPTH:
                raise QueryRefused(f"the query is nested more than {MAX_DEPTH} levels deep")
        elif kind == "close":
            depth = max(depth - 1, 0)
            if len(chains) > 1:
                chains.pop()
        elif kind == "op":
            chains[-1] += 1
            if chains[-1] > MAX_CHAIN:
                raise QueryRefused(f"the query has more than {MAX_CHAIN} operators in one group")
    return text


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


def oxigraph_store(data, on_load=None):
    """A pyoxigraph Store of the output folder's graph.

    The store lives in `<data>/.oxigraph/` and is rebuilt only when graph.ttl changes (its size and
    modification time are kept beside it), so a second query on an unchanged output neither parses nor
    reads the Turtle again. graph.ttl is its default graph; the per-report named graphs of graph.nq are
    loaded beside it, for `GRAPH` patterns and a SPARQL dataset of named graphs. Where the folder cannot be written, the graph is loaded into memory instead.
    `on_load`, if given, is called before the graph is loaded (which takes seconds on a large output).
    A store being loaded lives in a `.oxigraph-*` folder that is removed if the load fails; one left by a
    process that was killed is removed by the next load."""
    import pyoxigraph as ox

    from .workdir import owned_tmpdir, release, sweep

    path = graph_path(data)
    nquads = path.parent / NQUADS_FILE
    digest = graph_stamp(path, nquads)
    folder = path.parent / STORE_DIR
    stamp = folder / STAMP
    tmp = None
    try:
        if stamp.is_file() and stamp.read_text() == digest:
            return ox.Store.read_only(str(folder / "store"))
        if on_load:
            on_load()
        sweep(path.parent, ".oxigraph-")
        tmp = owned_tmpdir(".oxigraph-", path.parent)
        store = ox.Store(str(tmp / "store"))
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
        if nquads.is_file():
            store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        store.flush()
        del store
        (tmp / STAMP).write_text(digest)
        release(tmp)
        if folder.exists():
            shutil.rmtree(folder)
        tmp.rename(folder)
        tmp = None
        return ox.Store.read_only(str(folder / "store"))
    except OSError:
        store = ox.Store()
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
        if nquads.is_file():
            store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        return store
    except SyntaxError as e:
        raise QueryError(f"{path}: cannot read the graph ({e})") from None
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)


def graph_stamp(*paths) -> str:
    """What tells one build's graph files from the next: their sizes and modification times."""
    stamps = []
    for path in paths:
        try:
            st = Path(path).stat()
        except FileNotFoundError:
            stamps.append("-")
        else:
            stamps.append(f"{st.st_size}:{st.st_mtime_ns}")
    return "|".join(stamps)


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
        import pyoxigraph as ox

        s, p, o = (_to_ox(t) for t in pattern)
        for q in self.store.quads_for_pattern(s, p, o, ox.DefaultGraph()):
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


def run(query: str, data="output", graph: Graph = None, engine: str = "oxigraph",
        allow_service: bool = False) -> Results:
    """Run a bundled query, a .rq file or SPARQL text over a built output folder. SERVICE, updates and
    queries too large or deep to parse safely are refused (QueryRefused); see `check_query`."""
    text = check_query(query_text(query), allow_service)
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
    if r.boolean is not None:
        events = [("boolean", r.boolean)]
    else:
        events = [("head", r.vars), ("rows", [tuple(row[v] for v in r.vars) for row in r.rows])]
    return "".join(format_stream(events, fmt))


def format_stream(events, fmt: str):
    """Text chunks of results in `fmt`, from events ("head", vars), ("rows", [tuple of terms]) and
    ("boolean", b) as `stream` yields them. CSV, TSV and JSON come out as the rows arrive; the table is
    laid out once every row is in (as plain strings, so the terms themselves are not kept)."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format '{fmt}': use one of {', '.join(FORMATS)}")
    vars_, table, first, opened = [], [], True, False
    for kind, value in events:
        if kind == "boolean":
            yield json.dumps({"head": {}, "boolean": value}) if fmt == "json" else ("true" if value else "false")
            return
        if kind == "head":
            vars_ = list(value)
            if fmt == "json":
                opened = True
                yield '{"head": {"vars": ' + json.dumps(vars_, ensure_ascii=False) + '},\n "results": {"bindings": ['
            elif fmt in ("csv", "tsv"):
                yield _delimited([vars_], fmt)
        elif kind == "rows":
            if fmt == "json":
                parts = []
                for row in value:
                    binding = {v: _json_term(t) for v, t in zip(vars_, row) if t is not None}
                    parts.append(("\n  " if first else ",\n  ") + json.dumps(binding, ensure_ascii=False))
                    first = False
                if parts:
                    yield "".join(parts)
            elif fmt in ("csv", "tsv"):
                if value:
                    yield _delimited([[_plain(t) for t in row] for row in value], fmt)
            else:
                table.extend([_plain(t) for t in row] for row in value)
    if fmt == "json" and opened:
        yield "\n ]}}\n"
    elif fmt == "table":
        from rich.console import Console
        from rich.table import Table

        t = Table(*vars_, show_lines=False)
        for row in table:
            t.add_row(*row)
        buf = io.StringIO()
        Console(file=buf, width=200, force_terminal=False).print(t)
        yield buf.getvalue() + f"{len(table)} rows\n"


def _delimited(rows, fmt: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
    for row in rows:
        w.writerow([c.replace("\t", " ").replace("\n", " ") for c in row] if fmt == "tsv" else row)
    return buf.getvalue()


BATCH = 500  # rows per message from the query process


def stream(query: str, data="output", engine: str = "oxigraph", timeout: float = None,
           allow_service: bool = False, on_load=None):
    """Run a query in a process of its own and yield its results as they come: ("head", vars), then
    ("rows", [tuple of rdflib terms]) batches, or ("boolean", b).

    The process can be stopped at any point, which a query running inside the engine cannot: after
    `timeout` seconds of running (the graph's load into the store does not count), when the caller stops
    (Ctrl-C), or when the caller closes the generator. An engine that crashes on a query is a QueryError,
    not the end of the caller. `on_load` is called when the store has to be loaded first."""
    import multiprocessing as mp

    text = check_query(query_text(query), allow_service)
    if engine not in ENGINES:
        raise QueryError(f"unknown engine '{engine}': use one of {', '.join(ENGINES)}")
    graph_path(data)
    ctx = mp.get_context("spawn")
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_query_process, args=(sender, text, str(data), engine), daemon=True)
    proc.start()
    sender.close()
    deadline = None
    try:
        while True:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not receiver.poll(wait):
                raise QueryError(f"the query ran longer than the time limit of {timeout:g} s and was stopped "
                                 "(--timeout SECONDS sets the limit, 0 for none)")
            try:
                msg = receiver.recv()
            except EOFError:
                proc.join()
                raise QueryError(f"the SPARQL engine failed on this query (its process ended with code "
                                 f"{proc.exitcode})") from None
            kind = msg[0]
            if kind == "loading":
                if on_load:
                    on_load()
            elif kind == "ready":
                deadline = time.monotonic() + timeout if timeout else None
            elif kind == "error":
                raise QueryError(msg[1])
            elif kind == "done":
                return
            else:
                yield msg
    finally:
        receiver.close()
        if proc.is_alive():
            proc.kill()
        proc.join()


def _query_process(conn, text: str, data: str, engine: str):
    """The body of `stream`'s process: open the store, run the query, send the results in batches."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the caller decides when to stop
    die_with_parent()
    try:
        if engine == "rdflib":
            g = load(data)
            conn.send(("ready",))
            r = _run_rdflib(text, g)
            events = ([("boolean", r.boolean)] if r.boolean is not None else
                      [("head", r.vars), ("rows", [tuple(row[v] for v in r.vars) for row in r.rows])])
        else:
            events = _oxigraph_events(text, oxigraph_store(data, on_load=lambda: conn.send(("loading",))),
                                      lambda: conn.send(("ready",)))
        for event in events:
            conn.send(event)
        conn.send(("done",))
    except KGError as e:
        conn.send(("error", str(e)))
    except (BrokenPipeError, KeyboardInterrupt):
        pass
    except Exception as e:  # an evaluation error is the query's
        conn.send(("error", f"SPARQL error: {str(e).splitlines()[0][:300] if str(e) else type(e).__name__}"))


def die_with_parent():
    """Have the kernel end this process when the process that started it ends, however that ends (Linux);
    a query that runs on would otherwise keep a core busy with nobody waiting for it."""
    import ctypes
    import signal
    import sys

    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _oxigraph_events(text: str, store, ready):
    import pyoxigraph as ox

    ready()
    try:
        res = store.query(text)
    except SyntaxError as e:
        raise QueryError(f"SPARQL error: {str(e).splitlines()[0][:300]}") from None
    if isinstance(res, ox.QueryBoolean):
        yield "boolean", bool(res)
        return
    if not isinstance(res, ox.QuerySolutions):
        raise QueryError("only SELECT and ASK queries print results; use CONSTRUCT through the library")
    vars_ = [v.value for v in res.variables]
    yield "head", vars_
    batch = []
    for sol in res:
        batch.append(tuple(_from_ox(sol[v]) for v in vars_))
        if len(batch) >= BATCH:
            yield "rows", batch
            batch = []
    yield "rows", batch
