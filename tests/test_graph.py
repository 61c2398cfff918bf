"""Fact records → RDF, without any NLP: hand-made records in, triples out."""
from decimal import Decimal

import pyshacl
import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV, XSD

from kg.graph import build_graph, campaign_iri, project_iri, region_iri, serialize
from kg.records import Campaign, Document, DocumentFacts, Evidence, Indicator, Investment, Project, RegionMention
from kg.vocab import GOV
from tests.conftest import ROOT


def ev(doc, start, text="水富港扩能改造累计完成投资16.56亿元", rule="test"):
    return Evidence(doc=doc, text=text, start=start, end=start + len(text), rule=rule, confidence=0.8)


def report(name, year=2020):
    d = Document(name=name, title="水富报告", date=f"{year}-09-04", year=year, source="昭通新闻网",
                 main_region="530681")
    f = DocumentFacts(document=d)
    f.mentions.append(RegionMention(doc=name, region="530681", surface="水富", evidence=ev(name, 0)))
    f.projects.append(Project(doc=name, name="水富港", region="530681", capacity="年吞吐量1000万吨",
                              status="operating", year=year, evidence=ev(name, 10)))
    f.investments.append(Investment(doc=name, amount=1656000000.0, currency="CNY", region="530681",
                                    project="水富港", year=year, kind="completed", evidence=ev(name, 20)))
    f.campaigns.append(Campaign(doc=name, name="“项目攻坚年”专项行动", region="530681", year=year, evidence=ev(name, 30)))
    f.indicators.append(Indicator(doc=name, name="地区生产总值", value=6, unit="%", region="530681",
                                  measure="growth", year=year, target=True, hedge="左右", evidence=ev(name, 40)))
    return f


def test_regions_are_global_nodes_with_their_chain():
    g = build_graph([report("a.txt")])
    r = region_iri("530681")
    assert g.value(r, GOV.name) == Literal("水富市")
    assert g.value(r, GOV.adminCode) == Literal("530681")
    assert g.value(g.value(r, GOV.partOf), GOV.name) == Literal("昭通市")
    assert g.value(g.value(g.value(r, GOV.partOf), GOV.partOf), GOV.adminLevel) == Literal("province")


def test_every_fact_has_evidence_with_offsets_and_its_document():
    g = build_graph([report("a.txt")])
    for cls in (GOV.Project, GOV.Investment, GOV.Campaign, GOV.Indicator):
        for fact in g.subjects(RDF.type, cls):
            e = g.value(fact, GOV.evidence)
            assert g.value(e, GOV.startOffset).datatype == XSD.integer
            assert g.value(g.value(e, PROV.wasQuotedFrom), GOV.fileName) == Literal("a.txt")
            assert g.value(e, GOV.extractedBy) == Literal("test")
            assert g.value(e, GOV.confidence) == Literal(Decimal("0.8"), datatype=XSD.decimal)


def test_amounts_years_and_flags_are_typed():
    g = build_graph([report("a.txt")])
    (i,) = g.subjects(RDF.type, GOV.Investment)
    assert g.value(i, GOV.amount) == Literal(Decimal("1656000000"), datatype=XSD.decimal)
    assert g.value(i, GOV.year) == Literal("2020", datatype=XSD.gYear)
    assert g.value(i, GOV.project) == project_iri("530681", "水富港")
    (n,) = g.subjects(RDF.type, GOV.Indicator)
    assert g.value(n, GOV.isTarget) == Literal(True) and g.value(n, GOV.hedge) == Literal("左右")


def test_the_same_project_in_two_reports_is_one_node_with_two_evidences():
    g = build_graph([report("a.txt", 2020), report("b.txt", 2023)])
    projects = set(g.subjects(RDF.type, GOV.Project))
    assert projects == {project_iri("530681", "水富港")}
    evidences = set(g.objects(projects.pop(), GOV.evidence))
    assert {g.value(g.value(e, PROV.wasQuotedFrom), GOV.fileName).toPython() for e in evidences} == {"a.txt", "b.txt"}
    assert {str(g.value(e, GOV.year)) for e in evidences} == {"2020", "2023"}


def test_campaign_names_are_merged_without_quotes():
    assert campaign_iri("530681", "“项目攻坚年”专项行动") == campaign_iri("530681", "项目攻坚年专项行动")


def test_serialisation_is_deterministic():
    a = serialize(build_graph([report("a.txt"), report("b.txt")]))
    b = serialize(build_graph([report("a.txt"), report("b.txt")]))
    assert a == b


def test_hand_made_graph_conforms_to_the_shapes():
    conforms, _, text = pyshacl.validate(build_graph([report("a.txt")]),
                                         shacl_graph=Graph().parse(ROOT / "ontology" / "shapes.ttl"))
    assert conforms, text


def test_the_seeds_graph_conforms_to_the_shapes(seed_graph):
    conforms, _, text = pyshacl.validate(seed_graph, shacl_graph=Graph().parse(ROOT / "ontology" / "shapes.ttl"),
                                         ont_graph=Graph().parse(ROOT / "ontology" / "govkg.ttl"))
    assert conforms, text


def test_shapes_catch_a_fact_without_evidence():
    g = build_graph([report("a.txt")])
    (p,) = g.subjects(RDF.type, GOV.Project)
    g.remove((p, GOV.evidence, None))
    conforms, _, _ = pyshacl.validate(g, shacl_graph=Graph().parse(ROOT / "ontology" / "shapes.ttl"))
    assert not conforms


def test_each_report_is_one_named_graph_and_together_they_are_the_graph():
    from rdflib import Dataset

    from kg.graph import graph_iri, render_doc

    a, b = report("a.txt", 2020), report("b.txt", 2023)
    ds = Dataset()
    ds.parse(data=render_doc(a).nquads + render_doc(b).nquads, format="nquads")
    graphs = {str(c.identifier): set(c) for c in ds.graphs() if len(c)}
    assert sorted(graphs) == [str(graph_iri("a.txt")), str(graph_iri("b.txt"))]
    assert set().union(*graphs.values()) == set(build_graph([a, b]))  # every triple belongs to some report
    a_docs = {o for _, p, o in graphs[str(graph_iri("a.txt"))] if p == PROV.wasQuotedFrom}
    assert all(str(d).endswith("a.txt") for d in a_docs)
    p = project_iri("530681", "水富港")
    for g in graphs.values():  # a shared node is in both reports' graphs, with its region chain
        assert (p, GOV.name, Literal("水富港")) in g and (region_iri("530000"), GOV.name, Literal("云南省")) in g
    assert render_doc(a).nquads == render_doc(report("a.txt", 2020)).nquads
    assert all(line.endswith("a.txt> .") for line in render_doc(a).nquads.splitlines())


def test_a_node_two_reports_name_differently_keeps_the_first_name_and_the_other_as_alias():
    a, b = report("a.txt"), report("b.txt")
    b.projects[0] = Project(doc="b.txt", name="“水富港”", region="530681", status="operating", evidence=ev("b.txt", 10))
    g = build_graph([a, b])
    p = project_iri("530681", "水富港")
    assert g.value(p, GOV.name) == Literal("水富港") and g.value(p, GOV.alias) == Literal("“水富港”")
    assert list(g.objects(p, RDFS.label)) == [Literal("水富港", lang="zh")]
    g = build_graph([b, a])
    assert g.value(p, GOV.name) == Literal("“水富港”") and g.value(p, GOV.alias) == Literal("水富港")


def test_the_streamed_turtle_is_the_same_graph_as_the_rdflib_one():
    import io

    from kg.graph import render_doc, write_turtle

    a, b = report("a.txt", 2020), report("b.txt", 2023)
    b.projects.append(Project(doc="b.txt", name="“水富港”", region="530681", evidence=ev("b.txt", 50)))
    out = io.StringIO()
    n = write_turtle([render_doc(a), render_doc(b)], out)
    parsed = Graph().parse(data=out.getvalue(), format="turtle")
    assert set(parsed) == set(build_graph([a, b])) and n == len(parsed)
    # each shared node is written once, however many reports name it
    assert out.getvalue().count("a gov:Region") == len(set(parsed.subjects(RDF.type, GOV.Region))) == 4

# --- faults the shapes catch ---

SHAPES = ROOT / "ontology" / "shapes.ttl"
SH = "http://www.w3.org/ns/shacl#"


def _first(g, cls):
    return sorted(g.subjects(RDF.type, cls))[0]


def _set(g, s, p, value):
    g.remove((s, p, None))
    g.add((s, p, value))


def _doc_without_year(g):
    doc = _first(g, GOV.Document)
    for p in (GOV.title, GOV.publicationDate, GOV.year):
        g.remove((doc, p, None))


def _start_after_end(g):
    e = _first(g, GOV.Evidence)
    _set(g, e, GOV.startOffset, Literal(int(g.value(e, GOV.endOffset)) + 1))


FAULTS = {
    "start offset after end offset": (_start_after_end, GOV.startOffset),
    "a negative amount": (lambda g: _set(g, _first(g, GOV.Investment), GOV.amount,
                                         Literal(Decimal("-5"), datatype=XSD.decimal)), GOV.amount),
    "an integer admin code": (lambda g: _set(g, _first(g, GOV.Region), GOV.adminCode, Literal(530681)), GOV.adminCode),
    "a document with no title, date or year": (_doc_without_year, GOV.year),
    "a project with no region": (lambda g: g.remove((_first(g, GOV.Project), GOV.region, None)), GOV.region),
    "an evidence year that is no year": (lambda g: _set(g, _first(g, GOV.Evidence), GOV.year, Literal("去年")), GOV.year),
    "an indicator year that is no year": (lambda g: _set(g, _first(g, GOV.Indicator), GOV.year, Literal("2020年")),
                                          GOV.year),
    "a hedge that is no hedge": (lambda g: _set(g, _first(g, GOV.Indicator), GOV.hedge, Literal("大约吧")), GOV.hedge),
    "a capacity without a number": (lambda g: g.add((_first(g, GOV.Evidence), GOV.capacity, Literal("很大"))),
                                    GOV.capacity),
    "an unknown gov: predicate": (lambda g: g.add((_first(g, GOV.Project), URIRef(str(GOV) + "investmnt"), Literal(1))),
                                  URIRef(str(GOV) + "investmnt")),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_the_shapes_report_each_fault(fault):
    change, path = FAULTS[fault]
    shapes, ontology = Graph().parse(SHAPES), Graph().parse(ROOT / "ontology" / "govkg.ttl")
    g = build_graph([report("a.txt")])
    assert pyshacl.validate(g, shacl_graph=shapes, ont_graph=ontology)[0]
    change(g)
    conforms, results, _ = pyshacl.validate(g, shacl_graph=shapes, ont_graph=ontology)
    paths = set(results.objects(None, URIRef(SH + "resultPath")))
    assert not conforms and path in paths, (fault, paths)


def test_the_shapes_hedges_are_the_ones_extraction_writes():
    from kg.nlp import HEDGES

    listed = set(Graph().parse(SHAPES).query(
        "PREFIX sh: <http://www.w3.org/ns/shacl#> PREFIX gov: <https://w3id.org/govkg/ontology#> "
        "SELECT ?h WHERE { ?p sh:path gov:hedge ; sh:in/rdf:rest*/rdf:first ?h }"))
    assert {str(h) for (h,) in listed} == set(HEDGES)
