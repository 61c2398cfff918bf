"""The ontology file is the single source of the vocabulary; kg.vocab.GOV names exactly its terms."""
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph

from kg.vocab import GOV

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "govkg.ttl"
FIXED = ["Document", "Region", "Project", "Organization", "Investment", "Campaign", "Goal", "Indicator", "Evidence",
         "partOf", "adminCode", "adminLevel"]


@pytest.fixture(scope="module")
def ontology():
    return Graph().parse(ONTOLOGY)


def terms(g):
    return {str(s).split("#")[1] for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
            for s in g.subjects(RDF.type, t) if str(s).startswith(str(GOV._NS))}


def test_defined_namespace_matches_the_ontology_file(ontology):
    assert terms(ontology) == set(GOV.__annotations__)


def test_the_fixed_term_names_exist(ontology):
    assert set(FIXED) <= terms(ontology)


def test_a_misspelt_term_fails_at_once():
    with pytest.raises(AttributeError):
        GOV.Regoin  # noqa: B018


def test_every_term_has_chinese_and_english_labels_and_a_comment(ontology):
    for name in terms(ontology):
        s = GOV[name]
        langs = {lbl.language for lbl in ontology.objects(s, RDFS.label)}
        assert {"zh", "en"} <= langs, name
        assert ontology.value(s, RDFS.comment) is not None, name


@pytest.mark.parametrize("term, w3c", [
    ("startOffset", "http://www.w3.org/ns/oa#start"),
    ("endOffset", "http://www.w3.org/ns/oa#end"),
    ("sentence", "http://www.w3.org/ns/oa#exact"),
    ("name", "http://www.w3.org/2004/02/skos/core#prefLabel"),
    ("alias", "http://www.w3.org/2004/02/skos/core#altLabel"),
])
def test_gov_terms_are_subproperties_of_the_w3c_terms_they_refine(ontology, term, w3c):
    from rdflib import URIRef

    assert URIRef(w3c) in set(ontology.objects(GOV[term], RDFS.subPropertyOf))


def test_evidence_is_a_web_annotation_selector(ontology):
    from rdflib import URIRef

    supers = set(ontology.objects(GOV.Evidence, RDFS.subClassOf))
    assert {URIRef("http://www.w3.org/ns/oa#TextPositionSelector"), URIRef("http://www.w3.org/ns/oa#TextQuoteSelector")} <= supers
