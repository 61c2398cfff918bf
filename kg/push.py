"""Push: load a built output into any SPARQL 1.1 store through the Graph Store HTTP Protocol.

`PUT <endpoint>?default` replaces the default graph with graph.ttl; with one graph per document,
`PUT <endpoint>?graph=<https://w3id.org/govkg/id/graph/NAME>` replaces each report's named graph, so
that reloading one report touches nothing else. Works with Fuseki, GraphDB, Virtuoso, Oxigraph and
other stores that implement the protocol.
"""
from __future__ import annotations

import urllib.parse
from pathlib import Path

from .errors import KGError
from .query import graph_path


class PushError(KGError):
    """The store refused or could not be reached."""


def _put(url: str, body, media: str = "application/n-triples", length: int = None):
    _send("PUT", url, body, media, length)


def _send(method: str, url: str, body=None, media: str = None, length: int = None) -> bytes:
    """Send one request to the store; its answer's body. A store that answers before it has read the
    whole body and hangs up (as a read-only endpoint does) is reported by its answer, not as a broken
    pipe."""
    import http.client

    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PushError(f"{url}: not an http:// or https:// URL")
    conn = (http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection)(
        parts.hostname, parts.port, timeout=600)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    if isinstance(body, str):
        body = body.encode("utf-8")
    if isinstance(body, bytes):
        length = len(body)
    broken = None
    try:
        conn.putrequest(method, target)
        if media:
            conn.putheader("Content-Type", media)
        conn.putheader("Content-Length", str(length or 0))
        conn.endheaders()
        if isinstance(body, bytes):
            conn.send(body)
        elif body is not None:
            while chunk := body.read(1 << 20):
                conn.send(chunk)
    except (BrokenPipeError, ConnectionResetError) as e:
        broken = e
    except OSError as e:
        conn.close()
        raise PushError(f"{url}: cannot reach the store ({e.strerror or e})") from None
    try:
        r = conn.getresponse()
        answer = r.read()
    except (OSError, http.client.HTTPException) as e:
        why = broken or e
        raise PushError(f"{url}: the store hung up while the data was sent ({getattr(why, 'strerror', None) or why}); "
                        "it may be read-only, or refuse this much data") from None
    finally:
        conn.close()
    if r.status >= 300:
        hint = " (the store refuses writes here: is it a read-only endpoint?)" if r.status in (401, 403, 405) else ""
        raise PushError(f"{url}: the store answered {r.status} {r.reason}: "
                        f"{answer[:200].decode('utf-8', 'replace').strip()}{hint}")
    return answer


def _target(endpoint: str, **params) -> str:
    sep = "&" if "?" in endpoint else "?"
    if params.get("default"):
        return f"{endpoint}{sep}default"
    return f"{endpoint}{sep}{urllib.parse.urlencode(params)}"


def push(endpoint: str, data="output", graph_per_document: bool = False, sync: bool = False,
         sparql: str = None) -> list:
    """[(target graph, triple count)] after loading. The files are sent as they are on disk: graph.ttl
    whole, or graph.nq one report's graph at a time, so that no graph is held in memory.

    With `sync` (and one graph per document), the report graphs in the store that the build no longer has
    are dropped too, each listed as (graph, None). They are found by asking the store's SPARQL query
    endpoint, `sparql`, which by default is the Graph Store endpoint's sibling (…/store → …/query for
    Oxigraph, …/data → …/query for Fuseki)."""
    from .build import NQUADS_FILE
    from .graph import graph_iri, named_graphs

    ttl = graph_path(data)
    if sync and not graph_per_document:
        raise PushError("--sync drops the graphs of reports no longer built: it goes with --graph-per-document")
    if not graph_per_document:
        import pyoxigraph as ox

        with open(ttl, "rb") as f:
            _put(_target(endpoint, default=True), f, "text/turtle", ttl.stat().st_size)
        return [("default graph", sum(1 for _ in ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE)))]
    nq = Path(ttl).parent / NQUADS_FILE
    if not nq.is_file():
        raise PushError(f"{nq}: missing; rebuild the output with `kg build`")
    query_url = (sparql or _query_endpoint(endpoint)) if sync else None
    done = []
    for iri, lines in named_graphs(nq):
        _put(_target(endpoint, graph=iri), "".join(lines).encode("utf-8"))
        done.append((iri, len(lines)))
    if sync:
        reports = str(graph_iri(""))
        built = {iri for iri, _ in done}
        for iri in sorted(_store_graphs(query_url)):
            if iri.startswith(reports) and iri not in built:
                _send("DELETE", _target(endpoint, graph=iri))
                done.append((iri, None))
    return done


def _query_endpoint(endpoint: str) -> str:
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    for tail in ("/store", "/data"):
        if path.endswith(tail):
            return urllib.parse.urlunsplit(parts._replace(path=path[: -len(tail)] + "/query", query=""))
    raise PushError(f"{endpoint}: cannot tell this store's SPARQL query endpoint; give it with --sparql URL")


def _store_graphs(query_url: str) -> list:
    """The named graphs in the store, from its SPARQL query endpoint."""
    import json

    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    sep = "&" if "?" in query_url else "?"
    url = f"{query_url}{sep}{urllib.parse.urlencode({'query': query})}"
    answer = _send_get(url)
    try:
        rows = json.loads(answer)["results"]["bindings"]
    except (ValueError, KeyError, TypeError):
        raise PushError(f"{query_url}: not a SPARQL query endpoint's answer (give the right one with --sparql)") from None
    return [row["g"]["value"] for row in rows if row.get("g", {}).get("type") == "uri"]


def _send_get(url: str) -> bytes:
    import urllib.error
    import urllib.request

    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(req, timeout=600) as r:
            return r.read()
    except urllib.error.HTTPError as e:
        raise PushError(f"{url.split('?')[0]}: the store answered {e.code} {e.reason}") from None
    except (urllib.error.URLError, OSError) as e:
        raise PushError(f"{url.split('?')[0]}: cannot reach the store ({getattr(e, 'reason', e)})") from None
