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
