"""SPARQL over the built graph: bundled queries with fixed variables, W3C JSON, clear errors."""
import json

import pytest
from rdflib import Literal

from kg.errors import QueryError
from kg.query import bundled, format_results, run

VARIABLES = {
    "documents": ["doc", "title", "date", "year", "source"],
    "regions": ["doc", "region", "parent", "level", "code"],
    "projects": ["doc", "region", "project", "company", "capacity", "status", "year"],
    "investments": ["doc", "region", "project", "amount", "currency", "year", "yearEnd", "kind", "evidence"],
    "campaigns": ["doc", "region", "campaign", "year"],
    "goals": ["doc", "region", "campaign", "goal", "year"],
    "indicators": ["doc", "region", "indicator", "value", "unit", "measure", "year", "target"],
}


@pytest.mark.parametrize("name, variables", VARIABLES.items())
def test_bundled_queries_return_exactly_their_variables(built, name, variables):
    r = run(name, built[0])
    assert r.vars == variables
    assert r.rows, name


def test_every_bundled_query_has_a_purpose_and_runs(built):
    for b in bundled().values():
        assert b.purpose and not b.purpose.startswith("PREFIX")
        run(b.name, built[0])


def test_documents_give_title_date_year(built):
    rows = {str(r["doc"]): r for r in run("documents", built[0]).rows}
    assert str(rows["000_6867b8d2076cfad4.txt"]["date"]) == "2020-09-04"
    assert str(rows["003_d79c0726ff8f441d.txt"]["year"]) == "2019"
    assert rows["004_dc01158ab21fdc48.txt"]["date"] is None


def test_regions_of_the_seeds(built):
    rows = {(str(r["doc"])[:3], str(r["region"])): r for r in run("regions", built[0]).rows}
    r = rows[("000", "水富市")]
    assert (str(r["parent"]), str(r["level"]), str(r["code"])) == ("昭通市", "county", "530681")
    assert str(rows[("003", "城中街道")]["parent"]) == "海陵区"
    assert ("000", "昭通新闻网") not in rows


def test_investment_rolls_up_the_admin_hierarchy(built):
    rows = run("investment_by_region", built[0]).rows
    totals = {(str(r["region"]), str(r["year"]), str(r["currency"])): float(r["total"]) for r in rows}
    county = sum(v for (reg, y, c), v in totals.items() if reg == "水富市" and y == "2020" and c == "CNY")
    city = sum(v for (reg, y, c), v in totals.items() if reg == "昭通市" and y == "2020" and c == "CNY")
    province = sum(v for (reg, y, c), v in totals.items() if reg == "云南省" and y == "2020" and c == "CNY")
    assert county > 0 and city >= county and province >= city


def test_json_is_w3c_sparql_results(built):
    out = json.loads(format_results(run("SELECT ?doc ?year WHERE { ?d <https://w3id.org/govkg/ontology#fileName> ?doc ;"
                                        " <https://w3id.org/govkg/ontology#year> ?year }", built[0]), "json"))
    assert out["head"]["vars"] == ["doc", "year"]
    b = out["results"]["bindings"][0]
    assert b["doc"]["type"] == "literal" and b["year"]["datatype"] == "http://www.w3.org/2001/XMLSchema#gYear"


def test_csv_and_tsv(built):
    csv_text = format_results(run("documents", built[0]), "csv")
    assert csv_text.splitlines()[0] == "doc,title,date,year,source"
    tsv_text = format_results(run("documents", built[0]), "tsv")
    assert tsv_text.splitlines()[0].split("\t") == VARIABLES["documents"]


def test_a_rq_file(built, tmp_path):
    q = tmp_path / "count.rq"
    q.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(run(str(q), built[0]).rows[0]["n"]) > 1000


@pytest.mark.parametrize("query, message", [
    ("SELECT ?x WHERE { ?x ", "SPARQL error"),
    ("no_such_query", "unknown query 'no_such_query'"),
    ("missing.rq", "missing.rq: no such query file"),
])
def test_query_errors_say_what_is_wrong(built, query, message):
    with pytest.raises(QueryError, match=message):
        run(query, built[0])


def test_missing_data_folder(tmp_path):
    with pytest.raises(QueryError, match="no such data folder"):
        run("documents", tmp_path / "nowhere")


def _normal(term):
    """A term as a comparable value: numbers by value (1.0 == 1), everything else by its text."""
    if term is None:
        return None
    try:
        from decimal import Decimal

        dt = str(getattr(term, "datatype", "") or "")
        if dt.endswith(("#decimal", "#integer", "#double", "#float", "#int", "#long")):
            return Decimal(str(term)).normalize()
    except Exception:
        pass
    return str(term)


@pytest.mark.parametrize("name", sorted(bundled()))
def test_both_engines_give_the_same_answers(built, name):
    ox = run(name, built[0], engine="oxigraph")
    rl = run(name, built[0], engine="rdflib")
    assert ox.vars == rl.vars
    as_set = lambda r: sorted((tuple(_normal(row[v]) for v in r.vars) for row in r.rows), key=repr)  # noqa: E731
    assert as_set(ox) == as_set(rl)
    assert ox.rows


def test_the_oxigraph_store_is_cached_until_the_graph_changes(built, tmp_path):
    import shutil

    from kg.query import STAMP, STORE_DIR

    data = tmp_path / "out"
    shutil.copytree(built[0], data)
    run("documents", data)
    stamp = data / STORE_DIR / STAMP
    first = stamp.stat().st_mtime_ns
    run("regions", data)
    assert stamp.stat().st_mtime_ns == first  # not rebuilt
    ttl = data / "graph.ttl"
    ttl.write_text(ttl.read_text(encoding="utf-8").replace("水富市", "水富县"), encoding="utf-8")
    rows = run("regions", data).rows
    assert any(str(r["region"]) == "水富县" for r in rows)  # rebuilt from the changed graph


def test_unknown_engine(built):
    with pytest.raises(QueryError, match="unknown engine"):
        run("documents", built[0], engine="sparqlwrapper")


def test_the_store_answers_the_view_s_lookups_like_rdflib(built):
    """`kg view` reads one region's triples from the Oxigraph store instead of parsing graph.ttl."""
    from kg.query import StoreGraph, load, oxigraph_store
    from kg.render import focus

    g, store = load(built[0]), StoreGraph(oxigraph_store(built[0]))
    assert set(store) == set(g)
    for region in ("海陵区", "水富市", "云南省"):
        assert set(focus(store, region)) == set(focus(g, region)) and focus(store, region)


# --- what the engine is never asked to run, and a query that can be stopped ---

SERVICE = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/admin> { ?s ?p ?o } }"


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_service_is_refused_unless_allowed(built, engine):
    from kg.query import QueryRefused

    with pytest.raises(QueryRefused, match="SERVICE is refused"):
        run(SERVICE, built[0], engine=engine)


@pytest.mark.parametrize("text", [
    'SELECT * WHERE { ?s ?p "SERVICE" }  # SERVICE in a comment',
    "PREFIX ex: <http://e.org/> SELECT ?SERVICE WHERE { ?SERVICE ex:SERVICE ?o }",
    "SELECT * WHERE { ?s <http://e.org/SERVICE> ?o }",
])
def test_the_word_service_elsewhere_is_no_call(text):
    from kg.query import check_query

    assert check_query(text) == text


@pytest.mark.parametrize("text, message", [
    ("SELECT * WHERE " + "{" * 3000 + "}" * 3000, "nested more than"),
    ("SELECT * WHERE { FILTER(" + "(" * 10000 + "1" + ")" * 10000 + ") }", "nested more than"),
    ("SELECT * WHERE { ?s " + "/".join(["<a:b>"] * 1000) + " ?o }", "operators in one group"),
    ("SELECT * WHERE { " + " UNION ".join(["{?s ?p ?o}"] * 10000) + " }", "bytes long"),
])
def test_queries_that_would_crash_the_engine_are_refused_before_parsing(built, text, message):
    from kg.query import QueryRefused

    with pytest.raises(QueryRefused, match=message):
        run(text, built[0])


def test_an_update_is_refused_as_forbidden():
    from kg.query import QueryRefused, check_query

    with pytest.raises(QueryRefused, match="read-only") as e:
        check_query("PREFIX ex: <http://e.org/> DELETE WHERE { ?s ?p ?o }")
    assert e.value.status == 403


def test_results_stream_out_before_the_last_row_is_read():
    from kg.query import format_stream

    def events():
        yield "head", ["x"]
        yield "rows", [(Literal("a"),), (Literal("b"),)]
        raise AssertionError("read past the first batch before printing it")

    for fmt in ("csv", "tsv", "json"):
        chunks = format_stream(events(), fmt)
        first = next(chunks) + next(chunks)
        assert "a" in first and "b" in first, fmt


def test_streamed_results_are_the_same_as_buffered_ones(built):
    from kg.query import format_stream, stream

    for fmt in ("csv", "json", "table"):
        for name in ("documents", "regions"):
            assert "".join(format_stream(stream(name, built[0]), fmt)) == format_results(run(name, built[0]), fmt)
    assert list(stream("ASK { ?s ?p ?o }", built[0])) == [("boolean", True)]


def test_a_runaway_query_is_stopped_at_the_time_limit(built):
    from kg.query import stream

    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(QueryError, match="time limit of 1 s"):
        list(stream(runaway, built[0], timeout=1))


def test_a_corrupt_graph_leaves_no_working_folder(built, tmp_path):
    data = tmp_path / "out"
    data.mkdir()
    (data / "graph.ttl").write_text("<a:b> <a:c> .\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(QueryError, match="cannot read the graph"):
            run("documents", data)
    assert sorted(p.name for p in data.iterdir()) == ["graph.ttl"]


def test_a_working_folder_left_by_a_killed_process_is_swept(built, tmp_path):
    import shutil
    import subprocess
    import sys

    data = tmp_path / "out"
    shutil.copytree(built[0], data, ignore=shutil.ignore_patterns(".oxigraph*"))
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = data / ".oxigraph-left"
    (left / "store").mkdir(parents=True)
    (left / ".owner").write_text(dead.stdout.strip())
    busy = data / ".oxigraph-busy"  # one that a running process is still loading
    busy.mkdir()
    (busy / ".owner").write_text(str(__import__("os").getpid()))
    run("documents", data)
    assert not left.exists() and busy.exists()


def test_an_engine_crash_is_an_error_not_the_end_of_the_caller(built, monkeypatch):
    """Were a query to get past the checks and crash the engine, the query's process dies, not this one."""
    import importlib

    from kg.query import stream

    monkeypatch.setattr(importlib.import_module("kg.query"), "check_query", lambda text, allow_service=False: text)
    with pytest.raises(QueryError, match="the SPARQL engine failed on this query"):
        list(stream("SELECT * WHERE " + "{" * 5000 + "}" * 5000, built[0]))
