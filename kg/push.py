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

from rdflib import Graph

from .errors import KGError
from .query import load


class PushError(KGError):
    """The store refused or could not be reached."""


def _put(url: str, body: bytes, media: str = "application/n-triples"):
    req = urllib.request.Request(url, data=body, method="PUT", headers={"Content-Type": media})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
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
    """[(target graph, triple count)] after loading."""
    from .graph import graph_iri, partition

    g: Graph = load(data)
    done = []
    if not graph_per_document:
        _put(_target(endpoint, default=True), g.serialize(format="nt", encoding="utf-8"))
        return [("default graph", len(g))]
    for name, sub in sorted(partition(g).items()):
        iri = str(graph_iri(name))
        _put(_target(endpoint, graph=iri), sub.serialize(format="nt", encoding="utf-8"))
        done.append((iri, len(sub)))
    return done
