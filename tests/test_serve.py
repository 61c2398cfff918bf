"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint, tested over real HTTP on loopback."""
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.conftest import free_port, serving

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def server(built):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "kg.cli", "serve", "--data", str(built[0]), "--port", str(port), "--timeout", "2"]
    with serving(cmd, base + "/sparql?query=" + urllib.parse.quote("ASK {}")):
        yield base


def request(url, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers.get("content-type", ""), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("content-type", ""), e.read().decode("utf-8")


@pytest.mark.parametrize("accept, check", [
    ("application/sparql-results+json", lambda b: int(json.loads(b)["results"]["bindings"][0]["n"]["value"]) > 1000),
    ("text/csv", lambda b: b.splitlines()[0].strip() == "n" and int(b.splitlines()[1]) > 1000),
    ("text/tab-separated-values", lambda b: b.splitlines()[0].strip() == "?n"),
    ("application/sparql-results+xml", lambda b: "<sparql" in b and "<binding name=\"n\">" in b),
])
def test_get_query_in_each_results_format(server, accept, check):
    status, ctype, body = request(server + "/sparql?query=" + urllib.parse.quote(COUNT), headers={"Accept": accept})
    assert status == 200 and ctype.startswith(accept) and check(body)


def test_post_query_direct_and_form(server):
    status, _, body = request(server + "/sparql", data=COUNT.encode(),
                              headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    assert status == 200 and body.splitlines()[0].strip() == "n"
    form = urllib.parse.urlencode({"query": COUNT}).encode()
    status, _, _ = request(server + "/sparql", data=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200


@pytest.mark.parametrize("path, data, headers, method", [
    ("/sparql", b"DELETE WHERE { ?s ?p ?o }", {"Content-Type": "application/sparql-update"}, "POST"),
    ("/sparql", urllib.parse.urlencode({"update": "DELETE WHERE { ?s ?p ?o }"}).encode(),
     {"Content-Type": "application/x-www-form-urlencoded"}, "POST"),
    ("/update", b"DELETE WHERE { ?s ?p ?o }", {"Content-Type": "application/sparql-update"}, "POST"),
    ("/store?default", b"<a:a> <a:b> <a:c> .", {"Content-Type": "application/n-triples"}, "PUT"),
    ("/store?default", None, {}, "DELETE"),
])
def test_writes_are_refused(server, path, data, headers, method):
    status, _, _ = request(server + path, data=data, headers=headers, method=method)
    assert status == 403
    status, _, body = request(server + "/sparql?query=" + urllib.parse.quote(COUNT), headers={"Accept": "text/csv"})
    assert int(body.splitlines()[1]) > 1000  # nothing was deleted


def test_a_runaway_query_times_out_cleanly_and_the_server_goes_on(server):
    t = time.time()
    status, _, body = request(server + "/sparql?query=" + urllib.parse.quote(RUNAWAY))
    assert status == 503 and "time limit" in body and time.time() - t < 10
    status, _, _ = request(server + "/sparql?query=" + urllib.parse.quote(COUNT))
    assert status == 200


def test_syntax_errors_are_400(server):
    status, _, body = request(server + "/sparql?query=" + urllib.parse.quote("SELECT ?x WHERE {"))
    assert status == 400 and "syntax" in body


def test_the_view_is_served(server):
    status, ctype, body = request(server + "/")
    assert status == 200 and ctype.startswith("text/html") and "vis.Network" in body


def test_in_memory_workers_answer_like_the_on_disk_store(server, built):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "kg.cli", "serve", "--data", str(built[0]), "--port", str(port), "--in-memory"]
    query = "/sparql?query=" + urllib.parse.quote("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p")
    with serving(cmd, base + "/sparql?query=" + urllib.parse.quote("ASK {}")):
        memory = request(base + query, headers={"Accept": "text/csv"})
    disk = request(server + query, headers={"Accept": "text/csv"})
    assert memory[0] == disk[0] == 200 and memory[2] == disk[2] and len(memory[2].splitlines()) > 20
