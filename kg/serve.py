"""Serve: a read-only SPARQL 1.1 Protocol endpoint over a built output folder, plus its HTML view.

Starlette (served by uvicorn) in front of pyoxigraph:

    GET/HEAD /sparql?query=…                  results by Accept (q-values honoured): JSON, CSV, TSV or XML;
                                              CONSTRUCT/DESCRIBE as Turtle, N-Triples, N-Quads, TriG,
                                              JSON-LD or RDF/XML
    POST /sparql  (application/sparql-query, or a form with query=…)
    default-graph-uri / named-graph-uri       the query's dataset, from the per-report graphs of graph.nq
    any SPARQL UPDATE, any Graph Store write  → 403 Forbidden
    SERVICE (unless --allow-service)          → 400: the server would fetch any URL a client names
    a query too large or too deeply nested    → 400 before it is parsed; a GET longer than the limit → 414
    a query running longer than the limit     → 503 Service Unavailable, and the query is stopped
    GET  /  and  /graph.html                  → the HTML view

Queries run in worker processes that each hold the read-only on-disk store, or with `--in-memory` a copy
of the graph in memory (several times faster on large graphs). A worker that overruns the limit, or that
the engine crashes in, is killed and replaced, so a runaway query never keeps a core busy after its 503.
When every worker is busy, extra ones start (up to twice as many; not with `--in-memory`, where each holds
the whole graph), so that slow queries do not hold up every other client; they stop when idle again.
A new build of the output folder is noticed at the next request: the store is refreshed and new workers
answer from it.
"""
from __future__ import annotations

import asyncio
import contextlib
import multiprocessing as mp
import urllib.parse
from pathlib import Path

RESULT_TYPES = {
    "application/sparql-results+json": "JSON",
    "application/json": "JSON",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
    "application/sparql-results+xml": "XML",
    "application/xml": "XML",
    "text/xml": "XML",
    "text/plain": "TSV",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/x-turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/n-quads": "N_QUADS",
    "application/trig": "TRIG",
    "application/ld+json": "JSON_LD",
    "application/rdf+xml": "RDF_XML",
    "text/plain": "N_TRIPLES",
}
MAX_URL = 64_000  # a GET's query string (bytes); longer queries are POSTed
MAX_HEAD = 4 * 2**20  # request line and headers the HTTP parser reads, so that a long URL gets 414, not a reset
START_TIMEOUT = 600.0  # seconds for a worker to open its store
SHUTDOWN_GRACE = 2.0  # seconds that Ctrl-C or SIGTERM leaves the queries in flight before they are stopped


def _accepted(accept: str) -> list:
    """The media ranges of an Accept header, best first: [(q, media)] with q > 0."""
    ranges = []
    for i, part in enumerate((accept or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            ranges.append((-q, i, media))
    return [media for _, _, media in sorted(ranges)]


def _choose(accept: str, table: dict, default: str):
    """(media type, format name) for an Accept header, or None when it accepts none of `table`'s types.
    No Accept header, */* and type/* take the best match; q-values order the choice."""
    ranges = _accepted(accept)
    if not ranges:
        return default, table[default]
    for media in ranges:
        if media in table:
            return media, table[media]
        if media == "*/*":
            return default, table[default]
        if media.endswith("/*"):
            kind = media[:-1]
            if default.startswith(kind):
                return default, table[default]
            for m in table:
                if m.startswith(kind):
                    return m, table[m]
    return None


def _worker(store_path: str, conn, graph_file: str = None, nquads_file: str = None):
    """Run queries from the pipe against the read-only on-disk store, or against an in-memory store of
    `graph_file` (and the named graphs of `nquads_file`), until told to stop. Says "ready" once the store
    is open."""
    import signal

    import pyoxigraph as ox

    from .query import die_with_parent

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops its workers itself
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent()
    if graph_file:
        store = ox.Store()
        store.bulk_load(path=graph_file, format=ox.RdfFormat.TURTLE)
        if nquads_file and Path(nquads_file).is_file():
            store.bulk_load(path=nquads_file, format=ox.RdfFormat.N_QUADS)
    else:
        store = ox.Store.read_only(store_path)
    conn.send("ready")
    while True:
        try:
            msg = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if msg is None:
            return
        query, accept, default_graphs, named_graphs = msg
        dataset = {}
        if default_graphs:
            dataset["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        if named_graphs:
            dataset["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            res = store.query(query, **dataset)
            if isinstance(res, (ox.QuerySolutions, ox.QueryBoolean)):
                chosen = _choose(accept, RESULT_TYPES, "application/sparql-results+json")
                if chosen is None:
                    conn.send((406, "text/plain", f"cannot answer in '{accept}': results are served as "
                                                  f"{', '.join(RESULT_TYPES)}".encode()))
                    continue
                media, fmt = chosen
                if isinstance(res, ox.QueryBoolean) and fmt in ("CSV", "TSV"):
                    body = _ask_table(bool(res), fmt)
                else:
                    body = res.serialize(format=getattr(ox.QueryResultsFormat, fmt))
            else:  # CONSTRUCT / DESCRIBE
                chosen = _choose(accept, GRAPH_TYPES, "text/turtle")
                if chosen is None:
                    conn.send((406, "text/plain", f"cannot answer in '{accept}': graphs are served as "
                                                  f"{', '.join(GRAPH_TYPES)}".encode()))
                    continue
                media, fmt = chosen
                body = res.serialize(format=getattr(ox.RdfFormat, fmt))
            conn.send((200, media, body))
        except SyntaxError as e:
            conn.send((400, "text/plain", f"SPARQL syntax error: {e}".encode()))
        except Exception as e:  # an evaluation error is the query's, not the server's
            conn.send((400, "text/plain", f"query failed: {e}".encode()))


def _ask_table(answer: bool, fmt: str) -> bytes:
    """An ASK answer as a one-column CSV or TSV table, as Jena writes it: the CSV/TSV results formats define
    no boolean, and a bare `true` is no table."""
    value = "true" if answer else "false"
    return (f"_askResult\r\n{value}\r\n" if fmt == "CSV" else f"?_askResult\n{value}\n").encode()


async def _readable(conn, timeout, stop: asyncio.Event = None):
    """Whether `conn` has a message (or its other end is gone) within `timeout` seconds, waiting on the
    event loop rather than in a thread. False as soon as `stop` is set."""
    if conn.poll():
        return True
    loop = asyncio.get_running_loop()
    ready = loop.create_future()
    fd = conn.fileno()
    loop.add_reader(fd, lambda: ready.done() or ready.set_result(True))
    waits = [ready] + ([asyncio.ensure_future(stop.wait())] if stop is not None else [])
    try:
        done, _ = await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        return ready in done
    finally:
        loop.remove_reader(fd)
        for w in waits:
            w.cancel()


class WorkerFailed(Exception):
    """A worker process could not open the store."""


class _Worker:
    def __init__(self, proc, conn, generation):
        self.proc, self.conn, self.generation = proc, conn, generation

    def kill(self):
        with contextlib.suppress(OSError, ValueError):
            self.conn.close()
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)


class Pool:
    """Worker processes for queries. A worker that overruns the time limit or dies is replaced; when all
    are busy, extra ones start, up to `limit`; workers of an older build are retired."""

    def __init__(self, data, size: int, timeout: float, in_memory: bool = False):
        self.data, self.size, self.timeout, self.in_memory = Path(data), size, timeout, in_memory
        self.limit = size if in_memory else 2 * size
        self.ctx = mp.get_context("spawn")
        self.idle: list = []
        self.alive = 0
        self.generation = None
        self.cond = None
        self.reload = None
        self.stopping = None
        self.loop = None

    def _stamp(self):
        from .query import NQUADS_FILE, graph_path, graph_stamp

        try:
            path = graph_path(self.data)
            return graph_stamp(path, path.parent / NQUADS_FILE)
        except Exception:  # the output is being replaced: keep serving what there is
            return None

    def _prepare(self):
        """Load or refresh the on-disk store (nothing to do in memory); the generation it holds."""
        from .query import oxigraph_store

        from .query import STORE_DIR, STAMP

        stamp = self._stamp()
        if not self.in_memory:
            oxigraph_store(self.data)  # built or refreshed on disk; the workers open it read-only
            if not (self.data / STORE_DIR / STAMP).is_file():  # the folder cannot hold a store
                self.in_memory, self.limit = True, self.size
        return stamp

    def _args(self, conn):
        from .build import NQUADS_FILE
        from .query import STORE_DIR, graph_path

        if self.in_memory:
            path = graph_path(self.data)
            return None, conn, str(path), str(path.parent / NQUADS_FILE)
        return str(self.data / STORE_DIR / "store"), conn, None, None

    async def _spawn(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker, args=self._args(child), daemon=True)
        proc.start()
        child.close()
        w = _Worker(proc, parent, self.generation)
        try:
            if await _readable(parent, START_TIMEOUT) and parent.recv() == "ready":
                return w
        except (EOFError, OSError):
            pass
        w.kill()
        raise WorkerFailed(f"a query worker could not open the store of {self.data}")

    def stop_soon(self):
        """The server is stopping (Ctrl-C, SIGTERM): queries in flight are answered 503 at once, so that the
        server need not wait for them. Safe to call from a signal handler."""
        if self.loop is not None and self.stopping is not None:
            self.loop.call_soon_threadsafe(self.stopping.set)

    async def start(self):
        self.cond, self.reload, self.stopping = asyncio.Condition(), asyncio.Lock(), asyncio.Event()
        self.loop = loop = asyncio.get_running_loop()
        self.generation = await loop.run_in_executor(None, self._prepare)
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        self.alive = len(workers)
        self.idle.extend(workers)

    async def refresh(self):
        """Notice a new build of the output: refresh the store; workers of the old one retire."""
        stamp = self._stamp()
        if stamp is None or stamp == self.generation:
            return
        async with self.reload:
            stamp = self._stamp()
            if stamp is None or stamp == self.generation:
                return
            loop = asyncio.get_running_loop()
            try:
                new = await loop.run_in_executor(None, self._prepare)
            except Exception:  # a build half written: try again at the next request
                return
            async with self.cond:
                self.generation = new
                stale, self.idle = self.idle, []
                for w in stale:
                    w.kill()
                    self.alive -= 1
                self.cond.notify_all()

    async def acquire(self) -> _Worker:
        async with self.cond:
            while True:
                while self.idle:
                    w = self.idle.pop()
                    if w.generation == self.generation and w.proc.is_alive():
                        return w
                    w.kill()
                    self.alive -= 1
                if self.alive < self.limit:
                    self.alive += 1
                    break
                await self.cond.wait()
        try:
            return await self._spawn()
        except BaseException:
            async with self.cond:
                self.alive -= 1
                self.cond.notify()
            raise

    async def release(self, w: _Worker, ok: bool):
        async with self.cond:
            if ok and w.generation == self.generation and w.proc.is_alive() and len(self.idle) < self.size:
                self.idle.append(w)
            else:
                w.kill()
                self.alive -= 1
            self.cond.notify()

    async def run(self, query: str, accept: str, default_graphs=(), named_graphs=()):
        await self.refresh()
        try:
            w = await self.acquire()
        except WorkerFailed as e:
            return 503, "text/plain", str(e).encode()
        ok = False
        loop = asyncio.get_running_loop()
        try:
            try:
                w.conn.send((query, accept, list(default_graphs), list(named_graphs)))
            except OSError:
                return 500, "text/plain", b"the query worker had stopped; a new one takes its place"
            if not await _readable(w.conn, self.timeout, self.stopping):
                if self.stopping.is_set():
                    return 503, "text/plain", b"the server is stopping; the query was stopped"
                return 503, "text/plain", f"query exceeded the time limit of {self.timeout:g} s".encode()
            try:
                answer = await loop.run_in_executor(None, w.conn.recv)
            except (EOFError, OSError):
                return 400, "text/plain", b"the SPARQL engine failed on this query; its worker was replaced"
            ok = True
            return answer
        finally:
            await self.release(w, ok)

    def stop(self):
        for w in self.idle:
            with contextlib.suppress(OSError):
                w.conn.send(None)
            w.kill()
        self.idle = []


def make_app(data="output", timeout: float = 30.0, workers: int = 2, in_memory: bool = False,
             allow_service: bool = False):
    """The app. With `in_memory`, each worker holds the graph in memory: queries run several times faster
    than on the on-disk store, for the memory of one copy of the graph per worker and a slower start."""
    from starlette.applications import Starlette
    from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
    from starlette.routing import Route

    from .build import HTML_FILE
    from .query import QueryRefused, check_query

    data = Path(data)
    pool = Pool(data, workers, timeout, in_memory)

    def forbidden(_request=None):
        return PlainTextResponse("this endpoint is read-only: updates and graph store writes are refused",
                                 status_code=403)

    def bad(message, status=400):
        return PlainTextResponse(message, status_code=status)

    async def sparql(request):
        params = list(urllib.parse.parse_qsl(request.url.query, keep_blank_values=True))
        if request.method in ("GET", "HEAD"):
            if len(request.url.query.encode()) > MAX_URL:
                return bad(f"the request's URL is longer than {MAX_URL:,} bytes; POST long queries", 414)
            if any(k == "update" for k, _ in params):
                return forbidden()
            queries = [v for k, v in params if k == "query"]
        else:
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            try:
                body = (await request.body()).decode("utf-8")
            except UnicodeDecodeError:
                return bad("the request body is not UTF-8")
            if ctype == "application/sparql-update":
                return forbidden()
            if ctype == "application/sparql-query":
                queries = [body]
            elif ctype == "application/x-www-form-urlencoded":
                try:
                    form = urllib.parse.parse_qsl(body, keep_blank_values=True, errors="strict")
                except UnicodeDecodeError:
                    return bad("the form is not UTF-8")
                if any(k == "update" for k, _ in form):
                    return forbidden()
                queries = [v for k, v in form if k == "query"]
                params += form
            else:
                return bad(f"unsupported content type '{ctype}'", 415)
        if len(queries) > 1:
            return bad("more than one query given; send one `query`")
        if not queries or not queries[0]:
            return bad("no query given (use ?query=…)")
        try:
            query = check_query(queries[0], allow_service)
        except QueryRefused as e:
            return forbidden() if e.status == 403 else bad(str(e), e.status)
        default_graphs = [v for k, v in params if k == "default-graph-uri"]
        named_graphs = [v for k, v in params if k == "named-graph-uri"]
        for iri in default_graphs + named_graphs:
            if not iri.startswith(("http://", "https://", "urn:")) or any(c in iri for c in '<>" {}|\\^`'):
                return bad(f"'{iri}' is not a graph IRI")
        status, media, body = await pool.run(query, request.headers.get("accept", ""), default_graphs,
                                             named_graphs)
        if request.method == "HEAD":
            return Response(b"", status_code=status, media_type=media,
                            headers={"content-length": str(len(body))})
        return Response(body, status_code=status, media_type=media)

    async def store(request):
        if request.method in ("PUT", "POST", "DELETE", "PATCH"):
            return forbidden()
        return PlainTextResponse("use /sparql for queries", status_code=404)

    async def view(request):
        page = data / HTML_FILE
        if not page.is_file():
            return PlainTextResponse(f"no {HTML_FILE} in {data}", status_code=404)
        return FileResponse(page, media_type="text/html")

    async def root(request):
        return RedirectResponse("/graph.html")

    routes = [
        Route("/sparql", sparql, methods=["GET", "HEAD", "POST"]),
        Route("/query", sparql, methods=["GET", "HEAD", "POST"]),
        Route("/update", forbidden, methods=["GET", "POST"]),
        Route("/store", store, methods=["GET", "PUT", "POST", "DELETE", "PATCH"]),
        Route("/data", store, methods=["GET", "PUT", "POST", "DELETE", "PATCH"]),
        Route("/graph.html", view),
        Route("/", root),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await pool.start()
        try:
            yield
        finally:
            pool.stop()

    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.pool = pool
    return app


def serve(data="output", host="127.0.0.1", port=7878, timeout=30.0, workers=2, in_memory=False,
          allow_service=False, on_start=None):
    """Run the endpoint until stopped. Bad options and a port that cannot be listened on are a KGError,
    before anything starts; `on_start` is called once they have been checked."""
    import errno
    import socket

    import uvicorn

    from .errors import KGError
    from .query import graph_path

    graph_path(data)  # a missing output folder is a clear error before anything starts
    if not 0 < port < 65536:
        raise KGError(f"--port {port}: a port is a number from 1 to 65535")
    if workers < 1:
        raise KGError(f"--workers {workers}: at least one worker is needed")
    if timeout <= 0:
        raise KGError(f"--timeout {timeout:g}: the time limit must be more than 0 seconds")
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, port))
    except OSError as e:
        why = "the port is in use" if e.errno == errno.EADDRINUSE else (e.strerror or str(e))
        raise KGError(f"cannot listen on {host}:{port}: {why}") from None
    if on_start:
        on_start()
    app = make_app(data, timeout, workers, in_memory, allow_service)

    class Server(uvicorn.Server):
        def handle_exit(self, sig, frame):
            app.state.pool.stop_soon()
            super().handle_exit(sig, frame)

    config = uvicorn.Config(app, host=host, port=port,
                            log_level="warning", h11_max_incomplete_event_size=MAX_HEAD,
                            timeout_graceful_shutdown=SHUTDOWN_GRACE)
    Server(config).run()
