"""Shared fixtures: the seeds built once per test session, and small helpers to run text through
the pipeline without files."""
import contextlib
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


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(cmd: list, ready_url: str, seconds: float = 60):
    """Run a server process on loopback until the block ends; wait until `ready_url` answers."""
    import subprocess
    import time
    import urllib.error
    import urllib.request

    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + seconds
        while True:
            try:
                urllib.request.urlopen(ready_url, timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError):
                if time.time() > deadline or proc.poll() is not None:
                    raise RuntimeError(f"{cmd[0]} did not come up at {ready_url}")
                time.sleep(0.3)
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def facts_of(text: str, name: str = "report.txt"):
    """Everything extracted from a report whose text is `text`."""
    return extract(ingest_text(Path(name), text))
