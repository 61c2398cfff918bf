"""`kg export`: every format read back by its tools' readers holds what the graph holds."""
import csv
import json
from collections import Counter

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import PROV

from kg.cli import cli
from kg.export import CLASSES, context, export, local
from kg.graph import region_iri
from kg.vocab import GOV, ID


def typed_nodes(g):
    return {s: o for s, o in g.subject_objects(RDF.type)}


def relations(g):
    return [(s, p, o) for s, p, o in g if isinstance(o, URIRef) and p != RDF.type]


@pytest.fixture(scope="module")
def exports(built, tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    return {fmt: export(fmt, built[0], folder / ("csv" if fmt == "csv" else f"graph.{fmt}"))[0]
            for fmt in ("graphml", "gexf", "jsonld", "csv")}


def check_network(G, seed_graph):
    nodes = typed_nodes(seed_graph)
    assert G.number_of_nodes() == len(nodes)
    assert G.number_of_edges() == len(relations(seed_graph))
    assert Counter(d["class"] for _, d in G.nodes(data=True)) == Counter(local(c) for c in nodes.values())
    assert Counter(d["relation"] for *_, d in G.edges(data=True)) == Counter(local(p) for _, p, _ in relations(seed_graph))
    shuifu = G.nodes[str(region_iri("530681"))]
    assert (shuifu["class"], shuifu["name"], shuifu["regionCode"], shuifu["adminLevel"]) == \
        ("Region", "水富市", "530681", "county")
    assert G.has_edge(str(region_iri("530681")), str(region_iri("530600")), key="partOf")
    # every fact with a region carries that region's code, and numbers stay numbers
    for s, o in seed_graph.subject_objects(GOV.region):
        code = seed_graph.value(o, GOV.adminCode)
        if code is not None:
            assert G.nodes[str(s)]["regionCode"] == str(code)
    for s, amount in seed_graph.subject_objects(GOV.amount):
        assert G.nodes[str(s)]["amount"] == float(amount)
    for s in seed_graph.subjects(RDF.type, GOV.Document):
        assert G.nodes[str(s)]["year"] == int(seed_graph.value(s, GOV.year))


def test_graphml_reads_back_with_every_node_and_relation(exports, seed_graph):
    check_network(nx.read_graphml(exports["graphml"], force_multigraph=True), seed_graph)


def test_gexf_reads_back_with_every_node_and_relation(exports, seed_graph):
    G = nx.read_gexf(exports["gexf"])
    check_network(G, seed_graph)
    assert G.nodes[str(region_iri("530681"))]["label"] == "水富市"  # what Gephi shows


def test_jsonld_holds_exactly_the_graphs_triples(exports, seed_graph):
    g = Graph().parse(exports["jsonld"], format="json-ld")
    assert len(g) == len(seed_graph)
    assert set(g) == set(seed_graph)


def test_jsonld_context_comes_from_the_ontology(exports):
    ctx = json.loads(exports["jsonld"].read_text(encoding="utf-8"))["@context"]
    assert ctx == context()
    assert set(GOV.__annotations__) <= set(ctx)
    assert ctx["partOf"] == {"@id": "gov:partOf", "@type": "@id"}
    assert ctx["year"] == {"@id": "gov:year", "@type": "xsd:gYear"}
    assert ctx["name"] == "gov:name"
    assert ctx["Region"] == "gov:Region"
    node = next(n for n in json.loads(exports["jsonld"].read_text(encoding="utf-8"))["@graph"]
                if n["@id"] == "id:region/530681")
    assert node["@type"] == "Region" and node["partOf"] == "id:region/530600" and node["name"] == "水富市"


def test_csv_has_one_table_per_class_with_a_row_per_node(exports, seed_graph):
    nodes = typed_nodes(seed_graph)
    counts = Counter(nodes.values())
    for cls, table in CLASSES.items():
        with open(exports["csv"] / f"{table}.csv", encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert len(rows) == counts[cls], table
        assert {ID[r["id"]] for r in rows} == {s for s, c in nodes.items() if c == cls}, table
    with open(exports["csv"] / "investments.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sum(float(r["amount"]) for r in rows) == sum(float(a) for a in seed_graph.objects(None, GOV.amount))
    for r in rows:
        region = ID[r["region"]]
        assert r["regionName"] == str(seed_graph.value(region, GOV.name))
    with open(exports["csv"] / "documents.csv", encoding="utf-8", newline="") as f:
        docs = list(csv.DictReader(f))
    mentions = sum(len(d["mentions"].split(" | ")) for d in docs)
    assert mentions == len(list(seed_graph.subject_objects(GOV.mentions)))


def test_without_evidence_facts_link_to_the_reports_that_state_them(built, seed_graph, tmp_path):
    r = CliRunner().invoke(cli, ["export", "--format", "graphml", "--no-evidence", "--data", str(built[0]),
                                 "--out", str(tmp_path / "g.graphml")])
    assert r.exit_code == 0, r.output
    G = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    evidence = set(seed_graph.subjects(RDF.type, GOV.Evidence))
    assert G.number_of_nodes() == len(typed_nodes(seed_graph)) - len(evidence)
    assert "Evidence" not in {d["class"] for _, d in G.nodes(data=True)}
    stated = {(str(s), str(doc)) for s, e in seed_graph.subject_objects(GOV.evidence)
              for doc in seed_graph.objects(e, PROV.wasQuotedFrom)}
    quoted = {(u, v) for u, v, k in G.edges(keys=True) if k == "wasQuotedFrom"}
    assert quoted == stated
    campaigns = [d for _, d in G.nodes(data=True) if d["class"] == "Campaign"]
    assert campaigns and any("year" in d for d in campaigns)  # a campaign's year is the first year it is stated for


def test_cli_writes_into_the_data_folder_by_default(built, tmp_path):
    import shutil

    data = tmp_path / "output"
    shutil.copytree(built[0], data)
    runner = CliRunner()
    for fmt, made in (("gexf", data / "graph.gexf"), ("csv", data / "csv" / "projects.csv")):
        r = runner.invoke(cli, ["export", "--format", fmt, "--data", str(data)])
        assert r.exit_code == 0, r.output
        assert made.is_file()
    r = runner.invoke(cli, ["export", "--format", "dot", "--data", str(data)])
    assert r.exit_code == 2
    r = runner.invoke(cli, ["export", "--format", "csv", "--data", str(tmp_path / "none")])
    assert r.exit_code == 2 and r.output.startswith("kg: ") and "Traceback" not in r.output


def test_markup_and_control_characters_survive_the_xml_formats(tmp_path):
    g = Graph()
    p, r = ID["project/x"], region_iri("530681")
    g.add((p, RDF.type, GOV.Project))
    g.add((p, GOV.name, Literal('<script>alert("x")</script> & 项目\x0b')))
    g.add((p, GOV.region, r))
    g.add((r, RDF.type, GOV.Region))
    g.add((r, GOV.name, Literal("水富市")))
    (tmp_path / "data").mkdir()
    g.serialize(tmp_path / "data" / "graph.ttl", format="turtle")
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        path, _ = export(fmt, tmp_path / "data", tmp_path / f"g.{fmt}")
        G = reader(path)
        assert G.nodes[str(p)]["name"] == '<script>alert("x")</script> & 项目\ufffd'
        assert G.number_of_edges() == 1
    path, _ = export("jsonld", tmp_path / "data", tmp_path / "g.jsonld")
    assert set(Graph().parse(path, format="json-ld")) == set(g)


def test_classes_beyond_the_known_ones_and_untyped_nodes_are_exported(tmp_path):
    from rdflib import Namespace

    other = Namespace("https://example.org/vocab#")
    g = Graph()
    r, x, y = region_iri("530681"), ID["thing/x"], ID["thing/y"]
    g.add((r, RDF.type, GOV.Region))
    g.add((r, GOV.name, Literal("水富市")))
    g.add((x, RDF.type, other.Thing))
    g.add((x, GOV.region, r))
    g.add((y, GOV.name, Literal("无类")))  # no class at all
    g.add((y, other.about, x))
    (tmp_path / "data").mkdir()
    g.serialize(tmp_path / "data" / "graph.ttl", format="turtle")
    path, _ = export("jsonld", tmp_path / "data", tmp_path / "g.jsonld")
    assert set(Graph().parse(path, format="json-ld")) == set(g)
    G = nx.read_graphml(export("graphml", tmp_path / "data", tmp_path / "g.graphml")[0], force_multigraph=True)
    assert G.nodes[str(x)]["class"] == "Thing" and G.has_edge(str(x), str(r), key="region")
    export("csv", tmp_path / "data", tmp_path / "csv")
    assert (tmp_path / "csv" / "thing.csv").is_file() and (tmp_path / "csv" / "regions.csv").is_file()
