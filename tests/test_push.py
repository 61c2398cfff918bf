"""`kg push` into a real Oxigraph server (PyPI's `oxigraph`), started on loopback by the test."""
import shutil
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.errors import KGError
from kg.push import push
from kg.query import load
from tests.conftest import free_port, serving

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


@pytest.fixture()
def oxigraph(tmp_path):
    if not Path(OXIGRAPH).exists():
        pytest.fail("the oxigraph server is missing: pip install '.[test]' installs it")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [OXIGRAPH, "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"]
    with serving(cmd, base + "/query?query=" + urllib.parse.quote("ASK {}")):
        yield base


def ask(base, query):
    req = urllib.request.Request(base + "/query", data=urllib.parse.urlencode({"query": query}).encode(),
                                 headers={"Accept": "text/csv", "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return [line.split(",") for line in r.read().decode().splitlines()[1:]]


def test_push_one_graph_per_document_round_trips(oxigraph, built):
    from rdflib import Dataset

    done = push(oxigraph + "/store", built[0], graph_per_document=True)
    ds = Dataset()
    ds.parse(built[0] / "graph.nq", format="nquads")
    local = {str(g.identifier): len(g) for g in ds.graphs() if len(g)}
    assert len(local) == 5
    assert dict(done) == local
    remote = {g: int(n) for g, n in ask(oxigraph, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    assert remote == local


def test_push_to_the_default_graph(oxigraph, built):
    push(oxigraph + "/store", built[0])
    assert int(ask(oxigraph, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0][0]) == len(load(built[0]))


def test_an_unreachable_store_is_one_clear_error(built):
    with pytest.raises(KGError, match="cannot reach the store"):
        push(f"http://127.0.0.1:{free_port()}/store", built[0])
