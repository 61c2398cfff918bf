"""Fact records → RDF, without any NLP: hand-made records in, triples out."""
from decimal import Decimal

import pyshacl
from rdflib import RDF, Graph, Literal
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


def test_named_graphs_per_document_cover_the_graph_and_share_common_nodes():
    from kg.graph import partition, serialize_nquads

    g = build_graph([report("a.txt", 2020), report("b.txt", 2023)])
    parts = partition(g)
    assert sorted(parts) == ["a.txt", "b.txt"]
    union = set()
    for sub in parts.values():
        union |= set(sub)
    assert union == set(g)  # every triple belongs to some report
    a_docs = {str(o) for o in parts["a.txt"].objects(None, PROV.wasQuotedFrom)}
    assert all(d.endswith("a.txt") for d in a_docs)
    p = project_iri("530681", "水富港")
    assert (p, GOV.name, Literal("水富港")) in parts["a.txt"] and (p, GOV.name, Literal("水富港")) in parts["b.txt"]
    nq = serialize_nquads(g)
    assert nq == serialize_nquads(build_graph([report("a.txt", 2020), report("b.txt", 2023)]))
    assert all(line.endswith(".txt> .") for line in nq.splitlines())
