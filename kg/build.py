"""Build: report files → output folder (graph.ttl, graph.nq, graph.html), written to a temporary folder first.

A report that cannot be read or processed is skipped with its reason; the build fails only when
nothing could be built. The previous output stays in place until the new one is complete.

Reports are processed one by one, on all cores (`jobs`) or on a Dask cluster (`engine="dask"`), and
only their fact records travel back. Each report's facts are cached in `<out>/.cache/`, keyed by the
file's name and content hash and by the pipeline's version, so a rebuild after one report changed
reprocesses only that report; the output is byte-identical to a clean build.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BuildError, KGError
from .query import GRAPH_FILE

HTML_FILE = "graph.html"
NQUADS_FILE = "graph.nq"
CACHE_DIR = ".cache"
ENGINES = ("local", "dask")


@dataclass
class BuildReport:
    out: Path
    documents: list = field(default_factory=list)  # names of the reports built
    skipped: list = field(default_factory=list)  # (file, reason)
    counts: Counter = field(default_factory=Counter)
    warnings: list = field(default_factory=list)
    triples: int = 0
    reprocessed: list = field(default_factory=list)  # names of the reports processed (not from the cache)

    @property
    def ok(self) -> bool:
        return bool(self.documents)


def process(path):
    """One report file → DocumentFacts (raises KGError naming the file)."""
    from .extract import extract
    from .ingest import ingest

    return extract(ingest(path))


def process_bytes(name: str, data: bytes):
    """One report's bytes → ("ok", DocumentFacts) or ("error", reason). Runs in workers; never raises."""
    from .extract import extract
    from .ingest import ingest_bytes

    try:
        return "ok", extract(ingest_bytes(Path(name), data))
    except KGError as e:
        return "error", str(e)


def pipeline_version() -> str:
    """What the facts of a report depend on besides the report: govkg's extraction code and the versions
    of the libraries and data it reads."""
    from importlib import metadata

    h = hashlib.sha256()
    here = Path(__file__).parent
    for name in ("ingest.py", "nlp.py", "extract.py", "rules.py", "resolve.py", "gazetteer.py", "records.py"):
        h.update((here / name).read_bytes())
    for dist in ("jieba", "jionlp", "opencc", "spacy"):
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(dist.encode())
    return h.hexdigest()[:16]


def _init_worker():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)


def _run_local(items, jobs):
    """Yield results in input order, on `jobs` processes."""
    if jobs <= 1 or len(items) <= 1:
        for name, data in items:
            yield process_bytes(name, data)
        return
    import multiprocessing as mp

    if hasattr(os, "fork"):
        # load the pipeline (spaCy, jieba's dictionary, the gazetteer) once; forked workers share it
        from .nlp import pipeline

        _init_worker()
        pipeline()
    ctx = mp.get_context("fork" if hasattr(os, "fork") else "spawn")
    with ctx.Pool(min(jobs, len(items)), initializer=_init_worker) as pool:
        yield from pool.imap(_star, items, chunksize=1)


def _star(item):
    return process_bytes(*item)


def _run_dask(items, scheduler):
    try:
        from dask.distributed import Client
    except ImportError:
        raise BuildError("the dask engine needs the dask extra: pip install 'govkg[dask]'") from None
    try:
        client = Client(scheduler, timeout="15s") if isinstance(scheduler, str) else scheduler
    except OSError as e:
        raise BuildError(f"cannot reach the Dask scheduler at {scheduler} ({e})") from None
    futures = [client.submit(process_bytes, name, data, key=f"govkg-{i}-{name}", pure=False)
               for i, (name, data) in enumerate(items)]
    for fut in futures:  # in input order; each result is released as soon as it is taken
        yield fut.result()
        fut.release()


def build(inputs=("seeds",), out="output", progress=None, jobs: int = None, engine: str = "local",
          scheduler=None, cache: bool = True) -> BuildReport:
    """Build the graph of the reports under `inputs` into the folder `out`.

    `progress`, if given, is called as progress(done, total, name) after each file. `jobs` is the number
    of processes (default: all cores); `engine="dask"` sends the reports to the Dask scheduler at
    `scheduler` (an address or a distributed.Client) instead."""
    from .graph import build_graph, index, serialize, serialize_nquads
    from .ingest import iter_inputs, read

    if engine not in ENGINES:
        raise BuildError(f"unknown engine '{engine}': use one of {', '.join(ENGINES)}")
    out = Path(out)
    files = iter_inputs([inputs] if isinstance(inputs, (str, os.PathLike)) else inputs)
    if not files:
        raise BuildError(f"no report files found in {', '.join(map(str, inputs))}")
    _check_out(out)
    report = BuildReport(out=out)
    version = pipeline_version()
    cache_dir = out / CACHE_DIR / version
    results = {}  # index -> DocumentFacts or error
    todo = []
    wanted = set()  # the cache keys of this input
    for i, f in enumerate(files):
        try:
            data = read(f)
        except KGError as e:
            results[i] = ("error", str(e))
            continue
        key = hashlib.sha256(f.name.encode() + b"\0" + data).hexdigest()
        wanted.add(key)
        cached = cache_dir / f"{key}.pickle"
        if cache and cached.is_file():
            try:
                results[i] = ("ok", pickle.loads(cached.read_bytes()))
                continue
            except Exception:  # a damaged cache entry is only a cache miss
                pass
        todo.append((i, f, data, key))
    done = len(results)
    if progress:
        progress(done, len(files), "cache")
    items = [(f.name, data) for _, f, data, _ in todo]
    runner = _run_dask(items, scheduler) if engine == "dask" else _run_local(items, jobs or os.cpu_count() or 1)
    fresh = {}
    for (i, f, _, key), result in zip(todo, runner):
        results[i] = result
        if result[0] == "ok":
            fresh[key] = result[1]
            report.reprocessed.append(f.name)
        done += 1
        if progress:
            progress(done, len(files), f.name)
    all_facts = []
    for i, f in enumerate(files):
        status, value = results[i]
        if status == "error":
            report.skipped.append((str(f), value))
            continue
        facts = value
        all_facts.append(facts)
        report.documents.append(facts.document.name)
        report.counts.update(facts.counts())
        report.warnings.extend(f"{facts.document.name}: {w}" for w in facts.warnings)
        if facts.document.main_region is None:
            report.warnings.append(f"{facts.document.name}: no region found in the text")
    if not all_facts:
        raise BuildError("nothing could be built: " + "; ".join(r for _, r in report.skipped))
    g = build_graph(all_facts)
    del all_facts
    report.triples = len(g)
    idx = index(g)
    _write(out, {GRAPH_FILE: serialize(g, idx), NQUADS_FILE: serialize_nquads(g, idx)}, g, idx,
           cache=(version, fresh, wanted) if cache else None)
    return report


def _check_out(out: Path):
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out}: exists and is not a folder")
    if out.is_dir() and any(p for p in out.iterdir() if p.name != CACHE_DIR) and not (out / GRAPH_FILE).exists():
        raise BuildError(f"{out}: not empty and not a govkg output folder; choose another --out")


def write_html(g, path, title, idx=None):
    from .render import write_html as render

    render(g, path, title=title, idx=idx)


def _write(out: Path, files: dict, g, idx=None, cache=None) -> None:
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".kg-tmp-", dir=out.parent))
    try:
        for name, text in files.items():
            (tmp / name).write_text(text, encoding="utf-8")
        write_html(g, tmp / HTML_FILE, f"govkg · {out.name}", idx)
        if cache is not None:
            _carry_cache(out, tmp, *cache)
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


def _carry_cache(out: Path, tmp: Path, version: str, fresh: dict, wanted: set) -> None:
    """The new output's cache: this version's entries for the reports still in the input, plus the new ones."""
    new = tmp / CACHE_DIR / version
    new.mkdir(parents=True)
    old = out / CACHE_DIR / version
    if old.is_dir():
        for entry in old.iterdir():
            if entry.stem in wanted:
                try:  # the old output is about to go: a hard link keeps the entry without copying it
                    os.link(entry, new / entry.name)
                except OSError:
                    shutil.copyfile(entry, new / entry.name)
    for key, facts in fresh.items():
        (new / f"{key}.pickle").write_bytes(pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL))
