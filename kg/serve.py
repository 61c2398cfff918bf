"""Serve: a read-only SPARQL 1.1 Protocol endpoint over a built output folder, plus its HTML view.

Starlette (served by uvicorn) in front of pyoxigraph:

    GET  /sparql?query=…                      results by Accept: JSON, CSV, TSV or XML
    POST /sparql  (application/sparql-query, or a form with query=…)
    any SPARQL UPDATE, any Graph Store write  → 403 Forbidden
    a query running longer than the limit     → 503 Service Unavailable, and the query is stopped
    GET  /  and  /graph.html                  → the HTML view

Queries run in worker processes that each hold the read-only on-disk store, or with `--in-memory` a copy
of the graph in memory (several times faster on large graphs). A worker that overruns the limit
is killed and replaced, so a runaway query never keeps a core busy after its 503.
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
}
GRAPH_TYPES = {"text/turtle": "TURTLE", "application/n-triples": "N_TRIPLES", "application/rdf+xml": "RDF_XML"}


def _choose(accept: str, table: dict, default: str) -> tuple:
    """(media type, format name) for an Accept header."""
    for part in (accept or "").split(","):
        media = part.split(";")[0].strip().lower()
        if media in table:
            return media, table[media]
    return default, table[default]


def _worker(store_path: str, conn, graph_file: str = None):
    """Run queries from the pipe against the read-only on-disk store, or against an in-memory store of
    `graph_file`, until told to stop. Says "ready" once the store is open."""
    import pyoxigraph as ox

    if graph_file:
        store = ox.Store()
        store.bulk_load(path=graph_file, format=ox.RdfFormat.TURTLE)
    else:
        store = ox.Store.read_only(store_path)
    conn.send("ready")
    while True:
        msg = conn.recv()
        if msg is None:
            return
        query, accept = msg
        try:
            res = store.query(query)
            if isinstance(res, (ox.QuerySolutions, ox.QueryBoolean)):
                media, fmt = _choose(accept, RESULT_TYPES, "application/sparql-results+json")
                body = res.serialize(format=getattr(ox.QueryResultsFormat, fmt))
            else:  # CONSTRUCT / DESCRIBE
                media, fmt = _choose(accept, GRAPH_TYPES, "text/turtle")
                body = res.serialize(format=getattr(ox.RdfFormat, fmt))
            conn.send((200, media, body))
        except SyntaxError as e:
            conn.send((400, "text/plain", f"SPARQL syntax error: {e}".encode()))
        except Exception as e:  # an evaluation error is the query's, not the server's
            conn.send((400, "text/plain", f"query failed: {e}".encode()))


class Pool:
    """Worker processes for queries, each replaced when it overruns the time limit."""

    def __init__(self, store_path: str, size: int, timeout: float, graph_file: str = None):
        self.store_path, self.timeout, self.graph_file = store_path, timeout, graph_file
        self.ctx = mp.get_context("spawn")
        self.free: asyncio.Queue = asyncio.Queue()
        self.size = size
        self.workers = []

    def _start(self):
        parent, child = self.ctx.Pipe()
        p = self.ctx.Process(target=_worker, args=(self.store_path, child, self.graph_file), daemon=True)
        p.start()
        parent.recv()  # the store is open
        return p, parent

    async def start(self):
        loop = asyncio.get_running_loop()
        for _ in range(self.size):
            w = await loop.run_in_executor(None, self._start)
            self.workers.append(w)
            await self.free.put(w)

    async def run(self, query: str, accept: str):
        loop = asyncio.get_running_loop()
        proc, conn = await self.free.get()
        try:
            conn.send((query, accept))
            ready = await loop.run_in_executor(None, conn.poll, self.timeout)
            if not ready:
                proc.kill()
                proc.join()
                proc, conn = await loop.run_in_executor(None, self._start)
                return 503, "text/plain", f"query exceeded the time limit of {self.timeout:g} s".encode()
            return conn.recv()
        finally:
            await self.free.put((proc, conn))

    def stop(self):
        for proc, conn in self.workers:
            try:
                conn.send(None)
            except OSError:
                pass
            proc.kill()


def make_app(data="output", timeout: float = 30.0, workers: int = 2, in_memory: bool = False):
    """The app. With `in_memory`, each worker holds the graph in memory: queries run several times faster
    than on the on-disk store, for the memory of one copy of the graph per worker and a slower start."""
    from starlette.applications import Starlette
    from starlette.responses import FileResponse, PlainTextResponse, RedirectResponse, Response
    from starlette.routing import Route

    from .build import HTML_FILE
    from .query import STORE_DIR, graph_path, oxigraph_store

    data = Path(data)
    if in_memory:
        pool = Pool(None, workers, timeout, graph_file=str(graph_path(data)))
    else:
        oxigraph_store(data)  # build or refresh the cached store before serving it read-only
        pool = Pool(str(data / STORE_DIR / "store"), workers, timeout)

    def forbidden(_request=None):
        return PlainTextResponse("this endpoint is read-only: updates and graph store writes are refused",
                                 status_code=403)

    async def sparql(request):
        if request.method == "GET":
            if "update" in request.query_params:
                return forbidden()
            query = request.query_params.get("query")
        else:
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                return forbidden()
            if ctype == "application/sparql-query":
                query = (await request.body()).decode("utf-8")
            elif ctype == "application/x-www-form-urlencoded":
                form = urllib.parse.parse_qs((await request.body()).decode("utf-8"))
                if "update" in form:
                    return forbidden()
                query = (form.get("query") or [None])[0]
            else:
                return PlainTextResponse(f"unsupported content type '{ctype}'", status_code=415)
        if not query:
            return PlainTextResponse("no query given (use ?query=…)", status_code=400)
        status, media, body = await pool.run(query, request.headers.get("accept", ""))
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
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/query", sparql, methods=["GET", "POST"]),
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

    return Starlette(routes=routes, lifespan=lifespan)


def serve(data="output", host="127.0.0.1", port=7878, timeout=30.0, workers=2, in_memory=False):
    import uvicorn

    from .query import graph_path

    graph_path(data)  # a missing output folder is a clear error before anything starts
    uvicorn.run(make_app(data, timeout, workers, in_memory), host=host, port=port, log_level="warning")
