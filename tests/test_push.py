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
    from kg.graph import PANEL_GRAPH

    assert len(local) == 5 + 1 and str(PANEL_GRAPH) in local  # one per report, and the panel's
    assert dict(done) == local
    remote = {g: int(n) for g, n in ask(oxigraph, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    assert remote == local


def test_push_to_the_default_graph(oxigraph, built):
    push(oxigraph + "/store", built[0])
    assert int(ask(oxigraph, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0][0]) == len(load(built[0]))


def test_an_unreachable_store_is_one_clear_error(built):
    with pytest.raises(KGError, match="cannot reach the store"):
        push(f"http://127.0.0.1:{free_port()}/store", built[0])


@pytest.fixture()
def read_only(built):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "kg.cli", "serve", "--data", str(built[0]), "--port", str(port)]
    with serving(cmd, base + "/sparql?query=" + urllib.parse.quote("ASK {}")):
        yield base


@pytest.mark.parametrize("per_document", [False, True])
def test_a_read_only_endpoint_says_so(read_only, built, per_document):
    with pytest.raises(KGError, match="answered 403.*read-only"):
        push(read_only + "/store", built[0], graph_per_document=per_document)


@pytest.fixture()
def refusing():
    """A store that answers 403 as soon as it has read a request's headers, and hangs up without reading
    the body, as read-only endpoints and proxies do."""
    import socket
    import threading

    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen()

    def answer():
        while True:
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            with conn:
                head = b""
                while b"\r\n\r\n" not in head:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    head += chunk
                conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 23\r\n"
                             b"Connection: close\r\n\r\nthis store is read-only")

    threading.Thread(target=answer, daemon=True).start()
    yield f"http://127.0.0.1:{srv.getsockname()[1]}"
    srv.close()


def test_a_store_that_hangs_up_on_a_write_is_named_as_refusing_it(refusing, tmp_path):
    data = tmp_path / "output"
    data.mkdir()
    line = "<https://w3id.org/govkg/id/a> <https://w3id.org/govkg/ontology#name> \"%d\" .\n"
    (data / "graph.ttl").write_text("".join(line % i for i in range(400_000)), encoding="utf-8")  # 36 MB
    with pytest.raises(KGError, match="answered 403 Forbidden: this store is read-only"):
        push(refusing + "/store", data)


def test_sync_drops_the_graphs_of_reports_no_longer_built(oxigraph, built, tmp_path, seeds_dir):
    import shutil

    import kg

    push(oxigraph + "/store", built[0], graph_per_document=True)
    src = tmp_path / "src"
    src.mkdir()
    for f in sorted(seeds_dir.iterdir())[1:]:
        shutil.copy(f, src)
    kg.build([src], out=tmp_path / "out")
    done = push(oxigraph + "/store", tmp_path / "out", graph_per_document=True, sync=True)
    gone = sorted(seeds_dir.iterdir())[0].name
    assert [g for g, n in done if n is None] == ["https://w3id.org/govkg/id/graph/" + gone]
    remote = {g for (g,) in ask(oxigraph, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    assert remote == {g for g, n in done if n is not None}


def test_sync_needs_graphs_per_document(built):
    with pytest.raises(KGError, match="goes with --graph-per-document"):
        push("http://127.0.0.1:9/store", built[0], sync=True)
