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


# --- what the endpoint refuses, and how it keeps going ---

def get(server, query, accept=None, extra=""):
    headers = {"Accept": accept} if accept else {}
    return request(server + "/sparql?query=" + urllib.parse.quote(query) + extra, headers=headers)


def test_service_is_refused(server):
    status, _, body = get(server, "SELECT * WHERE { SERVICE <" + server + "/sparql> { ?s ?p ?o } }")
    assert status == 400 and "SERVICE is refused" in body


def test_deep_and_huge_queries_are_400_and_the_server_goes_on(server):
    deep = "SELECT * WHERE " + "{" * 3000 + "}" * 3000
    for _ in range(3):
        status, _, body = request(server + "/sparql", data=deep.encode(),
                                  headers={"Content-Type": "application/sparql-query"})
        assert status == 400 and "nested" in body
        status, _, body = get(server, deep)
        assert status == 400 and "nested" in body
    huge = "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 20000) + " }"
    status, _, body = request(server + "/sparql", data=huge.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 400 and "bytes long" in body
    status, _, body = get(server, COUNT, "text/csv")
    assert status == 200 and int(body.splitlines()[1]) > 1000


def _children(pid):
    from pathlib import Path

    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def test_a_dead_worker_is_replaced(built):
    import os
    import signal

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "kg.cli", "serve", "--data", str(built[0]), "--port", str(port), "--workers", "1"]
    with serving(cmd, base + "/sparql?query=" + urllib.parse.quote("ASK {}")):
        server = [p for p in _children(os.getpid())
                  if str(port) in open(f"/proc/{p}/cmdline").read().replace("\0", " ")][0]
        for worker in _children(server):
            if "multiprocessing" in open(f"/proc/{worker}/cmdline").read() and "tracker" not in open(
                    f"/proc/{worker}/cmdline").read():
                os.kill(worker, signal.SIGKILL)
        for _ in range(3):
            status, _, body = get(base, COUNT, "text/csv")
            assert status == 200 and int(body.splitlines()[1]) > 1000


def test_repeated_timeouts_never_wedge_the_server(server):
    for _ in range(3):
        status, _, body = get(server, RUNAWAY)
        assert status == 503 and "time limit" in body
    status, _, body = get(server, COUNT, "text/csv")
    assert status == 200 and int(body.splitlines()[1]) > 1000


def test_slow_queries_do_not_hold_up_other_clients(built):
    import threading

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "kg.cli", "serve", "--data", str(built[0]), "--port", str(port),
           "--workers", "2", "--timeout", "20"]
    done = []
    with serving(cmd, base + "/sparql?query=" + urllib.parse.quote("ASK {}")):
        slow = [threading.Thread(target=lambda: done.append(("slow", get(base, RUNAWAY)[0]))) for _ in range(2)]
        for t in slow:
            t.start()
        time.sleep(1)  # both slow queries are running
        done.append(("quick", get(base, COUNT, "text/csv")[0]))
        for t in slow:
            t.join()
    assert done[0] == ("quick", 200) and sorted(done[1:]) == [("slow", 503), ("slow", 503)]


@pytest.mark.parametrize("store", ["on disk", "in memory"])
def test_a_new_build_is_served_without_a_restart(built, tmp_path, seeds_dir, store):
    import shutil

    import kg

    data = tmp_path / "output"
    shutil.copytree(built[0], data)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    docs = "SELECT (COUNT(*) AS ?n) WHERE { ?d a <https://w3id.org/govkg/ontology#Document> }"
    cmd = [sys.executable, "-m", "kg.cli", "serve", "--data", str(data), "--port", str(port)]
    if store == "in memory":
        cmd.append("--in-memory")
    with serving(cmd, base + "/sparql?query=" + urllib.parse.quote("ASK {}")):
        assert get(base, docs, "text/csv")[2].splitlines()[1].strip() == "5"
        one = tmp_path / "one"
        one.mkdir()
        shutil.copy(sorted(seeds_dir.iterdir())[0], one)
        kg.build([one], out=data)
        for _ in range(3):
            status, _, body = get(base, docs, "text/csv")
            assert status == 200 and body.splitlines()[1].strip() == "1"


# --- the SPARQL 1.1 Protocol ---

def test_named_graphs_of_each_report_are_served(server):
    status, _, body = get(server, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", "text/csv")
    graphs = dict(line.split(",") for line in body.splitlines()[1:])
    reports = [g for g in graphs if g.startswith("https://w3id.org/govkg/id/graph/")]
    assert status == 200 and len(reports) == 5 and all(int(graphs[g]) > 100 for g in reports)


def test_default_and_named_graph_uris_make_the_dataset(server):
    g = "https://w3id.org/govkg/id/graph/003_d79c0726ff8f441d.txt"
    docs = "SELECT ?name WHERE { ?d <https://w3id.org/govkg/ontology#fileName> ?name }"
    status, _, body = get(server, docs, "text/csv", "&default-graph-uri=" + urllib.parse.quote(g))
    assert status == 200 and body.split() == ["name", "003_d79c0726ff8f441d.txt"]
    status, _, body = get(server, "SELECT ?g WHERE { GRAPH ?g { } }", "text/csv",
                          "&named-graph-uri=" + urllib.parse.quote(g))
    assert status == 200 and body.split() == ["g", g]
    status, _, _ = get(server, docs, "text/csv", "&default-graph-uri=" + urllib.parse.quote("not an iri"))
    assert status == 400


@pytest.mark.parametrize("kind, data, headers, expected", [
    ("two queries", None, {}, 400),
    ("not utf-8", b"SELECT * WHERE { ?s ?p \"\xff\xfe\" }", {"Content-Type": "application/sparql-query"}, 400),
    ("update as query", urllib.parse.urlencode({"query": "DELETE WHERE { ?s ?p ?o }"}).encode(),
     {"Content-Type": "application/x-www-form-urlencoded"}, 403),
])
def test_protocol_errors(server, kind, data, headers, expected):
    url = server + "/sparql" + ("?query=" + urllib.parse.quote(COUNT) + "&query=" + urllib.parse.quote("ASK {}")
                                if data is None else "")
    status, _, _ = request(url, data=data, headers=headers)
    assert status == expected, kind


@pytest.mark.parametrize("accept, media", [
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    ("application/sparql-results+json;q=0.1, text/tab-separated-values;q=0.9", "text/tab-separated-values"),
    ("text/*", "text/csv"),
    ("*/*", "application/sparql-results+json"),
])
def test_accept_q_values_and_wildcards(server, accept, media):
    status, ctype, _ = get(server, COUNT, accept)
    assert status == 200 and ctype.startswith(media)


def test_an_unacceptable_type_is_406(server):
    assert get(server, COUNT, "image/png")[0] == 406


@pytest.mark.parametrize("accept, check", [
    ("text/turtle", lambda b: "<https://w3id.org/govkg/" in b),
    ("application/n-triples", lambda b: b.strip().endswith(" .")),
    ("application/n-quads", lambda b: b.strip().endswith(" .")),
    ("application/trig", lambda b: "<https://w3id.org/govkg/" in b),
    ("application/ld+json", lambda b: json.loads(b)[0]["@id"].startswith("https://w3id.org/govkg/")),
])
def test_construct_in_each_rdf_format(server, accept, check):
    status, ctype, body = get(server, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3", accept)
    assert status == 200 and ctype.startswith(accept) and check(body)


def test_head_is_answered(server):
    status, ctype, body = request(server + "/sparql?query=" + urllib.parse.quote(COUNT), method="HEAD")
    assert status == 200 and ctype.startswith("application/sparql-results+json") and body == ""


def test_a_long_get_is_414(server):
    status, _, body = request(server + "/sparql?query=" + "x" * 2_000_000)
    assert status == 414 and "POST" in body


@pytest.mark.parametrize("args, message", [
    (["--port", "99999"], "a port is a number from 1 to 65535"),
    (["--workers", "0"], "at least one worker"),
])
def test_bad_serve_options_are_one_line(built, args, message):
    from click.testing import CliRunner

    from kg.cli import cli

    r = CliRunner().invoke(cli, ["serve", "--data", str(built[0])] + args)
    assert r.exit_code == 2 and message in r.output and r.output.count("\n") == 1


def test_a_busy_port_is_one_line(built):
    import socket

    from click.testing import CliRunner

    from kg.cli import cli

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = CliRunner().invoke(cli, ["serve", "--data", str(built[0]), "--port", str(port)])
    assert r.exit_code == 2 and "port is in use" in r.output and r.output.count("\n") == 1


@pytest.mark.parametrize("signum", ["SIGINT", "SIGTERM"])
def test_stopping_the_server_does_not_wait_for_a_runaway_query(built, signum):
    import signal
    import subprocess
    import threading
    from pathlib import Path

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--data", str(built[0]), "--port", str(port),
                             "--timeout", "300"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if get(base, "ASK {}")[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.3)
        workers = _children(proc.pid)
        threading.Thread(target=lambda: get(base, RUNAWAY), daemon=True).start()
        time.sleep(1)  # the query is running
        proc.send_signal(getattr(signal, signum))
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert "Traceback" not in err
    time.sleep(0.5)
    assert not [w for w in workers if Path(f"/proc/{w}").exists()
                and "Z" not in Path(f"/proc/{w}/stat").read_text().split()[2]]


@pytest.mark.parametrize("accept, expected", [
    ("text/csv", ["_askResult", "true"]),
    ("text/tab-separated-values", ["?_askResult", "true"]),
])
def test_ask_in_csv_and_tsv_is_a_table(server, accept, expected):
    status, ctype, body = get(server, "ASK { ?s ?p ?o }", accept)
    assert status == 200 and ctype.startswith(accept) and body.split() == expected


def test_an_output_folder_that_cannot_hold_a_store_is_served_from_memory(built, tmp_path):
    import shutil

    data = tmp_path / "output"
    shutil.copytree(built[0], data, ignore=shutil.ignore_patterns(".oxigraph*"))
    (data / ".oxigraph").write_text("not a folder")  # as a folder that cannot be written would be
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "kg.cli", "serve", "--data", str(data), "--port", str(port)]
    with serving(cmd, base + "/sparql?query=" + urllib.parse.quote("ASK {}")):
        status, _, body = get(base, COUNT, "text/csv")
    assert status == 200 and int(body.splitlines()[1]) > 1000
