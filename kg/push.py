"""Push: load a built output into any SPARQL 1.1 store through the Graph Store HTTP Protocol.

`PUT <endpoint>?default` replaces the default graph with graph.ttl; with one graph per document,
`PUT <endpoint>?graph=<https://w3id.org/govkg/id/graph/NAME>` replaces each report's named graph, so
that reloading one report touches nothing else. Works with Fuseki, GraphDB, Virtuoso, Oxigraph and
other stores that implement the protocol.
"""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from .errors import KGError
from .query import graph_path


class PushError(KGError):
    """The store refused or could not be reached."""


def _put(url: str, body, media: str = "application/n-triples", length: int = None):
    headers = {"Content-Type": media}
    if length is not None:
        headers["Content-Length"] = str(length)
    req = urllib.request.Request(url, data=body, method="PUT", headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=600) as r:
            r.read()
    except urllib.error.HTTPError as e:
        raise PushError(f"{url}: the store answered {e.code} {e.reason}: {e.read()[:200].decode('utf-8', 'replace')}") from None
    except urllib.error.URLError as e:
        raise PushError(f"{url}: cannot reach the store ({e.reason})") from None


def _target(endpoint: str, **params) -> str:
    sep = "&" if "?" in endpoint else "?"
    if params.get("default"):
        return f"{endpoint}{sep}default"
    return f"{endpoint}{sep}{urllib.parse.urlencode(params)}"


def push(endpoint: str, data="output", graph_per_document: bool = False) -> list:
    """[(target graph, triple count)] after loading. The files are sent as they are on disk: graph.ttl
    whole, or graph.nq one report's graph at a time, so that no graph is held in memory."""
    from .build import NQUADS_FILE
    from .graph import named_graphs

    ttl = graph_path(data)
    if not graph_per_document:
        import pyoxigraph as ox

        with open(ttl, "rb") as f:
            _put(_target(endpoint, default=True), f, "text/turtle", ttl.stat().st_size)
        return [("default graph", sum(1 for _ in ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE)))]
    nq = Path(ttl).parent / NQUADS_FILE
    if not nq.is_file():
        raise PushError(f"{nq}: missing; rebuild the output with `kg build`")
    done = []
    for iri, lines in named_graphs(nq):
        _put(_target(endpoint, graph=iri), "".join(lines).encode("utf-8"))
        done.append((iri, len(lines)))
    return done
