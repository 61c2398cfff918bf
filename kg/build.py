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
MAX_REPORT_BYTES = 3 * 2**20  # one report's file; spaCy reads at most a million characters at a time


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
        ingested = ingest_bytes(Path(name), data)
        facts = extract(ingested)
        facts.warnings.extend(front_matter_warnings(ingested.original))
        return "ok", pack((facts, render_doc(facts)))
    except KGError as e:
        return "error", str(e)


def front_matter_warnings(original: str) -> list:
    """What is wrong with a report's YAML front matter, if anything: one opened by `---` and never closed is
    read as text (the report's body with it), and lines in it that are not `key: value` are left out."""
    import re

    text = original.lstrip("\ufeff")
    if not re.match(r"\s*---[ \t]*\r?\n", text):
        return []
    m = re.match(r"\s*---[ \t]*\n(.*?)\n---[ \t]*\n", text, re.S)  # as kg.ingest reads it
    if not m:
        return ["its front matter (opened by a --- line) is never closed by another, so it is read as text"]
    bad = [line.strip() for line in m.group(1).splitlines()
           if line.strip() and not line.lstrip().startswith(("#", "-")) and ":" not in line]
    if bad:
        return ["front matter lines that are not `key: value` are left out: " + "; ".join(bad[:3])
                + (" …" if len(bad) > 3 else "")]
    return []


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


def _init_pool_worker():
    """A worker process ends quietly: Ctrl-C and SIGTERM are the build's to handle, which stops its workers."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _init_worker()


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
            self.pool = ctx.Pool(self.jobs, initializer=_init_pool_worker)
        return self.pool.apply_async(process_bytes, (name, data))

    @staticmethod
    def result(handle):
        return handle.get() if hasattr(handle, "get") else handle

    def close(self):
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None


DASK_CONNECT = 20.0  # seconds for a Dask scheduler to answer


def _connect(client_class, scheduler: str):
    """A client of the Dask scheduler at `scheduler`, or a BuildError in one line: an address that is no
    address, nothing listening, or something listening that is not a Dask scheduler (which would otherwise
    keep the client waiting for a handshake that never comes)."""
    import threading

    box = {}

    def connect():
        try:
            box["client"] = client_class(scheduler, timeout=f"{DASK_CONNECT:g}s")
        except BaseException as e:  # noqa: BLE001 — reported below, in the caller's thread
            box["error"] = e

    t = threading.Thread(target=connect, daemon=True)
    t.start()
    t.join(DASK_CONNECT + 5)
    if t.is_alive():
        raise BuildError(f"no Dask scheduler answered at {scheduler} within {DASK_CONNECT:g} s "
                         "(is it a Dask scheduler's address, tcp://HOST:PORT?)")
    e = box.get("error")
    if isinstance(e, (ValueError, TypeError)):
        raise BuildError(f"'{scheduler}' is not a Dask scheduler's address ({e}); use tcp://HOST:PORT") from None
    if e is not None:
        raise BuildError(f"cannot reach the Dask scheduler at {scheduler} ({type(e).__name__}: "
                         f"{str(e).splitlines()[0] if str(e) else ''})") from None
    return box["client"]


class _Dask:
    """Reports on a Dask distributed cluster; workers receive the bytes, never a path."""

    def __init__(self, scheduler):
        try:
            from dask.distributed import Client
        except ImportError:
            raise BuildError("the dask engine needs the dask extra: pip install 'govkg[dask]'") from None
        self.own = isinstance(scheduler, str)
        self.client = _connect(Client, scheduler) if self.own else scheduler
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


def _results(files, engine, cache_dir, cache: bool, window: int, names: dict = None):
    """(file, cache key, ("ok", (packed, (facts, DocGraph))) or ("error", reason), fresh?) for each file,
    in input order. At most `window` reports are read and in flight at a time. `names` gives the name a
    file's document goes by, where it is not the file's own."""
    from .ingest import read

    names = names or {}
    pending = deque()
    try:
        for f in files:
            name = names.get(f, f.name)
            try:
                size = f.stat().st_size
                if size > MAX_REPORT_BYTES:
                    raise BuildError(f"{f.name}: {size / 2**20:.1f} MB is more than one report may be "
                                     f"({MAX_REPORT_BYTES / 2**20:.0f} MB, about a million characters); "
                                     "split it into parts")
                data = read(f)
            except OSError as e:
                pending.append((f, None, ("error", f"{f.name}: cannot read file ({e.strerror or e})"), False))
            except KGError as e:
                pending.append((f, None, ("error", str(e)), False))
            else:
                key = hashlib.sha256(name.encode() + b"\0" + data).hexdigest()
                hit = _cached(cache_dir / f"{key}.pickle") if cache else None
                if hit is not None:
                    pending.append((f, key, ("ok", hit), False))
                else:
                    pending.append((f, key, engine.submit(name, _utf16_marked(data)), True))
            while len(pending) > window or (pending and not pending[0][3]):
                yield _settle(engine, pending.popleft())
        while pending:
            yield _settle(engine, pending.popleft())
    finally:
        engine.close()


def _utf16_marked(data: bytes) -> bytes:
    """UTF-16 text saved without a byte-order mark, given one, so that it is read as text rather than taken
    for a binary file (its NUL bytes are the high halves of ASCII characters). Other bytes come back as
    they are. The text is UTF-16 when one byte order decodes it to nearly all CJK, ASCII and whitespace."""
    if not data or b"\0" not in data[:4096] or len(data) % 2 or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data
    for encoding, bom in (("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")):
        try:
            text = data[:65536].decode(encoding)
        except UnicodeDecodeError:
            continue
        plain = sum(1 for c in text if c in "\n\r\t" or " " <= c <= "~" or "\u3000" <= c <= "\u9fff"
                    or "\uff00" <= c <= "\uffef")
        if plain >= 0.95 * len(text):
            return bom + data
    return data


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

    from .workdir import owned_tmpdir, sweep

    if engine not in ENGINES:
        raise BuildError(f"unknown engine '{engine}': use one of {', '.join(ENGINES)}")
    out = Path(out)
    inputs = [inputs] if isinstance(inputs, (str, os.PathLike)) else list(inputs)
    skipped = []
    inputs = _existing(inputs, skipped)
    files = _not_output(iter_inputs(inputs), out) if inputs else []
    skipped.extend(_unread_types(inputs, out))
    if not files:
        reasons = "; ".join(r for _, r in skipped)
        raise BuildError(f"no report files found in {', '.join(map(str, inputs)) or 'the inputs'}"
                         + (f" ({reasons})" if reasons else ""))
    _check_out(out)
    report = BuildReport(out=out)
    report.skipped.extend(skipped)
    names = _document_names(files, report.warnings)
    version = pipeline_version()
    old_cache = out / CACHE_DIR / version
    jobs = jobs or os.cpu_count() or 1
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = _lock(out)
    try:
        for prefix in (".kg-tmp-", ".kg-old-"):
            sweep(out.parent, prefix)  # left by a build that was killed
        tmp = owned_tmpdir(".kg-tmp-", out.parent)
    except BaseException:
        _unlock(lock)
        raise
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
                results = _results(files, runner, old_cache, cache, window=4 * max(jobs, 1), names=names)
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
        build_atlas(tmp, out)
        if not cache:
            shutil.rmtree(tmp / CACHE_DIR)
        _swap(out, tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        if runner is not None:
            runner.close()
        _unlock(lock)
    return report


def _existing(inputs, skipped: list) -> list:
    """The inputs, less the symbolic links that lead nowhere (each skipped with its reason, as an unreadable
    file is); a name that does not exist at all is still an error."""
    kept = []
    for item in inputs:
        p = Path(item)
        if p.is_symlink() and not p.exists():
            skipped.append((str(p), f"{p.name}: a symbolic link to {os.readlink(p)}, which does not exist"))
        else:
            kept.append(item)
    return kept


def _is_output(folder: Path) -> bool:
    return (folder / GRAPH_FILE).is_file() and (folder / NQUADS_FILE).is_file()


def _not_output(files: list, out: Path) -> list:
    """The files that are not inside the output folder `out` or any other govkg output folder: a build
    never reads its own pages (graph.html, view-*.html) as reports."""
    out = out.resolve()
    seen = {}

    def inside_output(f: Path) -> bool:
        for folder in f.resolve().parents:
            if folder == out:
                return True
            if folder not in seen:
                seen[folder] = _is_output(folder)
            if seen[folder]:
                return True
        return False

    return [f for f in files if not inside_output(f)]


def _unread_types(inputs, out: Path) -> list:
    """(file, reason) for the files in the input folders that are not of a type govkg reads (.pdf, .docx…),
    so that the summary names them instead of leaving them out silently."""
    from .ingest import SUFFIXES

    found = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            candidates = [f for f in sorted(p.rglob("*")) if f.is_file()
                          and not any(part.startswith(".") for part in f.relative_to(p).parts)]
        elif p.is_file():
            candidates = [p]
        else:
            continue
        for f in _not_output([f for f in candidates if f.suffix.lower() not in SUFFIXES], out):
            found.append((str(f), f"{f.name}: not a type govkg reads ({', '.join(SUFFIXES)})"))
    return found


def _document_names(files: list, warnings: list) -> dict:
    """{file: document name} for the files whose name another input file already has: a report is known by
    its file name, so the second `000.txt` (from another folder) goes by `<folder>_000.txt`, with a warning."""
    names, taken = {}, {f.name for f in files}
    first = {}
    for f in files:
        if f.name not in first:
            first[f.name] = f
            continue
        folder = f.parent.name or "report"
        name, n = f"{folder}_{f.name}", 2
        while name in taken:
            name, n = f"{folder}_{f.stem}-{n}{f.suffix}", n + 1
        taken.add(name)
        names[f] = name
        warnings.append(f"{f}: another report is named {f.name} ({first[f.name]}); this one is built as {name}")
    return names


def _lock(out: Path):
    """Hold `out` for this build: a second build into the same folder stops with a message naming the first,
    instead of both writing it. The lock is a file beside the folder, removed when the build ends."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system: no lock
        return None
    path = out.parent / f".{out.name}.lock"
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip()
            os.close(fd)
            raise BuildError(f"{out}: another build is writing this folder"
                             f"{f' (process {holder})' if holder else ''}; wait for it to finish, "
                             "or choose another --out") from None
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:  # not a lock file that its last holder had just removed
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
            return fd, path
        os.close(fd)


def _unlock(lock) -> None:
    if lock is None:
        return
    fd, path = lock
    try:
        os.unlink(path)
    except OSError:
        pass
    os.close(fd)


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


def build_atlas(tmp, out):
    """The region pages (`regions/`), made from the new graph, keeping the old output's unchanged pages."""
    from .atlas import build_atlas as run

    run(tmp, out)


def _swap(out: Path, tmp: Path) -> None:
    """Put the finished folder `tmp` in the place of `out`, keeping `out` until the new one is there. What
    else is in the old folder (files a user put there, pages made from it) moves into the new one; only the
    old build's own files, its cache, its query store and its region views are replaced."""
    from .workdir import owned_tmpdir, release

    for entry in out.iterdir() if out.is_dir() else ():
        if entry.name not in _REBUILT and not (entry.name.startswith("view-") and entry.suffix == ".html") \
                and not entry.name.startswith(".oxigraph") and not (tmp / entry.name).exists():
            # linked (or copied), not moved: until the new folder is in place, the old one stays whole
            if entry.is_dir() and not entry.is_symlink():
                shutil.copytree(entry, tmp / entry.name, symlinks=True, copy_function=_link_or_copy)
            else:
                _link_or_copy(entry, tmp / entry.name)
    release(tmp)
    old = None
    if out.exists():
        old = owned_tmpdir(".kg-old-", out.parent)
        os.rename(out, old / "out")
    os.rename(tmp, out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


_REBUILT = {GRAPH_FILE, NQUADS_FILE, HTML_FILE, CACHE_DIR}


def _link_or_copy(src, dst):
    try:
        if os.path.islink(src):
            os.symlink(os.readlink(src), dst)
        else:
            os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)
    return dst
