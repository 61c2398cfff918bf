"""Build: report files → output folder (graph.ttl, graph.html), written to a temporary folder first.

A report that cannot be read or processed is skipped with its reason; the build fails only when
nothing could be built. The previous output stays in place until the new one is complete.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BuildError, KGError
from .query import GRAPH_FILE

HTML_FILE = "graph.html"
NQUADS_FILE = "graph.nq"


@dataclass
class BuildReport:
    out: Path
    documents: list = field(default_factory=list)  # names of the reports built
    skipped: list = field(default_factory=list)  # (file, reason)
    counts: Counter = field(default_factory=Counter)
    warnings: list = field(default_factory=list)
    triples: int = 0

    @property
    def ok(self) -> bool:
        return bool(self.documents)


def process(path):
    """One report file → DocumentFacts (raises KGError naming the file)."""
    from .extract import extract
    from .ingest import ingest

    return extract(ingest(path))


def build(inputs=("seeds",), out="output", progress=None) -> BuildReport:
    """Build the graph of the reports under `inputs` into the folder `out`.

    `progress`, if given, is called as progress(done, total, name) after each file.
    """
    from .graph import build_graph, serialize, serialize_nquads
    from .ingest import iter_inputs

    out = Path(out)
    files = iter_inputs([inputs] if isinstance(inputs, (str, os.PathLike)) else inputs)
    if not files:
        raise BuildError(f"no report files found in {', '.join(map(str, inputs))}")
    _check_out(out)
    report = BuildReport(out=out)
    all_facts = []
    for i, f in enumerate(files, 1):
        try:
            facts = process(f)
        except KGError as e:
            report.skipped.append((str(f), str(e)))
        else:
            all_facts.append(facts)
            report.documents.append(facts.document.name)
            report.counts.update(facts.counts())
            report.warnings.extend(f"{facts.document.name}: {w}" for w in facts.warnings)
            if facts.document.main_region is None:
                report.warnings.append(f"{facts.document.name}: no region found in the text")
        if progress:
            progress(i, len(files), f.name)
    if not all_facts:
        raise BuildError("nothing could be built: " + "; ".join(r for _, r in report.skipped))
    g = build_graph(all_facts)
    report.triples = len(g)
    _write(out, {GRAPH_FILE: serialize(g), NQUADS_FILE: serialize_nquads(g)}, g)
    return report


def _check_out(out: Path):
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / GRAPH_FILE).exists():
        raise BuildError(f"{out}: not empty and not a govkg output folder; choose another --out")


def write_html(g, path, title):
    from .render import write_html as render

    render(g, path, title=title)


def _write(out: Path, files: dict, g) -> None:
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".kg-tmp-", dir=out.parent))
    try:
        for name, text in files.items():
            (tmp / name).write_text(text, encoding="utf-8")
        write_html(g, tmp / HTML_FILE, title=f"govkg · {out.name}")
        old = None
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=".kg-old-", dir=out.parent))
            os.rename(out, old / "out")
        os.rename(tmp, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
