"""Shared fixtures: the seeds built once per test session, and small helpers to run text through
the pipeline without files."""
from pathlib import Path

import pytest
from rdflib import Graph

import kg
from kg.extract import extract
from kg.ingest import ingest_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seeds_dir():
    return SEEDS


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The seeds built into a fresh output folder, once."""
    out = tmp_path_factory.mktemp("build") / "output"
    report = kg.build([SEEDS], out=out)
    return out, report


@pytest.fixture(scope="session")
def seed_graph(built):
    g = Graph()
    g.parse(built[0] / "graph.ttl", format="turtle")
    return g


def facts_of(text: str, name: str = "report.txt"):
    """Everything extracted from a report whose text is `text`."""
    return extract(ingest_text(Path(name), text))
