"""Build: report files → output folder (graph.ttl, graph.nq, graph.html), written to a temporary folder first.

A report that cannot be read or processed is skipped with its reason; the build fails only when
nothing could be built. The previous output stays in place until the new one is complete.

Reports stream through the build: each is processed on one of all cores (`jobs`) or on a Dask cluster
(`engine="dask"`), where its facts are extracted and its triples rendered (`kg.graph.render_doc`); the
build writes them out in input order as they come back, and keeps nothing of a report afterwards but
its counts. The shared nodes are merged at the end on disk, so memory is bounded by the largest report
and the number of reports in flight, not by the corpus. The page shows as many whole reports as fit in
it, in order.

Each report's result is cached in `<out>/.cache/`, keyed by the file's name and content hash and by the
pipeline's version, so a rebuild after one report changed reprocesses only that report; the output is
byte-identical to a clean build.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
import zlib
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BuildError, KGError
from .query import GRAPH_FILE

HTML_FILE = "graph.html"
NQUADS_FILE = "graph.nq"
CACHE_DIR = ".cache"
ENGINES = ("local", "dask")
PAGE_NODES = 3_000  # the overview page holds whole reports, in order, up to about this many nodes


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
    """One report's bytes → ("ok", packed (DocumentFacts, DocGraph)) or ("error", reason). Runs in
    workers; never raises. The packed result is what the cache keeps."""
    from .extract import extract
    from .graph import render_doc
    from .ingest import ingest_bytes

    try:
        facts = extract(ingest_bytes(Path(name), data))
        return "ok", pack((facts, render_doc(facts)))
    except KGError as e:
        return "error", str(e)


def pack(value) -> bytes:
    """A report's result as bytes: pickled and compressed (the rendered triples shrink about tenfold)."""
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack(blob: bytes):
    return pickle.loads(zlib.decompress(blob))


def pipeline_version() -> str:
    """What the facts of a report depend on besides the report: govkg's extraction code and the versions
    of the libraries and data it reads."""
    from importlib import metadata

    h = hashlib.sha256()
    here = Path(__file__).parent
    files = [here / name for name in ("ingest.py", "nlp.py", "extract.py", "resolve.py", "gazetteer.py",
                                      "records.py", "graph.py", "vocab.py")]
    for path in files + sorted((here / "rules").glob("*.py")):
        h.update(path.read_bytes())
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


class _Local:
    """Reports on `jobs` processes, forked after the pipeline is loaded so that they share it. The
    processes start with the first report that needs them: a build served from the cache starts none."""

    def __init__(self, jobs: int):
        self.jobs = jobs
        self.pool = None

    def submit(self, name, data):
        if self.jobs <= 1:
            return process_bytes(name, data)
        if self.pool is None:
            import multiprocessing as mp

            if hasattr(os, "fork"):
                from .nlp import pipeline

                _init_worker()
                pipeline()
            ctx = mp.get_context("fork" if hasattr(os, "fork") else "spawn")
            self.pool = ctx.Pool(self.jobs, initializer=_init_worker)
        return self.pool.apply_async(process_bytes, (name, data))

    @staticmethod
    def result(handle):
        return handle.get() if hasattr(handle, "get") else handle

    def close(self):
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None


class _Dask:
    """Reports on a Dask distributed cluster; workers receive the bytes, never a path."""

    def __init__(self, scheduler):
        try:
            from dask.distributed import Client
        except ImportError:
            raise BuildError("the dask engine needs the dask extra: pip install 'govkg[dask]'") from None
        self.own = isinstance(scheduler, str)
        try:
            self.client = Client(scheduler, timeout="15s") if self.own else scheduler
        except OSError as e:
            raise BuildError(f"cannot reach the Dask scheduler at {scheduler} ({e})") from None
        self.n = 0

    def submit(self, name, data):
        self.n += 1
        return self.client.submit(process_bytes, name, data, key=f"govkg-{self.n}-{name}", pure=False)

    @staticmethod
    def result(future):
        try:
            return future.result()
        finally:
            future.release()

    def close(self):
        if self.own:
            self.client.close()
            self.own = False


def _results(files, engine, cache_dir, cache: bool, window: int):
    """(file, cache key, ("ok", (packed, (facts, DocGraph))) or ("error", reason), fresh?) for each file,
    in input order. At most `window` reports are read and in flight at a time."""
    from .ingest import read

    pending = deque()
    try:
        for f in files:
            try:
                data = read(f)
            except KGError as e:
                pending.append((f, None, ("error", str(e)), False))
            else:
                key = hashlib.sha256(f.name.encode() + b"\0" + data).hexdigest()
                hit = _cached(cache_dir / f"{key}.pickle") if cache else None
                if hit is not None:
                    pending.append((f, key, ("ok", hit), False))
                else:
                    pending.append((f, key, engine.submit(f.name, data), True))
            while len(pending) > window or (pending and not pending[0][3]):
                yield _settle(engine, pending.popleft())
        while pending:
            yield _settle(engine, pending.popleft())
    finally:
        engine.close()


def _settle(engine, entry):
    """(file, key, ("ok", (packed, unpacked)) or ("error", reason), fresh?)."""
    f, key, handle, fresh = entry
    if not fresh:
        return entry
    status, value = engine.result(handle)
    return f, key, (status, (value, unpack(value)) if status == "ok" else value), fresh


def _cached(path: Path):
    if not path.is_file():
        return None
    try:
        blob = path.read_bytes()
        return blob, unpack(blob)
    except Exception:  # a damaged cache entry is only a cache miss
        return None


def build(inputs=("seeds",), out="output", progress=None, jobs: int = None, engine: str = "local",
          scheduler=None, cache: bool = True) -> BuildReport:
    """Build the graph of the reports under `inputs` into the folder `out`.

    `progress`, if given, is called as progress(done, total, name) after each file. `jobs` is the number
    of processes (default: all cores); `engine="dask"` sends the reports to the Dask scheduler at
    `scheduler` (an address or a distributed.Client) instead."""
    from .graph import TurtleWriter, doc_triples, merged_triples
    from .ingest import iter_inputs

    if engine not in ENGINES:
        raise BuildError(f"unknown engine '{engine}': use one of {', '.join(ENGINES)}")
    out = Path(out)
    files = iter_inputs([inputs] if isinstance(inputs, (str, os.PathLike)) else inputs)
    if not files:
        raise BuildError(f"no report files found in {', '.join(map(str, inputs))}")
    _check_out(out)
    report = BuildReport(out=out)
    version = pipeline_version()
    old_cache = out / CACHE_DIR / version
    jobs = jobs or os.cpu_count() or 1
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".kg-tmp-", dir=out.parent))
    runner = None
    try:
        runner = _Dask(scheduler) if engine == "dask" else _Local(min(jobs, len(files)))
        new_cache = tmp / CACHE_DIR / version
        new_cache.mkdir(parents=True)
        shown, shown_nodes, page_full = [], 0, False  # the reports the page holds: the first ones that fit
        with open(tmp / GRAPH_FILE, "w", encoding="utf-8") as ttl, \
                open(tmp / NQUADS_FILE, "w", encoding="utf-8") as nq:
            writer = TurtleWriter(ttl, panel_nq=nq)
            try:
                results = _results(files, runner, old_cache, cache, window=4 * max(jobs, 1))
                for done, (f, key, (status, value), fresh) in enumerate(results, 1):
                    if status == "error":
                        report.skipped.append((str(f), value))
                    else:
                        packed, (facts, dg) = value
                        writer.add(dg, facts)
                        nq.write(dg.nquads)
                        _keep(new_cache / f"{key}.pickle", old_cache / f"{key}.pickle", packed, fresh, cache)
                        _account(report, facts, fresh)
                        shown_nodes += 1 + sum(facts.counts().values())
                        if shown and shown_nodes > PAGE_NODES:
                            page_full = True
                        if not page_full:
                            shown.append(facts)
                    if progress:
                        progress(done, len(files), f.name)
            finally:
                report.triples = writer.close()
        if not report.documents:
            raise BuildError("nothing could be built: " + "; ".join(r for _, r in report.skipped))
        note = "" if len(shown) == len(report.documents) else (
            f"This page shows the first {len(shown):,} of {len(report.documents):,} reports; "
            "`kg view --region NAME` shows one region from all of them.")
        write_html(merged_triples(doc_triples(f) for f in shown), tmp / HTML_FILE, f"govkg · {out.name}", note=note)
        if not cache:
            shutil.rmtree(tmp / CACHE_DIR)
        _swap(out, tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        if runner is not None:
            runner.close()
    return report


def _account(report: BuildReport, facts, fresh: bool) -> None:
    name = facts.document.name
    report.documents.append(name)
    if fresh:
        report.reprocessed.append(name)
    report.counts.update(facts.counts())
    report.warnings.extend(f"{name}: {w}" for w in facts.warnings)
    if facts.document.main_region is None:
        report.warnings.append(f"{name}: no region found in the text")


def _keep(entry: Path, old: Path, value, fresh: bool, cache: bool) -> None:
    """The report's entry in the new output's cache: a new one pickled, an old one hard-linked (the old
    output is about to go), or copied where links are not possible."""
    if not cache:
        return
    if fresh:
        entry.write_bytes(value)
        return
    try:
        os.link(old, entry)
    except FileExistsError:
        pass
    except OSError:
        shutil.copyfile(old, entry)


def _check_out(out: Path):
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out}: exists and is not a folder")
    if out.is_dir() and any(p for p in out.iterdir() if p.name != CACHE_DIR) and not (out / GRAPH_FILE).exists():
        raise BuildError(f"{out}: not empty and not a govkg output folder; choose another --out")


def write_html(g, path, title, note=""):
    from .render import write_html as render

    render(g, path, title=title, note=note)


def _swap(out: Path, tmp: Path) -> None:
    """Put the finished folder `tmp` in the place of `out`, keeping `out` until the new one is there."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=".kg-old-", dir=out.parent))
        os.rename(out, old / "out")
    os.rename(tmp, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
